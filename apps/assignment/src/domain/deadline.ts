import { CaseKind } from '@lib/contracts';
import { DomainError, toVietnamDate, WorkingCalendar } from '@lib/domain';
import { AreaKind, Complexity, SlaPolicy, SlaStage } from './directory';

/** What decides which time limit applies to a stage of a case. */
export interface SlaQuery {
  kind: CaseKind;
  stage: SlaStage;
  /** The day the clock starts (YYYY-MM-DD, Vietnamese date): the policy in force that day applies. */
  on: string;
  /** 1: first complaint (lần đầu), 2: second complaint (lần hai). */
  instance?: number;
  complexity?: Complexity;
  area?: AreaKind;
}

export class NoSlaPolicyError extends DomainError {
  constructor(q: SlaQuery) {
    super(
      'ASSIGNMENT.NO_POLICY',
      `no SLA policy for ${q.kind} ${q.stage} (instance ${q.instance ?? 1}, ${q.complexity ?? 'normal'}, ` +
        `${q.area ?? 'normal'} area) in force on ${q.on}`,
    );
  }
}

function inForce(p: SlaPolicy, on: string): boolean {
  return (p.effectiveFrom ?? '0000-01-01') <= on && (!p.effectiveTo || on < p.effectiveTo);
}

/**
 * The policy for a stage: the rows in force on the day the clock starts, of the kind when the kind has rows of its
 * own for the stage that day, else the general rows (kind null); the one that fits the instance, complexity and
 * area. Ties go to the lowest id (the seed check keeps rows from overlapping).
 */
export function policyFor(policies: readonly SlaPolicy[], q: SlaQuery): SlaPolicy | undefined {
  const instance = q.instance ?? 1;
  const complexity = q.complexity ?? 'normal';
  const area = q.area ?? 'normal';
  const current = policies.filter((p) => p.stage === q.stage && inForce(p, q.on));
  const own = current.filter((p) => p.kind === q.kind);
  const pool = own.length ? own : current.filter((p) => p.kind === null);
  let best: SlaPolicy | undefined;
  for (const p of pool) {
    if (!(p.instances ?? [1, 2]).includes(instance)) continue;
    if (!(p.complexities ?? ['normal', 'complex']).includes(complexity)) continue;
    if (!(p.areas ?? ['normal', 'remote']).includes(area)) continue;
    if (!best || p.id < best.id) best = p;
  }
  return best;
}

/** Like policyFor, but a missing policy is an error naming what was asked. */
export function requirePolicy(policies: readonly SlaPolicy[], q: SlaQuery): SlaPolicy {
  const p = policyFor(policies, q);
  if (!p) throw new NoSlaPolicyError(q);
  return p;
}

/**
 * When a stage's limit ends, counted from its trigger in the unit the policy names: the trigger day is not
 * counted (BLDS Art. 147); "ngày" are calendar days whose last day rolls to the next working day (Art. 148).
 */
export function dueAt(calendar: WorkingCalendar, policy: SlaPolicy, from: Date): Date {
  return policy.unit === 'working_days'
    ? calendar.addWorkingDays(from, policy.amount)
    : calendar.addCalendarDays(from, policy.amount);
}

/** The last day (YYYY-MM-DD, Asia/Ho_Chi_Minh) of a stage whose clock starts on `from`. */
export function dueDate(calendar: WorkingCalendar, policy: SlaPolicy, from: string): string {
  // Noon of the start day: any instant of that Vietnamese date gives the same result.
  return toVietnamDate(dueAt(calendar, policy, new Date(`${from}T05:00:00.000Z`)));
}

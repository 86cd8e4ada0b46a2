import { createHash } from 'node:crypto';
import { endOfVietnamDay, toVietnamDate, WorkingCalendar } from '@lib/domain';

export const STAGES = ['processing', 'acceptance', 'resolution'] as const;
export type Stage = (typeof STAGES)[number];
export type StepKind = 'warning' | 'overdue' | 'escalated';

/** One rule of the escalation ladder, as loaded from the seed data (one row of escalation_ladders). */
export interface LadderRule {
  /** `${id}@${version}`: what a timer keeps, so later data never changes a running clock's rule. */
  key: string;
  id: string;
  version: string;
  effectiveFrom: Date;
  /** null matches every stage. */
  stage: Stage | null;
  /** The SLA policy of case.assigned (e.g. SLA-resolution-denunciation); null matches every policy. */
  policyId: string | null;
  /** The warning goes out at the start of the day on which this many working days are left (0 = no warning). */
  warningWorkingDays: number;
  /** Working days overdue before the head of the parent unit is told. */
  escalateAfterWorkingDays: number;
  /** Further working days before each next rung up. */
  nextRungAfterWorkingDays: number;
  /** Highest rung the ladder climbs to (null: the top of the tree). */
  maxLevel: number | null;
  /** Whether info_requested stops the clock in this stage. */
  isPausable: boolean;
  /** What a reassignment does to the clock. */
  onReassignment: 'keep' | 'restart';
  maxExtensions: number;
  /** Longest single extension, in calendar days (ngày). */
  maxExtensionDays: number;
  legalBasis: string;
}

/** A unit above the lead unit, nearest first (case.assigned's escalationChain). */
export interface Rung {
  unitId: string;
  unitName: string;
  level: string;
  headStaffId?: string;
}

/** What the ladder needs to know about a running clock. */
export interface TimerState {
  caseId: string;
  stage: Stage;
  /** Incremented each time the clock restarts (reassignment under a restart policy, re-entered stage). */
  round: number;
  /** Index of the next step in the ladder sequence. */
  nextStep: number;
  dueAt: Date;
  /** When this round of the clock started; a warning never fires before it. */
  startedAt: Date;
  leadUnitId: string;
  leadUnitName: string;
  handlerId: string;
  responsiblePersonId: string;
  chain: Rung[];
}

export interface PlannedStep {
  index: number;
  step: StepKind;
  /** 0 = the lead unit, 1 = its parent, … */
  level: number;
  stepId: string;
  /** The moment the step falls due. */
  fireAt: Date;
  targetUnitId: string;
  targetPersonId?: string;
  /** Whole working days overdue at fireAt. */
  daysOverdue: number;
  reason: string;
}

const DAY_MS = 86_400_000;
const STAGE_NAMES: Record<Stage, string> = {
  processing: 'xử lý đơn',
  acceptance: 'thụ lý',
  resolution: 'giải quyết',
};

function shiftDate(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** 00:00 of a Vietnamese calendar date (UTC+7). */
export function startOfVietnamDay(date: string): Date {
  return new Date(endOfVietnamDay(shiftDate(date, -1)).getTime() + 1);
}

/** dd/mm/yyyy of the Vietnamese date of an instant. */
export function vietnameseDate(at: Date): string {
  const [y, m, d] = toVietnamDate(at).split('-');
  return `${d}/${m}/${y}`;
}

/** The ladder sequence for a chain: warning (if any), overdue, then one escalation per rung up to the cap. */
export function ladderSequence(rule: LadderRule, chainLength: number): { step: StepKind; level: number }[] {
  const seq: { step: StepKind; level: number }[] = [];
  if (rule.warningWorkingDays > 0) seq.push({ step: 'warning', level: 0 });
  seq.push({ step: 'overdue', level: 0 });
  const top = rule.maxLevel === null ? chainLength : Math.min(chainLength, rule.maxLevel);
  for (let level = 1; level <= top; level++) seq.push({ step: 'escalated', level });
  return seq;
}

/** Unique per case, stage, clock round, step and level: the ledger key and the source of the event id. */
export function stepIdOf(caseId: string, stage: Stage, round: number, step: StepKind, level: number): string {
  return `${caseId}:${stage}:r${round}:${step}:${level}`;
}

/** A stable event id for a step (name-based UUID), so a step can never become two different events. */
export function eventIdOfStep(stepId: string): string {
  const h = createHash('sha1').update(`case.escalated/${stepId}`).digest('hex');
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The start of the day on which `n` working days are left until `dueAt`, the due day counting as one. */
function warningMoment(calendar: WorkingCalendar, dueAt: Date, n: number): Date {
  let date = toVietnamDate(dueAt);
  while (!calendar.isWorkingDay(date)) date = shiftDate(date, -1);
  for (let left = n - 1; left > 0;) {
    date = shiftDate(date, -1);
    if (calendar.isWorkingDay(date)) left--;
  }
  return startOfVietnamDay(date);
}

/** The moment a step falls due. */
export function fireMomentOf(
  calendar: WorkingCalendar,
  rule: LadderRule,
  t: Pick<TimerState, 'dueAt' | 'startedAt'>,
  s: { step: StepKind; level: number },
): Date {
  if (s.step === 'warning') {
    const at = warningMoment(calendar, t.dueAt, rule.warningWorkingDays);
    return at < t.startedAt ? t.startedAt : at;
  }
  // Overdue as soon as the due moment (24:00 of the last day) has passed.
  if (s.step === 'overdue') return new Date(t.dueAt.getTime() + 1);
  const days = rule.escalateAfterWorkingDays + (s.level - 1) * rule.nextRungAfterWorkingDays;
  return new Date(calendar.addWorkingDays(t.dueAt, days).getTime() + 1);
}

function reasonOf(
  t: TimerState,
  s: { step: StepKind; level: number },
  daysLeft: number,
  daysOverdue: number,
) {
  const stage = STAGE_NAMES[t.stage];
  const due = vietnameseDate(t.dueAt);
  if (s.step === 'warning') {
    return (
      `Sắp đến hạn ${stage}: còn ${daysLeft} ngày làm việc (hạn ${due}). ` +
      `Gửi cán bộ xử lý và thủ trưởng ${t.leadUnitName}.`
    );
  }
  if (s.step === 'overdue') {
    return `Quá hạn ${stage}: hạn ${due} đã hết mà chưa có kết quả. Báo cáo thủ trưởng ${t.leadUnitName}.`;
  }
  const rung = t.chain[s.level - 1];
  return (
    `Quá hạn ${stage} ${daysOverdue} ngày làm việc (hạn ${due}) tại ${t.leadUnitName}. ` +
    `Báo cáo người đứng đầu ${rung.unitName} (cấp trên ${s.level}).`
  );
}

/** The step at `index` of the timer's ladder, or undefined when the ladder is exhausted. */
export function planStep(
  calendar: WorkingCalendar,
  rule: LadderRule,
  t: TimerState,
  index: number,
): PlannedStep | undefined {
  const s = ladderSequence(rule, t.chain.length)[index];
  if (!s) return undefined;
  const fireAt = fireMomentOf(calendar, rule, t, s);
  const daysOverdue =
    s.step === 'warning' ? 0 : calendar.workingDaysBetween(t.dueAt, new Date(fireAt.getTime() - 1));
  const daysLeft = s.step === 'warning' ? calendar.workingDaysBetween(fireAt, t.dueAt) + 1 : 0;
  const rung = s.level > 0 ? t.chain[s.level - 1] : undefined;
  return {
    index,
    step: s.step,
    level: s.level,
    stepId: stepIdOf(t.caseId, t.stage, t.round, s.step, s.level),
    fireAt,
    targetUnitId: rung ? rung.unitId : t.leadUnitId,
    targetPersonId: rung ? rung.headStaffId : s.step === 'warning' ? t.handlerId : t.responsiblePersonId,
    daysOverdue,
    reason: reasonOf(t, s, daysLeft, daysOverdue),
  };
}

/** When the timer next needs the sweep, or null once every step has fired. */
export function nextFireAt(calendar: WorkingCalendar, rule: LadderRule, t: TimerState): Date | null {
  return planStep(calendar, rule, t, t.nextStep)?.fireAt ?? null;
}

/** Where the ladder stands for a timer: active until the next step, completed when nothing is left. */
export function armed(
  calendar: WorkingCalendar,
  rule: LadderRule,
  t: TimerState,
): { status: 'active'; nextFireAt: Date } | { status: 'completed'; nextFireAt: null } {
  const at = nextFireAt(calendar, rule, t);
  return at ? { status: 'active', nextFireAt: at } : { status: 'completed', nextFireAt: null };
}

export interface DueSteps {
  fired: PlannedStep[];
  nextStep: number;
  nextFireAt: Date | null;
}

/**
 * Every step due at `now`, in ladder order, from the timer's next step on (a sweep that runs late catches up),
 * and where the timer stands afterwards.
 */
export function dueSteps(calendar: WorkingCalendar, rule: LadderRule, t: TimerState, now: Date): DueSteps {
  const fired: PlannedStep[] = [];
  for (let index = t.nextStep; ; index++) {
    const s = planStep(calendar, rule, t, index);
    if (!s) return { fired, nextStep: index, nextFireAt: null };
    if (s.fireAt > now) return { fired, nextStep: index, nextFireAt: s.fireAt };
    fired.push(s);
  }
}

/** The rule for a stage and policy at a moment: the policy-specific rule wins, then the latest effective one. */
export function selectRule(
  rules: readonly LadderRule[],
  stage: Stage,
  policyId: string,
  at: Date,
): LadderRule | undefined {
  const score = (r: LadderRule) => (r.policyId ? 2 : 0) + (r.stage ? 1 : 0);
  return rules
    .filter(
      (r) =>
        (r.stage === null || r.stage === stage) &&
        (r.policyId === null || r.policyId === policyId) &&
        r.effectiveFrom <= at,
    )
    .sort(
      (a, b) =>
        score(b) - score(a) ||
        b.effectiveFrom.getTime() - a.effectiveFrom.getTime() ||
        b.version.localeCompare(a.version),
    )[0];
}

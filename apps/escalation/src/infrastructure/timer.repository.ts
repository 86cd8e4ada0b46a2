import { EntityManager } from 'typeorm';
import { Stage, TimerState } from '../domain/ladder';
import { DeadlineTimerEntity } from './deadline-timer.entity';

export const LIVE_STATUSES = ['active', 'paused', 'completed'] as const;

export function toTimerState(t: DeadlineTimerEntity): TimerState {
  return {
    caseId: t.caseId,
    stage: t.stage as Stage,
    round: t.round,
    nextStep: t.nextStep,
    dueAt: new Date(t.dueAt),
    startedAt: new Date(t.startedAt),
    leadUnitId: t.leadUnitId,
    leadUnitName: t.leadUnitName,
    handlerId: t.handlerId,
    responsiblePersonId: t.responsiblePersonId,
    chain: t.escalationChain ?? [],
  };
}

export interface ChangeRecord {
  caseId: string;
  stage?: string | null;
  eventId: string;
  change: string;
  outcome: 'applied' | 'rejected' | 'ignored';
  reason?: string;
  detail?: Record<string, unknown>;
  at: Date;
}

/** Clock changes for one case run one at a time; the sweep never waits on this lock (it skips locked rows). */
export async function lockCase(m: EntityManager, caseId: string): Promise<void> {
  await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`escalation-case:${caseId}`]);
}

export async function isCaseClosed(m: EntityManager, caseId: string): Promise<boolean> {
  return (await m.query('SELECT 1 FROM closed_cases WHERE case_id = $1', [caseId])).length > 0;
}

/** The case's timers, locked (the sweep may be firing one: this waits for it to commit). */
export function lockTimersOf(m: EntityManager, caseId: string): Promise<DeadlineTimerEntity[]> {
  return m.find(DeadlineTimerEntity, {
    where: { caseId },
    order: { id: 'ASC' },
    lock: { mode: 'pessimistic_write' },
  });
}

/** Many ledger rows in one statement. */
export async function recordChanges(m: EntityManager, changes: ChangeRecord[]): Promise<void> {
  if (!changes.length) return;
  await m.query(
    `INSERT INTO timer_changes (case_id, stage, event_id, change, outcome, reason, detail, recorded_at)
     SELECT case_id, stage, event_id, change, outcome, reason, detail, recorded_at
     FROM jsonb_to_recordset($1::jsonb) AS x(case_id uuid, stage text, event_id uuid, change text, outcome text,
       reason text, detail jsonb, recorded_at timestamptz)`,
    [
      JSON.stringify(
        changes.map((c) => ({
          case_id: c.caseId,
          stage: c.stage ?? null,
          event_id: c.eventId,
          change: c.change,
          outcome: c.outcome,
          reason: c.reason ?? '',
          detail: c.detail ?? {},
          recorded_at: c.at,
        })),
      ),
    ],
  );
}

export async function recordChange(m: EntityManager, c: ChangeRecord): Promise<void> {
  await m.query(
    `INSERT INTO timer_changes (case_id, stage, event_id, change, outcome, reason, detail, recorded_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
    [c.caseId, c.stage ?? null, c.eventId, c.change, c.outcome, c.reason ?? '', c.detail ?? {}, c.at],
  );
}

import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CaseEscalatedV1, createEnvelope, EventEnvelope } from '@lib/contracts';
import { Clock, WorkingCalendar } from '@lib/domain';
import { addToOutbox } from '@lib/messaging';
import { dueSteps, eventIdOfStep, PlannedStep, Rung, Stage, TimerState } from '../domain/ladder';
import { LadderRepository } from '../ladder/ladder.repository';

interface ClaimedTimer {
  id: string;
  case_id: string;
  stage: Stage;
  lead_unit_id: string;
  lead_unit_name: string;
  handler_id: string;
  responsible_person_id: string;
  policy_id: string;
  escalation_chain: Rung[];
  ladder_key: string | null;
  round: number;
  next_step: number;
  started_at: Date;
  due_at: Date;
  correlation_id: string | null;
  assigned_event_id: string | null;
}

// Served by the partial index deadline_timers_due_idx (next_fire_at) WHERE status = 'active': the scan stops at
// the first timer not yet due, however many timers are open. SKIP LOCKED lets replicas claim disjoint batches.
export const CLAIM_DUE_TIMERS_SQL = `
  SELECT id, case_id, stage, lead_unit_id, lead_unit_name, handler_id, responsible_person_id, policy_id,
         escalation_chain, ladder_key, round, next_step, started_at, due_at, correlation_id, assigned_event_id
  FROM deadline_timers
  WHERE status = 'active' AND next_fire_at <= $1
  ORDER BY next_fire_at
  LIMIT $2
  FOR UPDATE SKIP LOCKED`;

export interface SweepBatch {
  claimed: number;
  fired: number;
}

/**
 * One sweep batch, in one transaction: claim due timers, write each due step to the ledger and its case.escalated
 * to the outbox, and move the timers to their next step. A crash anywhere rolls all of it back; a step already in
 * the ledger (key: case, stage, stepId) is never emitted again.
 */
@Injectable()
export class FireDueStepsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ladders: LadderRepository,
    private readonly calendar: WorkingCalendar,
    private readonly clock: Clock,
  ) {}

  async execute(batchSize: number): Promise<SweepBatch> {
    return this.dataSource.transaction(async (m) => {
      const now = this.clock.now();
      const timers: ClaimedTimer[] = await m.query(CLAIM_DUE_TIMERS_SQL, [now, batchSize]);
      if (!timers.length) return { claimed: 0, fired: 0 };

      const steps: { timer: ClaimedTimer; step: PlannedStep }[] = [];
      const moves = {
        id: [] as string[],
        next: [] as number[],
        at: [] as (Date | null)[],
        key: [] as string[],
      };
      for (const timer of timers) {
        const state = toState(timer);
        const rule = timer.ladder_key
          ? await this.ladders.get(timer.ladder_key)
          : this.ladders.select(state.stage, timer.policy_id, state.startedAt);
        const due = dueSteps(this.calendar, rule, state, now);
        for (const step of due.fired) steps.push({ timer, step });
        moves.id.push(timer.id);
        moves.next.push(due.nextStep);
        moves.at.push(due.nextFireAt);
        moves.key.push(rule.key);
      }

      const fresh = await this.recordInLedger(m, steps, now);
      const events = steps
        .filter((s) => fresh.has(s.step.stepId))
        .map((s) => this.eventOf(s.timer, s.step, now));
      await addToOutbox(m, events);
      await m.query(
        `UPDATE deadline_timers t
         SET next_step = u.next_step, next_fire_at = u.next_fire_at, ladder_key = u.ladder_key, updated_at = $5,
             status = CASE WHEN u.next_fire_at IS NULL THEN 'completed' ELSE 'active' END
         FROM unnest($1::bigint[], $2::int[], $3::timestamptz[], $4::text[])
           AS u(id, next_step, next_fire_at, ladder_key)
         WHERE t.id = u.id`,
        [moves.id, moves.next, moves.at, moves.key, now],
      );
      return { claimed: timers.length, fired: events.length };
    });
  }

  /** Insert the ledger rows; returns the step ids that were not there yet. */
  private async recordInLedger(
    m: EntityManager,
    steps: { timer: ClaimedTimer; step: PlannedStep }[],
    now: Date,
  ): Promise<Set<string>> {
    if (!steps.length) return new Set();
    const col = <T>(f: (s: { timer: ClaimedTimer; step: PlannedStep }) => T) => steps.map(f);
    const rows: { step_id: string }[] = await m.query(
      `INSERT INTO escalation_steps (case_id, stage, step_id, event_id, timer_id, round, step, level, target_unit_id,
         target_person_id, days_overdue, due_at, scheduled_at, fired_at)
       SELECT u.*, $14::timestamptz FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::bigint[],
         $6::int[], $7::text[], $8::int[], $9::text[], $10::text[], $11::int[], $12::timestamptz[],
         $13::timestamptz[]) AS u
       ON CONFLICT (case_id, stage, step_id) DO NOTHING
       RETURNING step_id`,
      [
        col((s) => s.timer.case_id),
        col((s) => s.timer.stage),
        col((s) => s.step.stepId),
        col((s) => eventIdOfStep(s.step.stepId)),
        col((s) => s.timer.id),
        col((s) => s.timer.round),
        col((s) => s.step.step),
        col((s) => s.step.level),
        col((s) => s.step.targetUnitId),
        col((s) => s.step.targetPersonId ?? null),
        col((s) => s.step.daysOverdue),
        col((s) => s.timer.due_at),
        col((s) => s.step.fireAt),
        now,
      ],
    );
    return new Set(rows.map((r) => r.step_id));
  }

  private eventOf(timer: ClaimedTimer, step: PlannedStep, now: Date): EventEnvelope<CaseEscalatedV1> {
    return createEnvelope({
      payloadClass: CaseEscalatedV1,
      payload: {
        step: step.step,
        stepId: step.stepId,
        stage: timer.stage,
        levelReached: step.level,
        targetUnitId: step.targetUnitId,
        ...(step.targetPersonId ? { targetPersonId: step.targetPersonId } : {}),
        daysOverdue: step.daysOverdue,
        dueAt: new Date(timer.due_at).toISOString(),
        reason: step.reason,
      },
      caseId: timer.case_id,
      producer: 'escalation',
      actor: { type: 'system', id: 'escalation' },
      occurredAt: now,
      eventId: eventIdOfStep(step.stepId),
      correlationId: timer.correlation_id ?? undefined,
      causationId: timer.assigned_event_id,
    });
  }
}

function toState(t: ClaimedTimer): TimerState {
  return {
    caseId: t.case_id,
    stage: t.stage,
    round: t.round,
    nextStep: t.next_step,
    dueAt: new Date(t.due_at),
    startedAt: new Date(t.started_at),
    leadUnitId: t.lead_unit_id,
    leadUnitName: t.lead_unit_name,
    handlerId: t.handler_id,
    responsiblePersonId: t.responsible_person_id,
    chain: t.escalation_chain ?? [],
  };
}

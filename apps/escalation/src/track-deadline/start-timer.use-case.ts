import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { CaseAssignedV1, EventEnvelope } from '@lib/contracts';
import { Clock, WorkingCalendar } from '@lib/domain';
import { armed, Rung, Stage } from '../domain/ladder';
import { DeadlineTimerEntity } from '../infrastructure/deadline-timer.entity';
import {
  ChangeRecord,
  isCaseClosed,
  lockCase,
  lockTimersOf,
  recordChanges,
  toTimerState,
} from '../infrastructure/timer.repository';
import { LadderRepository } from '../ladder/ladder.repository';

/**
 * case.assigned starts a stage's clock. A new stage stops the clocks of the case's other stages; a reassignment
 * keeps or restarts the clock as the ladder rule says; a case closed for good is never re-armed.
 */
@Injectable()
export class StartTimerUseCase {
  constructor(
    private readonly ladders: LadderRepository,
    private readonly calendar: WorkingCalendar,
    private readonly clock: Clock,
  ) {}

  async execute(m: EntityManager, e: EventEnvelope<CaseAssignedV1>): Promise<void> {
    await lockCase(m, e.caseId);
    const closed = await isCaseClosed(m, e.caseId);
    const timers = closed ? [] : await lockTimersOf(m, e.caseId);
    const writes = new BufferedWrites();
    await this.apply(m, e, closed, timers, writes);
    await writes.flush(m);
  }

  /**
   * A batch in the caller's transaction. Cases that occur once are locked, read and written set-based (locks in
   * case order, one read of closed cases and timers, one insert of new timers and of ledger rows); a case with
   * several events in the batch goes through them one by one, so each sees the one before.
   */
  async executeMany(m: EntityManager, events: EventEnvelope<CaseAssignedV1>[]): Promise<void> {
    const occurrences = new Map<string, number>();
    for (const e of events) occurrences.set(e.caseId, (occurrences.get(e.caseId) ?? 0) + 1);
    const once = events.filter((e) => occurrences.get(e.caseId) === 1);
    if (once.length) {
      const ids = once.map((e) => e.caseId).sort();
      await m.query(
        `SELECT pg_advisory_xact_lock(hashtext('escalation-case:' || id)) FROM unnest($1::text[]) AS id`,
        [ids],
      );
      const closed = new Set(
        (
          (await m.query('SELECT case_id FROM closed_cases WHERE case_id = ANY($1::uuid[])', [ids])) as {
            case_id: string;
          }[]
        ).map((r) => r.case_id),
      );
      const timers = await m.find(DeadlineTimerEntity, {
        where: { caseId: In(ids) },
        order: { caseId: 'ASC', id: 'ASC' },
        lock: { mode: 'pessimistic_write' },
      });
      const timersOf = new Map<string, DeadlineTimerEntity[]>();
      for (const t of timers) timersOf.set(t.caseId, [...(timersOf.get(t.caseId) ?? []), t]);
      const writes = new BufferedWrites();
      for (const e of once) {
        const isClosed = closed.has(e.caseId.toLowerCase());
        await this.apply(
          m,
          e,
          isClosed,
          isClosed ? [] : (timersOf.get(e.caseId.toLowerCase()) ?? []),
          writes,
        );
      }
      await writes.flush(m);
    }
    for (const e of events) if (occurrences.get(e.caseId) !== 1) await this.execute(m, e);
  }

  private async apply(
    m: EntityManager,
    e: EventEnvelope<CaseAssignedV1>,
    closed: boolean,
    timers: DeadlineTimerEntity[],
    writes: BufferedWrites,
  ): Promise<void> {
    const p = e.payload;
    const stage = p.stage as Stage;
    const now = this.clock.now();
    const startedAt = new Date(e.occurredAt);
    const base = { caseId: e.caseId, eventId: e.eventId, at: now };
    const recordChange = (_m: EntityManager, c: ChangeRecord): void => {
      writes.changes.push(c);
    };
    if (closed) {
      recordChange(m, { ...base, stage, change: 'start', outcome: 'ignored', reason: 'case closed' });
      return;
    }
    for (const t of timers) {
      if (t.stage === stage || t.status === 'stopped') continue;
      await m.update(
        DeadlineTimerEntity,
        { id: t.id },
        { status: 'stopped', nextFireAt: null, stopReason: `stage:${stage}`, updatedAt: now },
      );
      recordChange(m, {
        ...base,
        stage: t.stage,
        change: 'stop',
        outcome: 'applied',
        reason: `stage ${stage}`,
      });
    }

    const assignment = {
      leadUnitId: p.leadUnitId,
      leadUnitName: p.leadUnitName,
      handlerId: p.handlerId,
      responsiblePersonId: p.responsiblePersonId,
      policyId: p.policyId,
      escalationChain: (p.escalationChain ?? []).map((r): Rung => ({
        unitId: r.unitId,
        unitName: r.unitName,
        level: r.level,
        ...(r.headStaffId ? { headStaffId: r.headStaffId } : {}),
      })),
      reassignmentCount: p.reassignmentCount,
      correlationId: e.correlationId,
      assignedEventId: e.eventId,
      updatedAt: now,
    };
    const fresh = (round: number) => ({
      ...assignment,
      round,
      nextStep: 0,
      startedAt,
      dueAt: new Date(p.dueAt),
      originalDueAt: new Date(p.dueAt),
      pausedAt: null,
      pausedWorkingDays: 0,
      stopReason: null,
    });

    const existing = timers.find((t) => t.stage === stage);
    if (!existing) {
      const rule = this.ladders.select(stage, p.policyId, startedAt);
      const t = { caseId: e.caseId, stage, ...fresh(0), ladderKey: rule.key, extensionCount: 0 };
      const arm = armed(this.calendar, rule, { ...t, chain: t.escalationChain });
      writes.timers.push({ ...t, ...arm, createdAt: now });
      recordChange(m, {
        ...base,
        stage,
        change: 'start',
        outcome: 'applied',
        detail: { rule: rule.key },
      });
      return;
    }

    const isReassignment = p.reassignmentCount > existing.reassignmentCount;
    const current = existing.ladderKey ? await this.ladders.get(existing.ladderKey) : undefined;
    if (existing.status !== 'stopped' && !isReassignment) {
      recordChange(m, {
        ...base,
        stage,
        change: 'start',
        outcome: 'ignored',
        reason: 'stage already running under this assignment',
      });
      return;
    }
    if (existing.status !== 'stopped' && current?.onReassignment === 'keep') {
      // Same clock, same due date and ladder position; the new unit and its chain receive the next steps.
      const next = { ...toTimerState(existing), ...assignment, chain: assignment.escalationChain };
      const arm = existing.status === 'paused' ? {} : armed(this.calendar, current, next);
      await m.update(DeadlineTimerEntity, { id: existing.id }, { ...assignment, ...arm });
      recordChange(m, { ...base, stage, change: 'reassign', outcome: 'applied', reason: 'clock kept' });
      return;
    }
    // Restart: a new round of the ladder against the new due date (earlier rounds' steps stay in the ledger).
    const rule = this.ladders.select(stage, p.policyId, startedAt);
    const t = { ...fresh(existing.round + 1), ladderKey: rule.key };
    const arm = armed(this.calendar, rule, { ...t, caseId: e.caseId, stage, chain: t.escalationChain });
    await m.update(DeadlineTimerEntity, { id: existing.id }, { ...t, ...arm });
    recordChange(m, {
      ...base,
      stage,
      change: isReassignment ? 'reassign' : 'restart',
      outcome: 'applied',
      reason: 'clock restarted',
      detail: { rule: rule.key, round: t.round },
    });
  }
}

/** New timers and ledger rows of a batch, written with one statement each at the end. */
class BufferedWrites {
  readonly timers: Partial<DeadlineTimerEntity>[] = [];
  readonly changes: ChangeRecord[] = [];

  async flush(m: EntityManager): Promise<void> {
    if (this.timers.length) await m.insert(DeadlineTimerEntity, this.timers);
    await recordChanges(m, this.changes);
  }
}

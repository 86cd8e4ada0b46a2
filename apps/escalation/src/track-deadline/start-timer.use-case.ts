import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CaseAssignedV1, EventEnvelope } from '@lib/contracts';
import { Clock, WorkingCalendar } from '@lib/domain';
import { armed, Rung, Stage } from '../domain/ladder';
import { DeadlineTimerEntity } from '../infrastructure/deadline-timer.entity';
import {
  isCaseClosed,
  lockCase,
  lockTimersOf,
  recordChange,
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
    const p = e.payload;
    const stage = p.stage as Stage;
    const now = this.clock.now();
    const startedAt = new Date(e.occurredAt);
    const base = { caseId: e.caseId, eventId: e.eventId, at: now };
    await lockCase(m, e.caseId);
    if (await isCaseClosed(m, e.caseId)) {
      await recordChange(m, { ...base, stage, change: 'start', outcome: 'ignored', reason: 'case closed' });
      return;
    }
    const timers = await lockTimersOf(m, e.caseId);
    for (const t of timers) {
      if (t.stage === stage || t.status === 'stopped') continue;
      await m.update(
        DeadlineTimerEntity,
        { id: t.id },
        { status: 'stopped', nextFireAt: null, stopReason: `stage:${stage}`, updatedAt: now },
      );
      await recordChange(m, {
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
      await m.insert(DeadlineTimerEntity, { ...t, ...arm, createdAt: now });
      await recordChange(m, {
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
      await recordChange(m, {
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
      await recordChange(m, { ...base, stage, change: 'reassign', outcome: 'applied', reason: 'clock kept' });
      return;
    }
    // Restart: a new round of the ladder against the new due date (earlier rounds' steps stay in the ledger).
    const rule = this.ladders.select(stage, p.policyId, startedAt);
    const t = { ...fresh(existing.round + 1), ladderKey: rule.key };
    const arm = armed(this.calendar, rule, { ...t, caseId: e.caseId, stage, chain: t.escalationChain });
    await m.update(DeadlineTimerEntity, { id: existing.id }, { ...t, ...arm });
    await recordChange(m, {
      ...base,
      stage,
      change: isReassignment ? 'reassign' : 'restart',
      outcome: 'applied',
      reason: 'clock restarted',
      detail: { rule: rule.key, round: t.round },
    });
  }
}

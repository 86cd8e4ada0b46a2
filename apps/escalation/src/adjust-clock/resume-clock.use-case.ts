import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CaseActivityV1, EventEnvelope } from '@lib/contracts';
import { Clock, WorkingCalendar } from '@lib/domain';
import { dueAfterPause } from '../domain/deadline-changes';
import { armed } from '../domain/ladder';
import { DeadlineTimerEntity } from '../infrastructure/deadline-timer.entity';
import { lockCase, lockTimersOf, recordChange, toTimerState } from '../infrastructure/timer.repository';
import { LadderRepository } from '../ladder/ladder.repository';
import { stageOf, targetsOf } from './clock-change';

/** info_received: the clock runs again, and the due date moves by the working days it stood still. */
@Injectable()
export class ResumeClockUseCase {
  constructor(
    private readonly ladders: LadderRepository,
    private readonly calendar: WorkingCalendar,
    private readonly clock: Clock,
  ) {}

  async execute(m: EntityManager, e: EventEnvelope<CaseActivityV1>): Promise<void> {
    const base = { caseId: e.caseId, eventId: e.eventId, at: this.clock.now(), change: 'resume' };
    await lockCase(m, e.caseId);
    const paused = targetsOf(await lockTimersOf(m, e.caseId), stageOf(e)).filter(
      (t) => t.status === 'paused' && t.pausedAt && t.ladderKey,
    );
    if (!paused.length) {
      await recordChange(m, { ...base, outcome: 'ignored', reason: 'no paused clock' });
      return;
    }
    for (const t of paused) {
      const rule = await this.ladders.get(t.ladderKey as string);
      const moved = dueAfterPause(
        this.calendar,
        new Date(t.dueAt),
        new Date(t.pausedAt as Date),
        new Date(e.occurredAt),
      );
      const state = { ...toTimerState(t), dueAt: moved.dueAt };
      await m.update(
        DeadlineTimerEntity,
        { id: t.id },
        {
          dueAt: moved.dueAt,
          pausedAt: null,
          pausedWorkingDays: t.pausedWorkingDays + moved.pausedWorkingDays,
          updatedAt: base.at,
          ...armed(this.calendar, rule, state),
        },
      );
      await recordChange(m, {
        ...base,
        stage: t.stage,
        outcome: 'applied',
        detail: { pausedWorkingDays: moved.pausedWorkingDays, dueAt: moved.dueAt },
      });
    }
  }
}

import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CaseActivityV1, EventEnvelope } from '@lib/contracts';
import { Clock, endOfVietnamDay, toVietnamDate, WorkingCalendar } from '@lib/domain';
import { checkExtension } from '../domain/deadline-changes';
import { armed, STAGES } from '../domain/ladder';
import { DeadlineTimerEntity } from '../infrastructure/deadline-timer.entity';
import { lockCase, lockTimersOf, recordChange, toTimerState } from '../infrastructure/timer.repository';
import { LadderRepository } from '../ladder/ladder.repository';
import { stageOf, targetsOf } from './clock-change';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * extended (gia hạn): moves the due date within the legal limit on the number and length of extensions. An
 * extension outside it is recorded as rejected and changes nothing (the consumer carries on).
 */
@Injectable()
export class ExtendDeadlineUseCase {
  constructor(
    private readonly ladders: LadderRepository,
    private readonly calendar: WorkingCalendar,
    private readonly clock: Clock,
  ) {}

  async execute(m: EntityManager, e: EventEnvelope<CaseActivityV1>): Promise<void> {
    const raw = e.payload.details?.newDueAt;
    const base = {
      caseId: e.caseId,
      eventId: e.eventId,
      at: this.clock.now(),
      change: 'extend',
      detail: { newDueAt: raw ?? null },
    };
    await lockCase(m, e.caseId);
    if (typeof raw !== 'string' || !ISO_INSTANT.test(raw) || Number.isNaN(Date.parse(raw))) {
      await recordChange(m, {
        ...base,
        outcome: 'rejected',
        reason: 'details.newDueAt is not an ISO date-time',
      });
      return;
    }
    // A deadline is a day: it ends at 24:00 of that Vietnamese date (BLDS Art. 148).
    const newDueAt = endOfVietnamDay(toVietnamDate(new Date(raw)));
    const targets = targetsOf(await lockTimersOf(m, e.caseId), stageOf(e)).sort(
      (a, b) => STAGES.indexOf(b.stage as never) - STAGES.indexOf(a.stage as never),
    );
    const t = targets[0];
    if (!t || !t.ladderKey) {
      await recordChange(m, { ...base, outcome: 'rejected', reason: 'no running clock to extend' });
      return;
    }
    const rule = await this.ladders.get(t.ladderKey);
    const verdict = checkExtension(
      this.calendar,
      rule,
      { dueAt: new Date(t.dueAt), extensionCount: t.extensionCount },
      newDueAt,
    );
    if (!verdict.isAllowed) {
      await recordChange(m, { ...base, stage: t.stage, outcome: 'rejected', reason: verdict.reason });
      return;
    }
    const state = { ...toTimerState(t), dueAt: newDueAt };
    await m.update(
      DeadlineTimerEntity,
      { id: t.id },
      {
        dueAt: newDueAt,
        extensionCount: t.extensionCount + 1,
        updatedAt: base.at,
        ...(t.status === 'paused' ? {} : armed(this.calendar, rule, state)),
      },
    );
    await recordChange(m, {
      ...base,
      stage: t.stage,
      outcome: 'applied',
      detail: { from: t.dueAt, to: newDueAt, extension: t.extensionCount + 1 },
    });
  }
}

import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CaseActivityV1, EventEnvelope } from '@lib/contracts';
import { Clock } from '@lib/domain';
import { DeadlineTimerEntity } from '../infrastructure/deadline-timer.entity';
import { lockCase, lockTimersOf, recordChange } from '../infrastructure/timer.repository';
import { LadderRepository } from '../ladder/ladder.repository';
import { stageOf, targetsOf } from './clock-change';

/** info_requested: the clock stands still while the unit waits for the citizen, where the stage's rule allows. */
@Injectable()
export class PauseClockUseCase {
  constructor(
    private readonly ladders: LadderRepository,
    private readonly clock: Clock,
  ) {}

  async execute(m: EntityManager, e: EventEnvelope<CaseActivityV1>): Promise<void> {
    const base = { caseId: e.caseId, eventId: e.eventId, at: this.clock.now(), change: 'pause' };
    await lockCase(m, e.caseId);
    const targets = targetsOf(await lockTimersOf(m, e.caseId), stageOf(e));
    if (!targets.length) {
      await recordChange(m, { ...base, outcome: 'ignored', reason: 'no running clock' });
      return;
    }
    for (const t of targets) {
      if (t.status === 'paused') {
        await recordChange(m, { ...base, stage: t.stage, outcome: 'ignored', reason: 'already paused' });
        continue;
      }
      const rule = t.ladderKey ? await this.ladders.get(t.ladderKey) : undefined;
      if (!rule?.isPausable) {
        await recordChange(m, {
          ...base,
          stage: t.stage,
          outcome: 'rejected',
          reason: `the clock of this stage does not pause (${rule?.legalBasis ?? 'no ladder rule'})`,
        });
        continue;
      }
      // The legal fact is when the unit asked, not when this service heard of it.
      const pausedAt = new Date(e.occurredAt);
      await m.update(
        DeadlineTimerEntity,
        { id: t.id },
        { status: 'paused', pausedAt, nextFireAt: null, updatedAt: base.at },
      );
      await recordChange(m, { ...base, stage: t.stage, outcome: 'applied', detail: { pausedAt } });
    }
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventEnvelope } from '@lib/contracts';
import { Clock } from '@lib/domain';
import { applyOnce } from '@lib/messaging';
import { projectCase, timelineEntry } from '@lib/projection';
import { CaseReadModelEntity, CaseTimelineEntity } from '../infrastructure/case-read-model.entity';

export const CASEWORK_CONSUMER = 'casework';

/** Fold one event into the case read model and its timeline, once. */
@Injectable()
export class ProjectCaseUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async execute(env: EventEnvelope<object>): Promise<void> {
    await applyOnce(this.dataSource, CASEWORK_CONSUMER, env.eventId, async (m) => {
      // Events of one case arrive on several topics at once: lock the row so no update is lost.
      const current = await m.findOne(CaseReadModelEntity, {
        where: { caseId: env.caseId },
        lock: { mode: 'pessimistic_write' },
      });
      const state = projectCase(current?.state, env);
      const row = {
        caseId: state.caseId,
        trackingCode: state.trackingCode,
        status: state.status,
        kind: state.kind,
        domain: state.domain,
        wardCode: state.wardCode,
        leadUnitId: state.leadUnitId,
        handlerId: state.handlerId,
        dueAt: state.dueAt ? new Date(state.dueAt) : null,
        escalationLevel: state.escalationLevel,
        escalatedToUnitId: state.escalatedToUnitId,
        state,
        updatedAt: this.clock.now(),
      };
      if (current) await m.update(CaseReadModelEntity, { caseId: env.caseId }, row);
      else {
        // A concurrent first event for the same case: the loser retries and takes the lock above.
        await m.insert(CaseReadModelEntity, row);
      }
      const t = timelineEntry(env);
      await m.insert(CaseTimelineEntity, { ...t, occurredAt: new Date(t.occurredAt) });
    });
  }
}

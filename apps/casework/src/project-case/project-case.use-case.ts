import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CaseReceivedV1, EventEnvelope } from '@lib/contracts';
import { Clock } from '@lib/domain';
import { applyOnce } from '@lib/messaging';
import { projectCase, timelineEntry, foldForSearch } from '@lib/projection';
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
    await applyOnce(this.dataSource, CASEWORK_CONSUMER, env.eventId, (m) => this.apply(m, env));
  }

  /** Apply inside the caller's transaction (actions project their own event at once, for read-your-writes). */
  async apply(m: EntityManager, env: EventEnvelope<object>): Promise<void> {
    {
      // Events of one case arrive on several topics at once: one writer per case (the advisory lock also covers
      // the very first event, when there is no row to lock yet), so no update is lost.
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [env.caseId]);
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
        ancestorUnitIds: state.ancestorUnitIds,
        contentFolded: current?.contentFolded ?? null,
        state,
        updatedAt: this.clock.now(),
      };
      if (current) await m.update(CaseReadModelEntity, { caseId: env.caseId }, row);
      else await m.insert(CaseReadModelEntity, row);
      if (env.eventType === CaseReceivedV1.eventType) {
        const p = env.payload as CaseReceivedV1;
        await m.update(
          CaseReadModelEntity,
          { caseId: env.caseId },
          { contentFolded: foldForSearch(p.content) },
        );
        await m.query(
          `INSERT INTO case_petitioners (case_id, type, full_name, national_id, phone, address, organisation_name,
             signatory_count, name_folded)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) ON CONFLICT (case_id) DO NOTHING`,
          [
            env.caseId,
            p.petitioner.type,
            p.petitioner.fullName ?? null,
            p.petitioner.nationalId ?? null,
            p.petitioner.phone ?? null,
            p.petitioner.address ?? null,
            p.petitioner.organisationName ?? null,
            p.petitioner.signatoryCount ?? null,
            p.petitioner.fullName ? foldForSearch(p.petitioner.fullName) : null,
          ],
        );
      }
      const t = timelineEntry(env);
      await m.insert(CaseTimelineEntity, { ...t, occurredAt: new Date(t.occurredAt) });
    }
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CaseReceivedV1, EventEnvelope } from '@lib/contracts';
import { Clock } from '@lib/domain';
import { applyBatchOnce } from '@lib/messaging';
import { CaseState, projectCase, timelineEntry, foldForSearch } from '@lib/projection';

export const CASEWORK_CONSUMER = 'casework';

/** Fold events into the case read model and its timeline, once each. */
@Injectable()
export class ProjectCaseUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async execute(env: EventEnvelope<object>): Promise<void> {
    await this.executeBatch([env]);
  }

  /** Fold a batch of events (one topic-partition's worth) in one transaction; redeliveries are dropped. */
  async executeBatch(envs: EventEnvelope<object>[]): Promise<void> {
    await applyBatchOnce(this.dataSource, CASEWORK_CONSUMER, envs, (m, fresh) => this.applyMany(m, fresh));
  }

  /** Apply inside the caller's transaction (actions project their own event at once, for read-your-writes). */
  async apply(m: EntityManager, env: EventEnvelope<object>): Promise<void> {
    await this.applyMany(m, [env]);
  }

  /**
   * Set-based fold: lock the cases, read their current state in one query, fold every event in order in memory,
   * then write the rows, timeline entries and petitioners with one statement each.
   */
  async applyMany(m: EntityManager, envs: EventEnvelope<object>[]): Promise<void> {
    if (!envs.length) return;
    const caseIds = [...new Set(envs.map((e) => e.caseId))].sort();
    // Events of one case arrive on several topics at once: one writer per case (the advisory lock also covers
    // the very first event, when there is no row to lock yet), taken in a fixed order so batches never deadlock.
    await m.query('SELECT pg_advisory_xact_lock(hashtext(id)) FROM unnest($1::text[]) AS id', [caseIds]);
    const current: { case_id: string; state: CaseState; content_folded: string | null }[] = await m.query(
      'SELECT case_id, state, content_folded FROM cases WHERE case_id = ANY($1::uuid[]) FOR UPDATE',
      [caseIds],
    );
    const cases = new Map<string, { state: CaseState | undefined; contentFolded: string | null }>(
      current.map((r) => [r.case_id, { state: r.state, contentFolded: r.content_folded }]),
    );
    const petitioners: unknown[] = [];
    const timeline: unknown[] = [];
    for (const env of envs) {
      const c = cases.get(env.caseId) ?? { state: undefined, contentFolded: null };
      c.state = projectCase(c.state, env);
      if (env.eventType === CaseReceivedV1.eventType) {
        const p = env.payload as CaseReceivedV1;
        c.contentFolded = foldForSearch(p.content);
        petitioners.push({
          case_id: env.caseId,
          type: p.petitioner.type,
          full_name: p.petitioner.fullName ?? null,
          national_id: p.petitioner.nationalId ?? null,
          phone: p.petitioner.phone ?? null,
          address: p.petitioner.address ?? null,
          organisation_name: p.petitioner.organisationName ?? null,
          signatory_count: p.petitioner.signatoryCount ?? null,
          name_folded: p.petitioner.fullName ? foldForSearch(p.petitioner.fullName) : null,
        });
      }
      cases.set(env.caseId, c);
      const t = timelineEntry(env);
      timeline.push({
        event_id: t.eventId,
        case_id: t.caseId,
        event_type: t.eventType,
        occurred_at: t.occurredAt,
        actor_type: t.actorType,
        actor_id: t.actorId,
        summary: t.summary,
        reason: t.reason ?? null,
      });
    }
    const now = this.clock.now().toISOString();
    const rows = [...cases.values()].map(({ state, contentFolded }) => {
      const s = state as CaseState;
      return {
        case_id: s.caseId,
        tracking_code: s.trackingCode ?? null,
        status: s.status,
        kind: s.kind ?? null,
        domain: s.domain ?? null,
        ward_code: s.wardCode ?? null,
        lead_unit_id: s.leadUnitId ?? null,
        handler_id: s.handlerId ?? null,
        due_at: s.dueAt ?? null,
        escalation_level: s.escalationLevel,
        escalated_to_unit_id: s.escalatedToUnitId ?? null,
        ancestor_unit_ids: s.ancestorUnitIds,
        content_folded: contentFolded,
        state: s,
        updated_at: now,
      };
    });
    await m.query(
      `INSERT INTO cases (case_id, tracking_code, status, kind, domain, ward_code, lead_unit_id, handler_id, due_at,
         escalation_level, escalated_to_unit_id, ancestor_unit_ids, content_folded, state, updated_at)
       SELECT case_id, tracking_code, status, kind, domain, ward_code, lead_unit_id, handler_id, due_at,
         escalation_level, escalated_to_unit_id, ancestor_unit_ids, content_folded, state, updated_at
       FROM jsonb_to_recordset($1::jsonb) AS x(case_id uuid, tracking_code text, status text, kind text,
         domain text, ward_code text, lead_unit_id text, handler_id text, due_at timestamptz, escalation_level int,
         escalated_to_unit_id text, ancestor_unit_ids text[], content_folded text, state jsonb,
         updated_at timestamptz)
       ON CONFLICT (case_id) DO UPDATE SET tracking_code = EXCLUDED.tracking_code, status = EXCLUDED.status,
         kind = EXCLUDED.kind, domain = EXCLUDED.domain, ward_code = EXCLUDED.ward_code,
         lead_unit_id = EXCLUDED.lead_unit_id, handler_id = EXCLUDED.handler_id, due_at = EXCLUDED.due_at,
         escalation_level = EXCLUDED.escalation_level, escalated_to_unit_id = EXCLUDED.escalated_to_unit_id,
         ancestor_unit_ids = EXCLUDED.ancestor_unit_ids, content_folded = EXCLUDED.content_folded,
         state = EXCLUDED.state, updated_at = EXCLUDED.updated_at`,
      [JSON.stringify(rows)],
    );
    if (petitioners.length)
      await m.query(
        `INSERT INTO case_petitioners (case_id, type, full_name, national_id, phone, address, organisation_name,
           signatory_count, name_folded)
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(case_id uuid, type text, full_name text,
           national_id text, phone text, address text, organisation_name text, signatory_count int,
           name_folded text)
         ON CONFLICT (case_id) DO NOTHING`,
        [JSON.stringify(petitioners)],
      );
    await m.query(
      `INSERT INTO case_timeline (event_id, case_id, event_type, occurred_at, actor_type, actor_id, summary, reason)
       SELECT event_id, case_id, event_type, occurred_at, actor_type, actor_id, summary, reason
       FROM jsonb_to_recordset($1::jsonb) AS x(event_id uuid, case_id uuid, event_type text,
         occurred_at timestamptz, actor_type text, actor_id text, summary text, reason text)`,
      [JSON.stringify(timeline)],
    );
  }
}

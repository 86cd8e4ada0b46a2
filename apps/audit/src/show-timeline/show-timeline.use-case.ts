import { Injectable } from '@nestjs/common';
import { AccessRecordedV1, EventEnvelope } from '@lib/contracts';
import { timelineEntry, TimelineEntry } from '@lib/projection';
import { AuditDb } from '../infrastructure/audit-db';
import { resolveCaseId } from '../infrastructure/case-ref';

export interface StoredTimelineEntry extends TimelineEntry {
  caseSeq: number;
  actorRole: string | null;
  producer: string;
  storedAt: string;
  hash: string;
}

export interface CaseHistory {
  caseId: string;
  trackingCode: string | null;
  entries: StoredTimelineEntry[];
}

/** A case's whole history from the store, in the order things happened, with who did it and why. */
@Injectable()
export class ShowTimelineUseCase {
  constructor(private readonly db: AuditDb) {}

  async execute(caseRef: string): Promise<CaseHistory> {
    const caseId = await resolveCaseId(this.db, caseRef);
    const rows = await this.db.query<{ case_seq: number; canonical: string; stored_at: Date; hash: string }>(
      `SELECT case_seq, canonical, stored_at, hash FROM event_store WHERE case_id = $1
       ORDER BY occurred_at, case_seq`,
      [caseId],
    );
    let trackingCode: string | null = null;
    const entries = rows.map((r) => {
      const env = JSON.parse(r.canonical) as EventEnvelope<Record<string, unknown>>;
      if (env.eventType === 'case.received') trackingCode = String(env.payload.trackingCode);
      const entry = timelineEntry(env);
      if (env.eventType === AccessRecordedV1.eventType) {
        // casework's timeline never shows these; for an auditor they are the point.
        const p = env.payload as unknown as AccessRecordedV1;
        entry.summary = `Xem thông tin được bảo vệ: ${p.fields.join(', ')}`;
        entry.reason = p.purpose;
      }
      return {
        ...entry,
        caseSeq: r.case_seq,
        actorRole: env.actor.role ?? null,
        producer: env.producer,
        storedAt: r.stored_at.toISOString(),
        hash: r.hash,
      };
    });
    return { caseId, trackingCode, entries };
  }
}

import { Injectable } from '@nestjs/common';
import {
  AccessRecordedV1,
  AccessRevokedV1,
  DirectoryChangedV1,
  DirectoryEntityKind,
  EventEnvelope,
} from '@lib/contracts';
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
  /** The chain's id: a case id, or a directory entity's stream id. */
  caseId: string;
  trackingCode: string | null;
  /** Set when the chain is a directory entity's (its changes through assignment's admin API). */
  directoryEntity?: { kind: DirectoryEntityKind; id: string };
  entries: StoredTimelineEntry[];
}

const OPERATION_NAMES = { create: 'tạo mới', update: 'sửa đổi', retire: 'thôi áp dụng' } as const;

/** One line an auditor reads for a directory change: what changed, from when, and whether it waits for its day. */
export function directoryChangeSummary(p: DirectoryChangedV1): string {
  const what = `Danh mục: ${OPERATION_NAMES[p.operation]} ${p.entityKind} ${p.entityId}`;
  if (p.operation === 'retire') return `${what} từ ${p.effectiveFrom}`;
  const to = p.effectiveTo ? ` đến ${p.effectiveTo}` : '';
  const waiting = p.status === 'scheduled' ? ' (chờ đến ngày hiệu lực)' : '';
  return `${what}, hiệu lực từ ${p.effectiveFrom}${to}${waiting}`;
}

/**
 * A case's whole history from the store, in the order things happened, with who did it and why; or a directory
 * entity's changes (ref "unit:hn-p-00001").
 */
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
    let directoryEntity: CaseHistory['directoryEntity'];
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
      if (env.eventType === AccessRevokedV1.eventType) {
        const p = env.payload as unknown as AccessRevokedV1;
        entry.summary = p.sessionId
          ? `Thu hồi mã truy cập nội bộ của phiên ${p.sessionId.slice(0, 8)}…`
          : 'Thu hồi mọi mã truy cập nội bộ của người dùng';
        entry.reason = p.reason;
      }
      if (env.eventType === DirectoryChangedV1.eventType) {
        const p = env.payload as unknown as DirectoryChangedV1;
        directoryEntity = { kind: p.entityKind, id: p.entityId };
        entry.summary = directoryChangeSummary(p);
        entry.reason = p.reason;
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
    return { caseId, trackingCode, ...(directoryEntity ? { directoryEntity } : {}), entries };
  }
}

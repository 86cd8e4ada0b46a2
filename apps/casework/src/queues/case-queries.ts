import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@lib/domain';
import { CaseState, foldForSearch } from '@lib/projection';
import { ActionValidationError, ForbiddenActionError } from '../domain/casework.errors';
import { mask, seesEverything, Viewer } from '../domain/viewer';

export type QueueName = 'mine' | 'unit' | 'triage' | 'escalated';

export interface CaseFilters {
  status?: string;
  kind?: string;
  domain?: string;
  ward?: string;
  dueBefore?: string;
  overdue?: boolean;
  escalationLevel?: number;
  repeat?: boolean;
  collective?: boolean;
  q?: string;
  trackingCode?: string;
  petitioner?: string;
  limit?: number;
  cursor?: string;
}

const OPEN_STATUSES = `('assigned','accepted','info_requested','info_received')`;

/** Queue, filter and search queries, always narrowed to what the viewer may see (the same rules as canSeeCase). */
@Injectable()
export class CaseQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async list(viewer: Viewer, queue: QueueName | 'search', f: CaseFilters) {
    const now = this.clock.now();
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    // Scope.
    if (!seesEverything(viewer)) {
      const unit = p(viewer.unitId);
      where.push(
        viewer.role === 'unit_head'
          ? `(c.lead_unit_id = ${unit} OR c.escalated_to_unit_id = ${unit}
              OR (${unit} = ANY(c.ancestor_unit_ids) AND c.due_at < ${p(now)} AND c.status IN ${OPEN_STATUSES}))`
          : `c.lead_unit_id = ${unit}`,
      );
    }
    // Queue.
    if (queue === 'mine') {
      if (!viewer.staffId) return { items: [], nextCursor: null };
      where.push(`c.handler_id = ${p(viewer.staffId)}`);
    } else if (queue === 'unit') where.push(`c.lead_unit_id = ${p(viewer.unitId)}`);
    else if (queue === 'triage') {
      if (!seesEverything(viewer))
        throw new ForbiddenActionError('Hàng chờ phân loại dành cho Ban Tiếp công dân');
      where.push(`c.status = 'triage'`);
    } else if (queue === 'escalated') {
      const unit = p(viewer.unitId);
      where.push(
        `(c.escalated_to_unit_id = ${unit} OR (${unit} = ANY(c.ancestor_unit_ids) AND c.due_at < ${p(now)} AND c.status IN ${OPEN_STATUSES}))`,
      );
    }
    // Filters.
    if (f.status) where.push(`c.status = ${p(f.status)}`);
    if (f.kind) where.push(`c.kind = ${p(f.kind)}`);
    if (f.domain) where.push(`c.domain = ${p(f.domain)}`);
    if (f.ward) where.push(`c.ward_code = ${p(f.ward)}`);
    if (f.dueBefore) {
      if (Number.isNaN(Date.parse(f.dueBefore)))
        throw new ActionValidationError([{ field: 'dueBefore', reason: 'must be an ISO date' }]);
      where.push(`c.due_at < ${p(new Date(f.dueBefore))}`);
    }
    if (f.overdue) where.push(`c.due_at < ${p(now)} AND c.status IN ${OPEN_STATUSES}`);
    if (f.escalationLevel !== undefined) where.push(`c.escalation_level >= ${p(f.escalationLevel)}`);
    if (f.repeat) where.push(`c.state->'flags' ? 'repeat'`);
    if (f.collective) where.push(`c.state->'flags' ? 'collective'`);
    if (f.trackingCode) where.push(`c.tracking_code = ${p(f.trackingCode.trim().toUpperCase())}`);
    if (f.q) {
      for (const word of foldForSearch(f.q).split(' ').filter(Boolean).slice(0, 8)) {
        where.push(`c.content_folded LIKE ${p(`%${word.replace(/[%_\\]/g, '\\$&')}%`)}`);
      }
    }
    if (f.petitioner) {
      if (!['handler', 'unit_head', 'auditor'].includes(viewer.role)) {
        throw new ForbiddenActionError('Bạn không được tìm theo người gửi đơn');
      }
      where.push(
        `EXISTS (SELECT 1 FROM case_petitioners cp WHERE cp.case_id = c.case_id AND cp.name_folded LIKE ${p(`%${foldForSearch(f.petitioner)}%`)}
          AND (c.kind IS DISTINCT FROM 'denunciation' OR ${p(viewer.role)} = 'auditor'
               OR c.handler_id = ${p(viewer.staffId ?? '')} OR (${p(viewer.role)} = 'unit_head' AND c.lead_unit_id = ${p(viewer.unitId)})))`,
      );
    }
    // Cursor: sorted by due date (cases without one last), then id.
    const limit = Math.min(Math.max(f.limit ?? 50, 1), 200);
    if (f.cursor) {
      const [due, id] = decodeCursor(f.cursor);
      where.push(
        `(COALESCE(c.due_at, 'infinity'::timestamptz), c.case_id) > (${p(due)}::timestamptz, ${p(id)}::uuid)`,
      );
    }
    const rows = await this.dataSource.query(
      `SELECT c.case_id, c.due_at, c.state FROM cases c
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY COALESCE(c.due_at, 'infinity'::timestamptz), c.case_id
       LIMIT ${limit + 1}`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r: { state: CaseState }) => summary(r.state, now)),
      nextCursor: rows.length > limit && last ? encodeCursor(last.due_at, last.case_id) : null,
    };
  }
}

/** What a list shows: no petitioner identity at all (names, ID numbers and phones never appear in lists). */
export function summary(s: CaseState, now: Date) {
  return {
    caseId: s.caseId,
    trackingCode: s.trackingCode,
    status: s.status,
    kind: s.kind,
    domain: s.domain,
    level: s.level,
    wardCode: s.wardCode,
    leadUnitId: s.leadUnitId,
    leadUnitName: s.leadUnitName,
    handlerId: s.handlerId,
    handlerName: s.handlerName,
    dueAt: s.dueAt,
    stage: s.stage,
    isOverdue: Boolean(
      s.dueAt &&
      new Date(s.dueAt) < now &&
      ['assigned', 'accepted', 'info_requested', 'info_received'].includes(s.status),
    ),
    escalationLevel: s.escalationLevel,
    flags: s.flags,
    petitionerType: s.petitionerType,
    receivedAt: s.receivedAt,
    lastEventAt: s.lastEventAt,
  };
}

export { mask };

function encodeCursor(due: Date | string | null, id: string): string {
  return Buffer.from(JSON.stringify([due ? new Date(due).toISOString() : 'infinity', id])).toString(
    'base64url',
  );
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const [due, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof due === 'string' && typeof id === 'string' && /^[0-9a-f-]{36}$/.test(id)) return [due, id];
  } catch {
    // fall through
  }
  throw new ActionValidationError([{ field: 'cursor', reason: 'invalid cursor' }]);
}

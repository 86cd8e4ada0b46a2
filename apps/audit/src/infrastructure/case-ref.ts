import { DIRECTORY_ENTITY_KINDS, DirectoryEntityKind, directoryStreamId } from '@lib/contracts';
import { CaseNotInStoreError } from '../domain/audit.errors';
import { AuditDb } from './audit-db';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A directory entity named as "<kind>:<id>" (unit:hn-p-00001, calendar_day:2026-11-24), or undefined. */
export function parseDirectoryRef(ref: string): { kind: DirectoryEntityKind; id: string } | undefined {
  const i = ref.indexOf(':');
  const kind = ref.slice(0, i) as DirectoryEntityKind;
  if (i < 1 || !DIRECTORY_ENTITY_KINDS.includes(kind) || i === ref.length - 1) return undefined;
  return { kind, id: ref.slice(i + 1) };
}

/**
 * A case id, the tracking code a citizen quotes (HN-YYYYMMDD-XXXXXX) or a directory entity ("unit:hn-p-00001") to
 * the chain id in the store (for a directory entity, its stream id).
 */
export async function resolveCaseId(db: AuditDb, ref: string): Promise<string> {
  const entity = parseDirectoryRef(ref);
  const id = entity
    ? directoryStreamId(entity.kind, entity.id)
    : UUID.test(ref)
      ? ref.toLowerCase()
      : undefined;
  const rows = id
    ? await db.query<{ case_id: string }>(`SELECT case_id FROM event_store WHERE case_id = $1 LIMIT 1`, [id])
    : await db.query<{ case_id: string }>(
        `SELECT case_id FROM event_store
         WHERE event_type = 'case.received' AND envelope #>> '{payload,trackingCode}' = $1 LIMIT 1`,
        [ref.toUpperCase()],
      );
  if (!rows.length) throw new CaseNotInStoreError(ref);
  return rows[0].case_id;
}

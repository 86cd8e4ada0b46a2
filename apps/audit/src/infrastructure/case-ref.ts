import { DIRECTORY_ENTITY_KINDS, DirectoryEntityKind, directoryStreamId, userStreamId } from '@lib/contracts';
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

/** The stream id a "<kind>:<id>" names: a directory entity's, or a user's ("user:u-auditor"); else undefined. */
export function streamIdOfRef(ref: string): string | undefined {
  const entity = parseDirectoryRef(ref);
  if (entity) return directoryStreamId(entity.kind, entity.id);
  if (ref.startsWith('user:') && ref.length > 'user:'.length) return userStreamId(ref.slice('user:'.length));
  return undefined;
}

/**
 * A case id, the tracking code a citizen quotes (HN-YYYYMMDD-XXXXXX), a directory entity ("unit:hn-p-00001") or a
 * user ("user:u-auditor", whose chain holds the internal tokens withdrawn) to the chain id in the store.
 */
export async function resolveCaseId(db: AuditDb, ref: string): Promise<string> {
  const id = streamIdOfRef(ref) ?? (UUID.test(ref) ? ref.toLowerCase() : undefined);
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

import { CaseNotInStoreError } from '../domain/audit.errors';
import { AuditDb } from './audit-db';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A case id, or the tracking code a citizen quotes (HN-YYYYMMDD-XXXXXX), to the case id in the store. */
export async function resolveCaseId(db: AuditDb, ref: string): Promise<string> {
  const rows = UUID.test(ref)
    ? await db.query<{ case_id: string }>(`SELECT case_id FROM event_store WHERE case_id = $1 LIMIT 1`, [
        ref.toLowerCase(),
      ])
    : await db.query<{ case_id: string }>(
        `SELECT case_id FROM event_store
         WHERE event_type = 'case.received' AND envelope #>> '{payload,trackingCode}' = $1 LIMIT 1`,
        [ref.toUpperCase()],
      );
  if (!rows.length) throw new CaseNotInStoreError(ref);
  return rows[0].case_id;
}

import { sql } from '@lib/testing';

/**
 * Run `change` with the store's append-only trigger off, as a superuser rewriting history could, and turn it back
 * on afterwards whatever happens.
 */
export async function withAppendOnlyOff<T>(db: string, change: () => Promise<T>): Promise<T> {
  await sql(db, `ALTER TABLE audit.event_store DISABLE TRIGGER event_store_append_only`);
  try {
    return await change();
  } finally {
    await sql(db, `ALTER TABLE audit.event_store ENABLE TRIGGER event_store_append_only`);
  }
}

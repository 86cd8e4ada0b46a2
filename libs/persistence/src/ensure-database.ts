import { Client } from 'pg';
import { databaseNameOf, withDatabaseName } from './database-url';

/**
 * Create the database named in `url` if the server does not have it yet. Six services start at once on a fresh
 * server, so the check and the creation hold a session advisory lock; a creation that still collides (a process
 * that does not take the lock) is accepted once the database is there: CREATE DATABASE reports the race as
 * 42P04 duplicate_database or, when both pass the catalog check, as 23505 on pg_database's name index.
 */
export async function ensureDatabase(url: string): Promise<void> {
  const name = databaseNameOf(url);
  const admin = new Client({ connectionString: withDatabaseName(url, 'postgres') });
  await admin.connect();
  try {
    await admin.query('SELECT pg_advisory_lock(hashtext($1))', [`ensure-database:${name}`]);
    const exists = async () =>
      ((await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount ?? 0) > 0;
    if (!(await exists())) {
      try {
        await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
      } catch (err) {
        const raced = ['42P04', '23505'].includes((err as { code?: string }).code ?? '');
        if (!raced || !(await exists())) throw err;
      }
    }
  } finally {
    // Ending the session releases the advisory lock.
    await admin.end();
  }
}

/** Create a service's schema; migrations then run inside it. */
export async function ensureSchema(url: string, schema: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema.replace(/"/g, '""')}"`);
  } catch (err) {
    // 23505/42P06: concurrent creation by a sibling replica.
    if (!['23505', '42P06'].includes((err as { code?: string }).code ?? '')) throw err;
  } finally {
    await client.end();
  }
}

import { Client } from 'pg';
import { databaseNameOf, ensureDatabase, ensureSchema, withDatabaseName } from '@lib/persistence';
import { sql, testDatabaseUrl } from '@lib/testing';

const URL = testDatabaseUrl('ensure_db');
const NAME = databaseNameOf(URL);

async function dropDatabase(): Promise<void> {
  const admin = new Client({ connectionString: withDatabaseName(URL, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${NAME}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

afterAll(dropDatabase);

describe('ensureDatabase on a fresh server', () => {
  // `npm run up` starts six services at once against a server without the database: each creates it if missing.
  it('creates the database once when six processes race for it, and none of them fails', async () => {
    for (let round = 0; round < 5; round++) {
      await dropDatabase();
      const outcomes = await Promise.allSettled(Array.from({ length: 6 }, () => ensureDatabase(URL)));
      expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
      const [row] = await sql(
        withDatabaseName(URL, 'postgres'),
        'SELECT count(*)::int AS n FROM pg_database WHERE datname = $1',
        [NAME],
      );
      expect(row.n).toBe(1);
      const schemas = await Promise.allSettled(Array.from({ length: 6 }, () => ensureSchema(URL, 'racing')));
      expect(schemas.filter((o) => o.status === 'rejected')).toEqual([]);
      expect(await sql(URL, `SELECT 1 FROM pg_namespace WHERE nspname = 'racing'`)).toHaveLength(1);
    }
  });
});

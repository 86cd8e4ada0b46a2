import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { databaseNameOf, DEFAULT_DATABASE_URL, withDatabaseName } from '@lib/persistence';

export const baseDatabaseUrl = (): string => process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
export const kafkaBrokers = (): string[] => (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

/**
 * A database URL for a suite; its name always contains "test". TEST_DATABASE_PREFIX keeps parallel runs of the
 * same suite (two checkouts on one machine) apart.
 */
export function testDatabaseUrl(suite: string): string {
  const prefix = (process.env.TEST_DATABASE_PREFIX ?? '').replace(/[^a-z0-9_]/gi, '');
  return withDatabaseName(baseDatabaseUrl(), `petitions_${prefix}${suite}_test`);
}

/** Drop and recreate a test database. Refuses any database whose name lacks "test". */
export async function resetDatabase(url: string): Promise<void> {
  const name = databaseNameOf(url);
  if (!name.includes('test')) throw new Error(`refusing to reset database "${name}": its name lacks "test"`);
  const admin = new Client({ connectionString: withDatabaseName(url, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
}

export async function sql<T = any>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text, params)).rows as T[];
  } finally {
    await c.end();
  }
}

/** A fresh prefix for topics and consumer groups, so a test never shares them with a running stack. */
export function uniqueNamespace(): string {
  return `t${Date.now().toString(36)}${randomBytes(2).toString('hex')}.`;
}

export function testKafka(clientId = 'test'): Kafka {
  process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
  return new Kafka({ clientId, brokers: kafkaBrokers(), logLevel: logLevel.NOTHING, retry: { retries: 8 } });
}

/** Delete every topic of a namespace (tests clean up after themselves). */
export async function deleteNamespaceTopics(kafka: Kafka, namespace: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(namespace));
    if (topics.length) await admin.deleteTopics({ topics, timeout: 30000 });
  } finally {
    await admin.disconnect();
  }
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 30000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`,
  );
}

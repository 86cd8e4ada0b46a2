import { randomBytes } from 'node:crypto';
import { Pool, PoolClient } from 'pg';

export interface AuditDbOptions {
  url: string;
  /** The audit schema (search_path), so queries name tables bare like the service does. */
  schema: string;
  max?: number;
  applicationName?: string;
  /** Every transaction read-only: used for the live schema a replay is compared with. */
  readOnly?: boolean;
}

/**
 * Plain pg access for the auditor commands: they stream with server-side cursors and COPY, which an ORM's
 * query runner does not expose. The CLI and the service's auditor API use the same class.
 */
export class AuditDb {
  readonly pool: Pool;
  private closed = false;

  constructor(readonly opts: AuditDbOptions) {
    const settings = [`-c search_path=${opts.schema},public`];
    if (opts.readOnly) settings.push('-c default_transaction_read_only=on');
    this.pool = new Pool({
      connectionString: opts.url,
      max: opts.max ?? 4,
      application_name: opts.applicationName ?? 'audit-tools',
      options: settings.join(' '),
    });
    // An idle client's error (server restart) must not crash the process: the pool drops the client.
    this.pool.on('error', () => undefined);
  }

  get schema(): string {
    return this.opts.schema;
  }

  async query<T = any>(text: string, params: unknown[] = []): Promise<T[]> {
    return (await this.pool.query(text, params)).rows as T[];
  }

  async withClient<T>(fn: (c: PoolClient) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    let failed = false;
    try {
      return await fn(c);
    } catch (err) {
      failed = true;
      throw err;
    } finally {
      c.release(failed);
    }
  }

  /** A transaction on one client; rolled back when fn throws. */
  async transaction<T>(fn: (c: PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
    return this.withClient(async (c) => {
      await c.query(begin);
      try {
        const out = await fn(c);
        await c.query('COMMIT');
        return out;
      } catch (err) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
  }

  /**
   * Rows of a query in batches from one consistent snapshot, holding at most two batches in memory: the next
   * FETCH is already on the wire while the caller works on the current one.
   */
  async *stream<T = any>(text: string, params: unknown[] = [], batchSize = 5000, arrays = false) {
    const c = await this.pool.connect();
    let failed = false;
    let done = false;
    try {
      await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      yield* cursorBatches<T>(c, text, params, batchSize, arrays);
      await c.query('COMMIT');
      done = true;
    } catch (err) {
      failed = true;
      throw err;
    } finally {
      if (!done && !failed) await c.query('ROLLBACK').catch(() => undefined); // the caller stopped early
      c.release(failed);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  /** Closed with the Nest application that provides it. */
  onModuleDestroy(): Promise<void> {
    return this.close();
  }
}

/** Server-side cursor over a query, inside the caller's open transaction. */
export async function* cursorBatches<T = any>(
  c: PoolClient,
  text: string,
  params: unknown[],
  batchSize: number,
  arrays = false,
): AsyncGenerator<T[]> {
  const name = `audit_cursor_${randomBytes(4).toString('hex')}`;
  await c.query(`DECLARE ${name} NO SCROLL CURSOR FOR ${text}`, params);
  const fetch = () =>
    c.query({ text: `FETCH ${batchSize} FROM ${name}`, ...(arrays ? { rowMode: 'array' as const } : {}) });
  let next: ReturnType<typeof fetch> | undefined = fetch();
  try {
    for (;;) {
      const res = await next;
      next = undefined;
      const rows = res.rows as T[];
      if (rows.length === batchSize) next = fetch();
      if (rows.length) yield rows;
      if (!next) break;
    }
  } finally {
    if (next) await next.catch(() => undefined);
    await c.query(`CLOSE ${name}`).catch(() => undefined);
  }
}

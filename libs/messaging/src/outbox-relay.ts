import { Kafka, Producer, CompressionTypes } from 'kafkajs';
import { Logger } from 'pino';
import { DataSource, QueryRunner } from 'typeorm';

export interface OutboxRelayOptions {
  schema: string;
  batchSize?: number;
  /** Fallback poll for rows committed by a process that died before waking its relay. */
  pollIntervalMs?: number;
  /** Prefix added to every topic at publish time (KAFKA_NAMESPACE). */
  topicNamespace?: string;
}

interface PendingRow {
  id: string;
  topic: string;
  message_key: string;
  value: string;
  headers: Record<string, string>;
}

/**
 * Publishes committed outbox rows with an idempotent producer, oldest first, then deletes them.
 * One relay per schema publishes at a time (advisory lock), so one case's events keep their order.
 * A crash after send and before delete re-sends; consumers drop the duplicate by eventId (inbox).
 */
export class OutboxRelay {
  private producer: Producer | undefined;
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private pendingWake = false;
  private leaderRunner: QueryRunner | undefined;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  published = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly kafka: Kafka,
    private readonly logger: Logger,
    private readonly options: OutboxRelayOptions,
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
  }

  async start(): Promise<void> {
    if (this.running) return;
    // Idempotent producers retry without limit (a bounded count would void the no-duplicate guarantee).
    this.producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      retry: { retries: Number.MAX_SAFE_INTEGER, maxRetryTime: 5000 },
    });
    await this.producer.connect();
    this.running = true;
    this.loop = this.run();
  }

  /** Called after a transaction that wrote outbox rows commits. */
  wake(): void {
    this.pendingWake = true;
    this.wakeUp?.();
  }

  /** Publish everything committed so far (tests, shutdown). */
  async flush(): Promise<void> {
    while ((await this.publishBatch()) > 0) {
      /* keep going */
    }
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.wakeUp?.();
    await this.loop;
    await this.releaseLeadership();
    await this.producer?.disconnect();
  }

  private async run(): Promise<void> {
    let backoff = 200;
    while (this.running) {
      try {
        if (await this.holdLeadership()) {
          let n: number;
          do {
            this.pendingWake = false;
            n = await this.publishBatch();
          } while (n > 0 && this.running);
        }
        backoff = 200;
        await this.sleep(this.pollIntervalMs);
      } catch (err) {
        this.logger.warn({ err: (err as Error).message }, 'outbox relay failed, retrying');
        await this.releaseLeadership();
        await this.sleep(backoff);
        backoff = Math.min(backoff * 2, 5000);
      }
    }
  }

  private async holdLeadership(): Promise<boolean> {
    if (this.leaderRunner && !this.leaderRunner.isReleased) return true;
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    const [{ locked }] = await runner.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [
      `outbox-relay:${this.options.schema}`,
    ]);
    if (locked) {
      this.leaderRunner = runner;
      return true;
    }
    await runner.release();
    return false;
  }

  private async releaseLeadership(): Promise<void> {
    const r = this.leaderRunner;
    this.leaderRunner = undefined;
    if (!r || r.isReleased) return;
    try {
      await r.query('SELECT pg_advisory_unlock_all()');
    } catch {
      // The connection is gone, and the lock with it.
    }
    await r.release();
  }

  private async publishBatch(): Promise<number> {
    const producer = this.producer;
    if (!producer) throw new Error('outbox relay not started');
    // An empty outbox (the idle case, and every fallback poll) costs one cheap statement, not a transaction. By
    // the primary key: a sequential scan would wade through the rows deleted since the last vacuum on every poll.
    const pending = await this.dataSource.query('SELECT id FROM outbox ORDER BY id LIMIT 1');
    if (!pending.length) return 0;
    return this.dataSource.transaction(async (m) => {
      const rows: PendingRow[] = await m.query(
        `SELECT id, topic, message_key, value, headers FROM outbox ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.batchSize],
      );
      if (!rows.length) return 0;
      const byTopic = new Map<string, { key: string; value: string; headers: Record<string, string> }[]>();
      for (const r of rows) {
        const list = byTopic.get(r.topic) ?? [];
        list.push({ key: r.message_key, value: r.value, headers: r.headers });
        byTopic.set(r.topic, list);
      }
      await producer.sendBatch({
        acks: -1,
        compression: CompressionTypes.None,
        topicMessages: [...byTopic].map(([topic, messages]) => ({
          topic: (this.options.topicNamespace ?? '') + topic,
          messages,
        })),
      });
      await m.query(`DELETE FROM outbox WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
      this.published += rows.length;
      return rows.length;
    });
  }

  private sleep(ms: number): Promise<void> {
    if (this.pendingWake || !this.running) return Promise.resolve();
    return new Promise((resolve) => {
      let t: NodeJS.Timeout | undefined = undefined;
      const done = (): void => {
        clearTimeout(t);
        this.wakeUp = undefined;
        resolve();
      };
      t = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }
}

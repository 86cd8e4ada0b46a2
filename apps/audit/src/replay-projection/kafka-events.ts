import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Kafka, KafkaMessage } from 'kafkajs';
import { CASE_TOPICS, decodeEvent, EventEnvelope } from '@lib/contracts';
import { AuditInputError } from '../domain/audit.errors';
import { BinaryRows, CopyInStream } from '../infrastructure/copy-streams';

/** Where a replay from Kafka starts: a partition's offset, or for the partitions not named, the earliest. */
export interface KafkaStartOffset {
  topic: string;
  partition: number;
  offset: string;
}

export interface KafkaReplaySource {
  kafka: Kafka;
  /** KAFKA_NAMESPACE: the prefix of every topic (empty in a deployment). */
  namespace: string;
  /** Start each partition at its first message stored at or after this time (Kafka's message time). */
  since?: Date;
  /** Start these partitions at these offsets (the others at the earliest, or at `since`). */
  offsets?: KafkaStartOffset[];
}

export interface KafkaStageResult {
  /** Messages read, up to the end offsets the topics had when the replay started. */
  messages: number;
  staged: number;
  /** Messages that do not decode as a valid event: the consumers dead-letter them, so they were never applied. */
  invalid: number;
  /** Valid events outside the --from/--to window. */
  outsideWindow: number;
  /** Per topic-partition where reading started and ended ("topic:partition" → [start, end)). */
  ranges: Record<string, [string, string]>;
}

/** The staging table a replay from Kafka fills before folding: a case's events, deduplicated, in delivery order. */
export const KAFKA_STAGE_TABLE = '_kafka_events';

// seen_at: the Kafka message time, made non-decreasing along each partition, so that sorting a case's events by
// (seen_at, topic, partition, offset) keeps every partition's offset order and interleaves the topics in the order
// they were published: the order casework's consumer received them in, as nearly as Kafka records it.
const STAGE_DDL = (s: string) => `CREATE UNLOGGED TABLE "${s}"."${KAFKA_STAGE_TABLE}" (
  "case_id" uuid NOT NULL,
  "seen_at" bigint NOT NULL,
  "topic_rank" smallint NOT NULL,
  "kafka_partition" int NOT NULL,
  "kafka_offset" bigint NOT NULL,
  "event_id" uuid NOT NULL,
  "envelope" text NOT NULL
)`;

/**
 * The rows a lane folds from the staging table: an event delivered twice counts once (its first delivery, as the
 * consumers' inbox keeps it), a case's events together, in delivery order.
 */
export function kafkaLaneQuery(schema: string, caseRange: string[]): string {
  return `SELECT k.case_id, k.envelope FROM (
      SELECT DISTINCT ON (event_id) case_id, envelope, seen_at, topic_rank, kafka_partition, kafka_offset
      FROM "${schema}"."${KAFKA_STAGE_TABLE}" ${caseRange.length ? `WHERE ${caseRange.join(' AND ')}` : ''}
      ORDER BY event_id, seen_at, topic_rank, kafka_partition, kafka_offset) k
    ORDER BY k.case_id, k.seen_at, k.topic_rank, k.kafka_partition, k.kafka_offset`;
}

interface PartitionRange {
  topic: string;
  fullTopic: string;
  rank: number;
  partition: number;
  start: bigint;
  end: bigint;
  /** The next offset to stage. */
  next: bigint;
  seenAt: number;
  isDone: boolean;
}

const SEND_BYTES = 256 * 1024;

/**
 * Read every case topic from its start offsets up to the end offsets it had when this began, with a throwaway
 * consumer group (deleted afterwards), and stage each valid event in `schema`'s staging table with COPY. A
 * message that does not decode is skipped, as the consumers skip it (they dead-letter it). Memory stays bounded:
 * KafkaJS fetches a bounded amount, and fetching waits while the database's socket is full.
 */
export async function stageKafkaEvents(
  source: KafkaReplaySource,
  url: string,
  schema: string,
  window: { from?: Date; to?: Date },
  onProgress: (done: number, total: number) => void,
): Promise<KafkaStageResult> {
  const ns = source.namespace;
  const ranges = await partitionRanges(source);
  const total = ranges.reduce((n, r) => n + Number(r.end - r.start), 0);
  const result: KafkaStageResult = {
    messages: 0,
    staged: 0,
    invalid: 0,
    outsideWindow: 0,
    ranges: Object.fromEntries(
      ranges.map((r) => [`${r.topic}:${r.partition}`, [String(r.start), String(r.end)]]),
    ),
  };
  const from = window.from?.getTime() ?? -Infinity;
  const to = window.to?.getTime() ?? Infinity;

  const writer = new Client({ connectionString: url, application_name: 'audit-replay kafka' });
  writer.on('error', () => undefined);
  await writer.connect();
  try {
    await writer.query('BEGIN; SET LOCAL synchronous_commit = off');
    await writer.query(STAGE_DDL(schema));
    const copy = await CopyInStream.open(
      writer,
      `COPY "${schema}"."${KAFKA_STAGE_TABLE}" (case_id, seen_at, topic_rank, kafka_partition, kafka_offset,
         event_id, envelope) FROM STDIN (FORMAT binary)`,
    );
    const rows = new BinaryRows().header();
    const stage = (r: PartitionRange, m: KafkaMessage) => {
      result.messages++;
      let env: EventEnvelope<object>;
      try {
        env = decodeEvent(m.value);
      } catch {
        result.invalid++;
        return;
      }
      const at = Date.parse(env.occurredAt);
      if (at < from || at > to) {
        result.outsideWindow++;
        return;
      }
      r.seenAt = Math.max(r.seenAt, Number(m.timestamp));
      rows
        .row(7)
        .uuid(env.caseId)
        .int8(r.seenAt)
        .int2(r.rank)
        .int4(r.partition)
        .int8(Number(m.offset))
        .uuid(env.eventId)
        .text(JSON.stringify(env)); // the decoded envelope, as casework applies it and audit stores it
      result.staged++;
    };
    const pending = ranges.filter((r) => !r.isDone);
    if (pending.length) {
      await consume(source, ranges, async (r, messages) => {
        for (const m of messages) {
          // Each offset once: a seek applied after a first fetch may deliver some again.
          const offset = BigInt(m.offset);
          if (offset < r.next || offset >= r.end) continue;
          r.next = offset + 1n;
          stage(r, m);
        }
        const last = messages[messages.length - 1];
        if (last && BigInt(last.offset) + 1n >= r.end) r.isDone = true;
        if (rows.bytes >= SEND_BYTES && !copy.write(rows.take())) await copy.drained();
        onProgress(result.messages, total);
      });
    }
    copy.write(rows.trailer().take());
    await copy.finish();
    await writer.query('COMMIT');
    onProgress(result.messages, total);
    return result;
  } finally {
    await writer.end().catch(() => undefined);
  }

  async function partitionRanges(src: KafkaReplaySource): Promise<PartitionRange[]> {
    const admin = src.kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const out: PartitionRange[] = [];
      for (const [rank, topic] of CASE_TOPICS.entries()) {
        const fullTopic = ns + topic;
        if (!existing.has(fullTopic))
          throw new AuditInputError(`topic "${fullTopic}" does not exist (check KAFKA_NAMESPACE)`, {
            topic: fullTopic,
          });
        const offsets = await admin.fetchTopicOffsets(fullTopic);
        const since = src.since
          ? new Map(
              (await admin.fetchTopicOffsetsByTimestamp(fullTopic, src.since.getTime())).map((o) => [
                o.partition,
                o.offset,
              ]),
            )
          : undefined;
        for (const o of offsets) {
          const given = src.offsets?.find((s) => s.topic === topic && s.partition === o.partition);
          const low = BigInt(o.low);
          const end = BigInt(o.high);
          let start = given
            ? BigInt(given.offset)
            : since?.has(o.partition)
              ? BigInt(since.get(o.partition) as string)
              : low;
          if (start < low) start = low; // older messages are gone (they are kept for good, but a topic may be recreated)
          out.push({
            topic,
            fullTopic,
            rank,
            partition: o.partition,
            start,
            end,
            next: start,
            seenAt: 0,
            isDone: start >= end,
          });
        }
      }
      for (const s of src.offsets ?? [])
        if (!out.some((r) => r.topic === s.topic && r.partition === s.partition))
          throw new AuditInputError(`no partition ${s.partition} of case topic "${s.topic}"`, { ...s });
      return out;
    } finally {
      await admin.disconnect();
    }
  }

  async function consume(
    src: KafkaReplaySource,
    all: PartitionRange[],
    onBatch: (r: PartitionRange, messages: KafkaMessage[]) => Promise<void>,
  ): Promise<void> {
    // A group of its own that commits nothing, deleted at the end.
    const groupId = `${ns}audit-replay-${randomUUID()}`;
    const admin = src.kafka.admin();
    await admin.connect();
    const consumer = src.kafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: 200,
      sessionTimeout: 30000,
    });
    try {
      const byKey = new Map(all.map((r) => [`${r.fullTopic}:${r.partition}`, r]));
      let finish!: () => void;
      let fail!: (err: Error) => void;
      const finished = new Promise<void>((res, rej) => {
        finish = res;
        fail = rej;
      });
      consumer.on(consumer.events.CRASH, (e) => {
        if (!e.payload.restart) fail(e.payload.error);
      });
      await consumer.connect();
      await consumer.subscribe({ topics: [...new Set(all.map((r) => r.fullTopic))], fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        partitionsConsumedConcurrently: 1,
        eachBatch: async ({ batch, heartbeat, resolveOffset }) => {
          const r = byKey.get(`${batch.topic}:${batch.partition}`);
          if (!r || r.isDone) return;
          try {
            await onBatch(r, batch.messages);
          } catch (err) {
            fail(err as Error);
            throw err;
          }
          const last = batch.messages[batch.messages.length - 1];
          if (last) resolveOffset(last.offset);
          await heartbeat();
          if (all.every((p) => p.isDone)) finish();
          else if (r.isDone) consumer.pause([{ topic: r.fullTopic, partitions: [r.partition] }]);
        },
      });
      // Start each partition where asked (KafkaJS applies a seek made after run when it fetches).
      for (const r of all)
        consumer.seek({ topic: r.fullTopic, partition: r.partition, offset: String(r.start) });
      await finished;
    } finally {
      await consumer.disconnect().catch(() => undefined);
      await admin.deleteGroups([groupId]).catch(() => undefined);
      await admin.disconnect().catch(() => undefined);
    }
  }
}

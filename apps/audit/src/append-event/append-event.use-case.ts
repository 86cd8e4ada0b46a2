import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventEnvelope } from '@lib/contracts';
import { Clock } from '@lib/domain';
import { canonicalJson, chainHash, GENESIS_HASH } from '../domain/hash-chain';
import { WriterRole } from '../infrastructure/writer-role';

export interface KafkaCoordinates {
  topic: string;
  partition: number;
  offset: string;
}

/** Store an event once, as the next link of its case's hash chain (a directory entity's, for directory.changed). */
@Injectable()
export class AppendEventUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly writerRole: WriterRole,
  ) {}

  async execute(env: EventEnvelope<object>, at: KafkaCoordinates): Promise<boolean> {
    return (await this.executeBatch([{ env, at }])) === 1;
  }

  /**
   * Store a batch (one topic-partition's worth) in one transaction: lock the chain heads of its cases in a fixed
   * order, drop events already stored (or repeated in the batch), link the rest in order in memory and write
   * them with one statement. Returns how many events were stored.
   */
  async executeBatch(items: { env: EventEnvelope<object>; at: KafkaCoordinates }[]): Promise<number> {
    if (!items.length) return 0;
    return this.dataSource.transaction(async (m) => {
      // The rest of the transaction runs as a role that can insert links but never change or remove one.
      await this.writerRole.enter((sql, params) => m.query(sql, params));
      const caseIds = [...new Set(items.map((i) => i.env.caseId.toLowerCase()))].sort();
      // One writer per case chain at a time: events of a case arrive on several topics concurrently. Heads are
      // created and locked in case-id order, so two batches never wait for each other in a cycle.
      await m.query(
        `INSERT INTO case_chain_heads (case_id, last_seq, last_hash)
         SELECT id, 0, $2 FROM unnest($1::uuid[]) AS id ORDER BY id ON CONFLICT DO NOTHING`,
        [caseIds, GENESIS_HASH],
      );
      const heads: { case_id: string; last_seq: number; last_hash: string }[] = await m.query(
        `SELECT case_id, last_seq, last_hash FROM case_chain_heads WHERE case_id = ANY($1::uuid[])
         ORDER BY case_id FOR UPDATE`,
        [caseIds],
      );
      const seen: { event_id: string }[] = await m.query(
        `SELECT event_id FROM event_store WHERE event_id = ANY($1::uuid[])`,
        [[...new Set(items.map((i) => i.env.eventId.toLowerCase()))]],
      );
      const skip = new Set(seen.map((r) => r.event_id)); // delivered twice: stored once
      const head = new Map(heads.map((h) => [h.case_id, { seq: Number(h.last_seq), hash: h.last_hash }]));
      const storedAt = this.clock.now();
      const cols = {
        eventId: [] as string[],
        caseId: [] as string[],
        seq: [] as number[],
        type: [] as string[],
        version: [] as number[],
        occurredAt: [] as string[],
        topic: [] as string[],
        partition: [] as number[],
        offset: [] as string[],
        canonical: [] as string[],
        prevHash: [] as string[],
        hash: [] as string[],
      };
      for (const { env, at } of items) {
        const eventId = env.eventId.toLowerCase();
        if (skip.has(eventId)) continue;
        skip.add(eventId);
        const h = head.get(env.caseId.toLowerCase()) as { seq: number; hash: string };
        const canonical = canonicalJson(env);
        const hash = chainHash(h.hash, canonical);
        cols.eventId.push(env.eventId);
        cols.caseId.push(env.caseId);
        cols.seq.push(h.seq + 1);
        cols.type.push(env.eventType);
        cols.version.push(env.schemaVersion);
        cols.occurredAt.push(env.occurredAt);
        cols.topic.push(at.topic);
        cols.partition.push(at.partition);
        cols.offset.push(at.offset);
        cols.canonical.push(canonical);
        cols.prevHash.push(h.hash);
        cols.hash.push(hash);
        h.seq += 1;
        h.hash = hash;
      }
      if (!cols.eventId.length) return 0;
      await m.query(
        `INSERT INTO event_store (event_id, case_id, case_seq, event_type, schema_version, occurred_at, topic,
           kafka_partition, kafka_offset, stored_at, envelope, canonical, prev_hash, hash)
         SELECT event_id, case_id, case_seq, event_type, schema_version, occurred_at, topic, kafka_partition,
           kafka_offset, $10, canonical::jsonb, canonical, prev_hash, hash
         FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[], $5::int[], $6::timestamptz[], $7::text[],
           $8::int[], $9::bigint[], $11::text[], $12::text[], $13::text[])
           AS x(event_id, case_id, case_seq, event_type, schema_version, occurred_at, topic, kafka_partition,
             kafka_offset, canonical, prev_hash, hash)`,
        [
          cols.eventId,
          cols.caseId,
          cols.seq,
          cols.type,
          cols.version,
          cols.occurredAt,
          cols.topic,
          cols.partition,
          cols.offset,
          storedAt,
          cols.canonical,
          cols.prevHash,
          cols.hash,
        ],
      );
      const moved = [...head];
      await m.query(
        `UPDATE case_chain_heads h SET last_seq = x.seq, last_hash = x.hash
         FROM unnest($1::uuid[], $2::int[], $3::text[]) AS x(case_id, seq, hash)
         WHERE h.case_id = x.case_id AND h.last_seq <> x.seq`,
        [moved.map(([id]) => id), moved.map(([, h]) => h.seq), moved.map(([, h]) => h.hash)],
      );
      return cols.eventId.length;
    });
  }
}

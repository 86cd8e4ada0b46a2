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

/** Store an event once, as the next link of its case's hash chain. */
@Injectable()
export class AppendEventUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly writerRole: WriterRole,
  ) {}

  async execute(env: EventEnvelope<object>, at: KafkaCoordinates): Promise<boolean> {
    return this.dataSource.transaction(async (m) => {
      // The rest of the transaction runs as a role that can insert links but never change or remove one.
      await this.writerRole.enter((sql, params) => m.query(sql, params));
      // One writer per case chain at a time: events of a case arrive on several topics concurrently.
      await m.query(
        `INSERT INTO case_chain_heads (case_id, last_seq, last_hash) VALUES ($1, 0, $2) ON CONFLICT DO NOTHING`,
        [env.caseId, GENESIS_HASH],
      );
      const [head] = await m.query(
        `SELECT last_seq, last_hash FROM case_chain_heads WHERE case_id = $1 FOR UPDATE`,
        [env.caseId],
      );
      const seen = await m.query(`SELECT 1 FROM event_store WHERE event_id = $1`, [env.eventId]);
      if (seen.length) return false; // delivered twice: stored once
      const canonical = canonicalJson(env);
      const hash = chainHash(head.last_hash, canonical);
      const seq = Number(head.last_seq) + 1;
      await m.query(
        `INSERT INTO event_store (event_id, case_id, case_seq, event_type, schema_version, occurred_at, topic,
           kafka_partition, kafka_offset, stored_at, envelope, canonical, prev_hash, hash)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)`,
        [
          env.eventId,
          env.caseId,
          seq,
          env.eventType,
          env.schemaVersion,
          env.occurredAt,
          at.topic,
          at.partition,
          at.offset,
          this.clock.now(),
          canonical,
          canonical,
          head.last_hash,
          hash,
        ],
      );
      await m.query(`UPDATE case_chain_heads SET last_seq = $2, last_hash = $3 WHERE case_id = $1`, [
        env.caseId,
        seq,
        hash,
      ]);
      return true;
    });
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';
import { createMessagingTablesV1, dropMessagingTablesV1 } from '@lib/messaging';
import { schemaOf } from '@lib/persistence';

export class CreateAuditSchema1763900000000 implements MigrationInterface {
  name = 'CreateAuditSchema1763900000000';

  async up(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`CREATE TABLE "${s}"."event_store" (
      "seq" bigserial PRIMARY KEY,
      "event_id" uuid NOT NULL UNIQUE,
      "case_id" uuid NOT NULL,
      "case_seq" int NOT NULL,
      "event_type" text NOT NULL,
      "schema_version" int NOT NULL,
      "occurred_at" timestamptz NOT NULL,
      "topic" text NOT NULL,
      "kafka_partition" int NOT NULL,
      "kafka_offset" bigint NOT NULL,
      "stored_at" timestamptz NOT NULL,
      "envelope" jsonb NOT NULL,
      "canonical" text NOT NULL,
      "prev_hash" char(64) NOT NULL,
      "hash" char(64) NOT NULL,
      UNIQUE ("case_id", "case_seq")
    )`);
    await q.query(`CREATE INDEX "event_store_stored_at_idx" ON "${s}"."event_store" ("stored_at")`);
    await q.query(`CREATE TABLE "${s}"."case_chain_heads" (
      "case_id" uuid PRIMARY KEY,
      "last_seq" int NOT NULL,
      "last_hash" char(64) NOT NULL
    )`);
    // Append-only in the database itself: no UPDATE, DELETE or TRUNCATE, whoever asks.
    await q.query(`CREATE FUNCTION "${s}".refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'event_store is append-only (% refused)', TG_OP; END $$`);
    await q.query(`CREATE TRIGGER event_store_append_only BEFORE UPDATE OR DELETE ON "${s}"."event_store"
      FOR EACH ROW EXECUTE FUNCTION "${s}".refuse_change()`);
    await q.query(`CREATE TRIGGER event_store_no_truncate BEFORE TRUNCATE ON "${s}"."event_store"
      FOR EACH STATEMENT EXECUTE FUNCTION "${s}".refuse_change()`);
    await createMessagingTablesV1(q, s);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await dropMessagingTablesV1(q, s);
    await q.query(`DROP TABLE "${s}"."case_chain_heads"`);
    await q.query(`DROP TABLE "${s}"."event_store"`);
    await q.query(`DROP FUNCTION "${s}".refuse_change()`);
  }
}

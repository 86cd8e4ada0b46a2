import { QueryRunner } from 'typeorm';

// Frozen v1 of the outbox and inbox tables. Migrations call this; a later change gets a new function, never an edit.
export async function createMessagingTablesV1(q: QueryRunner, schema: string): Promise<void> {
  await q.query(`CREATE TABLE "${schema}"."outbox" (
    "id" bigserial PRIMARY KEY,
    "event_id" uuid NOT NULL UNIQUE,
    "topic" text NOT NULL,
    "message_key" text NOT NULL,
    "value" text NOT NULL,
    "headers" jsonb NOT NULL DEFAULT '{}',
    "created_at" timestamptz NOT NULL DEFAULT now()
  )`);
  await q.query(`CREATE TABLE "${schema}"."inbox" (
    "consumer" text NOT NULL,
    "event_id" uuid NOT NULL,
    "applied_at" timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY ("consumer", "event_id")
  )`);
}

export async function dropMessagingTablesV1(q: QueryRunner, schema: string): Promise<void> {
  await q.query(`DROP TABLE IF EXISTS "${schema}"."inbox"`);
  await q.query(`DROP TABLE IF EXISTS "${schema}"."outbox"`);
}

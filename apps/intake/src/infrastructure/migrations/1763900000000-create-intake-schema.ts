import { MigrationInterface, QueryRunner } from 'typeorm';
import { createMessagingTablesV1, dropMessagingTablesV1 } from '@lib/messaging';
import { schemaOf } from '@lib/persistence';

export class CreateIntakeSchema1763900000000 implements MigrationInterface {
  name = 'CreateIntakeSchema1763900000000';

  async up(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`CREATE TABLE "${s}"."cases" (
      "id" uuid PRIMARY KEY,
      "tracking_code" text NOT NULL UNIQUE,
      "channel" text NOT NULL,
      "channel_details" jsonb NOT NULL DEFAULT '{}',
      "received_at" timestamptz NOT NULL,
      "registered_at" timestamptz NOT NULL,
      "petitioner_type" text NOT NULL,
      "petitioner" jsonb NOT NULL,
      "content" text NOT NULL,
      "ward_code" text,
      "location_text" text,
      "is_anonymous" boolean NOT NULL,
      "repeat_of_case_id" uuid,
      "attachments" jsonb NOT NULL DEFAULT '[]'
    )`);
    await q.query(`CREATE INDEX "cases_registered_at_idx" ON "${s}"."cases" ("registered_at")`);
    await q.query(`CREATE TABLE "${s}"."idempotency_keys" (
      "key" text PRIMARY KEY,
      "request_hash" text NOT NULL,
      "status_code" int NOT NULL,
      "response" jsonb NOT NULL,
      "created_at" timestamptz NOT NULL
    )`);
    await createMessagingTablesV1(q, s);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await dropMessagingTablesV1(q, s);
    await q.query(`DROP TABLE "${s}"."idempotency_keys"`);
    await q.query(`DROP TABLE "${s}"."cases"`);
  }
}

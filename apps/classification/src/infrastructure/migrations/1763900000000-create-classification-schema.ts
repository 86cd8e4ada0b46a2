import { MigrationInterface, QueryRunner } from 'typeorm';
import { createMessagingTablesV1, dropMessagingTablesV1 } from '@lib/messaging';
import { schemaOf } from '@lib/persistence';

export class CreateClassificationSchema1763900000000 implements MigrationInterface {
  name = 'CreateClassificationSchema1763900000000';

  async up(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`CREATE TABLE "${s}"."classifications" (
      "case_id" uuid PRIMARY KEY,
      "kind" text NOT NULL,
      "domain" text NOT NULL,
      "level" text NOT NULL,
      "is_urgent" boolean NOT NULL,
      "confidence" jsonb NOT NULL,
      "explanation" jsonb NOT NULL,
      "model_version" text NOT NULL,
      "is_triage" boolean NOT NULL,
      "is_manual" boolean NOT NULL DEFAULT false,
      "content" text NOT NULL,
      "ward_code" text,
      "is_anonymous" boolean NOT NULL DEFAULT false,
      "received_at" timestamptz,
      "tracking_code" text,
      "classified_at" timestamptz NOT NULL
    )`);
    await q.query(`CREATE TABLE "${s}"."feedback" (
      "event_id" uuid PRIMARY KEY,
      "case_id" uuid NOT NULL,
      "content" text NOT NULL,
      "predicted" jsonb NOT NULL,
      "corrected" jsonb NOT NULL,
      "actor_id" text NOT NULL,
      "created_at" timestamptz NOT NULL
    )`);
    await createMessagingTablesV1(q, s);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await dropMessagingTablesV1(q, s);
    await q.query(`DROP TABLE "${s}"."feedback"`);
    await q.query(`DROP TABLE "${s}"."classifications"`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';
import { createMessagingTablesV1, dropMessagingTablesV1 } from '@lib/messaging';
import { schemaOf } from '@lib/persistence';

export class CreateCaseworkSchema1763900000000 implements MigrationInterface {
  name = 'CreateCaseworkSchema1763900000000';

  async up(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`CREATE TABLE "${s}"."cases" (
      "case_id" uuid PRIMARY KEY,
      "tracking_code" text,
      "status" text NOT NULL,
      "kind" text,
      "domain" text,
      "ward_code" text,
      "lead_unit_id" text,
      "handler_id" text,
      "due_at" timestamptz,
      "escalation_level" int NOT NULL DEFAULT 0,
      "escalated_to_unit_id" text,
      "state" jsonb NOT NULL,
      "updated_at" timestamptz NOT NULL
    )`);
    await q.query(`CREATE UNIQUE INDEX "cases_tracking_code_idx" ON "${s}"."cases" ("tracking_code")`);
    await q.query(`CREATE INDEX "cases_unit_due_idx" ON "${s}"."cases" ("lead_unit_id", "due_at")`);
    await q.query(`CREATE INDEX "cases_handler_due_idx" ON "${s}"."cases" ("handler_id", "due_at")`);
    await q.query(`CREATE INDEX "cases_status_idx" ON "${s}"."cases" ("status")`);
    await q.query(`CREATE TABLE "${s}"."case_timeline" (
      "event_id" uuid PRIMARY KEY,
      "case_id" uuid NOT NULL,
      "event_type" text NOT NULL,
      "occurred_at" timestamptz NOT NULL,
      "actor_type" text NOT NULL,
      "actor_id" text NOT NULL,
      "summary" text NOT NULL,
      "reason" text
    )`);
    await q.query(
      `CREATE INDEX "case_timeline_case_idx" ON "${s}"."case_timeline" ("case_id", "occurred_at")`,
    );
    await createMessagingTablesV1(q, s);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await dropMessagingTablesV1(q, s);
    await q.query(`DROP TABLE "${s}"."case_timeline"`);
    await q.query(`DROP TABLE "${s}"."cases"`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';
import { createMessagingTablesV1, dropMessagingTablesV1 } from '@lib/messaging';
import { schemaOf } from '@lib/persistence';

export class CreateEscalationSchema1763900000000 implements MigrationInterface {
  name = 'CreateEscalationSchema1763900000000';

  async up(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`CREATE TABLE "${s}"."deadline_timers" (
      "id" bigserial PRIMARY KEY,
      "case_id" uuid NOT NULL,
      "stage" text NOT NULL,
      "lead_unit_id" text NOT NULL,
      "handler_id" text NOT NULL,
      "responsible_person_id" text NOT NULL,
      "due_at" timestamptz NOT NULL,
      "status" text NOT NULL CHECK ("status" IN ('active','paused','stopped')),
      "next_fire_at" timestamptz,
      "created_at" timestamptz NOT NULL,
      "updated_at" timestamptz NOT NULL,
      UNIQUE ("case_id", "stage")
    )`);
    // The sweep reads only due, active timers: its cost follows what is due, not what is open.
    await q.query(
      `CREATE INDEX "deadline_timers_due_idx" ON "${s}"."deadline_timers" ("next_fire_at") WHERE "status" = 'active'`,
    );
    await createMessagingTablesV1(q, s);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await dropMessagingTablesV1(q, s);
    await q.query(`DROP TABLE "${s}"."deadline_timers"`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '@lib/persistence';

/** The escalation ladder as data, the step ledger, and what a timer needs to climb the ladder. */
export class AddEscalationLadder1764000000000 implements MigrationInterface {
  name = 'AddEscalationLadder1764000000000';

  async up(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`CREATE TABLE "${s}"."ladder_versions" (
      "version" text PRIMARY KEY,
      "effective_from" timestamptz NOT NULL,
      "description" text NOT NULL DEFAULT '',
      "loaded_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE "${s}"."escalation_ladders" (
      "key" text PRIMARY KEY,
      "id" text NOT NULL,
      "version" text NOT NULL REFERENCES "${s}"."ladder_versions" ("version"),
      "effective_from" timestamptz NOT NULL,
      "stage" text CHECK ("stage" IN ('processing','acceptance','resolution')),
      "policy_id" text,
      "warning_working_days" int NOT NULL CHECK ("warning_working_days" >= 0),
      "escalate_after_working_days" int NOT NULL CHECK ("escalate_after_working_days" >= 0),
      "next_rung_after_working_days" int NOT NULL CHECK ("next_rung_after_working_days" >= 1),
      "max_level" int CHECK ("max_level" >= 0),
      "is_pausable" boolean NOT NULL,
      "on_reassignment" text NOT NULL CHECK ("on_reassignment" IN ('keep','restart')),
      "max_extensions" int NOT NULL CHECK ("max_extensions" >= 0),
      "max_extension_days" int NOT NULL CHECK ("max_extension_days" >= 0),
      "legal_basis" text NOT NULL,
      UNIQUE ("version", "id")
    )`);

    await q.query(
      `ALTER TABLE "${s}"."deadline_timers" DROP CONSTRAINT IF EXISTS "deadline_timers_status_check"`,
    );
    // 'completed': every rung has fired; nothing is left to sweep, but the timer still takes changes.
    await q.query(`ALTER TABLE "${s}"."deadline_timers" ADD CONSTRAINT "deadline_timers_status_check"
      CHECK ("status" IN ('active','paused','stopped','completed'))`);
    await q.query(`ALTER TABLE "${s}"."deadline_timers"
      ADD COLUMN "lead_unit_name" text NOT NULL DEFAULT '',
      ADD COLUMN "policy_id" text NOT NULL DEFAULT '',
      ADD COLUMN "escalation_chain" jsonb NOT NULL DEFAULT '[]',
      ADD COLUMN "reassignment_count" int NOT NULL DEFAULT 0,
      ADD COLUMN "ladder_key" text REFERENCES "${s}"."escalation_ladders" ("key"),
      ADD COLUMN "round" int NOT NULL DEFAULT 0,
      ADD COLUMN "next_step" int NOT NULL DEFAULT 0,
      ADD COLUMN "started_at" timestamptz,
      ADD COLUMN "original_due_at" timestamptz,
      ADD COLUMN "paused_at" timestamptz,
      ADD COLUMN "paused_working_days" int NOT NULL DEFAULT 0,
      ADD COLUMN "extension_count" int NOT NULL DEFAULT 0,
      ADD COLUMN "stop_reason" text,
      ADD COLUMN "correlation_id" uuid,
      ADD COLUMN "assigned_event_id" uuid`);
    // Timers stored before the ladder existed: start their round at creation and let the next sweep plan them.
    await q.query(`UPDATE "${s}"."deadline_timers" SET "started_at" = "created_at", "original_due_at" = "due_at",
      "next_fire_at" = LEAST("next_fire_at", "created_at") WHERE "status" = 'active'`);
    await q.query(`UPDATE "${s}"."deadline_timers" SET "started_at" = "created_at", "original_due_at" = "due_at"
      WHERE "started_at" IS NULL`);
    await q.query(`ALTER TABLE "${s}"."deadline_timers" ALTER COLUMN "started_at" SET NOT NULL,
      ALTER COLUMN "original_due_at" SET NOT NULL`);

    // The ledger: one row per fired step. Its key is what makes a step fire once across replicas and crashes.
    await q.query(`CREATE TABLE "${s}"."escalation_steps" (
      "case_id" uuid NOT NULL,
      "stage" text NOT NULL,
      "step_id" text NOT NULL,
      "event_id" uuid NOT NULL UNIQUE,
      "timer_id" bigint NOT NULL,
      "round" int NOT NULL,
      "step" text NOT NULL CHECK ("step" IN ('warning','overdue','escalated')),
      "level" int NOT NULL,
      "target_unit_id" text NOT NULL,
      "target_person_id" text,
      "days_overdue" int NOT NULL,
      "due_at" timestamptz NOT NULL,
      "scheduled_at" timestamptz NOT NULL,
      "fired_at" timestamptz NOT NULL,
      PRIMARY KEY ("case_id", "stage", "step_id")
    )`);
    await q.query(
      `CREATE INDEX "escalation_steps_target_idx" ON "${s}"."escalation_steps" ("target_unit_id")`,
    );

    // Cases closed for good (resolved, rejected, filed, withdrawn): a late case.assigned never re-arms a clock.
    await q.query(`CREATE TABLE "${s}"."closed_cases" (
      "case_id" uuid PRIMARY KEY,
      "activity" text NOT NULL,
      "closed_at" timestamptz NOT NULL
    )`);
    // Every change a consumer applied to a clock, or refused and why (an invalid extension, a pause not allowed…).
    await q.query(`CREATE TABLE "${s}"."timer_changes" (
      "id" bigserial PRIMARY KEY,
      "case_id" uuid NOT NULL,
      "stage" text,
      "event_id" uuid NOT NULL,
      "change" text NOT NULL,
      "outcome" text NOT NULL CHECK ("outcome" IN ('applied','rejected','ignored')),
      "reason" text NOT NULL DEFAULT '',
      "detail" jsonb NOT NULL DEFAULT '{}',
      "recorded_at" timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX "timer_changes_case_idx" ON "${s}"."timer_changes" ("case_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`DROP TABLE "${s}"."timer_changes"`);
    await q.query(`DROP TABLE "${s}"."closed_cases"`);
    await q.query(`DROP TABLE "${s}"."escalation_steps"`);
    await q.query(`ALTER TABLE "${s}"."deadline_timers"
      DROP COLUMN "lead_unit_name", DROP COLUMN "policy_id", DROP COLUMN "escalation_chain",
      DROP COLUMN "reassignment_count", DROP COLUMN "ladder_key", DROP COLUMN "round", DROP COLUMN "next_step",
      DROP COLUMN "started_at", DROP COLUMN "original_due_at", DROP COLUMN "paused_at",
      DROP COLUMN "paused_working_days", DROP COLUMN "extension_count", DROP COLUMN "stop_reason",
      DROP COLUMN "correlation_id", DROP COLUMN "assigned_event_id"`);
    await q.query(`UPDATE "${s}"."deadline_timers" SET "status" = 'stopped' WHERE "status" = 'completed'`);
    await q.query(`ALTER TABLE "${s}"."deadline_timers" DROP CONSTRAINT "deadline_timers_status_check"`);
    await q.query(`ALTER TABLE "${s}"."deadline_timers" ADD CONSTRAINT "deadline_timers_status_check"
      CHECK ("status" IN ('active','paused','stopped'))`);
    await q.query(`DROP TABLE "${s}"."escalation_ladders"`);
    await q.query(`DROP TABLE "${s}"."ladder_versions"`);
  }
}

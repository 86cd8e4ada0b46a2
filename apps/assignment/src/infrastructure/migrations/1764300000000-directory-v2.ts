import { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '@lib/persistence';

/**
 * Org directory v2: place names and remote areas on units; annotate rules, excluded flags and unit-type targets on
 * routing rules; instance/complexity/area and effective dates that decide SLA policies; the years the calendar
 * data decides; what a case was routed from (for re-routing); and the log of admin changes.
 */
export class DirectoryV21764300000000 implements MigrationInterface {
  name = 'DirectoryV21764300000000';

  async up(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`ALTER TABLE "${s}"."units"
      ADD COLUMN "area_name" text,
      ADD COLUMN "area_type" text,
      ADD COLUMN "aliases" text[] NOT NULL DEFAULT '{}',
      ADD COLUMN "is_remote" boolean NOT NULL DEFAULT false`);
    await q.query(
      `CREATE INDEX "units_ward_code_idx" ON "${s}"."units" ("ward_code") WHERE "ward_code" IS NOT NULL`,
    );
    await q.query(`ALTER TABLE "${s}"."staff"
      ADD COLUMN "effective_from" date NOT NULL DEFAULT '2000-01-01',
      ADD COLUMN "effective_to" date`);
    await q.query(`ALTER TABLE "${s}"."routing_rules"
      ADD COLUMN "effect" text NOT NULL DEFAULT 'route' CHECK ("effect" IN ('route','annotate')),
      ADD COLUMN "excluded_flags" text[] NOT NULL DEFAULT '{}',
      ADD COLUMN "target_unit_type" text`);
    await q.query(`ALTER TABLE "${s}"."sla_policies"
      ADD COLUMN "instances" int[] NOT NULL DEFAULT '{1,2}',
      ADD COLUMN "complexities" text[] NOT NULL DEFAULT '{normal,complex}',
      ADD COLUMN "areas" text[] NOT NULL DEFAULT '{normal,remote}',
      ADD COLUMN "is_statutory" boolean NOT NULL DEFAULT true`);
    await q.query(`CREATE TABLE "${s}"."calendar_years" (
      "year" int PRIMARY KEY,
      "seed_version" text NOT NULL
    )`);
    await q.query(`ALTER TABLE "${s}"."assignments"
      ADD COLUMN "input_flags" text[] NOT NULL DEFAULT '{}',
      ADD COLUMN "submitted_to_level" text,
      ADD COLUMN "area_unit_id" text,
      ADD COLUMN "instance" int NOT NULL DEFAULT 1,
      ADD COLUMN "complexity" text NOT NULL DEFAULT 'normal'`);
    await q.query(`CREATE TABLE "${s}"."directory_changes" (
      "id" bigserial PRIMARY KEY,
      "entity" text NOT NULL,
      "entity_id" text NOT NULL,
      "action" text NOT NULL,
      "before" jsonb,
      "after" jsonb,
      "effective_from" date NOT NULL,
      "reason" text,
      "actor_id" text NOT NULL,
      "status" text NOT NULL CHECK ("status" IN ('applied','scheduled')),
      "changed_at" timestamptz NOT NULL DEFAULT now(),
      "applied_at" timestamptz
    )`);
    await q.query(
      `CREATE INDEX "directory_changes_scheduled_idx" ON "${s}"."directory_changes" ("effective_from") WHERE "status" = 'scheduled'`,
    );
    await q.query(
      `CREATE INDEX "directory_changes_entity_idx" ON "${s}"."directory_changes" ("entity", "entity_id", "id")`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`DROP TABLE "${s}"."directory_changes"`);
    await q.query(`ALTER TABLE "${s}"."assignments"
      DROP COLUMN "input_flags", DROP COLUMN "submitted_to_level", DROP COLUMN "area_unit_id",
      DROP COLUMN "instance", DROP COLUMN "complexity"`);
    await q.query(`DROP TABLE "${s}"."calendar_years"`);
    await q.query(`ALTER TABLE "${s}"."sla_policies"
      DROP COLUMN "instances", DROP COLUMN "complexities", DROP COLUMN "areas", DROP COLUMN "is_statutory"`);
    await q.query(`ALTER TABLE "${s}"."routing_rules"
      DROP COLUMN "effect", DROP COLUMN "excluded_flags", DROP COLUMN "target_unit_type"`);
    await q.query(`ALTER TABLE "${s}"."staff" DROP COLUMN "effective_from", DROP COLUMN "effective_to"`);
    await q.query(`DROP INDEX "${s}"."units_ward_code_idx"`);
    await q.query(`ALTER TABLE "${s}"."units"
      DROP COLUMN "area_name", DROP COLUMN "area_type", DROP COLUMN "aliases", DROP COLUMN "is_remote"`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';
import { createMessagingTablesV1, dropMessagingTablesV1 } from '@lib/messaging';
import { schemaOf } from '@lib/persistence';

export class CreateAssignmentSchema1763900000000 implements MigrationInterface {
  name = 'CreateAssignmentSchema1763900000000';

  async up(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`CREATE TABLE "${s}"."units" (
      "id" text PRIMARY KEY,
      "name" text NOT NULL,
      "type" text NOT NULL,
      "level" text NOT NULL,
      "parent_id" text REFERENCES "${s}"."units"("id"),
      "head_staff_id" text,
      "ward_code" text,
      "domains" text[] NOT NULL DEFAULT '{}',
      "effective_from" date NOT NULL DEFAULT '2000-01-01',
      "effective_to" date
    )`);
    await q.query(`CREATE INDEX "units_parent_idx" ON "${s}"."units" ("parent_id")`);
    await q.query(`CREATE TABLE "${s}"."staff" (
      "id" text PRIMARY KEY,
      "unit_id" text NOT NULL REFERENCES "${s}"."units"("id"),
      "full_name" text NOT NULL,
      "role" text NOT NULL,
      "skills" text[] NOT NULL DEFAULT '{}',
      "is_active" boolean NOT NULL DEFAULT true
    )`);
    await q.query(`CREATE TABLE "${s}"."routing_rules" (
      "id" text PRIMARY KEY,
      "priority" int NOT NULL,
      "kind" text,
      "domain" text,
      "level" text,
      "required_flags" text[] NOT NULL DEFAULT '{}',
      "target" text NOT NULL,
      "target_level" text,
      "target_unit_id" text,
      "coordinating_unit_ids" text[] NOT NULL DEFAULT '{}',
      "flags_to_add" text[] NOT NULL DEFAULT '{}',
      "reason" text NOT NULL,
      "effective_from" date NOT NULL DEFAULT '2000-01-01',
      "effective_to" date
    )`);
    await q.query(`CREATE TABLE "${s}"."sla_policies" (
      "id" text PRIMARY KEY,
      "kind" text,
      "stage" text NOT NULL,
      "amount" int NOT NULL,
      "unit" text NOT NULL,
      "legal_basis" text NOT NULL,
      "effective_from" date NOT NULL DEFAULT '2000-01-01',
      "effective_to" date
    )`);
    await q.query(`CREATE TABLE "${s}"."calendar_days" (
      "date" date PRIMARY KEY,
      "type" text NOT NULL CHECK ("type" IN ('holiday','working')),
      "name" text NOT NULL,
      "is_provisional" boolean NOT NULL DEFAULT false
    )`);
    await q.query(`CREATE TABLE "${s}"."seed_versions" (
      "version" text PRIMARY KEY,
      "applied_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE "${s}"."assignments" (
      "case_id" uuid PRIMARY KEY,
      "tracking_code" text,
      "kind" text NOT NULL,
      "domain" text NOT NULL,
      "level" text NOT NULL,
      "ward_code" text,
      "lead_unit_id" text NOT NULL,
      "coordinating_unit_ids" text[] NOT NULL DEFAULT '{}',
      "handler_id" text NOT NULL,
      "responsible_person_id" text NOT NULL,
      "rule_id" text NOT NULL,
      "reason" text NOT NULL,
      "flags" text[] NOT NULL DEFAULT '{}',
      "stage" text NOT NULL,
      "policy_id" text NOT NULL,
      "received_at" timestamptz NOT NULL,
      "due_at" timestamptz NOT NULL,
      "reassignment_count" int NOT NULL DEFAULT 0,
      "declined_unit_ids" text[] NOT NULL DEFAULT '{}',
      "is_open" boolean NOT NULL DEFAULT true,
      "assigned_at" timestamptz NOT NULL
    )`);
    await q.query(
      `CREATE INDEX "assignments_open_handler_idx" ON "${s}"."assignments" ("handler_id") WHERE "is_open"`,
    );
    await createMessagingTablesV1(q, s);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await dropMessagingTablesV1(q, s);
    for (const t of [
      'assignments',
      'seed_versions',
      'calendar_days',
      'sla_policies',
      'routing_rules',
      'staff',
      'units',
    ]) {
      await q.query(`DROP TABLE "${s}"."${t}"`);
    }
  }
}

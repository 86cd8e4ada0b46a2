import { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '@lib/persistence';

export class AddUsersSessionsAndProtectedData1763910000000 implements MigrationInterface {
  name = 'AddUsersSessionsAndProtectedData1763910000000';

  async up(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`CREATE TABLE "${s}"."users" (
      "id" text PRIMARY KEY,
      "username" text NOT NULL UNIQUE,
      "password_hash" text NOT NULL,
      "full_name" text NOT NULL,
      "role" text NOT NULL CHECK ("role" IN ('intake_clerk','handler','unit_head','auditor','admin')),
      "unit_id" text NOT NULL,
      "staff_id" text,
      "is_active" boolean NOT NULL DEFAULT true
    )`);
    await q.query(`CREATE TABLE "${s}"."sessions" (
      "token_hash" char(64) PRIMARY KEY,
      "user_id" text NOT NULL REFERENCES "${s}"."users"("id"),
      "csrf_token" text NOT NULL,
      "created_at" timestamptz NOT NULL,
      "expires_at" timestamptz NOT NULL,
      "last_seen_at" timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX "sessions_expires_idx" ON "${s}"."sessions" ("expires_at")`);
    // Petitioner identity lives apart from the read model and is served only to roles entitled to it.
    await q.query(`CREATE TABLE "${s}"."case_petitioners" (
      "case_id" uuid PRIMARY KEY,
      "type" text NOT NULL,
      "full_name" text,
      "national_id" text,
      "phone" text,
      "address" text,
      "organisation_name" text,
      "signatory_count" int,
      "name_folded" text
    )`);
    await q.query(`CREATE TABLE "${s}"."access_log" (
      "id" bigserial PRIMARY KEY,
      "case_id" uuid NOT NULL,
      "user_id" text NOT NULL,
      "role" text NOT NULL,
      "fields" text[] NOT NULL,
      "purpose" text NOT NULL,
      "at" timestamptz NOT NULL
    )`);
    await q.query(`ALTER TABLE "${s}"."cases" ADD COLUMN "ancestor_unit_ids" text[] NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE "${s}"."cases" ADD COLUMN "content_folded" text`);
    await q.query(`CREATE INDEX "cases_escalated_to_idx" ON "${s}"."cases" ("escalated_to_unit_id")`);
    await q.query(`CREATE INDEX "cases_ancestors_idx" ON "${s}"."cases" USING gin ("ancestor_unit_ids")`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`DROP INDEX "${s}"."cases_ancestors_idx"`);
    await q.query(`DROP INDEX "${s}"."cases_escalated_to_idx"`);
    await q.query(`ALTER TABLE "${s}"."cases" DROP COLUMN "content_folded"`);
    await q.query(`ALTER TABLE "${s}"."cases" DROP COLUMN "ancestor_unit_ids"`);
    for (const t of ['access_log', 'case_petitioners', 'sessions', 'users'])
      await q.query(`DROP TABLE "${s}"."${t}"`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '@lib/persistence';

export class AddRepeatDetectionAndConferences1763920000000 implements MigrationInterface {
  name = 'AddRepeatDetectionAndConferences1763920000000';

  async up(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`ALTER TABLE "${s}"."cases" ADD COLUMN "petitioner_key" char(64)`);
    await q.query(`ALTER TABLE "${s}"."cases" ADD COLUMN "content_folded" text`);
    await q.query(`ALTER TABLE "${s}"."cases" ADD COLUMN "conference_id" uuid`);
    await q.query(`ALTER TABLE "${s}"."cases" ADD COLUMN "is_repeat" boolean NOT NULL DEFAULT false`);
    await q.query(
      `CREATE INDEX "cases_petitioner_key_idx" ON "${s}"."cases" ("petitioner_key", "received_at") WHERE "petitioner_key" IS NOT NULL`,
    );
    await q.query(`CREATE TABLE "${s}"."conferences" (
      "id" uuid PRIMARY KEY,
      "file_sha256" char(64) NOT NULL UNIQUE,
      "file_name" text NOT NULL,
      "held_on" date NOT NULL,
      "place" text NOT NULL,
      "chair" text NOT NULL,
      "report" jsonb NOT NULL,
      "imported_at" timestamptz NOT NULL
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`DROP TABLE "${s}"."conferences"`);
    await q.query(`DROP INDEX "${s}"."cases_petitioner_key_idx"`);
    for (const c of ['is_repeat', 'conference_id', 'content_folded', 'petitioner_key']) {
      await q.query(`ALTER TABLE "${s}"."cases" DROP COLUMN "${c}"`);
    }
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '@lib/persistence';

/**
 * Open cases per (lead unit, handler): the handler choice counts them for every batch. A partial index on exactly
 * those columns answers the count from the index alone, instead of visiting every open assignment's row.
 */
export class OpenWorkloadIndex1764800000000 implements MigrationInterface {
  name = 'OpenWorkloadIndex1764800000000';

  async up(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(
      `CREATE INDEX "assignments_open_unit_handler_idx" ON "${s}"."assignments" ("lead_unit_id", "handler_id") WHERE "is_open"`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "${schemaOf(q)}"."assignments_open_unit_handler_idx"`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';
import { tokenRevocationsDdl } from '@lib/auth';
import { schemaOf } from '@lib/persistence';

/** casework's withdrawals of internal tokens (access.revoked), which the InternalAuthGuard checks. */
export class TokenRevocations1764900000000 implements MigrationInterface {
  name = 'TokenRevocations1764900000000';

  async up(q: QueryRunner): Promise<void> {
    for (const statement of tokenRevocationsDdl(schemaOf(q))) await q.query(statement);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "${schemaOf(q)}"."token_revocations"`);
  }
}

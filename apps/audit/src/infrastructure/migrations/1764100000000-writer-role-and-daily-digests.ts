import { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '@lib/persistence';

/** The role the service appends as: it may add links and digests, never change or remove them. */
export const AUDIT_WRITER_ROLE = 'audit_writer';

export class WriterRoleAndDailyDigests1764100000000 implements MigrationInterface {
  name = 'WriterRoleAndDailyDigests1764100000000';

  async up(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`CREATE FUNCTION "${s}".refuse_digest_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'daily_digests is append-only (% refused)', TG_OP; END $$`);
    await q.query(`CREATE TABLE "${s}"."daily_digests" (
      "day" date PRIMARY KEY,
      "time_zone" text NOT NULL,
      "event_count" int NOT NULL,
      "first_seq" bigint,
      "last_seq" bigint,
      "day_hash" char(64) NOT NULL,
      "prev_digest" char(64) NOT NULL,
      "digest" char(64) NOT NULL,
      "computed_at" timestamptz NOT NULL
    )`);
    await q.query(`CREATE TRIGGER daily_digests_append_only BEFORE UPDATE OR DELETE ON "${s}"."daily_digests"
      FOR EACH ROW EXECUTE FUNCTION "${s}".refuse_digest_change()`);
    await q.query(`CREATE TRIGGER daily_digests_no_truncate BEFORE TRUNCATE ON "${s}"."daily_digests"
      FOR EACH STATEMENT EXECUTE FUNCTION "${s}".refuse_digest_change()`);
    // timeline accepts the tracking code a citizen quotes.
    await q.query(`CREATE INDEX "event_store_tracking_code_idx" ON "${s}"."event_store"
      ((envelope #>> '{payload,trackingCode}')) WHERE event_type = 'case.received'`);

    // Roles are cluster-wide and creating one needs CREATEROLE: where the migration's user lacks it, the
    // service runs on the trigger alone and says so at start-up (docs/audit.md).
    await q.query(`DO $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${AUDIT_WRITER_ROLE}') THEN
          BEGIN
            CREATE ROLE ${AUDIT_WRITER_ROLE} NOLOGIN;
          EXCEPTION
            WHEN duplicate_object OR unique_violation THEN NULL; -- another database's migration won the race
            WHEN insufficient_privilege THEN
              RAISE NOTICE 'role ${AUDIT_WRITER_ROLE} not created: %', SQLERRM;
              RETURN;
          END;
        END IF;
        BEGIN
          GRANT USAGE ON SCHEMA "${s}" TO ${AUDIT_WRITER_ROLE};
          GRANT SELECT, INSERT ON "${s}"."event_store" TO ${AUDIT_WRITER_ROLE};
          GRANT USAGE ON SEQUENCE "${s}"."event_store_seq_seq" TO ${AUDIT_WRITER_ROLE};
          GRANT SELECT, INSERT, UPDATE ON "${s}"."case_chain_heads" TO ${AUDIT_WRITER_ROLE};
          GRANT SELECT, INSERT ON "${s}"."daily_digests" TO ${AUDIT_WRITER_ROLE};
          GRANT ${AUDIT_WRITER_ROLE} TO CURRENT_USER;
        EXCEPTION WHEN insufficient_privilege OR invalid_grant_operation THEN
          RAISE NOTICE 'grants to ${AUDIT_WRITER_ROLE} incomplete: %', SQLERRM;
        END;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    // The role itself stays: other databases on the server may use it.
    await q.query(`DO $$
      BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${AUDIT_WRITER_ROLE}') THEN
          REVOKE ALL ON "${s}"."event_store", "${s}"."case_chain_heads" FROM ${AUDIT_WRITER_ROLE};
          REVOKE ALL ON SEQUENCE "${s}"."event_store_seq_seq" FROM ${AUDIT_WRITER_ROLE};
          REVOKE USAGE ON SCHEMA "${s}" FROM ${AUDIT_WRITER_ROLE};
        END IF;
      EXCEPTION WHEN insufficient_privilege THEN NULL;
      END $$`);
    await q.query(`DROP INDEX "${s}"."event_store_tracking_code_idx"`);
    await q.query(`DROP TABLE "${s}"."daily_digests"`);
    await q.query(`DROP FUNCTION "${s}".refuse_digest_change()`);
  }
}

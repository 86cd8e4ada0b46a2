// The shape of casework's case read model (`cases`, `case_timeline`): the one definition of it in code.
//
// casework's tables were made by its migrations 1763900000000 and 1763910000000. Those stay as they are: an applied
// migration is history and is never edited, and a migration that called this function would change what it does
// whenever the shape changes here. Instead, this is the current shape, used wherever the read model is built from
// scratch (audit's replay), and a test (apps/audit/test/replay-projection.int-spec.ts) fails when a schema
// migrated by casework and one built from this definition differ in any column, type, default or index. When a
// casework migration changes the read model, change this definition with it.

export interface CaseProjectionDdl {
  /** CREATE TABLE statements, without keys or indexes (cheaper to build once after a bulk load). */
  tables: string[];
  /** CREATE INDEX statements, independent of each other: they may run at the same time on several connections. */
  indexes: string[];
  /** Statements that turn the unique key indexes into primary keys; run after every index is built. */
  keys: string[];
}

/** The read model's DDL for schema `s` (a trusted SQL identifier). */
export function caseProjectionDdl(s: string): CaseProjectionDdl {
  return {
    tables: [
      `CREATE TABLE "${s}"."cases" (
        "case_id" uuid NOT NULL,
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
        "updated_at" timestamptz NOT NULL,
        "ancestor_unit_ids" text[] NOT NULL DEFAULT '{}',
        "content_folded" text
      )`,
      `CREATE TABLE "${s}"."case_timeline" (
        "event_id" uuid NOT NULL,
        "case_id" uuid NOT NULL,
        "event_type" text NOT NULL,
        "occurred_at" timestamptz NOT NULL,
        "actor_type" text NOT NULL,
        "actor_id" text NOT NULL,
        "summary" text NOT NULL,
        "reason" text
      )`,
    ],
    indexes: [
      // The two large indexes first, so that they start early when the list is shared between connections.
      `CREATE UNIQUE INDEX "case_timeline_pkey" ON "${s}"."case_timeline" ("event_id")`,
      `CREATE INDEX "case_timeline_case_idx" ON "${s}"."case_timeline" ("case_id", "occurred_at")`,
      `CREATE UNIQUE INDEX "cases_pkey" ON "${s}"."cases" ("case_id")`,
      `CREATE UNIQUE INDEX "cases_tracking_code_idx" ON "${s}"."cases" ("tracking_code")`,
      `CREATE INDEX "cases_unit_due_idx" ON "${s}"."cases" ("lead_unit_id", "due_at")`,
      `CREATE INDEX "cases_handler_due_idx" ON "${s}"."cases" ("handler_id", "due_at")`,
      `CREATE INDEX "cases_status_idx" ON "${s}"."cases" ("status")`,
      `CREATE INDEX "cases_escalated_to_idx" ON "${s}"."cases" ("escalated_to_unit_id")`,
      `CREATE INDEX "cases_ancestors_idx" ON "${s}"."cases" USING gin ("ancestor_unit_ids")`,
    ],
    keys: [
      `ALTER TABLE "${s}"."cases" ADD CONSTRAINT "cases_pkey" PRIMARY KEY USING INDEX "cases_pkey"`,
      `ALTER TABLE "${s}"."case_timeline" ADD CONSTRAINT "case_timeline_pkey" PRIMARY KEY USING INDEX "case_timeline_pkey"`,
    ],
  };
}

/** `cases` columns in table order. */
export const CASE_COLUMNS = [
  'case_id',
  'tracking_code',
  'status',
  'kind',
  'domain',
  'ward_code',
  'lead_unit_id',
  'handler_id',
  'due_at',
  'escalation_level',
  'escalated_to_unit_id',
  'state',
  'updated_at',
  'ancestor_unit_ids',
  'content_folded',
] as const;

/** `case_timeline` columns in table order. */
export const TIMELINE_COLUMNS = [
  'event_id',
  'case_id',
  'event_type',
  'occurred_at',
  'actor_type',
  'actor_id',
  'summary',
  'reason',
] as const;

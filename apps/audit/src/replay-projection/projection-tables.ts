// The shapes of casework's read model (apps/casework …/migrations 1763900000000 and 1763910000000), copied here
// because an app never imports another app. If casework's tables change, change these with them: the replay
// diff first compares the two schemas' columns and reports any column one side lacks.

/** Tables first, keys and indexes after the load: building an index once is cheaper than maintaining it. */
export function projectionTablesDdl(s: string): string[] {
  return [
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
  ];
}

export function projectionIndexesDdl(s: string): string[] {
  return [
    `ALTER TABLE "${s}"."cases" ADD PRIMARY KEY ("case_id")`,
    `CREATE UNIQUE INDEX "cases_tracking_code_idx" ON "${s}"."cases" ("tracking_code")`,
    `CREATE INDEX "cases_unit_due_idx" ON "${s}"."cases" ("lead_unit_id", "due_at")`,
    `CREATE INDEX "cases_handler_due_idx" ON "${s}"."cases" ("handler_id", "due_at")`,
    `CREATE INDEX "cases_status_idx" ON "${s}"."cases" ("status")`,
    `CREATE INDEX "cases_escalated_to_idx" ON "${s}"."cases" ("escalated_to_unit_id")`,
    `CREATE INDEX "cases_ancestors_idx" ON "${s}"."cases" USING gin ("ancestor_unit_ids")`,
    `ALTER TABLE "${s}"."case_timeline" ADD PRIMARY KEY ("event_id")`,
    `CREATE INDEX "case_timeline_case_idx" ON "${s}"."case_timeline" ("case_id", "occurred_at")`,
  ];
}

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

/** A text[] literal: every element quoted, so no value can break out of it. */
export function textArrayLiteral(values: string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

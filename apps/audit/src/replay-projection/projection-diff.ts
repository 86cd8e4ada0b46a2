import { AuditDb } from '../infrastructure/audit-db';

export interface DiffLine {
  table: 'cases' | 'case_timeline';
  key: string;
  kind: 'only_in_replay' | 'only_in_live' | 'differs';
  /** Column (or state field) → [replay, live]. */
  fields?: Record<string, [unknown, unknown]>;
}

export interface TableDiff {
  compared: number;
  onlyInReplay: number;
  onlyInLive: number;
  differing: number;
}

export interface ProjectionDiff {
  isEqual: boolean;
  /** Columns one side has and the other lacks, or types that differ: the replay's DDL is out of date. */
  columns: string[];
  cases: TableDiff;
  timeline: TableDiff;
  /** The first differences found, in key order (at most maxLines). */
  lines: DiffLine[];
}

const iso = (col: string) => `to_char("${col}" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

// updated_at is when a row was written (casework's clock at apply time), not part of the projection.
const CASE_SELECT = `SELECT case_id::text AS key, tracking_code, status, kind, domain, ward_code, lead_unit_id,
  handler_id, ${iso('due_at')} AS due_at, escalation_level, escalated_to_unit_id, state::text AS state,
  ancestor_unit_ids::text AS ancestor_unit_ids, content_folded
  FROM "%s"."cases" ORDER BY case_id`;
const TIMELINE_SELECT = `SELECT event_id::text AS key, case_id::text AS case_id, event_type,
  ${iso('occurred_at')} AS occurred_at, actor_type, actor_id, summary, reason
  FROM "%s"."case_timeline" ORDER BY event_id`;

type Row = Record<string, unknown> & { key: string };

async function* rowsOf(batches: AsyncIterable<Row[]>): AsyncGenerator<Row> {
  for await (const batch of batches) yield* batch;
}

function compareRows(table: DiffLine['table'], a: Row, b: Row): DiffLine | undefined {
  const fields: Record<string, [unknown, unknown]> = {};
  for (const k of Object.keys(a)) {
    if (k === 'key' || a[k] === b[k]) continue;
    if (k === 'state') {
      // Name the state fields that differ rather than two long JSON strings.
      const ra = JSON.parse(String(a[k])) as Record<string, unknown>;
      const rb = JSON.parse(String(b[k])) as Record<string, unknown>;
      for (const f of new Set([...Object.keys(ra), ...Object.keys(rb)]))
        if (JSON.stringify(ra[f]) !== JSON.stringify(rb[f])) fields[`state.${f}`] = [ra[f], rb[f]];
    } else fields[k] = [a[k], b[k]];
  }
  return Object.keys(fields).length ? { table, key: a.key, kind: 'differs', fields } : undefined;
}

async function diffTable(
  table: DiffLine['table'],
  replay: AsyncIterable<Row[]>,
  live: AsyncIterable<Row[]>,
  out: DiffLine[],
  maxLines: number,
): Promise<TableDiff> {
  const d: TableDiff = { compared: 0, onlyInReplay: 0, onlyInLive: 0, differing: 0 };
  const ra = rowsOf(replay);
  const lb = rowsOf(live);
  let a = await ra.next();
  let b = await lb.next();
  const note = (line: DiffLine) => {
    if (out.length < maxLines) out.push(line);
  };
  // Merge join on the key: both sides stream in key order, so memory stays constant.
  while (!a.done || !b.done) {
    if (!b.done && (a.done || b.value.key < a.value.key)) {
      d.onlyInLive++;
      note({ table, key: b.value.key, kind: 'only_in_live' });
      b = await lb.next();
    } else if (!a.done && (b.done || a.value.key < b.value.key)) {
      d.onlyInReplay++;
      note({ table, key: a.value.key, kind: 'only_in_replay' });
      a = await ra.next();
    } else if (!a.done && !b.done) {
      d.compared++;
      const line = compareRows(table, a.value, b.value);
      if (line) {
        d.differing++;
        note(line);
      }
      a = await ra.next();
      b = await lb.next();
    }
  }
  return d;
}

const COLUMNS_SQL = `SELECT table_name || '.' || column_name AS col, udt_name FROM information_schema.columns
  WHERE table_schema = $1 AND table_name IN ('cases', 'case_timeline')`;

async function compareColumns(replayDb: AuditDb, replay: string, liveDb: AuditDb, live: string) {
  const [a, b] = await Promise.all([
    replayDb.query<{ col: string; udt_name: string }>(COLUMNS_SQL, [replay]),
    liveDb.query<{ col: string; udt_name: string }>(COLUMNS_SQL, [live]),
  ]);
  const ra = new Map(a.map((r) => [r.col, r.udt_name]));
  const lb = new Map(b.map((r) => [r.col, r.udt_name]));
  const problems: string[] = [];
  for (const [col, type] of lb) {
    if (!ra.has(col)) problems.push(`${col}: only in live (${type})`);
    else if (ra.get(col) !== type) problems.push(`${col}: ${ra.get(col)} in replay, ${type} in live`);
  }
  for (const [col, type] of ra) if (!lb.has(col)) problems.push(`${col}: only in replay (${type})`);
  return problems.sort();
}

/** The live schema must hold casework's two read-model tables before a replay is worth running. */
export async function hasLiveTables(liveDb: AuditDb, live: string): Promise<boolean> {
  const rows = await liveDb.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM information_schema.tables
     WHERE table_schema = $1 AND table_name IN ('cases', 'case_timeline')`,
    [live],
  );
  return rows[0].n === 2;
}

/** Compare a replayed projection with the live one (read-only), row by row and field by field. */
export async function diffProjections(
  replayDb: AuditDb,
  replaySchema: string,
  liveDb: AuditDb,
  liveSchema: string,
  maxLines = 50,
): Promise<ProjectionDiff> {
  const lines: DiffLine[] = [];
  const batch = 5000;
  const columns = await compareColumns(replayDb, replaySchema, liveDb, liveSchema);
  const cases = await diffTable(
    'cases',
    replayDb.stream<Row>(CASE_SELECT.replace('%s', replaySchema), [], batch),
    liveDb.stream<Row>(CASE_SELECT.replace('%s', liveSchema), [], batch),
    lines,
    maxLines,
  );
  const timeline = await diffTable(
    'case_timeline',
    replayDb.stream<Row>(TIMELINE_SELECT.replace('%s', replaySchema), [], batch),
    liveDb.stream<Row>(TIMELINE_SELECT.replace('%s', liveSchema), [], batch),
    lines,
    maxLines,
  );
  const isEqual =
    columns.length === 0 &&
    [cases, timeline].every((t) => t.onlyInLive + t.onlyInReplay + t.differing === 0) &&
    lines.length === 0;
  return { isEqual, columns, cases, timeline, lines };
}

// Exports human reclassifications (classification.feedback, written on case.activity "reclassified") into
// corpus/feedback.jsonl, which the next `npm run classifier:train` adds to the training data. Appends only rows
// not exported before (by event id), so it can run after every shift.
// Run: node dist/apps/classification/tools/export-feedback.js [--db postgres://…] [--schema classification]
//      node dist/apps/classification/tools/export-feedback.js --from rows.json   (a JSON array or JSONL of rows)
import 'reflect-metadata';
import { appendFileSync, readFileSync } from 'fs';
import { Client } from 'pg';
import { CASE_DOMAINS, CASE_KINDS, COMPETENT_LEVELS } from '@lib/contracts';
import { DEFAULT_DATABASE_URL } from '@lib/persistence';
import { corpusPath, readJsonl } from './corpus-files';

/** A row of classification.feedback (snake_case from SQL or camelCase from an API dump). */
export interface FeedbackRow {
  event_id?: string;
  eventId?: string;
  content: string;
  corrected: { kind: string; domain: string; level: string };
}

export interface FeedbackRecord {
  id: string;
  text: string;
  kind: string;
  domain: string;
  level: string;
  source: 'feedback';
}

/** New, valid corrections as corpus records; rows already exported (same event id) or malformed are skipped. */
export function toFeedbackRecords(
  rows: readonly FeedbackRow[],
  exported: ReadonlySet<string>,
): FeedbackRecord[] {
  const out: FeedbackRecord[] = [];
  const seen = new Set(exported);
  for (const r of rows) {
    const id = r.event_id ?? r.eventId;
    const c = r.corrected;
    if (!id || seen.has(id) || typeof r.content !== 'string' || !r.content.trim() || !c) continue;
    const valid =
      (CASE_KINDS as readonly string[]).includes(c.kind) &&
      (CASE_DOMAINS as readonly string[]).includes(c.domain) &&
      (COMPETENT_LEVELS as readonly string[]).includes(c.level);
    if (!valid) continue;
    seen.add(id);
    out.push({ id, text: r.content, kind: c.kind, domain: c.domain, level: c.level, source: 'feedback' });
  }
  return out;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function readRowsFile(path: string): FeedbackRow[] {
  const text = readFileSync(path, 'utf8').trim();
  if (text.startsWith('[')) return JSON.parse(text) as FeedbackRow[];
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as FeedbackRow);
}

async function readRowsDb(url: string, schema: string): Promise<FeedbackRow[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const res = await client.query<FeedbackRow>(
      `SELECT event_id, content, corrected FROM "${schema.replace(/"/g, '')}"."feedback" ORDER BY created_at, event_id`,
    );
    return res.rows;
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const from = arg('from');
  const rows = from
    ? readRowsFile(from)
    : await readRowsDb(
        arg('db') ?? process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
        arg('schema') ?? 'classification',
      );
  const path = corpusPath('feedback.jsonl');
  const exported = new Set(readJsonl<{ id?: string }>(path).map((r) => r.id ?? ''));
  const records = toFeedbackRecords(rows, exported);
  if (records.length) appendFileSync(path, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  process.stderr.write(
    `feedback: ${rows.length} rows read, ${records.length} new records appended to ${path}\n`,
  );
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`export-feedback: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  });
}

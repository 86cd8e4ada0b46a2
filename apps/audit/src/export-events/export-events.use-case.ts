import { Injectable } from '@nestjs/common';
import { AuditInputError } from '../domain/audit.errors';
import { isDay } from '../domain/daily-digest';
import { AuditDb } from '../infrastructure/audit-db';

export const EXPORT_FORMATS = ['jsonl', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportEventsCommand {
  /** Rows stored in [from, to). */
  from: Date;
  to: Date;
  format: ExportFormat;
}

export interface ExportDigestsCommand {
  format: ExportFormat;
  fromDay?: string;
  toDay?: string;
}

const EVENT_COLUMNS = [
  'seq',
  'case_id',
  'case_seq',
  'event_id',
  'event_type',
  'occurred_at',
  'stored_at',
  'topic',
  'kafka_partition',
  'kafka_offset',
  'prev_hash',
  'hash',
  'envelope',
] as const;

const DIGEST_COLUMNS = [
  'day',
  'time_zone',
  'event_count',
  'first_seq',
  'last_seq',
  'day_hash',
  'prev_digest',
  'digest',
  'computed_at',
] as const;

/** RFC 4180: quote a field holding a comma, quote or line break; double the quotes inside. */
export function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = v instanceof Date ? v.toISOString() : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const csvLine = (fields: unknown[]) => fields.map(csvField).join(',') + '\r\n';

/** Stream stored events (and the daily digests) as JSON lines or CSV, in store order, for keeping elsewhere. */
@Injectable()
export class ExportEventsUseCase {
  constructor(private readonly db: AuditDb) {}

  /** Validates first, so a bad request fails before anything is written. */
  events(cmd: ExportEventsCommand): AsyncGenerator<string> {
    assertFormat(cmd.format);
    if (!(cmd.from instanceof Date) || Number.isNaN(cmd.from.getTime()) || Number.isNaN(cmd.to.getTime()))
      throw new AuditInputError('--from and --to must be ISO 8601 times');
    if (cmd.from >= cmd.to) throw new AuditInputError('--from must be before --to');
    return this.eventLines(cmd);
  }

  digests(cmd: ExportDigestsCommand): AsyncGenerator<string> {
    assertFormat(cmd.format);
    for (const d of [cmd.fromDay, cmd.toDay])
      if (d !== undefined && !isDay(d)) throw new AuditInputError(`days are YYYY-MM-DD, got "${d}"`);
    return this.digestLines(cmd);
  }

  private async *eventLines(cmd: ExportEventsCommand): AsyncGenerator<string> {
    if (cmd.format === 'csv') yield csvLine([...EVENT_COLUMNS]);
    for await (const rows of this.db.stream<any[]>(
      // Order by the column, not by the seq::text output of the same name (that would sort as text).
      `SELECT e.seq::text, e.case_id::text, e.case_seq, e.event_id::text, e.event_type, e.occurred_at, e.stored_at,
              e.topic, e.kafka_partition, e.kafka_offset::text, e.prev_hash, e.hash, e.canonical
       FROM event_store e WHERE e.stored_at >= $1 AND e.stored_at < $2 ORDER BY e.seq`,
      [cmd.from, cmd.to],
      5000,
      true,
    )) {
      let chunk = '';
      for (const r of rows) {
        if (cmd.format === 'csv')
          chunk += csvLine(r.map((v, i) => (i === 5 || i === 6 ? v.toISOString() : v)));
        else {
          const head = JSON.stringify({
            seq: Number(r[0]),
            caseId: r[1],
            caseSeq: r[2],
            eventId: r[3],
            eventType: r[4],
            occurredAt: r[5].toISOString(),
            storedAt: r[6].toISOString(),
            kafka: { topic: r[7], partition: r[8], offset: r[9] },
            prevHash: r[10],
            hash: r[11],
          });
          // The envelope goes out exactly as hashed, so anyone can recompute the chain from the export.
          chunk += `${head.slice(0, -1)},"envelope":${r[12]}}\n`;
        }
      }
      yield chunk;
    }
  }

  private async *digestLines(cmd: ExportDigestsCommand): AsyncGenerator<string> {
    const rows = await this.db.query(
      `SELECT day::text AS day, time_zone, event_count, first_seq::text AS first_seq, last_seq::text AS last_seq,
              day_hash, prev_digest, digest, computed_at
       FROM daily_digests WHERE ($1::date IS NULL OR day >= $1) AND ($2::date IS NULL OR day <= $2) ORDER BY day`,
      [cmd.fromDay ?? null, cmd.toDay ?? null],
    );
    if (cmd.format === 'csv') yield csvLine([...DIGEST_COLUMNS]);
    for (const r of rows)
      yield cmd.format === 'csv'
        ? csvLine(DIGEST_COLUMNS.map((c) => r[c]))
        : JSON.stringify({
            day: r.day,
            timeZone: r.time_zone,
            eventCount: r.event_count,
            firstSeq: r.first_seq === null ? null : Number(r.first_seq),
            lastSeq: r.last_seq === null ? null : Number(r.last_seq),
            dayHash: r.day_hash,
            prevDigest: r.prev_digest,
            digest: r.digest,
            computedAt: r.computed_at.toISOString(),
          }) + '\n';
  }
}

function assertFormat(format: string): asserts format is ExportFormat {
  if (!(EXPORT_FORMATS as readonly string[]).includes(format))
    throw new AuditInputError(`--format must be jsonl or csv, got "${format}"`);
}

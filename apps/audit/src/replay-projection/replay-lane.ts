import { Client } from 'pg';
import { CaseReceivedV1, EventEnvelope } from '@lib/contracts';
import { CaseState, foldForSearch, projectCase, timelineEntry } from '@lib/projection';
import { copyField, copyIn, copyOut } from '../infrastructure/pg-copy';
import { CASE_COLUMNS, textArrayLiteral, TIMELINE_COLUMNS } from './projection-tables';

/** One lane of a replay: the cases whose id falls in [fromCaseId, toCaseId), read and written on its own. */
export interface LaneSpec {
  url: string;
  auditSchema: string;
  into: string;
  /** SQL conditions on `e` (the event window), already made safe by the caller. */
  conditions: string[];
  fromCaseId: string | null;
  toCaseId: string | null;
  /** A snapshot exported by the caller, so that every lane reads the same moment of the store. */
  snapshot: string | null;
  batchSize: number;
  writtenAt: string;
}

export interface LaneResult {
  events: number;
  cases: number;
}

/**
 * Read the lane's events in (case_id, case_seq) order with COPY, fold each case with casework's projection, and
 * COPY the rows into the replay schema. A case's events are contiguous in that order: a case is folded, written
 * and forgotten before the next, so memory does not grow with the store.
 */
export async function loadLane(spec: LaneSpec, onProgress: (events: number) => void): Promise<LaneResult> {
  const reader = new Client({ connectionString: spec.url, application_name: 'audit-replay' });
  const writerClient = new Client({ connectionString: spec.url, application_name: 'audit-replay' });
  await reader.connect();
  try {
    await writerClient.connect();
    try {
      await reader.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      if (spec.snapshot) await reader.query(`SET TRANSACTION SNAPSHOT '${spec.snapshot.replace(/'/g, '')}'`);
      await reader.query('SET LOCAL jit = off');
      await writerClient.query('BEGIN');
      await writerClient.query('SET LOCAL synchronous_commit = off');
      const writer = new ProjectionWriter(writerClient, spec.into, spec.writtenAt);
      const where = [...spec.conditions];
      if (spec.fromCaseId) where.push(`e.case_id >= '${spec.fromCaseId}'::uuid`);
      if (spec.toCaseId) where.push(`e.case_id < '${spec.toCaseId}'::uuid`);
      let n = 0;
      let state: CaseState | undefined;
      let contentFolded: string | null = null;
      let caseKey: string | null = null;
      for await (const rows of copyOut(
        reader,
        `SELECT e.case_id, e.canonical FROM "${spec.auditSchema}".event_store e
         ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY e.case_id, e.case_seq`,
        decodeStoredEvent,
        spec.batchSize,
      )) {
        for (const [key, canonical] of rows) {
          if (key !== caseKey) {
            if (state) writer.addCase(state, contentFolded);
            state = undefined;
            contentFolded = null;
            caseKey = key;
          }
          const env = JSON.parse(canonical) as EventEnvelope<object>;
          state = projectCase(state, env);
          // casework keeps a search form of the petition's full text beside the projection.
          if (env.eventType === CaseReceivedV1.eventType)
            contentFolded = foldForSearch((env.payload as CaseReceivedV1).content);
          writer.addTimeline(env);
        }
        n += rows.length;
        await writer.flushIfFull(spec.batchSize);
        onProgress(n);
      }
      if (state) writer.addCase(state, contentFolded);
      await writer.finish();
      await writerClient.query('COMMIT');
      await reader.query('COMMIT');
      return { events: n, cases: writer.cases };
    } finally {
      await writerClient.end().catch(() => undefined); // an open transaction is rolled back
    }
  } finally {
    await reader.end().catch(() => undefined);
  }
}

/** A stored row as the replay reads it: the case id's 16 bytes as a grouping key, and the hashed event. */
function decodeStoredEvent(f: (Buffer | null)[]): [string, string] {
  return [(f[0] as Buffer).toString('latin1'), (f[1] as Buffer).toString('utf8')];
}

/** COPY text collected off the JS heap: rows are short-lived strings, the batch is one growing Buffer. */
class CopyBuffer {
  rows = 0;
  private buf = Buffer.allocUnsafe(1 << 20);
  private len = 0;

  push(line: string): void {
    const worst = line.length * 3; // UTF-16 code unit → at most 3 UTF-8 bytes
    if (this.len + worst > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + worst));
      this.buf.copy(bigger, 0, 0, this.len);
      this.buf = bigger;
    }
    this.len += this.buf.write(line, this.len, 'utf8');
    this.rows++;
  }

  /** The batch so far; the buffer starts afresh (the COPY in flight keeps the old one). */
  take(): Buffer {
    const out = this.buf.subarray(0, this.len);
    this.buf = Buffer.allocUnsafe(this.buf.length);
    this.len = 0;
    this.rows = 0;
    return out;
  }
}

/** Buffers rows as COPY text and sends a batch while the next is being folded (one COPY in flight at most). */
class ProjectionWriter {
  cases = 0;
  private readonly caseBuf = new CopyBuffer();
  private readonly timelineBuf = new CopyBuffer();
  private inFlight: Promise<unknown> = Promise.resolve();
  private readonly casesCopy: string;
  private readonly timelineCopy: string;

  constructor(
    private readonly client: Parameters<typeof copyIn>[0],
    schema: string,
    private readonly writtenAt: string,
  ) {
    this.casesCopy = `COPY "${schema}"."cases" (${CASE_COLUMNS.join(', ')}) FROM STDIN`;
    this.timelineCopy = `COPY "${schema}"."case_timeline" (${TIMELINE_COLUMNS.join(', ')}) FROM STDIN`;
  }

  addCase(s: CaseState, contentFolded: string | null): void {
    this.cases++;
    // Columns in CASE_COLUMNS order.
    this.caseBuf.push(
      `${s.caseId}\t${copyField(s.trackingCode)}\t${copyField(s.status)}\t${copyField(s.kind)}\t` +
        `${copyField(s.domain)}\t${copyField(s.wardCode)}\t${copyField(s.leadUnitId)}\t${copyField(s.handlerId)}\t` +
        `${copyField(s.dueAt)}\t${s.escalationLevel}\t${copyField(s.escalatedToUnitId)}\t` +
        `${copyField(JSON.stringify(s))}\t${this.writtenAt}\t${copyField(textArrayLiteral(s.ancestorUnitIds))}\t` +
        `${copyField(contentFolded)}\n`,
    );
  }

  addTimeline(env: EventEnvelope<object>): void {
    const t = timelineEntry(env);
    // Columns in TIMELINE_COLUMNS order.
    this.timelineBuf.push(
      `${t.eventId}\t${t.caseId}\t${copyField(t.eventType)}\t${copyField(t.occurredAt)}\t` +
        `${copyField(t.actorType)}\t${copyField(t.actorId)}\t${copyField(t.summary)}\t${copyField(t.reason)}\n`,
    );
  }

  async flushIfFull(limit: number): Promise<void> {
    if (this.timelineBuf.rows >= limit || this.caseBuf.rows >= limit) await this.flush();
  }

  async finish(): Promise<void> {
    await this.flush();
    await this.inFlight;
  }

  private async flush(): Promise<void> {
    await this.inFlight;
    const cases = this.caseBuf.rows ? this.caseBuf.take() : null;
    const timeline = this.timelineBuf.rows ? this.timelineBuf.take() : null;
    this.inFlight = Promise.all([
      cases && copyIn(this.client, this.casesCopy, cases),
      timeline && copyIn(this.client, this.timelineCopy, timeline),
    ]);
    // A failed COPY surfaces at the next flush or at finish(); keep it from being reported as unhandled meanwhile.
    void this.inFlight.catch(() => undefined);
  }
}

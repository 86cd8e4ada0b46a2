import { Client } from 'pg';
import { CaseReceivedV1, EventEnvelope } from '@lib/contracts';
import {
  CASE_COLUMNS,
  CaseState,
  foldForSearch,
  projectCaseInPlace,
  TIMELINE_COLUMNS,
  timelineEntry,
} from '@lib/projection';
import { BinaryRows, CopyInStream, CopyOutRows } from '../infrastructure/copy-streams';

/** One lane of a replay: the cases whose id falls in [fromCaseId, toCaseId), read, folded and written on its own. */
export interface LaneSpec {
  url: string;
  into: string;
  /**
   * The lane's events as (case_id uuid, envelope JSON text) rows, a case's events together and in the order to
   * fold them (already made safe by the caller).
   */
  query: string;
  /** Send rows at least every this many (besides every SEND_BYTES). */
  batchRows: number;
  /** The lane's range of case ids (for the progress fraction); null meaning open. */
  fromCaseId: string | null;
  toCaseId: string | null;
  /** A snapshot exported by the caller, so that every lane reads the same moment. */
  snapshot: string | null;
  writtenAt: string;
}

export interface LaneProgress {
  events: number;
  /** How far through its case ids the lane is, 0…1 (case ids are random, so this tracks the work done). */
  fraction: number;
}

export interface LaneResult {
  events: number;
  cases: number;
}

// A batch goes to the socket once it holds this much; PostgreSQL ingests while the next one is being folded.
const SEND_BYTES = 256 * 1024;
const PROGRESS_EVERY = 4096;

function connect(url: string, role: string): Client {
  const c = new Client({ connectionString: url, application_name: `audit-replay ${role}` });
  // A dropped connection fails the query in flight; without a listener it would also crash the process.
  c.on('error', () => undefined);
  return c;
}

/**
 * Read the lane's events with COPY in case order, fold each case with casework's projection as its rows arrive,
 * and stream the rows into the replay schema's two tables with COPY, each on its own connection. A case is folded,
 * written and forgotten before the next, and the reader pauses while a writer's socket is full, so memory stays
 * the same whatever the size of the store.
 */
export async function loadLane(
  spec: LaneSpec,
  onProgress: (p: LaneProgress) => void,
  signal?: AbortSignal,
): Promise<LaneResult> {
  const reader = connect(spec.url, 'read');
  const casesWriter = connect(spec.url, 'cases');
  const timelineWriter = connect(spec.url, 'timeline');
  // Another lane failed: end the connections, which fails whatever this lane is waiting for and rolls it back.
  const abort = () =>
    [reader, casesWriter, timelineWriter].forEach((c) => void c.end().catch(() => undefined));
  signal?.addEventListener('abort', abort, { once: true });
  try {
    await Promise.all([reader.connect(), casesWriter.connect(), timelineWriter.connect()]);
    await reader.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    if (spec.snapshot) await reader.query(`SET TRANSACTION SNAPSHOT '${spec.snapshot.replace(/'/g, '')}'`);
    await reader.query('SET LOCAL jit = off');
    // One sort per lane; the lanes are the parallelism, not extra sort workers. The sort runs to disk in runs of
    // 16 MB: runs that fit the CPU's caches sort faster than bigger runs or one sort in memory (a lane of 500,000
    // events from the 1M-event bench store, interleaved: 1.7-1.8 s where 64 MB took 2.1-2.2 s; 2.9 s in memory).
    await reader.query(`SET LOCAL work_mem = '16MB'; SET LOCAL max_parallel_workers_per_gather = 0`);
    for (const w of [casesWriter, timelineWriter]) await w.query('BEGIN; SET LOCAL synchronous_commit = off');
    const copyInto = (table: string, columns: readonly string[]) =>
      `COPY "${spec.into}"."${table}" (${columns.join(', ')}) FROM STDIN (FORMAT binary)`;
    const [cases, timeline] = await Promise.all([
      CopyInStream.open(casesWriter, copyInto('cases', CASE_COLUMNS)),
      CopyInStream.open(timelineWriter, copyInto('case_timeline', TIMELINE_COLUMNS)),
    ]);
    const folder = new LaneFolder(cases, timeline, spec, onProgress);
    const read = CopyOutRows.start(reader, spec.query, 2, (buf, f) => folder.add(buf, f));
    folder.reader = read;
    await read.done;
    folder.end();
    const [caseRows] = await Promise.all([cases.finish(), timeline.finish()]);
    await Promise.all([casesWriter.query('COMMIT'), timelineWriter.query('COMMIT')]);
    await reader.query('COMMIT');
    onProgress({ events: folder.events, fraction: 1 });
    return { events: folder.events, cases: caseRows };
  } finally {
    signal?.removeEventListener('abort', abort);
    // An open transaction is rolled back when its connection ends.
    await Promise.all([reader, casesWriter, timelineWriter].map((c) => c.end().catch(() => undefined)));
  }
}

const uint32At = (id: string | null, otherwise: number) =>
  id === null ? otherwise : parseInt(id.slice(0, 8), 16);

/** Folds rows as they arrive and encodes the projection's rows for the two COPY streams. */
class LaneFolder {
  events = 0;
  reader: CopyOutRows | undefined;
  private readonly key = Buffer.alloc(16);
  private hasKey = false;
  private state: CaseState | undefined;
  private contentFolded: string | null = null;
  private readonly caseRows = new BinaryRows(SEND_BYTES + 65536).header();
  private readonly timelineRows = new BinaryRows(SEND_BYTES + 65536).header();
  private readonly waiting = new Set<CopyInStream>();
  private readonly rangeStart: number;
  private readonly rangeSize: number;
  private readonly writtenAtMs: number;

  constructor(
    private readonly cases: CopyInStream,
    private readonly timeline: CopyInStream,
    private readonly spec: LaneSpec,
    private readonly onProgress: (p: LaneProgress) => void,
  ) {
    this.rangeStart = uint32At(spec.fromCaseId, 0);
    this.rangeSize = uint32At(spec.toCaseId, 2 ** 32) - this.rangeStart;
    this.writtenAtMs = Date.parse(spec.writtenAt);
  }

  /** One row: the case id's 16 bytes, then the event's JSON text. */
  add(buf: Buffer, f: Int32Array): void {
    const k = f[0];
    if (!this.hasKey || buf.compare(this.key, 0, 16, k, k + 16) !== 0) {
      this.endCase();
      buf.copy(this.key, 0, k, k + 16);
      this.hasKey = true;
    }
    let env: EventEnvelope<object>;
    try {
      env = JSON.parse(buf.toString('utf8', f[2], f[2] + f[3])) as EventEnvelope<object>;
    } catch (err) {
      // Only a row changed behind the store's back gets here; `verify` names it.
      throw new Error(`an event of case ${this.caseIdText()} is not JSON: ${(err as Error).message}`);
    }
    // The state is this fold's own: applied in place instead of copied for every event.
    this.state = projectCaseInPlace(this.state, env);
    // casework keeps a search form of the petition's full text beside the projection.
    if (env.eventType === CaseReceivedV1.eventType)
      this.contentFolded = foldForSearch((env.payload as CaseReceivedV1).content);
    const t = timelineEntry(env);
    // Columns in TIMELINE_COLUMNS order, typed the way casework's writes type them.
    this.timelineRows
      .row(8)
      .uuid(t.eventId)
      .uuid(t.caseId)
      .text(t.eventType)
      .timestamptz(t.occurredAt)
      .text(t.actorType)
      .text(t.actorId)
      .text(t.summary)
      .text(t.reason);
    if (this.timelineRows.bytes >= SEND_BYTES || this.timelineRows.rows >= this.spec.batchRows)
      this.send(this.timeline, this.timelineRows);
    if (++this.events % PROGRESS_EVERY === 0)
      this.onProgress({
        events: this.events,
        fraction: Math.min(1, (this.key.readUInt32BE(0) - this.rangeStart) / this.rangeSize),
      });
  }

  private caseIdText(): string {
    const h = this.key.toString('hex');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  /** After the last row: the last case, what is left of both batches, and the end markers. */
  end(): void {
    this.endCase();
    this.send(this.cases, this.caseRows.trailer());
    this.send(this.timeline, this.timelineRows.trailer());
  }

  private endCase(): void {
    const s = this.state;
    if (!s) return;
    // Columns in CASE_COLUMNS order, with the values casework's ProjectCaseUseCase writes.
    this.caseRows
      .row(15)
      .uuid(s.caseId)
      .text(s.trackingCode)
      .text(s.status)
      .text(s.kind)
      .text(s.domain)
      .text(s.wardCode)
      .text(s.leadUnitId)
      .text(s.handlerId)
      .timestamptz(s.dueAt ? s.dueAt : null)
      .int4(s.escalationLevel)
      .text(s.escalatedToUnitId)
      .jsonb(JSON.stringify(s))
      .timestamptzMs(this.writtenAtMs)
      .textArray(s.ancestorUnitIds)
      .text(this.contentFolded);
    this.state = undefined;
    this.contentFolded = null;
    if (this.caseRows.bytes >= SEND_BYTES || this.caseRows.rows >= this.spec.batchRows)
      this.send(this.cases, this.caseRows);
  }

  /** Hand a batch to its socket; while the socket is full, stop reading (what already arrived is still folded). */
  private send(stream: CopyInStream, rows: BinaryRows): void {
    if (stream.write(rows.take()) || this.waiting.has(stream)) return;
    this.waiting.add(stream);
    this.reader?.pause();
    stream.drained().then(
      () => {
        this.waiting.delete(stream);
        if (!this.waiting.size) this.reader?.resume();
      },
      // The failure reaches the reader at the next write; let the rest of the read drain meanwhile.
      () => this.reader?.resume(),
    );
  }
}

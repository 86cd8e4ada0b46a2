import type { ClientBase } from 'pg';

// The pg driver hands COPY FROM STDIN to a "submittable" query object; this is the few lines pg-copy-streams
// would add, for whole batches already in memory (callers bound the batch size).
interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

const CHUNK_BYTES = 256 * 1024;

class CopyInQuery {
  readonly promise: Promise<number>;
  private resolve!: (rows: number) => void;
  private reject!: (err: Error) => void;
  private rows = 0;
  private failed = false;

  constructor(
    private readonly text: string,
    private readonly data: Buffer,
  ) {
    this.promise = new Promise<number>((res, rej) => {
      this.resolve = res;
      this.reject = rej;
    });
  }

  submit(connection: CopyConnection): null {
    connection.query(this.text);
    return null;
  }

  handleCopyInResponse(connection: CopyConnection): void {
    for (let i = 0; i < this.data.length; i += CHUNK_BYTES)
      connection.sendCopyFromChunk(this.data.subarray(i, i + CHUNK_BYTES));
    connection.endCopyFrom();
  }

  handleCommandComplete(msg: { text?: string }): void {
    const m = /COPY (\d+)/.exec(msg.text ?? '');
    if (m) this.rows = Number(m[1]);
  }

  handleReadyForQuery(): void {
    if (!this.failed) this.resolve(this.rows);
  }

  handleError(err: Error): void {
    this.failed = true;
    this.reject(err);
  }

  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
}

/** COPY … FROM STDIN with a batch of rows already encoded in COPY text format. Resolves to the row count. */
export function copyIn(client: ClientBase, copySql: string, data: Buffer | string): Promise<number> {
  const q = new CopyInQuery(copySql, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
  (client as unknown as { query(q: CopyInQuery): unknown }).query(q);
  return q.promise;
}

/** One field in COPY text format: \N for null, backslash escapes for the characters COPY treats specially. */
export function copyField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  const s = String(value);
  return /[\\\n\r\t]/.test(s)
    ? s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')
    : s;
}

interface CopyOutConnection {
  query(text: string): void;
  stream: { pause(): void; resume(): void };
}

const BINARY_SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/**
 * COPY … TO STDOUT (FORMAT binary) read row by row. Rows are decoded as they arrive (field buffers are views
 * into the driver's buffer, valid only during `decode`), queued, and the socket is paused while the queue is
 * full, so memory stays bounded whatever the result size.
 */
class CopyOutQuery<T> {
  private queue: T[] = [];
  private pending: Buffer | null = null;
  private headerDone = false;
  private connection: CopyOutConnection | undefined;
  private paused = false;
  private finished = false;
  private discarding = false;
  private error: Error | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly text: string,
    private readonly decode: (fields: (Buffer | null)[]) => T,
    private readonly batchRows: number,
    private readonly highWaterRows: number,
  ) {}

  submit(connection: CopyOutConnection): null {
    this.connection = connection;
    connection.query(this.text);
    return null;
  }

  handleCopyData(msg: { chunk: Buffer }): void {
    if (this.discarding || this.error) return;
    try {
      this.parse(msg.chunk);
    } catch (err) {
      this.error = err as Error; // a decoder failure: drain the rest and report it
      this.discarding = true;
    }
    if (this.queue.length >= this.highWaterRows && !this.paused) {
      this.paused = true;
      this.connection?.stream.pause();
    }
    if (this.queue.length >= this.batchRows || this.error) this.notify();
  }

  handleCommandComplete(): void {}
  handleReadyForQuery(): void {
    this.finished = true;
    this.notify();
  }
  handleError(err: Error): void {
    this.error ??= err;
    this.finished = true; // the driver forgets a failed query; ReadyForQuery goes to nobody
    this.resume();
    this.notify();
  }
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyInResponse(connection: { sendCopyFail(msg: string): void }): void {
    connection.sendCopyFail('not a COPY FROM');
  }

  async *batches(): AsyncGenerator<T[]> {
    try {
      for (;;) {
        if (this.error && (this.finished || this.discarding)) {
          await this.untilFinished();
          throw this.error;
        }
        if (this.queue.length >= this.batchRows || (this.finished && this.queue.length)) {
          const out = this.queue.length <= this.batchRows ? this.queue : this.queue.splice(0, this.batchRows);
          if (out === this.queue) this.queue = [];
          if (this.queue.length < this.highWaterRows) this.resume();
          yield out;
          continue;
        }
        if (this.finished) return;
        await new Promise<void>((r) => (this.wake = r));
      }
    } finally {
      if (!this.finished) {
        // The caller stopped early: let the rest of the COPY drain unread, so the connection stays usable.
        this.discarding = true;
        this.queue = [];
        this.resume();
        await this.untilFinished();
      }
    }
  }

  private async untilFinished(): Promise<void> {
    while (!this.finished) await new Promise<void>((r) => (this.wake = r));
  }

  private resume(): void {
    if (this.paused) {
      this.paused = false;
      this.connection?.stream.resume();
    }
  }

  private notify(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  private parse(chunk: Buffer): void {
    const buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = null;
    let off = 0;
    if (!this.headerDone) {
      if (buf.length < 19) {
        this.pending = Buffer.from(buf);
        return;
      }
      if (!buf.subarray(0, 11).equals(BINARY_SIGNATURE)) throw new Error('COPY data is not in binary format');
      const extension = buf.readInt32BE(15);
      if (buf.length < 19 + extension) {
        this.pending = Buffer.from(buf);
        return;
      }
      off = 19 + extension;
      this.headerDone = true;
    }
    const len = buf.length;
    while (off + 2 <= len) {
      const n = buf.readInt16BE(off);
      if (n === -1) {
        off = len; // trailer
        break;
      }
      let p = off + 2;
      const fields: (Buffer | null)[] = new Array(n);
      let complete = true;
      for (let i = 0; i < n; i++) {
        if (p + 4 > len) {
          complete = false;
          break;
        }
        const size = buf.readInt32BE(p);
        p += 4;
        if (size === -1) {
          fields[i] = null;
          continue;
        }
        if (p + size > len) {
          complete = false;
          break;
        }
        fields[i] = buf.subarray(p, p + size);
        p += size;
      }
      if (!complete) break;
      this.queue.push(this.decode(fields));
      off = p;
    }
    // A row split across messages: keep a copy, the driver reuses its buffer.
    if (off < len) this.pending = Buffer.from(buf.subarray(off));
  }
}

/** Stream a query's rows through COPY (binary), decoded by `decode`, in batches of about `batchRows`. */
export function copyOut<T>(
  client: ClientBase,
  query: string,
  decode: (fields: (Buffer | null)[]) => T,
  batchRows = 5000,
): AsyncGenerator<T[]> {
  const q = new CopyOutQuery(`COPY (${query}) TO STDOUT (FORMAT binary)`, decode, batchRows, batchRows * 2);
  (client as unknown as { query(q: CopyOutQuery<T>): unknown }).query(q);
  return q.batches();
}

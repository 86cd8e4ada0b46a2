import type { ClientBase } from 'pg';
import { CopyOutRows } from './copy-streams';

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

/**
 * Stream a query's rows through COPY (binary), decoded by `decode`, in batches of about `batchRows`. Reading pauses
 * while two batches wait, so memory stays bounded whatever the result size; a caller that stops early leaves the
 * rest of the COPY to drain unread, so the connection stays usable.
 */
export async function* copyOut<T>(
  client: ClientBase,
  query: string,
  decode: (fields: (Buffer | null)[]) => T,
  batchRows = 5000,
): AsyncGenerator<T[]> {
  const highWaterRows = batchRows * 2;
  let queue: T[] = [];
  let finished = false;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  // Field bytes are views into the driver's buffer, valid only during the call: decode them at once.
  const rows = CopyOutRows.start(client, query, null, (buf, f, count) => {
    const fields: (Buffer | null)[] = new Array(count);
    for (let i = 0; i < count; i++) {
      const size = f[2 * i + 1];
      fields[i] = size === -1 ? null : buf.subarray(f[2 * i], f[2 * i] + size);
    }
    queue.push(decode(fields));
    if (queue.length >= highWaterRows) rows.pause();
    if (queue.length >= batchRows) notify();
  });
  rows.done.then(
    () => {
      finished = true;
      notify();
    },
    (err: Error) => {
      failure = err;
      finished = true;
      notify();
    },
  );
  try {
    for (;;) {
      if (failure) throw failure;
      if (queue.length >= batchRows || (finished && queue.length)) {
        const out = queue.length <= batchRows ? queue : queue.splice(0, batchRows);
        if (out === queue) queue = [];
        if (queue.length < highWaterRows) rows.resume();
        yield out;
        continue;
      }
      if (finished) return;
      await new Promise<void>((r) => (wake = r));
    }
  } finally {
    if (!finished) {
      rows.discard();
      await rows.done.catch(() => undefined);
    }
  }
}

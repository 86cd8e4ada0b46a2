import type { ClientBase } from 'pg';
import { CopyInStream, CopyOutRows } from './copy-streams';

const CHUNK_BYTES = 256 * 1024;
const COPY_DATA = 0x64; // 'd'

/** COPY … FROM STDIN with a batch of rows already encoded in COPY text format. Resolves to the row count. */
export async function copyIn(client: ClientBase, copySql: string, data: Buffer | string): Promise<number> {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const stream = await CopyInStream.open(client, copySql);
  for (let i = 0; i < bytes.length; i += CHUNK_BYTES) {
    const chunk = bytes.subarray(i, i + CHUNK_BYTES);
    // One CopyData message: 'd', its length (itself included), the bytes.
    const message = Buffer.allocUnsafe(5 + chunk.length);
    message[0] = COPY_DATA;
    message.writeInt32BE(4 + chunk.length, 1);
    chunk.copy(message, 5);
    if (!stream.write(message)) await stream.drained();
  }
  return stream.finish();
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

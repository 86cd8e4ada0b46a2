import type { ClientBase } from 'pg';

// Streaming COPY for the replay, on the pg driver's "submittable" query hook (what pg-copy-streams builds on):
// rows are read one by one as they arrive (COPY … TO STDOUT, binary) and written in COPY binary format straight to
// the socket (COPY … FROM STDIN), with the socket's own back-pressure. Binary input spares PostgreSQL the parsing of
// uuids, timestamps and escapes, about half of its COPY cost; the encoding here is a few buffer writes a field.

/** The parts of pg's Connection the queries below use. */
interface PgConnection {
  query(text: string): void;
  sendCopyFail(msg: string): void;
  stream: NodeJS.ReadableStream &
    NodeJS.WritableStream & { writableNeedDrain?: boolean; pause(): void; resume(): void };
}

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const HEADER = Buffer.concat([SIGNATURE, Buffer.alloc(8)]); // flags 0, header extension length 0
const COPY_DATA = 0x64; // 'd'
const COPY_DONE = Buffer.from([0x63, 0, 0, 0, 4]); // 'c', length 4
const PG_EPOCH_MS = Date.UTC(2000, 0, 1);
const TEXT_OID = 25;

// Hex digit values by character code (-1: not a hex digit); codes above 255 are refused before the lookup.
const HEX = new Int8Array(256).fill(-1);
for (let i = 0; i < 10; i++) HEX[48 + i] = i;
for (let i = 0; i < 6; i++) HEX[97 + i] = HEX[65 + i] = 10 + i;
// Where each byte's two hex digits start in 8-4-4-4-12.
const UUID_DIGITS = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];

const digit = (s: string, i: number): number => {
  const d = s.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : NaN;
};
const twoDigits = (s: string, i: number): number => digit(s, i) * 10 + digit(s, i + 1);

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil); day 29–31 roll over. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/**
 * Date.parse, with a shortcut for the form every event carries (Date.toISOString(): 2026-11-23T08:00:00.000Z):
 * within the ranges checked here the arithmetic gives exactly what Date.parse returns (the unit test compares
 * them); anything else goes to Date.parse.
 */
export function parseTime(s: string): number {
  if (
    s.length === 24 &&
    s.charCodeAt(4) === 45 && // -
    s.charCodeAt(7) === 45 &&
    s.charCodeAt(10) === 84 && // T
    s.charCodeAt(13) === 58 && // :
    s.charCodeAt(16) === 58 &&
    s.charCodeAt(19) === 46 && // .
    s.charCodeAt(23) === 90 // Z
  ) {
    const year = twoDigits(s, 0) * 100 + twoDigits(s, 2);
    const month = twoDigits(s, 5);
    const day = twoDigits(s, 8);
    const hour = twoDigits(s, 11);
    const minute = twoDigits(s, 14);
    const second = twoDigits(s, 17);
    const ms = twoDigits(s, 20) * 10 + digit(s, 22);
    // Every comparison with NaN (a non-digit) is false, so a malformed field falls through to Date.parse.
    if (
      year >= 1000 &&
      month >= 1 &&
      month <= 12 &&
      day >= 1 &&
      day <= 31 &&
      hour <= 23 &&
      minute <= 59 &&
      second <= 59 &&
      ms >= 0
    )
      return ((daysFromCivil(year, month, day) * 24 + hour) * 60 + minute) * 60000 + second * 1000 + ms;
  }
  return Date.parse(s);
}

/**
 * Rows in COPY binary format, collected in one growing off-heap buffer that starts with room for the CopyData
 * message header, so `take()` hands over a message ready for the socket.
 */
export class BinaryRows {
  rows = 0;
  private buf: Buffer;
  private len = 5;

  constructor(initialBytes = 1 << 20) {
    this.buf = Buffer.allocUnsafe(initialBytes);
  }

  get bytes(): number {
    return this.len - 5;
  }

  /** The signature and header every binary COPY stream starts with. */
  header(): this {
    this.ensure(HEADER.length);
    this.len += HEADER.copy(this.buf, this.len);
    return this;
  }

  /** The end-of-data marker. */
  trailer(): this {
    this.ensure(2);
    this.len = this.buf.writeInt16BE(-1, this.len);
    return this;
  }

  row(fields: number): this {
    this.rows++;
    this.ensure(2);
    this.len = this.buf.writeInt16BE(fields, this.len);
    return this;
  }

  null(): this {
    this.ensure(4);
    this.len = this.buf.writeInt32BE(-1, this.len);
    return this;
  }

  /** A uuid in its canonical text form (8-4-4-4-12 hex digits), as 16 bytes. */
  uuid(s: string): this {
    if (
      s.length !== 36 ||
      s.charCodeAt(8) !== 45 ||
      s.charCodeAt(13) !== 45 ||
      s.charCodeAt(18) !== 45 ||
      s.charCodeAt(23) !== 45
    )
      throw new TypeError(`not a uuid: ${JSON.stringify(s)}`);
    this.ensure(20);
    const b = this.buf;
    const p = this.buf.writeInt32BE(16, this.len);
    let bad = 0;
    for (let j = 0; j < 16; j++) {
      const i = UUID_DIGITS[j];
      const hi = s.charCodeAt(i);
      const lo = s.charCodeAt(i + 1);
      const v = (HEX[hi & 255] << 4) | HEX[lo & 255];
      bad |= v | ((hi | lo) > 255 ? -1 : 0); // a negative HEX entry makes v negative too
      b[p + j] = v;
    }
    if (bad < 0) throw new TypeError(`not a uuid: ${JSON.stringify(s)}`);
    this.len = p + 16;
    return this;
  }

  text(s: string | null | undefined): this {
    if (s === null || s === undefined) return this.null();
    const str = typeof s === 'string' ? s : String(s);
    const n = str.length;
    this.ensure(4 + n * 3); // a UTF-16 code unit is at most 3 bytes of UTF-8
    const b = this.buf;
    const p = this.len + 4;
    // Short strings (ids, codes, types, summaries, reasons) encoded here: cheaper than a call into the encoder.
    // A surrogate (a character outside the BMP, or a broken pair) leaves it to the encoder.
    if (n <= 64) {
      let q = p;
      let i = 0;
      for (; i < n; i++) {
        const c = str.charCodeAt(i);
        if (c < 0x80) b[q++] = c;
        else if (c < 0x800) {
          b[q++] = 0xc0 | (c >> 6);
          b[q++] = 0x80 | (c & 63);
        } else if (c < 0xd800 || c > 0xdfff) {
          b[q++] = 0xe0 | (c >> 12);
          b[q++] = 0x80 | ((c >> 6) & 63);
          b[q++] = 0x80 | (c & 63);
        } else break;
      }
      if (i === n) {
        b.writeInt32BE(q - p, this.len);
        this.len = q;
        return this;
      }
    }
    const bytes = b.write(str, p, 'utf8');
    b.writeInt32BE(bytes, this.len);
    this.len = p + bytes;
    return this;
  }

  int2(n: number): this {
    this.ensure(6);
    this.buf.writeInt32BE(2, this.len);
    this.len = this.buf.writeInt16BE(n, this.len + 4);
    return this;
  }

  /** An int4 column; anything but a 32-bit integer is refused, as PostgreSQL would. */
  int4(n: number): this {
    if (!Number.isInteger(n) || n < -2147483648 || n > 2147483647)
      throw new TypeError(`not an int4: ${JSON.stringify(n)}`);
    this.ensure(8);
    this.buf.writeInt32BE(4, this.len);
    this.len = this.buf.writeInt32BE(n, this.len + 4);
    return this;
  }

  int8(n: number): this {
    if (!Number.isSafeInteger(n)) throw new TypeError(`not a safe integer: ${JSON.stringify(n)}`);
    this.ensure(12);
    this.len = this.buf.writeInt32BE(8, this.len);
    this.writeInt64(n);
    return this;
  }

  /**
   * A timestamptz from a time string, read the way casework's writes read it (`new Date(text)`, millisecond
   * precision), so the stored instant is the one casework stores.
   */
  timestamptz(iso: string | null | undefined): this {
    if (iso === null || iso === undefined) return this.null();
    const ms = parseTime(iso);
    if (Number.isNaN(ms)) throw new TypeError(`not a time: ${JSON.stringify(iso)}`);
    return this.timestamptzMs(ms);
  }

  /** A timestamptz from milliseconds since 1970 (as Date.getTime()). */
  timestamptzMs(ms: number): this {
    this.ensure(12);
    this.len = this.buf.writeInt32BE(8, this.len);
    this.writeInt64((ms - PG_EPOCH_MS) * 1000); // microseconds since 2000-01-01
    return this;
  }

  /** jsonb: format version 1, then the JSON text (PostgreSQL parses it as it would the text form). */
  jsonb(json: string): this {
    this.ensure(5 + json.length * 3);
    const n = this.buf.write(json, this.len + 5, 'utf8');
    this.buf.writeInt32BE(n + 1, this.len);
    this.buf[this.len + 4] = 1;
    this.len += 5 + n;
    return this;
  }

  /** A one-dimensional text[] (empty: no dimensions, like '{}'); a null or undefined element is NULL. */
  textArray(values: readonly unknown[]): this {
    const start = this.len;
    this.ensure(24);
    this.len += 4; // length, filled in below
    const hasNull = values.some((v) => v === null || v === undefined);
    this.len = this.buf.writeInt32BE(values.length ? 1 : 0, this.len);
    this.len = this.buf.writeInt32BE(hasNull ? 1 : 0, this.len);
    this.len = this.buf.writeInt32BE(TEXT_OID, this.len);
    if (values.length) {
      this.len = this.buf.writeInt32BE(values.length, this.len);
      this.len = this.buf.writeInt32BE(1, this.len); // lower bound
      for (const v of values) this.text(v === null || v === undefined ? null : String(v));
    }
    this.buf.writeInt32BE(this.len - start - 4, start);
    return this;
  }

  /** The rows so far as one CopyData message; the buffer starts afresh (the caller may still be sending the old). */
  take(): Buffer {
    this.buf[0] = COPY_DATA;
    this.buf.writeInt32BE(this.len - 1, 1);
    const out = this.buf.subarray(0, this.len);
    this.buf = Buffer.allocUnsafe(this.buf.length);
    this.len = 5;
    this.rows = 0;
    return out;
  }

  private writeInt64(v: number): void {
    const hi = Math.floor(v / 4294967296);
    this.buf.writeInt32BE(hi, this.len);
    this.buf.writeUInt32BE(v - hi * 4294967296, this.len + 4);
    this.len += 8;
  }

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + n));
    this.buf.copy(bigger, 0, 0, this.len);
    this.buf = bigger;
  }
}

/**
 * A COPY … FROM STDIN (FORMAT binary) kept open while rows are produced: `write` hands a CopyData message to the
 * socket and says whether the socket wants a rest (`drained()` waits for it), `finish` ends the data and waits for
 * PostgreSQL's answer. A failure (a row PostgreSQL refuses, a lost connection) rejects `finish` and any waiter.
 */
export class CopyInStream {
  private connection: PgConnection | undefined;
  private readonly ready: Promise<void>;
  private readonly done: Promise<number>;
  private onReady!: () => void;
  private onDone!: (rows: number) => void;
  private onFail!: (err: Error) => void;
  private rows = 0;
  private failure: Error | undefined;

  private constructor(private readonly text: string) {
    let readyFail!: (err: Error) => void;
    this.ready = new Promise<void>((res, rej) => {
      this.onReady = res;
      readyFail = rej;
    });
    this.done = new Promise<number>((res, rej) => {
      this.onDone = res;
      this.onFail = (err) => {
        readyFail(err);
        rej(err);
      };
    });
    // Whoever awaits first sees the failure; keep the other from being reported as unhandled.
    this.ready.catch(() => undefined);
    this.done.catch(() => undefined);
  }

  /** Start `copySql` (a COPY … FROM STDIN, binary or text) on `client` and wait until the server accepts data. */
  static async open(client: ClientBase, copySql: string): Promise<CopyInStream> {
    const q = new CopyInStream(copySql);
    (client as unknown as { query(q: CopyInStream): unknown }).query(q);
    await q.ready;
    return q;
  }

  get error(): Error | undefined {
    return this.failure;
  }

  /** Send one CopyData message (from BinaryRows.take()); false means: wait for drained() before sending much more. */
  write(message: Buffer): boolean {
    if (this.failure) throw this.failure;
    return (this.connection as PgConnection).stream.write(message);
  }

  get needsDrain(): boolean {
    return !this.failure && Boolean(this.connection?.stream.writableNeedDrain);
  }

  drained(): Promise<void> {
    if (!this.needsDrain) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const stream = (this.connection as PgConnection).stream;
      stream.once('drain', resolve);
      this.done.catch((err: Error) => {
        stream.removeListener('drain', resolve);
        reject(err);
      });
    });
  }

  /** End the data; resolves to the number of rows PostgreSQL stored. */
  async finish(): Promise<number> {
    if (!this.failure) (this.connection as PgConnection).stream.write(COPY_DONE);
    return this.done;
  }

  // pg's submittable interface.
  submit(connection: PgConnection): null {
    this.connection = connection;
    connection.query(this.text);
    return null;
  }
  handleCopyInResponse(): void {
    this.onReady();
  }
  handleCommandComplete(msg: { text?: string }): void {
    const m = /COPY (\d+)/.exec(msg.text ?? '');
    if (m) this.rows = Number(m[1]);
  }
  handleReadyForQuery(): void {
    if (!this.failure) this.onDone(this.rows);
  }
  handleError(err: Error): void {
    this.failure ??= err;
    this.onFail(err);
  }
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
}

/**
 * COPY (query) TO STDOUT (FORMAT binary), each row handed to `onRow` as it arrives, synchronously, as the buffer it
 * sits in and the start and length of each field (-1: NULL) in a reused array; the bytes are valid only during the
 * call. `pause()` stops reading the socket (rows already received are still delivered), `resume()` reads on.
 * `done` settles when the COPY has ended; an exception thrown by `onRow` stops the delivery and rejects `done`
 * once the rest of the data has drained, so the connection stays usable; so does `discard()`, for a reader that
 * stops early, without the rejection. `fieldCount` null takes rows of any width (the count is `onRow`'s third
 * argument).
 */
export class CopyOutRows {
  readonly done: Promise<number>;
  private connection: PgConnection | undefined;
  private onDone!: (rows: number) => void;
  private onFail!: (err: Error) => void;
  private pending: Buffer | null = null;
  private headerDone = false;
  private rows = 0;
  private paused = false;
  private discarding = false;
  private failure: Error | undefined;
  private fields: Int32Array;

  private constructor(
    private readonly text: string,
    private readonly fieldCount: number | null,
    private readonly onRow: (buf: Buffer, fields: Int32Array, count: number) => void,
  ) {
    this.fields = new Int32Array((fieldCount ?? 16) * 2);
    this.done = new Promise<number>((res, rej) => {
      this.onDone = res;
      this.onFail = rej;
    });
    this.done.catch(() => undefined);
  }

  static start(
    client: ClientBase,
    query: string,
    fieldCount: number | null,
    onRow: (buf: Buffer, fields: Int32Array, count: number) => void,
  ): CopyOutRows {
    const q = new CopyOutRows(`COPY (${query}) TO STDOUT (FORMAT binary)`, fieldCount, onRow);
    (client as unknown as { query(q: CopyOutRows): unknown }).query(q);
    return q;
  }

  pause(): void {
    if (this.paused || !this.connection) return;
    this.paused = true;
    this.connection.stream.pause();
  }

  resume(): void {
    if (!this.paused || !this.connection) return;
    this.paused = false;
    this.connection.stream.resume();
  }

  /** Deliver no more rows; let the rest of the COPY arrive unread, so the connection stays usable. */
  discard(): void {
    this.discarding = true;
    this.resume();
  }

  // pg's submittable interface.
  submit(connection: PgConnection): null {
    this.connection = connection;
    connection.query(this.text);
    return null;
  }
  handleCopyData(msg: { chunk: Buffer }): void {
    if (this.failure || this.discarding) return; // draining
    try {
      this.parse(msg.chunk);
    } catch (err) {
      this.failure = err as Error;
      this.resume(); // let the rest arrive and be discarded
    }
  }
  handleCommandComplete(): void {}
  handleReadyForQuery(): void {
    if (this.failure) this.onFail(this.failure);
    else this.onDone(this.rows);
  }
  handleError(err: Error): void {
    this.failure ??= err;
    this.resume();
    this.onFail(this.failure); // the driver forgets a failed query: ReadyForQuery goes to nobody
  }
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyInResponse(connection: PgConnection): void {
    connection.sendCopyFail('not a COPY FROM');
  }

  private parse(chunk: Buffer): void {
    let buf = chunk;
    if (this.pending) {
      buf = Buffer.concat([this.pending, chunk]);
      this.pending = null;
    }
    let off = 0;
    const len = buf.length;
    if (!this.headerDone) {
      if (len < 19 || len < 19 + buf.readInt32BE(15)) {
        this.pending = Buffer.from(buf);
        return;
      }
      if (!buf.subarray(0, 11).equals(SIGNATURE)) throw new Error('COPY data is not in binary format');
      off = 19 + buf.readInt32BE(15);
      this.headerDone = true;
    }
    while (off + 2 <= len) {
      const n = buf.readInt16BE(off);
      if (n === -1) return; // trailer
      if (this.fieldCount !== null && n !== this.fieldCount)
        throw new Error(`COPY row has ${n} fields, expected ${this.fieldCount}`);
      if (n * 2 > this.fields.length) this.fields = new Int32Array(n * 2);
      const fields = this.fields;
      let p = off + 2;
      let complete = true;
      for (let i = 0; i < n; i++) {
        if (p + 4 > len) {
          complete = false;
          break;
        }
        const size = buf.readInt32BE(p);
        p += 4;
        fields[2 * i] = p;
        fields[2 * i + 1] = size;
        if (size > 0) p += size;
        if (p > len) {
          complete = false;
          break;
        }
      }
      if (!complete) break;
      this.rows++;
      this.onRow(buf, fields, n);
      off = p;
    }
    // A row split across messages (PostgreSQL sends one per message, but nothing promises it): keep a copy, the
    // driver reuses its buffer.
    if (off < len) this.pending = Buffer.from(buf.subarray(off));
  }
}

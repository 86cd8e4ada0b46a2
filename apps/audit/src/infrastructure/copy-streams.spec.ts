import type { ClientBase } from 'pg';
import { BinaryRows, CopyOutRows, parseTime } from './copy-streams';

const field = (b: Buffer, at: number) => ({ len: b.readInt32BE(at), data: b.subarray(at + 4) });

describe(BinaryRows.name, () => {
  it('frames the rows as one CopyData message, header first', () => {
    const msg = new BinaryRows().header().row(1).int4(7).trailer().take();
    expect(msg[0]).toBe(0x64);
    expect(msg.readInt32BE(1)).toBe(msg.length - 1);
    expect(msg.subarray(5, 16).toString('latin1')).toBe('PGCOPY\n\xff\r\n\0');
    expect(msg.readInt32BE(16)).toBe(0); // flags
    expect(msg.readInt32BE(20)).toBe(0); // header extension
    expect(msg.readInt16BE(24)).toBe(1); // one field
    expect(msg.readInt32BE(26)).toBe(4);
    expect(msg.readInt32BE(30)).toBe(7);
    expect(msg.readInt16BE(34)).toBe(-1); // trailer
    expect(msg.length).toBe(36);
  });

  it('writes uuids as 16 bytes and refuses anything else', () => {
    const id = '0B3C1D2E-4F50-4a6b-8c7d-9e0f1a2b3c4d';
    const b = new BinaryRows().uuid(id).take();
    expect(b.readInt32BE(5)).toBe(16);
    expect(b.subarray(9, 25).toString('hex')).toBe(id.replace(/-/g, '').toLowerCase());
    for (const bad of ['0b3c1d2e4f504a6b8c7d9e0f1a2b3c4d', '0b3c1d2e-4f50-4a6b-8c7d-9e0f1a2b3c4g', 'x'])
      expect(() => new BinaryRows().uuid(bad)).toThrow(/not a uuid/);
    expect(() => new BinaryRows().uuid('0b3c1d2e-4f50-4a6b-8c7d-9e0f1a2b3cđ4')).toThrow(/not a uuid/);
  });

  it('writes text as UTF-8 with its byte length, and null as -1', () => {
    const samples = [
      'case.assigned',
      'Phường Phúc Xá',
      'a'.repeat(70) + 'ệ',
      '',
      'tab\there',
      '\u07ff\u0800\uffff',
    ];
    samples.push('emoji 😀 and a broken pair \ud800 x', 'x\udc00', 'ß'.repeat(64), 'đ'.repeat(65));
    for (const s of samples) {
      const b = new BinaryRows().text(s).take();
      const f = field(b, 5);
      expect(f.len).toBe(Buffer.byteLength(s));
      expect(f.data.subarray(0, f.len)).toEqual(Buffer.from(s, 'utf8'));
    }
    expect(new BinaryRows().text(null).take().readInt32BE(5)).toBe(-1);
    expect(
      new BinaryRows()
        .text(42 as unknown as string)
        .take()
        .subarray(9)
        .toString(),
    ).toBe('42');
  });

  it('writes timestamps as microseconds since 2000, before it too', () => {
    const at = (iso: string) => {
      const b = new BinaryRows().timestamptz(iso).take();
      expect(b.readInt32BE(5)).toBe(8);
      return b.readBigInt64BE(9);
    };
    expect(at('2000-01-01T00:00:00.000Z')).toBe(0n);
    expect(at('2000-01-01T00:00:00.001Z')).toBe(1000n);
    expect(at('1999-12-31T23:59:59.999Z')).toBe(-1000n);
    expect(at('2026-11-23T08:00:00+07:00')).toBe(
      BigInt(Date.parse('2026-11-23T01:00:00.000Z') - Date.UTC(2000, 0, 1)) * 1000n,
    );
    expect(() => new BinaryRows().timestamptz('yesterday')).toThrow(/not a time/);
  });

  it('writes text[] in the array format, empty as no dimensions', () => {
    const empty = new BinaryRows().textArray([]).take();
    expect(empty.readInt32BE(5)).toBe(12);
    expect([empty.readInt32BE(9), empty.readInt32BE(13), empty.readInt32BE(17)]).toEqual([0, 0, 25]);
    const two = new BinaryRows().textArray(['hn-q-ba-dinh', null]).take();
    expect(two.readInt32BE(5)).toBe(two.length - 9);
    expect([two.readInt32BE(9), two.readInt32BE(13), two.readInt32BE(17)]).toEqual([1, 1, 25]);
    expect([two.readInt32BE(21), two.readInt32BE(25)]).toEqual([2, 1]); // length, lower bound
    expect(two.readInt32BE(29)).toBe(12);
    expect(two.subarray(33, 45).toString()).toBe('hn-q-ba-dinh');
    expect(two.readInt32BE(45)).toBe(-1);
  });

  it('writes jsonb as version 1 and the text, and refuses what is not an int4', () => {
    const b = new BinaryRows().jsonb('{"a":"ố"}').take();
    expect(b.readInt32BE(5)).toBe(1 + Buffer.byteLength('{"a":"ố"}'));
    expect(b[9]).toBe(1);
    expect(b.subarray(10).toString()).toBe('{"a":"ố"}');
    expect(() => new BinaryRows().int4(1.5)).toThrow(/int4/);
    expect(() => new BinaryRows().int4(2 ** 31)).toThrow(/int4/);
  });

  it('grows past its first buffer', () => {
    const rows = new BinaryRows(16);
    for (let i = 0; i < 1000; i++) rows.row(1).text('Phản ánh ngập úng');
    expect(rows.rows).toBe(1000);
    const b = rows.take();
    expect(b.length).toBe(5 + 1000 * (2 + 4 + Buffer.byteLength('Phản ánh ngập úng')));
    expect(rows.rows).toBe(0);
  });
});

describe('parseTime', () => {
  it('reads every time the way Date.parse does', () => {
    const samples = [
      '2026-11-23T01:00:00.000Z',
      '2024-02-29T23:59:59.999Z',
      '2026-02-30T00:00:00.000Z', // Date.parse rolls an impossible day over
      '2026-04-31T12:00:00.000Z',
      '2026-01-01T24:00:00.000Z',
      '2026-01-01T23:60:00.000Z',
      '2026-13-01T00:00:00.000Z',
      '0999-01-01T00:00:00.000Z',
      '0050-01-01T00:00:00.000Z',
      '2026-11-23T08:00:00+07:00',
      '2026-11-23T08:00:00.123456Z',
      '2026-11-23',
      '2026-1a-23T08:00:00.000Z',
      'not a time at all, 24ch',
    ];
    for (const y of ['1000', '1600', '1900', '2000', '2024', '2100', '9999'])
      samples.push(`${y}-02-28T00:00:00.000Z`, `${y}-02-29T12:00:00.000Z`, `${y}-12-31T23:59:59.999Z`);
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return Math.floor((seed / 2 ** 31) * n);
    };
    const pad = (v: number, n: number) => String(v).padStart(n, '0');
    for (let i = 0; i < 2000; i++) {
      samples.push(new Date(Date.UTC(1000, 0, 1) + (rand(2 ** 31) / 2 ** 31) * 2.8e14).toISOString());
      // Any day 1–31 in any month: Date.parse rolls the impossible ones over, and so must the shortcut.
      samples.push(
        `${pad(1000 + rand(9000), 4)}-${pad(1 + rand(12), 2)}-${pad(1 + rand(31), 2)}T` +
          `${pad(rand(24), 2)}:${pad(rand(60), 2)}:${pad(rand(60), 2)}.${pad(rand(1000), 3)}Z`,
      );
    }
    for (const s of samples) expect([s, parseTime(s)]).toEqual([s, Date.parse(s)]);
  });
});

describe(CopyOutRows.name, () => {
  const header = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
  const row = (...values: string[]) =>
    Buffer.concat([
      Buffer.from([0, values.length]),
      ...values.flatMap((v) => {
        const len = Buffer.alloc(4);
        len.writeInt32BE(Buffer.byteLength(v));
        return [len, Buffer.from(v)];
      }),
    ]);
  const trailer = Buffer.from([0xff, 0xff]);
  const fakeClient = { query: () => undefined } as unknown as ClientBase;

  it('hands over each row as it arrives, whatever the message boundaries', async () => {
    const data = Buffer.concat([
      header,
      row('a', 'Phúc Xá'),
      row('bb', ''),
      row('c', 'x'.repeat(300)),
      trailer,
    ]);
    for (const cut of [
      [1],
      [5, 20],
      [19, 30, 31, 40],
      Array.from({ length: data.length }, (_, i) => i + 1),
    ]) {
      const seen: string[][] = [];
      const q = CopyOutRows.start(fakeClient, 'SELECT 1', 2, (buf, f) =>
        seen.push([buf.toString('utf8', f[0], f[0] + f[1]), buf.toString('utf8', f[2], f[2] + f[3])]),
      );
      let at = 0;
      for (const c of [...cut, data.length]) {
        if (c <= at) continue;
        q.handleCopyData({ chunk: data.subarray(at, c) });
        at = c;
      }
      q.handleReadyForQuery();
      await expect(q.done).resolves.toBe(3);
      expect(seen).toEqual([
        ['a', 'Phúc Xá'],
        ['bb', ''],
        ['c', 'x'.repeat(300)],
      ]);
    }
  });

  it('stops delivering after a row fails and reports that failure', async () => {
    let calls = 0;
    const q = CopyOutRows.start(fakeClient, 'SELECT 1', 1, () => {
      calls++;
      throw new Error('bad row');
    });
    q.handleCopyData({ chunk: Buffer.concat([header, row('a'), row('b'), trailer]) });
    q.handleReadyForQuery();
    await expect(q.done).rejects.toThrow('bad row');
    expect(calls).toBe(1);
  });
});

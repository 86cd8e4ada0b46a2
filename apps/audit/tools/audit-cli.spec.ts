import { csvField } from '../src/export-events/export-events.use-case';
import { copyField } from '../src/infrastructure/pg-copy';
import { foldForSearch as fold } from '@lib/projection';
import { laneBounds } from '../src/replay-projection/replay-projection.use-case';
import { assertReplayTarget } from '../src/replay-projection/replay-target';
import { parseArgs, parseKafkaOffsets, progressBar, runCli } from './audit-cli';

describe('audit CLI', () => {
  it('parses commands, values and switches', () => {
    expect(parseArgs(['replay', '--into', 'r1', '--replace', '--to=2026-11-23T00:00:00Z'])).toEqual({
      command: 'replay',
      positional: [],
      flags: { into: 'r1', replace: true, to: '2026-11-23T00:00:00Z' },
    });
    expect(parseArgs(['as-of', 'HN-20261123-ABC234', '2026-11-23T08:00:00+07:00'])).toMatchObject({
      command: 'as-of',
      positional: ['HN-20261123-ABC234', '2026-11-23T08:00:00+07:00'],
    });
    expect(() => parseArgs(['verify', '--case'])).toThrow(/needs a value/);
  });

  it('refuses a time without a zone before touching the database', async () => {
    let err = '';
    const sink = { write: (s: string) => ((err += s), true) } as unknown as NodeJS.WritableStream;
    const io = { stdout: sink, stderr: sink, env: {} } as unknown as Parameters<typeof runCli>[1];
    expect(await runCli(['as-of', 'HN-20261123-ABC234', '2026-11-23T08:00:00'], io)).toBe(2);
    expect(err).toContain('with a zone');
  });

  it('never replays into a service or system schema', () => {
    expect(() => assertReplayTarget('casework', [])).toThrow(/service or system/);
    expect(() => assertReplayTarget('pg_temp', [])).toThrow(/service or system/);
    expect(() => assertReplayTarget('live_copy', ['live_copy'])).toThrow(/service or system/);
    expect(() => assertReplayTarget('Bad-Name', [])).toThrow(/identifier/);
    expect(() => assertReplayTarget('replay_2026', ['casework'])).not.toThrow();
  });
});

describe('replay options', () => {
  it('reads start offsets for the case topics and refuses anything else', () => {
    expect(parseKafkaOffsets('case.activity:0:1200, case.received:5:0')).toEqual([
      { topic: 'case.activity', partition: 0, offset: '1200' },
      { topic: 'case.received', partition: 5, offset: '0' },
    ]);
    for (const bad of ['access.recorded:0:1', 'case.activity:0', 'case.activity:x:1', 'case.activity:0:-1'])
      expect(() => parseKafkaOffsets(bad)).toThrow(/--kafka-offsets/);
  });

  it('draws the progress of each phase on a pipe, a line per tenth', () => {
    const lines: string[] = [];
    const bar = progressBar({ write: (s: string) => lines.push(s) } as never);
    for (let i = 0; i <= 20; i++)
      bar.update({ phase: 'fold', events: i * 50, total: 1000, fraction: i / 20, elapsedMs: 1000 });
    bar.update({ phase: 'index', events: 1000, total: 1000, fraction: 0.5, elapsedMs: 2000 });
    bar.done();
    expect(lines).toHaveLength(12);
    expect(lines[10]).toBe(`replay [${'#'.repeat(30)}] 100% 1000/1000 events, 1000/s, ETA 0s\n`);
    expect(lines[11]).toMatch(/^indexes \[#{15}\.{15}\] {2}50% 1000 events folded\n$/);
  });
});

describe('replay lanes', () => {
  it('split the case ids into contiguous ranges that cover them all', () => {
    expect(laneBounds(1)).toEqual([[null, null]]);
    const mid = '80000000-0000-0000-0000-000000000000';
    expect(laneBounds(2)).toEqual([
      [null, mid],
      [mid, null],
    ]);
    const three = laneBounds(3);
    expect(three.map(([a]) => a)).toEqual([
      null,
      '55555555-0000-0000-0000-000000000000',
      'aaaaaaaa-0000-0000-0000-000000000000',
    ]);
    for (let i = 1; i < three.length; i++) expect(three[i][0]).toBe(three[i - 1][1]);
  });
});

describe('encodings', () => {
  it('escapes COPY text fields', () => {
    expect(copyField(null)).toBe('\\N');
    expect(copyField('a\tb\nc\\d')).toBe('a\\tb\\nc\\\\d');
    expect(copyField('Phường Phúc Xá')).toBe('Phường Phúc Xá');
  });

  it('quotes CSV fields that need it', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField(null)).toBe('');
    expect(csvField(3)).toBe('3');
  });

  it('folds text like casework', () => {
    expect(fold('  Phường  PHÚC Xá, Đống Đa ')).toBe('phuong phuc xa, dong da');
  });
});

import { csvField } from '../src/export-events/export-events.use-case';
import { copyField } from '../src/infrastructure/pg-copy';
import { foldForSearch as fold } from '@lib/projection';
import { textArrayLiteral } from '../src/replay-projection/projection-tables';
import { laneBounds } from '../src/replay-projection/replay-projection.use-case';
import { assertReplayTarget } from '../src/replay-projection/replay-target';
import { parseArgs, runCli } from './audit-cli';

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

  it('writes text[] literals and folds text like casework', () => {
    expect(textArrayLiteral(['hn-q-ba-dinh', 'a"b\\c'])).toBe('{"hn-q-ba-dinh","a\\"b\\\\c"}');
    expect(textArrayLiteral([])).toBe('{}');
    expect(fold('  Phường  PHÚC Xá, Đống Đa ')).toBe('phuong phuc xa, dong da');
  });
});

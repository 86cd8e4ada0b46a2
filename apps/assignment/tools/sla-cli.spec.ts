import { parseArgs, run } from './sla-cli';

function sla(args: string): { out: string; err: string; code: number } {
  let out = '';
  let err = '';
  const code = run(
    args.split(' ').filter(Boolean),
    (s) => (out += s),
    (s) => (err += s),
    {},
  );
  return { out, err, code };
}

describe('sla CLI', () => {
  it.each([
    ['--kind complaint --stage acceptance --from 2026-06-30', '2026-07-10'],
    ['--kind complaint --stage acceptance --from 2026-07-01', '2026-07-10'],
    ['--kind complaint --stage resolution --from 2026-03-02', '2026-04-01'],
    ['--kind complaint --stage resolution --from 2026-03-02 --complexity complex', '2026-04-16'],
    ['--kind complaint --stage resolution --from 2026-03-02 --remote', '2026-04-16'],
    ['--kind complaint --stage resolution --from 2026-03-02 --remote --complexity complex', '2026-05-04'],
    ['--kind complaint --stage resolution --from 2026-03-02 --instance 2', '2026-04-16'],
    [
      '--kind complaint --stage resolution --from 2026-03-02 --instance 2 --complexity complex --remote',
      '2026-05-11',
    ],
    ['--kind denunciation --stage processing --from 2026-02-12', '2026-03-02'],
    ['--kind denunciation --stage processing --from 2026-02-12 --complexity complex', '2026-03-05'],
    ['--kind denunciation --stage resolution --from 2026-03-02', '2026-04-01'],
    ['--kind recommendation --stage processing --from 2026-02-12', '2026-03-05'],
    ['--kind reflection --stage resolution --from 2026-02-12', '2026-03-05'],
    ['--kind=complaint --stage=resolution --from=2026-01-15', '2026-02-23'],
  ])('%s → %s and nothing else', (args, date) => {
    expect(sla(args)).toEqual({ out: `${date}\n`, err: '', code: 0 });
  });

  it.each([
    ['an impossible date', '--kind complaint --stage resolution --from 2026-02-30', /not a date/],
    ['a date not written YYYY-MM-DD', '--kind complaint --stage resolution --from 30/06/2026', /not a date/],
    [
      'an unknown option',
      '--kind complaint --stage resolution --from 2026-03-02 --fast',
      /unknown option: --fast/,
    ],
    ['an unknown kind', '--kind petition --stage resolution --from 2026-03-02', /--kind must be one of/],
    ['an unknown stage', '--kind complaint --stage appeal --from 2026-03-02', /--stage must be one of/],
    ['a missing --from', '--kind complaint --stage resolution', /--from is required/],
    ['a missing value', '--kind complaint --stage resolution --from', /--from needs a value/],
    ['a bad instance', '--kind complaint --stage resolution --from 2026-03-02 --instance 3', /--instance/],
    [
      'a bad complexity',
      '--kind complaint --stage resolution --from 2026-03-02 --complexity hard',
      /--complexity/,
    ],
    [
      'an option given twice',
      '--kind complaint --kind reflection --stage resolution --from 2026-03-02',
      /twice/,
    ],
    [
      'a year outside the calendar',
      '--kind complaint --stage resolution --from 1999-03-02',
      /calendar covers/,
    ],
    [
      'no policy in force',
      '--kind denunciation --stage resolution --from 2026-03-02 --instance 2',
      /no SLA policy/,
    ],
  ])('rejects %s on stderr, nothing on stdout, non-zero exit', (_what, args, message) => {
    const r = sla(args);
    expect(r.out).toBe('');
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(message);
  });

  it('reads the seed folder from --seeds, else SEED_DIR, else seeds/v2', () => {
    const base = ['--kind', 'complaint', '--stage', 'resolution', '--from', '2026-03-02'];
    expect(parseArgs(base, {}).seeds).toBe('apps/assignment/seeds/v2');
    expect(parseArgs(base, { SEED_DIR: 'x' }).seeds).toBe('x');
    expect(parseArgs([...base, '--seeds', 'y'], { SEED_DIR: 'x' }).seeds).toBe('y');
  });
});

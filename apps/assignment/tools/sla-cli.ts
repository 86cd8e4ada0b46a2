// Verification contract:
//   npm run --silent sla -- --kind KIND --stage processing|acceptance|resolution --from YYYY-MM-DD
//                            [--complexity normal|complex] [--instance 1|2] [--remote] [--seeds DIR]
// prints only the last day of the time limit (YYYY-MM-DD, Asia/Ho_Chi_Minh) on stdout. Anything wrong (unknown
// option, impossible date, no policy in force) goes to stderr, nothing to stdout, exit code 2. Same policy rows,
// calendar and counting code as the service, read from the seed folder (SEED_DIR or --seeds; default seeds/v2).
import 'reflect-metadata';
import { CASE_KINDS, CaseKind } from '@lib/contracts';
import { CALENDAR_FIRST_YEAR, CALENDAR_LAST_YEAR } from '../src/domain/calendar';
import { dueDate, requirePolicy, SlaQuery } from '../src/domain/deadline';
import { Complexity, SlaStage } from '../src/domain/directory';
import { calendarFromSeed, DEFAULT_SEED_DIR, readSeed } from '../src/directory/seed-files';

const STAGES: readonly SlaStage[] = ['processing', 'acceptance', 'resolution'];
const COMPLEXITIES: readonly Complexity[] = ['normal', 'complex'];

export class UsageError extends Error {}

export interface SlaArgs extends SlaQuery {
  seeds: string;
}

/** A real calendar date written YYYY-MM-DD (no 2026-02-30), inside the years the calendar answers for. */
export function parseDate(s: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!m || !d || d.toISOString().slice(0, 10) !== s)
    throw new UsageError(`--from: not a date YYYY-MM-DD: ${s}`);
  const year = Number(m[1]);
  if (year < CALENDAR_FIRST_YEAR || year > CALENDAR_LAST_YEAR) {
    throw new UsageError(`--from: the calendar covers ${CALENDAR_FIRST_YEAR}–${CALENDAR_LAST_YEAR}: ${s}`);
  }
  return s;
}

export function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): SlaArgs {
  const seen = new Map<string, string | true>();
  const valued = new Set(['--kind', '--stage', '--from', '--complexity', '--instance', '--seeds']);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [name, inline] =
      a.startsWith('--') && a.includes('=')
        ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
        : [a, undefined];
    if (seen.has(name)) throw new UsageError(`${name} given twice`);
    if (name === '--remote') {
      if (inline !== undefined) throw new UsageError('--remote takes no value');
      seen.set(name, true);
    } else if (valued.has(name)) {
      const v = inline ?? argv[++i];
      if (v === undefined || (inline === undefined && v.startsWith('--')))
        throw new UsageError(`${name} needs a value`);
      seen.set(name, v);
    } else {
      throw new UsageError(`unknown option: ${a}`);
    }
  }
  const get = (n: string) => seen.get(n) as string | undefined;
  const kind = get('--kind');
  if (!kind) throw new UsageError('--kind is required');
  if (!CASE_KINDS.includes(kind as CaseKind)) {
    throw new UsageError(`--kind must be one of ${CASE_KINDS.join(', ')}: ${kind}`);
  }
  const stage = get('--stage');
  if (!stage) throw new UsageError('--stage is required');
  if (!STAGES.includes(stage as SlaStage))
    throw new UsageError(`--stage must be one of ${STAGES.join(', ')}: ${stage}`);
  const from = get('--from');
  if (!from) throw new UsageError('--from is required');
  const complexity = get('--complexity') ?? 'normal';
  if (!COMPLEXITIES.includes(complexity as Complexity)) {
    throw new UsageError(`--complexity must be normal or complex: ${complexity}`);
  }
  const instance = get('--instance') ?? '1';
  if (instance !== '1' && instance !== '2') throw new UsageError(`--instance must be 1 or 2: ${instance}`);
  return {
    kind: kind as CaseKind,
    stage: stage as SlaStage,
    on: parseDate(from),
    instance: Number(instance),
    complexity: complexity as Complexity,
    area: seen.has('--remote') ? 'remote' : 'normal',
    seeds: get('--seeds') ?? env.SEED_DIR ?? DEFAULT_SEED_DIR,
  };
}

/** The due date the service would set for this stage, from the seed folder's policies and calendar. */
export function slaDueDate(args: SlaArgs): string {
  const seed = readSeed(args.seeds);
  const policy = requirePolicy(seed.policies, args);
  // The longest limit (70 days) ends within the next year; the years around the start day are enough.
  const year = Number(args.on.slice(0, 4));
  return dueDate(calendarFromSeed(seed, { from: year - 1, to: year + 1 }), policy, args.on);
}

/** The whole command: the date on `out`, or the reason on `err`; returns the exit code. */
export function run(
  argv: readonly string[],
  out: (s: string) => void,
  err: (s: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): number {
  try {
    out(`${slaDueDate(parseArgs(argv, env))}\n`);
    return 0;
  } catch (e) {
    const usage =
      e instanceof UsageError
        ? '\nusage: sla --kind complaint|denunciation|recommendation|reflection ' +
          '--stage processing|acceptance|resolution --from YYYY-MM-DD [--complexity normal|complex] ' +
          '[--instance 1|2] [--remote] [--seeds DIR]'
        : '';
    err(`sla: ${e instanceof Error ? e.message : String(e)}${usage}\n`);
    return 2;
  }
}

if (require.main === module) {
  process.exitCode = run(
    process.argv.slice(2),
    (s) => process.stdout.write(s),
    (s) => process.stderr.write(s),
  );
}

// Verification contract: `npm run --silent route -- --in FILE.jsonl [--seeds DIR] [--as-of YYYY-MM-DD]` reads
// lines {"id","kind","domain","level","district","ward","submittedToLevel"} (names as people write them, with or
// without diacritics, "P."/"Q."/"phuong"/"quan"…; any may be empty) and writes one line per non-blank input line,
// in order: {"id","leadUnit":{"id","name","level"},"coordinatingUnits":[…],"flags":[…],"reason"}. Nothing else
// goes to stdout; problems go to stderr. Same routing code and seed data as the service (SEED_DIR or --seeds;
// default seeds/v2), units and rules in force on --as-of (default: today in Asia/Ho_Chi_Minh).
import 'reflect-metadata';
import { accessSync, constants, createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { toVietnamDate } from '@lib/domain';
import { Directory } from '../src/domain/directory';
import { RouteAnswer, RouteRequestRouter, UnitRef } from '../src/domain/route-request';
import { DEFAULT_SEED_DIR, directoryFromSeed, readSeed } from '../src/directory/seed-files';

export { parseLevel } from '../src/domain/route-request';

/** One output line of the contract. */
export interface RouteOutput {
  id: unknown;
  leadUnit: UnitRef;
  coordinatingUnits: UnitRef[];
  flags: string[];
  reason: string;
}

const line = (id: unknown, a: RouteAnswer): RouteOutput => ({
  id,
  leadUnit: a.leadUnit,
  coordinatingUnits: a.coordinatingUnits,
  flags: a.flags,
  reason: a.reason,
});

/** Routes one input line the way the service routes a classified case; a bad line still gets an answer. */
export class LineRouter {
  private readonly router: RouteRequestRouter;

  constructor(dir: Directory) {
    this.router = new RouteRequestRouter(dir);
  }

  route(text: string): RouteOutput {
    let input: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(text);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
        throw new Error('not a JSON object');
      input = parsed as Record<string, unknown>;
    } catch {
      return line(null, this.router.unroutable('dòng không phải JSON'));
    }
    return line(input.id ?? null, this.router.route(input));
  }
}

function parseArgs(argv: readonly string[]): { file?: string; seeds?: string; asOf?: string } {
  const out: { file?: string; seeds?: string; asOf?: string } = {};
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i + 1];
    if (!['--in', '--seeds', '--as-of'].includes(argv[i])) throw new Error(`unknown option: ${argv[i]}`);
    if (v === undefined) throw new Error(`${argv[i]} needs a value`);
    if (argv[i] === '--in') out.file = v;
    if (argv[i] === '--seeds') out.seeds = v;
    if (argv[i] === '--as-of') {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) throw new Error(`--as-of: not a date YYYY-MM-DD: ${v}`);
      out.asOf = v;
    }
    i++;
  }
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const seed = readSeed(args.seeds ?? process.env.SEED_DIR ?? DEFAULT_SEED_DIR);
  const router = new LineRouter(directoryFromSeed(seed, args.asOf ?? toVietnamDate(new Date())));
  const fromFile = args.file !== undefined && args.file !== '-';
  if (fromFile) accessSync(args.file!, constants.R_OK); // a missing file fails before anything is written
  const input = fromFile ? createReadStream(args.file!, 'utf8') : process.stdin;
  const rl = createInterface({ input, crlfDelay: Infinity });
  const out: string[] = [];
  for await (const line of rl) {
    if (line.trim() === '') continue;
    out.push(JSON.stringify(router.route(line)));
    if (out.length >= 256) {
      process.stdout.write(out.join('\n') + '\n');
      out.length = 0;
    }
  }
  if (out.length) process.stdout.write(out.join('\n') + '\n');
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`route: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  });
}

// Writes calendar seed entries (seeds/<version>/calendar.json format) for the given years to stdout:
// the published break schedule where one is known, else the statutory default (domain reference §6).
//
//   npm run build && node dist/apps/assignment/tools/generate-calendar.js 2025-2027 [2030 ...] > calendar.json
//
// Review the output before replacing a seed file: decided schedules change only when someone edits
// libs/domain/src/holidays.ts, and provisional days must be replaced once the Prime Minister decides the year.
import { calendarFor } from '@lib/domain';

function parseYears(args: readonly string[]): number[] {
  const years: number[] = [];
  for (const arg of args) {
    const m = /^(\d{4})(?:-(\d{4}))?$/.exec(arg);
    if (!m) throw new Error(`not a year or year range (e.g. 2027 or 2025-2027): ${arg}`);
    const from = Number(m[1]);
    const to = Number(m[2] ?? m[1]);
    if (to < from) throw new Error(`empty year range: ${arg}`);
    for (let y = from; y <= to; y++) years.push(y);
  }
  return years;
}

function main(argv: readonly string[]): number {
  if (argv.length === 0 || argv.includes('-h') || argv.includes('--help')) {
    process.stderr.write('usage: generate-calendar.js YEAR|FROM-TO ... > calendar.json\n');
    return argv.length === 0 ? 2 : 0;
  }
  try {
    const days = calendarFor(parseYears(argv)).map(({ date, type, name, provisional }) => ({
      date,
      type,
      name,
      provisional,
    }));
    process.stdout.write(`${JSON.stringify(days, null, 2)}\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`generate-calendar: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));

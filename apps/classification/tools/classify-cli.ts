// Evaluation contract: `npm run --silent classify -- --in FILE.jsonl` reads lines {"id","text"} and writes exactly
// one line per input line to stdout, in order: {"id","kind","domain","level","urgent","confidence"}. Nothing else
// goes to stdout; problems go to stderr. Same classify() as the service.
import 'reflect-metadata';
import { createReadStream } from 'fs';
import { createInterface } from 'readline';
import { classify, ClassificationResult } from '../src/domain/classifier';

export interface CliOutput {
  id: unknown;
  kind: ClassificationResult['kind'];
  domain: ClassificationResult['domain'];
  level: ClassificationResult['level'];
  urgent: boolean;
  confidence: ClassificationResult['confidence'];
}

/** One input line → one output line. A line that is not JSON still yields a line (classified as unreadable). */
export function processLine(line: string, classifyFn: typeof classify = classify): string {
  let id: unknown = null;
  let text = '';
  try {
    const parsed = JSON.parse(line) as { id?: unknown; text?: unknown; content?: unknown };
    id = parsed?.id ?? null;
    const t = parsed?.text ?? parsed?.content;
    text = typeof t === 'string' ? t : '';
  } catch {
    text = '';
  }
  const r = classifyFn({ content: text });
  const out: CliOutput = {
    id,
    kind: r.kind,
    domain: r.domain,
    level: r.level,
    urgent: r.isUrgent,
    confidence: r.confidence,
  };
  return JSON.stringify(out);
}

/** Every line of an input file, in order; the blank last line of a file is not an input. */
export function processLines(lines: readonly string[], classifyFn: typeof classify = classify): string[] {
  return lines.filter((l) => l.trim() !== '').map((l) => processLine(l, classifyFn));
}

async function main(): Promise<void> {
  const i = process.argv.indexOf('--in');
  const file = i >= 0 ? process.argv[i + 1] : undefined;
  const input = file && file !== '-' ? createReadStream(file, 'utf8') : process.stdin;
  const rl = createInterface({ input, crlfDelay: Infinity });
  const out: string[] = [];
  for await (const line of rl) {
    if (line.trim() === '') continue;
    out.push(processLine(line));
    if (out.length >= 256) {
      process.stdout.write(out.join('\n') + '\n');
      out.length = 0;
    }
  }
  if (out.length) process.stdout.write(out.join('\n') + '\n');
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`classify: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  });
}

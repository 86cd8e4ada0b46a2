import 'reflect-metadata';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { classify } from '../../apps/classification/src/domain/classifier';

// Throughput of the classification function on one core (issue 4 target: ≥ 2,000 cases/s).
// Run from the repository root (npm run bench does).
const root = process.cwd();
const evalFile = join(root, 'apps', 'classification', 'corpus', 'eval.jsonl');
const texts = readFileSync(evalFile, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => (JSON.parse(l) as { text: string }).text);
classify({ content: 'khởi động' });
const runs: number[] = [];
for (let run = 0; run < 5; run++) {
  const start = process.hrtime.bigint();
  for (const t of texts) classify({ content: t });
  runs.push(texts.length / (Number(process.hrtime.bigint() - start) / 1e9));
}
const result = {
  scenario: 'classification-throughput',
  at: new Date().toISOString(),
  machine: {
    cores: cpus().length,
    cpu: cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  },
  texts: texts.length,
  casesPerSecond: { best: Math.round(Math.max(...runs)), median: Math.round(runs.sort((a, b) => a - b)[2]) },
};
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(
  join(root, 'bench', 'results', `classification-${result.at.slice(0, 10)}.json`),
  JSON.stringify(result, null, 2) + '\n',
);
process.stdout.write(`${JSON.stringify(result)}\n`);

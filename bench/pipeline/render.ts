import { readFileSync } from 'node:fs';
import { writeReports } from './report';

// Re-render a run's markdown summary and latency plot from its JSON (after a change to the report format):
//   node .infra/bench-dist/bench/pipeline/render.js bench/results/<time>.json
const file = process.argv[2];
if (!file?.endsWith('.json')) {
  process.stderr.write('usage: render.js bench/results/<time>.json\n');
  process.exit(2);
}
writeReports(file.slice(0, -'.json'.length), JSON.parse(readFileSync(file, 'utf8')) as Record<string, any>);
process.stderr.write(`wrote ${file.slice(0, -'.json'.length)}.md and -latency.svg\n`);

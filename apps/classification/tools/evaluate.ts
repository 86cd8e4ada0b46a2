// Scores the trained model on the held-out evaluation split (corpus/eval.jsonl) and measures throughput.
// Prints Markdown (confusion matrices, per-label F1) ready to paste into docs/classification.md.
// Run: npm run classifier:eval [-- --file other.jsonl] [-- --threshold 0.35] [-- --errors]
import 'reflect-metadata';
import { CASE_DOMAINS, CASE_KINDS, COMPETENT_LEVELS } from '@lib/contracts';
import { classify, ClassificationResult } from '../src/domain/classifier';
import { evaluate, EvaluationReport, metricsMarkdown } from '../src/domain/evaluation';
import { defaultModel } from '../src/domain/model-store';
import { LabelledPetition } from '../src/domain/training';
import { hasDiacritics } from '../src/domain/vietnamese-text';
import { corpusPath, readJsonl } from './corpus-files';

const LABELS = { kinds: CASE_KINDS, domains: CASE_DOMAINS, levels: COMPETENT_LEVELS };

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const f3 = (x: number) => x.toFixed(3);

export interface SourceRow {
  source: string;
  n: number;
  kindF1: number;
  domainF1: number;
  levelAccuracy: number;
}

export function reportMarkdown(
  r: EvaluationReport,
  meta: { version: string; file: string; throughput: number; bySource: SourceRow[] },
): string {
  const d = r.withDiacritics;
  const nd = r.withoutDiacritics;
  return [
    `### Evaluation of ${meta.version} on ${meta.file} (${r.kind.n} petitions)`,
    '',
    '| metric | value | target |',
    '|---|---:|---:|',
    `| kind macro-F1 | ${f3(r.kind.macroF1)} | ≥ 0.90 |`,
    `| domain macro-F1 | ${f3(r.domain.macroF1)} | ≥ 0.85 |`,
    `| level accuracy | ${f3(r.level.accuracy)} | ≥ 0.80 |`,
    `| kind macro-F1 with / without diacritics (n=${d.n} / ${nd.n}) | ${f3(d.kindF1)} / ${f3(nd.kindF1)} | without ≥ with − 0.03 |`,
    `| domain macro-F1 with / without diacritics | ${f3(d.domainF1)} / ${f3(nd.domainF1)} | without ≥ with − 0.03 |`,
    `| level accuracy with / without diacritics | ${f3(d.levelAccuracy)} / ${f3(nd.levelAccuracy)} | |`,
    `| urgent precision / recall / accuracy | ${f3(r.urgent.precision)} / ${f3(r.urgent.recall)} / ${f3(r.urgent.accuracy)} | |`,
    `| mixed petitions precision / recall (${r.mixed.flagged} flagged, ${r.mixed.labelled} labelled) | ${f3(r.mixed.precision)} / ${f3(r.mixed.recall)} | |`,
    `| share sent to triage (min(kind, domain) confidence < ${r.triage.threshold}) | ${f3(r.triage.share)} | |`,
    `| kind+domain accuracy of routed / triaged cases | ${f3(r.triage.accuracyRouted)} / ${f3(r.triage.accuracyTriaged)} | |`,
    `| throughput, one core | ${Math.round(meta.throughput)} cases/s | ≥ 2,000 |`,
    '',
    '**By origin** (the hand-written petitions share no frame or phrase with the generator)',
    '',
    '| origin | petitions | kind macro-F1 | domain macro-F1 | level accuracy |',
    '|---|---:|---:|---:|---:|',
    ...meta.bySource.map(
      (s) => `| ${s.source} | ${s.n} | ${f3(s.kindF1)} | ${f3(s.domainF1)} | ${f3(s.levelAccuracy)} |`,
    ),
    '',
    '**Confidence bands** (confidence = calibrated probability margin of the chosen label over the runner-up)',
    '',
    '| field | band | cases | accuracy |',
    '|---|---|---:|---:|',
    ...r.reliability.map(
      (b) =>
        `| ${b.field} | ${b.from.toFixed(2)}–${b.to.toFixed(2)} | ${b.n} | ${b.n ? f3(b.accuracy) : '–'} |`,
    ),
    '',
    metricsMarkdown('Kind', r.kind),
    '',
    metricsMarkdown('Domain', r.domain),
    '',
    metricsMarkdown('Level', r.level),
    '',
  ].join('\n');
}

/** Cases per second of `classify` over the given texts, after a warm-up pass. */
export function measureThroughput(texts: string[], minMillis = 1500): number {
  for (const t of texts) classify({ content: t });
  let n = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < minMillis) {
    for (const t of texts) classify({ content: t });
    n += texts.length;
    elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  }
  return (n / elapsed) * 1000;
}

function bySource(
  records: LabelledPetition[],
  predictions: ClassificationResult[],
  threshold: number,
): SourceRow[] {
  const origin = (r: LabelledPetition) => r.source ?? 'unknown';
  return [...new Set(records.map(origin))].map((source) => {
    const keep = records.map((r) => origin(r) === source);
    const sub = evaluate(
      records.filter((_, i) => keep[i]),
      predictions.filter((_, i) => keep[i]),
      LABELS,
      hasDiacritics,
      threshold,
    );
    return {
      source,
      n: sub.kind.n,
      kindF1: sub.kind.macroF1,
      domainF1: sub.domain.macroF1,
      levelAccuracy: sub.level.accuracy,
    };
  });
}

function main(): void {
  const file = arg('file') ?? corpusPath('eval.jsonl');
  const threshold = Number(arg('threshold') ?? 0.35);
  const records = readJsonl<LabelledPetition>(file);
  const predictions = records.map((r) => classify({ content: r.text }));
  const report = evaluate(records, predictions, LABELS, hasDiacritics, threshold);
  if (process.argv.includes('--errors')) {
    records.forEach((r, i) => {
      const p = predictions[i];
      if (p.kind !== r.kind || p.domain !== r.domain || p.level !== r.level) {
        process.stdout.write(
          `${r.id}\tgold ${r.kind}/${r.domain}/${r.level}\tgot ${p.kind}/${p.domain}/${p.level} ` +
            `${JSON.stringify(p.confidence)}\n  ${r.text.slice(0, 300)}\n`,
        );
      }
    });
  }
  const throughput = measureThroughput(records.map((r) => r.text));
  const meta = {
    version: defaultModel().artefact.version,
    file: file === corpusPath('eval.jsonl') ? 'corpus/eval.jsonl' : file,
    throughput,
    bySource: bySource(records, predictions, threshold),
  };
  process.stdout.write(reportMarkdown(report, meta) + '\n');
}

if (require.main === module) main();

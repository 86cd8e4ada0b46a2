/** Confusion matrix, per-label precision/recall/F1 and macro-F1 over the labels that occur. */
export interface LabelMetrics {
  labels: string[];
  /** matrix[gold][predicted] counts, rows and columns in `labels` order. */
  matrix: number[][];
  perLabel: { label: string; precision: number; recall: number; f1: number; support: number }[];
  macroF1: number;
  accuracy: number;
  n: number;
}

export function labelMetrics(
  gold: readonly string[],
  predicted: readonly string[],
  labels: readonly string[],
): LabelMetrics {
  const idx = new Map(labels.map((l, i) => [l, i]));
  const matrix = labels.map(() => labels.map(() => 0));
  let correct = 0;
  gold.forEach((g, i) => {
    const gi = idx.get(g);
    const pi = idx.get(predicted[i]);
    if (gi === undefined || pi === undefined) return;
    matrix[gi][pi]++;
    if (gi === pi) correct++;
  });
  const perLabel = labels.map((label, i) => {
    const tp = matrix[i][i];
    const support = matrix[i].reduce((a, b) => a + b, 0);
    const predictedCount = matrix.reduce((a, row) => a + row[i], 0);
    const precision = predictedCount ? tp / predictedCount : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { label, precision, recall, f1, support };
  });
  const present = perLabel.filter((p) => p.support > 0);
  const macroF1 = present.length ? present.reduce((a, p) => a + p.f1, 0) / present.length : 0;
  return {
    labels: [...labels],
    matrix,
    perLabel,
    macroF1,
    accuracy: gold.length ? correct / gold.length : 0,
    n: gold.length,
  };
}

/** Markdown table of a confusion matrix (rows gold, columns predicted) followed by per-label F1. */
export function metricsMarkdown(title: string, m: LabelMetrics): string {
  const short = (l: string) =>
    l.replace('traffic_infrastructure', 'traffic').replace('health_education_culture', 'health_edu');
  const lines = [
    `**${title}** — macro-F1 ${m.macroF1.toFixed(3)}, accuracy ${m.accuracy.toFixed(3)} (n=${m.n})`,
    '',
    `| gold \\ predicted | ${m.labels.map(short).join(' | ')} |`,
    `|---|${m.labels.map(() => '---:').join('|')}|`,
    ...m.matrix.map((row, i) => `| ${short(m.labels[i])} | ${row.join(' | ')} |`),
    '',
    '| label | precision | recall | F1 | support |',
    '|---|---:|---:|---:|---:|',
    ...m.perLabel.map(
      (p) =>
        `| ${p.label} | ${p.precision.toFixed(3)} | ${p.recall.toFixed(3)} | ${p.f1.toFixed(3)} | ${p.support} |`,
    ),
  ];
  return lines.join('\n');
}

export interface EvaluatedPetition {
  text: string;
  kind: string;
  domain: string;
  level: string;
  urgent?: boolean;
  secondaryKinds?: string[];
}

export interface Prediction {
  kind: string;
  domain: string;
  level: string;
  isUrgent: boolean;
  secondaryKinds: string[];
  confidence: { kind: number; domain: number; level: number };
}

export interface EvaluationReport {
  kind: LabelMetrics;
  domain: LabelMetrics;
  level: LabelMetrics;
  withDiacritics: { n: number; kindF1: number; domainF1: number; levelAccuracy: number };
  withoutDiacritics: { n: number; kindF1: number; domainF1: number; levelAccuracy: number };
  urgent: { precision: number; recall: number; accuracy: number };
  mixed: { precision: number; recall: number; flagged: number; labelled: number };
  triage: { threshold: number; share: number; accuracyRouted: number; accuracyTriaged: number };
  /** Accuracy by confidence band: does a higher confidence mean a more often right label? */
  reliability: {
    field: 'kind' | 'domain' | 'level';
    from: number;
    to: number;
    n: number;
    accuracy: number;
  }[];
}

export const CONFIDENCE_BANDS = [0, 0.35, 0.6, 0.85, 1];

/** Scores predictions against the labelled split; `hasMarks` tells which texts were typed with diacritics. */
export function evaluate(
  records: readonly EvaluatedPetition[],
  predictions: readonly Prediction[],
  labels: { kinds: readonly string[]; domains: readonly string[]; levels: readonly string[] },
  hasMarks: (text: string) => boolean,
  triageThreshold = 0.35,
): EvaluationReport {
  const pick = <T>(xs: readonly T[], f: (i: number) => boolean) => xs.filter((_, i) => f(i));
  const sub = (keep: (i: number) => boolean) => {
    const r = pick(records, keep);
    const p = pick(predictions, keep);
    return {
      n: r.length,
      kindF1: labelMetrics(
        r.map((x) => x.kind),
        p.map((x) => x.kind),
        labels.kinds,
      ).macroF1,
      domainF1: labelMetrics(
        r.map((x) => x.domain),
        p.map((x) => x.domain),
        labels.domains,
      ).macroF1,
      levelAccuracy: labelMetrics(
        r.map((x) => x.level),
        p.map((x) => x.level),
        labels.levels,
      ).accuracy,
    };
  };
  const marks = records.map((r) => hasMarks(r.text));
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let urgentOk = 0;
  let mixTp = 0;
  let mixFlagged = 0;
  let mixLabelled = 0;
  let routed = 0;
  let routedOk = 0;
  let triagedOk = 0;
  records.forEach((r, i) => {
    const p = predictions[i];
    const gold = Boolean(r.urgent);
    if (p.isUrgent && gold) tp++;
    else if (p.isUrgent) fp++;
    else if (gold) fn++;
    if (p.isUrgent === gold) urgentOk++;
    const goldMixed = (r.secondaryKinds ?? []).length > 0;
    const isFlagged = p.secondaryKinds.length > 0;
    if (goldMixed) mixLabelled++;
    if (isFlagged) mixFlagged++;
    if (isFlagged && goldMixed && p.secondaryKinds.some((k) => r.secondaryKinds!.includes(k))) mixTp++;
    const ok = p.kind === r.kind && p.domain === r.domain;
    if (Math.min(p.confidence.kind, p.confidence.domain) >= triageThreshold) {
      routed++;
      if (ok) routedOk++;
    } else if (ok) triagedOk++;
  });
  const triaged = records.length - routed;
  const reliability: EvaluationReport['reliability'] = [];
  for (const field of ['kind', 'domain', 'level'] as const) {
    for (let b = 0; b + 1 < CONFIDENCE_BANDS.length; b++) {
      const from = CONFIDENCE_BANDS[b];
      const to = CONFIDENCE_BANDS[b + 1];
      const inBand = records
        .map((r, i) => ({ r, p: predictions[i] }))
        .filter(
          ({ p }) =>
            p.confidence[field] >= from &&
            (p.confidence[field] < to || (to === 1 && p.confidence[field] === 1)),
        );
      const ok = inBand.filter(({ r, p }) => r[field] === p[field]).length;
      reliability.push({
        field,
        from,
        to,
        n: inBand.length,
        accuracy: inBand.length ? ok / inBand.length : 0,
      });
    }
  }
  return {
    reliability,
    kind: labelMetrics(
      records.map((r) => r.kind),
      predictions.map((p) => p.kind),
      labels.kinds,
    ),
    domain: labelMetrics(
      records.map((r) => r.domain),
      predictions.map((p) => p.domain),
      labels.domains,
    ),
    level: labelMetrics(
      records.map((r) => r.level),
      predictions.map((p) => p.level),
      labels.levels,
    ),
    withDiacritics: sub((i) => marks[i]),
    withoutDiacritics: sub((i) => !marks[i]),
    urgent: {
      precision: tp + fp ? tp / (tp + fp) : 0,
      recall: tp + fn ? tp / (tp + fn) : 0,
      accuracy: records.length ? urgentOk / records.length : 0,
    },
    mixed: {
      precision: mixFlagged ? mixTp / mixFlagged : 0,
      recall: mixLabelled ? mixTp / mixLabelled : 0,
      flagged: mixFlagged,
      labelled: mixLabelled,
    },
    triage: {
      threshold: triageThreshold,
      share: records.length ? triaged / records.length : 0,
      accuracyRouted: routed ? routedOk / routed : 0,
      accuracyTriaged: triaged ? triagedOk / triaged : 0,
    },
  };
}

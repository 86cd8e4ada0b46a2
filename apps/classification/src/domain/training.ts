import {
  CASE_DOMAINS,
  CASE_KINDS,
  CaseDomain,
  CaseKind,
  COMPETENT_LEVELS,
  CompetentLevel,
} from '@lib/contracts';
import { analyse, levelFeatures } from './analysis';
import { featureValues, HeadArtefact, isCueFeature, ModelArtefact, softmax } from './model';
import { seededRandom } from '@lib/domain';

/** One line of the corpus (train.jsonl, eval.jsonl, feedback.jsonl). */
export interface LabelledPetition {
  id?: string;
  text: string;
  kind: CaseKind;
  domain: CaseDomain;
  level: CompetentLevel;
  urgent?: boolean;
  secondaryKinds?: CaseKind[];
  source?: 'generated' | 'handwritten' | 'feedback';
  register?: 'f' | 'c';
  /** Generated records: the frame and phrase they were built from (cross-validation holds both out). */
  template?: { frame: string; piece: string };
}

export interface TrainingOptions {
  epochs: number;
  learningRate: number;
  l2: number;
  /** A feature must occur in at least this many petitions (cue features are always kept). */
  minDocFrequency: number;
  folds: number;
  scaling: ModelArtefact['featureScaling'];
  seed: number;
}

export const DEFAULT_TRAINING: TrainingOptions = {
  epochs: 25,
  learningRate: 0.3,
  l2: 1e-5,
  minDocFrequency: 2,
  folds: 5,
  scaling: 'l2',
  seed: 7,
};

interface Sample {
  features: string[];
  values: Float64Array;
  label: number;
}

/** Multinomial logistic regression by AdaGrad over binary (optionally 1/√n scaled) features. */
export function trainHead(samples: Sample[], classes: readonly string[], o: TrainingOptions): HeadArtefact {
  const C = classes.length;
  const index = new Map<string, number>();
  for (const s of samples) for (const f of s.features) if (!index.has(f)) index.set(f, index.size);
  const F = index.size;
  const w = new Float64Array(F * C);
  const g2 = new Float64Array(F * C).fill(1e-8);
  const b = new Float64Array(C);
  const bg2 = new Float64Array(C).fill(1e-8);
  const order = samples.map((_, i) => i);
  const rand = seededRandom(o.seed);
  const z = new Float64Array(C);
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const si of order) {
      const s = samples[si];
      const ids = s.features.map((f) => index.get(f)!);
      const vs = s.values;
      for (let c = 0; c < C; c++) {
        let acc = b[c];
        for (let q = 0; q < ids.length; q++) acc += w[ids[q] * C + c] * vs[q];
        z[c] = acc;
      }
      const p = softmax(z);
      for (let c = 0; c < C; c++) {
        const grad = p[c] - (c === s.label ? 1 : 0);
        bg2[c] += grad * grad;
        b[c] -= (o.learningRate * grad) / Math.sqrt(bg2[c]);
        for (let q = 0; q < ids.length; q++) {
          const k = ids[q] * C + c;
          const gk = grad * vs[q] + o.l2 * w[k];
          g2[k] += gk * gk;
          w[k] -= (o.learningRate * gk) / Math.sqrt(g2[k]);
        }
      }
    }
  }
  const weights: Record<string, number[]> = {};
  for (const [f, id] of index) {
    const row = Array.from(w.subarray(id * C, id * C + C));
    if (row.some((x) => Math.abs(x) >= 0.005)) weights[f] = row.map((x) => Math.round(x * 10000) / 10000);
  }
  return {
    classes: [...classes],
    bias: Array.from(b, (x) => Math.round(x * 10000) / 10000),
    weights,
    temperature: 1,
  };
}

/** Temperature minimising the negative log-likelihood of out-of-fold logits (grid search, 0.3–5). */
export function fitTemperature(logits: Float64Array[], labels: number[]): number {
  let best = 1;
  let bestNll = Infinity;
  for (let t = 0.3; t <= 5.0001; t += 0.05) {
    let nll = 0;
    logits.forEach((z, i) => (nll -= Math.log(Math.max(1e-12, softmax(z, t)[labels[i]]))));
    if (nll < bestNll) {
      bestNll = nll;
      best = Math.round(t * 100) / 100;
    }
  }
  return best;
}

function scoreLogits(
  head: HeadArtefact,
  features: string[],
  scaling: ModelArtefact['featureScaling'],
): Float64Array {
  const vs = featureValues(features, scaling);
  const z = Float64Array.from(head.bias);
  features.forEach((f, i) => {
    const w = head.weights[f];
    if (w) for (let c = 0; c < z.length; c++) z[c] += w[c] * vs[i];
  });
  return z;
}

interface Prepared {
  /** Cross-validation fold this record is tested in (-1: never), and the folds it may be trained in. */
  testFold: number;
  trainsIn: (fold: number) => boolean;
  features: string[];
  kind: number;
  domain: number;
  level: number;
}

function prepare(records: LabelledPetition[], o: TrainingOptions): Prepared[] {
  const analysed = records.map((r) => analyse(r.text).features);
  const df = new Map<string, number>();
  for (const fs of analysed) for (const f of fs) df.set(f, (df.get(f) ?? 0) + 1);
  return records.map((r, i) => ({
    ...folds(r, i, o.folds),
    features: analysed[i].filter((f) => isCueFeature(f) || (df.get(f) ?? 0) >= o.minDocFrequency),
    kind: CASE_KINDS.indexOf(r.kind),
    domain: CASE_DOMAINS.indexOf(r.domain),
    level: COMPETENT_LEVELS.indexOf(r.level),
  }));
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

// A generated record is tested only in a fold where neither its frame nor its phrase was trained on, so the
// out-of-fold predictions (used to calibrate confidences) look like predictions on text the model never saw.
function folds(r: LabelledPetition, i: number, k: number): Pick<Prepared, 'testFold' | 'trainsIn'> {
  if (r.template) {
    const a = hash(r.template.frame) % k;
    const b = hash(r.template.piece) % k;
    return { testFold: a === b ? a : -1, trainsIn: (f) => a !== f && b !== f };
  }
  const h = hash(r.id ?? `${i}:${r.text}`) % k;
  return { testFold: h, trainsIn: (f) => f !== h };
}

function trainHeads(data: Prepared[], o: TrainingOptions) {
  const sample = (features: string[], label: number): Sample => ({
    features,
    values: featureValues(features, o.scaling),
    label,
  });
  return {
    kind: trainHead(
      data.map((d) => sample(d.features, d.kind)),
      CASE_KINDS,
      o,
    ),
    domain: trainHead(
      data.map((d) => sample(d.features, d.domain)),
      CASE_DOMAINS,
      o,
    ),
    level: trainHead(
      data.map((d) => sample(levelFeatures(d.features, CASE_KINDS[d.kind], CASE_DOMAINS[d.domain]), d.level)),
      COMPETENT_LEVELS,
      o,
    ),
  };
}

export interface TrainingReport {
  crossValidated: number;
  crossValidatedAccuracy: { kind: number; domain: number; level: number };
  temperature: { kind: number; domain: number; level: number };
}

/** Trains the three heads and calibrates their temperatures on k-fold out-of-fold predictions. */
export function trainModel(
  records: LabelledPetition[],
  meta: { version: string; corpusHash: string; feedback: number },
  o: TrainingOptions = DEFAULT_TRAINING,
): { artefact: ModelArtefact; report: TrainingReport } {
  const data = prepare(records, o);
  const oof = { kind: [] as Float64Array[], domain: [] as Float64Array[], level: [] as Float64Array[] };
  const labels = { kind: [] as number[], domain: [] as number[], level: [] as number[] };
  const correct = { kind: 0, domain: 0, level: 0 };
  const argmax = (z: Float64Array) => z.indexOf(Math.max(...z));
  for (let fold = 0; fold < o.folds; fold++) {
    const train = data.filter((d) => d.trainsIn(fold));
    const test = data.filter((d) => d.testFold === fold);
    const heads = trainHeads(train, o);
    for (const d of test) {
      const zk = scoreLogits(heads.kind, d.features, o.scaling);
      const zd = scoreLogits(heads.domain, d.features, o.scaling);
      const lf = levelFeatures(d.features, CASE_KINDS[argmax(zk)], CASE_DOMAINS[argmax(zd)]);
      const zl = scoreLogits(heads.level, lf, o.scaling);
      oof.kind.push(zk);
      oof.domain.push(zd);
      oof.level.push(zl);
      labels.kind.push(d.kind);
      labels.domain.push(d.domain);
      labels.level.push(d.level);
      correct.kind += argmax(zk) === d.kind ? 1 : 0;
      correct.domain += argmax(zd) === d.domain ? 1 : 0;
      correct.level += argmax(zl) === d.level ? 1 : 0;
    }
  }
  const heads = trainHeads(data, o);
  heads.kind.temperature = fitTemperature(oof.kind, labels.kind);
  heads.domain.temperature = fitTemperature(oof.domain, labels.domain);
  heads.level.temperature = fitTemperature(oof.level, labels.level);
  const n = labels.kind.length;
  const report: TrainingReport = {
    crossValidated: n,
    crossValidatedAccuracy: {
      kind: round(correct.kind / n),
      domain: round(correct.domain / n),
      level: round(correct.level / n),
    },
    temperature: {
      kind: heads.kind.temperature,
      domain: heads.domain.temperature,
      level: heads.level.temperature,
    },
  };
  const artefact: ModelArtefact = {
    version: meta.version,
    createdAt: new Date().toISOString(),
    corpusHash: meta.corpusHash,
    corpusSize: { train: records.length - meta.feedback, feedback: meta.feedback },
    featureScaling: o.scaling,
    heads,
    training: { ...report, options: o },
  };
  return { artefact, report };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

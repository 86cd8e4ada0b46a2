/** One softmax-regression head as stored in model.json: weights per feature, one per class. */
export interface HeadArtefact {
  classes: string[];
  bias: number[];
  /** Feature → weight per class (same order as classes). Features with negligible weights are pruned. */
  weights: Record<string, number[]>;
  /** Softmax temperature fitted on out-of-fold predictions (calibration). */
  temperature: number;
}

export interface ModelArtefact {
  version: string;
  createdAt: string;
  /** sha256 of the training records (train.jsonl + feedback.jsonl), so a model can be traced to its corpus. */
  corpusHash: string;
  corpusSize: { train: number; feedback: number };
  /** Feature scaling used at training time; scoring must use the same. */
  featureScaling: 'l2' | 'binary';
  heads: { kind: HeadArtefact; domain: HeadArtefact; level: HeadArtefact };
  /** Cross-validated figures recorded by the training run (for the docs; not used for scoring). */
  training?: Record<string, unknown>;
}

/** Known features of a petition: their rows in the model and their values (see featureValues). */
export interface Encoded {
  features: string[];
  rows: Int32Array;
  values: Float64Array;
}

/** A head ready for scoring: one weight row per vocabulary feature (zeros where the head has none). */
export class Head {
  readonly classes: string[];
  readonly temperature: number;
  private readonly bias: Float64Array;
  private readonly weights: Float64Array;
  private readonly width: number;

  constructor(a: HeadArtefact, vocab: Map<string, number>) {
    this.classes = a.classes;
    this.temperature = a.temperature;
    this.width = a.classes.length;
    this.bias = Float64Array.from(a.bias);
    this.weights = new Float64Array(vocab.size * this.width);
    for (const [f, w] of Object.entries(a.weights)) this.weights.set(w, vocab.get(f)! * this.width);
  }

  /** Raw logits. */
  logits(e: Encoded): Float64Array {
    const C = this.width;
    const z = Float64Array.from(this.bias);
    for (let i = 0; i < e.rows.length; i++) {
      const base = e.rows[i] * C;
      const v = e.values[i];
      for (let c = 0; c < C; c++) z[c] += this.weights[base + c] * v;
    }
    return z;
  }

  /** Calibrated class probabilities. */
  probabilities(e: Encoded): Float64Array {
    return softmax(this.logits(e), this.temperature);
  }

  /** Features that pushed `cls` up the most relative to the other classes, strongest first. */
  topContributions(e: Encoded, cls: number, n: number): { feature: string; weight: number }[] {
    const C = this.width;
    const out: { feature: string; weight: number }[] = [];
    for (let i = 0; i < e.rows.length; i++) {
      const base = e.rows[i] * C;
      let mean = 0;
      for (let c = 0; c < C; c++) mean += this.weights[base + c];
      const contribution = (this.weights[base + cls] - mean / C) * e.values[i];
      if (contribution > 0) out.push({ feature: e.features[i], weight: contribution });
    }
    return out.sort((a, b) => b.weight - a.weight).slice(0, n);
  }
}

export function softmax(z: Float64Array, temperature = 1): Float64Array {
  let max = -Infinity;
  for (const v of z) if (v > max) max = v;
  const p = new Float64Array(z.length);
  let sum = 0;
  for (let i = 0; i < z.length; i++) {
    p[i] = Math.exp((z[i] - max) / temperature);
    sum += p[i];
  }
  for (let i = 0; i < p.length; i++) p[i] /= sum;
  return p;
}

/** Cue-group and derived features ("c:", "x:", "K:", "D:", "KD:") as opposed to syllable n-grams. */
export function isCueFeature(f: string): boolean {
  const c = f.charCodeAt(0);
  return c === 99 /* c */ || c === 120 /* x */ || c === 75 /* K */ || c === 68; /* D */
}

/**
 * Value of each present feature. Cue features count 1 whatever the length of the petition; with 'l2' scaling the
 * syllable n-grams share a unit norm (1/√n each), so a long petition does not outvote its cues or become
 * over-confident just by being long.
 */
export function featureValues(
  features: readonly string[],
  scaling: ModelArtefact['featureScaling'],
): Float64Array {
  const values = new Float64Array(features.length);
  let ngrams = 0;
  for (const f of features) if (!isCueFeature(f)) ngrams++;
  const v = scaling === 'l2' ? 1 / Math.sqrt(Math.max(1, ngrams)) : 1;
  for (let i = 0; i < features.length; i++) values[i] = isCueFeature(features[i]) ? 1 : v;
  return values;
}

/** The artefact ready for scoring: one vocabulary shared by the three heads, so a feature is looked up once. */
export class CompiledModel {
  readonly kind: Head;
  readonly domain: Head;
  readonly level: Head;
  private readonly vocab = new Map<string, number>();

  constructor(readonly artefact: ModelArtefact) {
    for (const h of [artefact.heads.kind, artefact.heads.domain, artefact.heads.level]) {
      for (const f of Object.keys(h.weights)) if (!this.vocab.has(f)) this.vocab.set(f, this.vocab.size);
    }
    this.kind = new Head(artefact.heads.kind, this.vocab);
    this.domain = new Head(artefact.heads.domain, this.vocab);
    this.level = new Head(artefact.heads.level, this.vocab);
  }

  knows(feature: string): boolean {
    return this.vocab.has(feature);
  }

  /** Keeps the features the model knows and gives them their values. */
  encode(features: readonly string[]): Encoded {
    const known: string[] = [];
    const rows: number[] = [];
    for (const f of features) {
      const row = this.vocab.get(f);
      if (row === undefined) continue;
      known.push(f);
      rows.push(row);
    }
    return {
      features: known,
      rows: Int32Array.from(rows),
      values: featureValues(known, this.artefact.featureScaling),
    };
  }
}

export function compileModel(artefact: ModelArtefact): CompiledModel {
  return new CompiledModel(artefact);
}

import {
  CASE_DOMAINS,
  CASE_KINDS,
  CaseDomain,
  CaseKind,
  COMPETENT_LEVELS,
  CompetentLevel,
} from '@lib/contracts';
import { analyse, Analysis, levelFeatures } from './analysis';
import { CueMatch, kindOfGroup, urgentCueIndex } from './cues';
import { describeFeature, extractFeatures } from './features';
import { FoundLocation, Gazetteer, loadDefaultGazetteer, locate } from './location';
import { CompiledModel, Encoded, Head } from './model';
import { defaultModel } from './model-store';
import { Token, vietnameseShare } from './vietnamese-text';

export type { Gazetteer } from './location';

/** What the classifier reads from a case.received. */
export interface ClassifierInput {
  content: string;
  wardCode?: string;
  locationText?: string;
  channel?: string;
  petitionerType?: string;
}

export interface ClassificationResult {
  kind: CaseKind;
  domain: CaseDomain;
  level: CompetentLevel;
  isUrgent: boolean;
  urgentReason?: string;
  secondaryKinds: CaseKind[];
  /** 0..1 per field: the calibrated probability margin of the chosen label over the runner-up. */
  confidence: { kind: number; domain: number; level: number };
  explanation: string[];
  modelVersion: string;
  /** Ward and district of the case: from the intake's ward code, else found in the location text or petition. */
  location?: { wardName?: string; districtName?: string; wardCode?: string; confidence: number };
  /** Passages of a mixed petition that carry another kind (the handler splits them into their own cases). */
  mixedPassages?: { kind: CaseKind; passage: string }[];
}

/** Above this many characters a text is a dossier, not a petition: a human looks at it. */
export const ENORMOUS_CHARS = 100_000;
/** A secondary kind needs this probability on its own passage (and an explicit cue of that kind). */
const MIXED_PASSAGE_PROBABILITY = 0.6;
const MIN_PASSAGE_TOKENS = 5;

/**
 * Classifies one petition: kind, domain, competent level, urgency, location and mixed content, each with a
 * confidence and the cues that decided. Pure and synchronous; never throws on any text.
 */
export function classify(input: ClassifierInput, gazetteer?: Gazetteer): ClassificationResult {
  return classifyWith(defaultModel(), input, gazetteer ?? loadDefaultGazetteer());
}

/** @deprecated Use `classify`; kept so existing callers get the trained classifier. */
export function classifyByKeywords(input: ClassifierInput): ClassificationResult {
  return classify(input);
}

export function classifyWith(
  model: CompiledModel,
  maybeInput: ClassifierInput,
  gazetteer: Gazetteer,
): ClassificationResult {
  const input: ClassifierInput = maybeInput ?? { content: '' };
  const version = model.artefact.version;
  const content = typeof input.content === 'string' ? input.content.normalize('NFC') : '';
  // Even an unreadable petition keeps the ward the intake gave it.
  const given = () => (typeof input.wardCode === 'string' ? safeLocate(input, [], gazetteer) : undefined);
  if (content.length > ENORMOUS_CHARS) {
    return unreadable(
      version,
      `text too long for automatic classification (${content.length} characters)`,
      given(),
    );
  }
  const analysis = analyse(content);
  const words = analysis.tokens.filter((t) => !/^[0-9]+$/.test(t.norm));
  if (words.length < 2) return unreadable(version, 'empty or too short to classify', given());
  if (vietnameseShare(analysis.tokens) < 0.5) {
    return unreadable(version, 'not recognisable as Vietnamese text', given());
  }
  const used = model.encode(analysis.features);
  const isUnigram = (f: string) => f.charCodeAt(0) === 117 /* u */ && f.charCodeAt(1) === 58; /* : */
  const known = used.features.filter(isUnigram).length;
  const unigrams = analysis.features.filter(isUnigram).length;
  if (known / Math.max(1, unigrams) < 0.3)
    return unreadable(version, 'too few known words to classify', given());

  const explanation: string[] = [];
  // Little known evidence (a couple of words) cannot support a confident decision.
  const evidence = Math.min(1, used.features.length / 12);

  const kindP = model.kind.probabilities(used);
  const kindIdx = argmax(kindP);
  const kind = CASE_KINDS[kindIdx];
  const domainP = model.domain.probabilities(used);
  const domainIdx = argmax(domainP);
  const domain = CASE_DOMAINS[domainIdx];
  const lf = model.encode(levelFeatures(used.features, kind, domain));
  const levelP = model.level.probabilities(lf);
  const levelIdx = argmax(levelP);
  const level = COMPETENT_LEVELS[levelIdx];

  const confidence = {
    kind: round(margin(kindP) * evidence),
    domain: round(margin(domainP) * evidence),
    level: round(margin(levelP) * evidence),
  };
  explanation.push(explain('kind', kind, confidence.kind, model.kind, used, kindIdx, analysis.cues));
  explanation.push(
    explain('domain', domain, confidence.domain, model.domain, used, domainIdx, analysis.cues),
  );
  explanation.push(explain('level', level, confidence.level, model.level, lf, levelIdx, analysis.cues));

  const urgent = findUrgency(analysis.tokens);
  if (urgent) explanation.push(`urgent: ${urgent.reason} ("${urgent.phrase}")`);

  const mixedPassages = findMixedPassages(model, content, analysis, kind);
  const secondaryKinds = [...new Set(mixedPassages.map((m) => m.kind))];
  for (const m of mixedPassages) explanation.push(`mixed: ${m.kind} passage "${clip(m.passage, 120)}"`);

  const found = safeLocate(input, analysis.tokens, gazetteer);
  if (found && !input.wardCode) {
    const where = [found.wardName, found.districtName].filter(Boolean).join(', ');
    explanation.push(`location: ${where} from "${found.evidence}" (${found.confidence})`);
  }
  const location = found ? withoutEvidence(found) : undefined;

  return {
    kind,
    domain,
    level,
    isUrgent: Boolean(urgent),
    urgentReason: urgent?.reason,
    secondaryKinds,
    confidence,
    explanation,
    modelVersion: version,
    ...(location ? { location } : {}),
    ...(mixedPassages.length ? { mixedPassages } : {}),
  };
}

function unreadable(version: string, reason: string, found?: FoundLocation): ClassificationResult {
  return {
    ...(found ? { location: withoutEvidence(found) } : {}),
    kind: 'reflection',
    domain: 'other',
    level: 'commune',
    isUrgent: false,
    secondaryKinds: [],
    confidence: { kind: 0.05, domain: 0.05, level: 0.05 },
    explanation: [`unreadable: ${reason}; a human should classify it`],
    modelVersion: version,
  };
}

function argmax(p: Float64Array): number {
  let best = 0;
  for (let i = 1; i < p.length; i++) if (p[i] > p[best]) best = i;
  return best;
}

/** Top probability minus runner-up: 0 when two labels tie, near 1 when one label is clear. */
function margin(p: Float64Array): number {
  let a = 0;
  let b = 0;
  for (const x of p) {
    if (x > a) {
      b = a;
      a = x;
    } else if (x > b) b = x;
  }
  return a - b;
}

function round(x: number): number {
  return Math.round(Math.max(0, Math.min(1, x)) * 100) / 100;
}

function explain(
  field: string,
  label: string,
  conf: number,
  head: Head,
  encoded: Encoded,
  cls: number,
  cues: readonly CueMatch[],
): string {
  const top = head.topContributions(encoded, cls, 8).map(({ feature }) => {
    const text = describeFeature(feature);
    if (!feature.startsWith('c')) return text;
    const group = feature.slice(feature.indexOf(':') + 1);
    const phrases = [...new Set(cues.filter((c) => c.group === group).map((c) => c.phrase))].slice(0, 3);
    return `${text} (${phrases.map((p) => `"${p}"`).join(', ')})`;
  });
  // "cue X" and "opening cue X" say the same thing to a reader: keep the first.
  const seen = new Set<string>();
  const unique = top.filter((t) => {
    const key = t.replace(/^opening /, '');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const shown = unique.slice(0, 5);
  return `${field} ${label} (${conf}): ${shown.length ? shown.join('; ') : 'prior only'}`;
}

const NEGATIONS = new Set(['khong', 'chua', 'chang', 'cha']);

/** A cue negated within its clause ("không có nguy cơ cháy nổ") does not count. */
function isNegated(tokens: readonly Token[], at: number): boolean {
  for (let i = at - 1; i >= Math.max(0, at - 4); i--) {
    if (NEGATIONS.has(tokens[i].norm)) return true;
    if (tokens[i].isBreakBefore) break;
  }
  return false;
}

function findUrgency(tokens: readonly Token[]): { reason: string; phrase: string } | undefined {
  for (const m of urgentCueIndex().match(tokens)) {
    if (!isNegated(tokens, m.at)) return { reason: m.group, phrase: m.phrase };
  }
  return undefined;
}

const CONNECTORS = [
  ['dong', 'thoi'],
  ['ngoai', 'ra'],
  ['ben', 'canh', 'do'],
  ['mat', 'khac'],
  ['toi', 'cung'],
  ['them', 'vao', 'do'],
];

function isConnectorAt(tokens: readonly Token[], i: number): boolean {
  return CONNECTORS.some((c) => c.every((t, j) => tokens[i + j]?.norm === t));
}

function passageStarts(tokens: readonly Token[]): number[] {
  const starts: number[] = [0];
  for (let i = 1; i < tokens.length; i++)
    if (tokens[i].isSentenceStart || isConnectorAt(tokens, i)) starts.push(i);
  return starts;
}

const GROUP: Record<CaseKind, string> = {
  complaint: 'complaint',
  denunciation: 'denunciation',
  // The law treats recommendations and reflections together: one containing the other is not a mixed petition.
  recommendation: 'recommendation/reflection',
  reflection: 'recommendation/reflection',
};

function findMixedPassages(
  model: CompiledModel,
  content: string,
  a: Analysis,
  primary: CaseKind,
): { kind: CaseKind; passage: string }[] {
  const starts = passageStarts(a.tokens);
  const out: { kind: CaseKind; passage: string; from: number; to: number }[] = [];
  for (let s = 0; s < starts.length; s++) {
    const from = starts[s];
    const to = s + 1 < starts.length ? starts[s + 1] : a.tokens.length;
    if (to - from < MIN_PASSAGE_TOKENS) continue;
    // A polite request ("kính mong ...") is a second demand only when introduced as one ("Đồng thời, kính mong ...").
    const isIntroduced = isConnectorAt(a.tokens, from);
    const explicit = new Set(
      a.cues
        .filter((c) => c.at >= from && c.at < to)
        .filter((c) => c.group.endsWith('.explicit') || (isIntroduced && c.group === 'recommendation.polite'))
        .map((c) => kindOfGroup(c.group)),
    );
    if (!explicit.size) continue;
    const p = model.kind.probabilities(model.encode(extractFeatures(a.tokens, a.cues, from, to)));
    const k = argmax(p);
    const kind = CASE_KINDS[k];
    if (GROUP[kind] === GROUP[primary] || p[k] < MIXED_PASSAGE_PROBABILITY || !explicit.has(kind)) continue;
    const last = out[out.length - 1];
    if (last && last.kind === kind && last.to === from) {
      last.to = to;
      last.passage = content.slice(a.tokens[last.from].start, a.tokens[to - 1].end).trim();
    } else {
      out.push({ kind, from, to, passage: content.slice(a.tokens[from].start, a.tokens[to - 1].end).trim() });
    }
  }
  return out.map(({ kind, passage }) => ({ kind, passage }));
}

function safeLocate(
  input: ClassifierInput,
  tokens: Token[],
  gazetteer: Gazetteer,
): FoundLocation | undefined {
  const locationText = typeof input.locationText === 'string' ? input.locationText : undefined;
  const wardCode = typeof input.wardCode === 'string' ? input.wardCode : undefined;
  return locate({ wardCode, locationText }, tokens, gazetteer);
}

function withoutEvidence(l: FoundLocation): NonNullable<ClassificationResult['location']> {
  const { evidence: _evidence, ...rest } = l;
  return rest;
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

import { CueMatch, featureCueIndex } from './cues';
import { extractFeatures } from './features';
import { Token, tokenize } from './vietnamese-text';

/** Longest text the classifier reads; the rest of an enormous petition is ignored (it is a dossier, not a case). */
export const MAX_ANALYSED_CHARS = 20_000;

export interface Analysis {
  tokens: Token[];
  cues: CueMatch[];
  features: string[];
}

/** Tokens, cue hits and model features of a petition: the same path for training and classification. */
export function analyse(text: string): Analysis {
  const tokens = tokenize(text.length > MAX_ANALYSED_CHARS ? text.slice(0, MAX_ANALYSED_CHARS) : text);
  const cues = featureCueIndex().match(tokens);
  const features = extractFeatures(tokens, cues);
  if (cues.some((c) => c.group === 'complaint.second')) {
    // The tier that resolved the first complaint, paired with "second instance", points one tier up.
    for (const g of new Set(cues.filter((c) => c.group.startsWith('level.')).map((c) => c.group)))
      features.push(`x:second_${g}`);
  }
  return { tokens, cues, features };
}

/** Features the level head adds: what the petition is (kind, domain) changes who is competent. */
export function levelFeatures(features: readonly string[], kind: string, domain: string): string[] {
  return [...features, `K:${kind}`, `D:${domain}`, `KD:${kind}_${domain}`];
}

import { CueMatch } from './cues';
import { Token } from './vietnamese-text';

/** How many leading tokens also count as "opening" features (the first sentence often states the kind). */
export const HEAD_TOKENS = 14;

const NUMBER = /^[0-9]+$/;
const UNKNOWN = '\u0000';

/**
 * Binary features of a token range: syllable unigrams and bigrams of the folded text (bigrams never cross a
 * punctuation break), opening unigrams, and one feature per cue group hit. Diacritics never reach a feature, so a
 * petition typed without them produces the same features.
 */
export function extractFeatures(
  tokens: readonly Token[],
  cues: readonly CueMatch[],
  from = 0,
  to = tokens.length,
): string[] {
  const feats = new Set<string>();
  let prev: string | undefined;
  for (let i = from; i < to; i++) {
    const t = tokens[i];
    const norm = t.norm === UNKNOWN ? undefined : NUMBER.test(t.norm) ? '#' : t.norm;
    if (norm === undefined) {
      prev = undefined;
      continue;
    }
    if (norm !== '#') feats.add(`u:${norm}`);
    if (i - from < HEAD_TOKENS && norm !== '#') feats.add(`h:${norm}`);
    if (prev !== undefined && !t.isBreakBefore) feats.add(`b:${prev}_${norm}`);
    prev = norm;
  }
  // Cues of the first half again: a petition's main demand usually comes first, a secondary one (mixed) later.
  const half = from + (to - from) / 2;
  for (const c of cues) {
    if (c.at < from || c.at >= to) continue;
    feats.add(`c:${c.group}`);
    if (c.at < half) feats.add(`c1:${c.group}`);
  }
  return [...feats];
}

/** A readable form of a feature for explanations: `"xem xet"`, `cue complaint.explicit`. */
export function describeFeature(f: string): string {
  const sep = f.indexOf(':');
  const prefix = f.slice(0, sep);
  const body = f.slice(sep + 1);
  switch (prefix) {
    case 'c':
      return `cue ${body}`;
    case 'c1':
      return `opening cue ${body}`;
    case 'b':
      return `"${body.replace('_', ' ')}"`;
    case 'h':
      return `opening "${body}"`;
    case 'K':
      return `kind ${body}`;
    case 'D':
      return `domain ${body}`;
    case 'KD':
      return `kind+domain ${body.replace('_', '+')}`;
    case 'x':
      return `second-instance complaint (${body.replace('second_', '')})`;
    default:
      return `"${body}"`;
  }
}

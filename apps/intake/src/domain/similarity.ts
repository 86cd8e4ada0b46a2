import { createHash } from 'node:crypto';

/** Lower case, no diacritics (đ → d), letters and digits only: "Khiếu nại" and "khieu nai" fold alike. */
export function foldText(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/đ/g, 'd')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Syllable bigrams of the folded text (Vietnamese words are mostly two syllables). */
export function shingles(text: string): Set<string> {
  const syl = foldText(text).split(' ').filter(Boolean);
  const out = new Set<string>();
  if (syl.length === 1) out.add(syl[0]);
  for (let i = 0; i + 1 < syl.length; i++) out.add(`${syl[i]} ${syl[i + 1]}`);
  return out;
}

/** Jaccard similarity of syllable bigrams, 0..1. */
export function similarity(a: string, b: string): number {
  const x = shingles(a);
  const y = shingles(b);
  if (!x.size && !y.size) return 1;
  let inter = 0;
  for (const s of x) if (y.has(s)) inter++;
  return inter / (x.size + y.size - inter);
}

/**
 * Two petitions are near-identical at or above this similarity. Chosen on hand-made pairs (see
 * docs/intake.md): re-typed or re-sent copies of one letter, with or without diacritics and with a changed
 * date or a sentence added, score 0.55–1.0; different petitions of the same person on the same subject
 * (same street, same kind of problem) score 0.10–0.40.
 */
export const REPEAT_THRESHOLD = 0.5;

/**
 * Who a petitioner is, for repeat detection: the ID number, or the folded name plus phone. Stored only as a
 * hash, so the column reveals no personal data.
 */
export function petitionerKey(p: { nationalId?: string; fullName?: string; phone?: string }): string | null {
  let key: string | null = null;
  if (p.nationalId) key = `id:${p.nationalId}`;
  else if (p.fullName && p.phone) key = `np:${foldText(p.fullName)}:${p.phone}`;
  return key ? createHash('sha256').update(key).digest('hex') : null;
}

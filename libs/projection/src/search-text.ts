/**
 * The search form of a petition's text: lower case, no diacritics (đ → d), whitespace collapsed, so "Phúc Xá",
 * "phuc xa" and "PHUC XA" match alike. Casework's live read model and audit's replay both store it, so it lives
 * beside the projection they share.
 *
 * This is the definition; `foldForSearch` gives the same result faster for the text petitions are written in.
 */
export function foldForSearchReference(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/đ/g, 'd')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

// The fast path folds one character at a time through a table made from the definition above, which is only the
// same as folding the whole text when no character interacts with its neighbours. That holds for the characters
// tabled here: Latin letters, digits, punctuation and Vietnamese letters in their precomposed form (every
// decomposition starts with a base letter, no two of them compose, and none lower-cases by context as Greek sigma
// does). A character outside the table (a combining mark, another script, a surrogate) sends the whole text to the
// definition. The unit test compares the two over every tabled character and over random texts.
const TABLED: readonly [number, number][] = [
  [0x0000, 0x024f], // ASCII, Latin-1, Latin Extended-A and -B
  [0x1e00, 0x1eff], // Latin Extended Additional: Vietnamese letters with tone marks
];
const TABLE_END = 0x1f00;
const WHITESPACE = -1;
const NOT_TABLED = -2;
/** Per code unit below TABLE_END: WHITESPACE, NOT_TABLED, or the index of its folded form in FOLDED. */
const KIND = new Int16Array(TABLE_END).fill(NOT_TABLED);
const FOLDED: string[] = [];
for (const [from, to] of TABLED)
  for (let c = from; c <= to; c++) {
    const ch = String.fromCharCode(c);
    if (/\s/.test(ch)) {
      KIND[c] = WHITESPACE;
      continue;
    }
    const folded = ch
      .normalize('NFC')
      .toLowerCase()
      .replace(/đ/g, 'd')
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '');
    // Only characters that fold to something plain: no leftover marks, no whitespace, not to nothing.
    if (folded.length === 0 || /[\s\p{M}]/u.test(folded)) continue;
    KIND[c] = FOLDED.length;
    FOLDED.push(folded);
  }

export function foldForSearch(text: string): string {
  let out = '';
  let space = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const k = c < TABLE_END ? KIND[c] : NOT_TABLED;
    if (k >= 0) {
      if (space) {
        if (out.length) out += ' ';
        space = false;
      }
      out += FOLDED[k];
    } else if (k === WHITESPACE) space = true;
    else return foldForSearchReference(text);
  }
  return out;
}

/**
 * The search form of a petition's text: lower case, no diacritics (đ → d), whitespace collapsed, so "Phúc Xá",
 * "phuc xa" and "PHUC XA" match alike. Casework's live read model and audit's replay both store it, so it lives
 * beside the projection they share.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/đ/g, 'd')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

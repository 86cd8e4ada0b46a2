/** NFC, lower case, diacritics removed (đ → d), punctuation to spaces, whitespace collapsed. */
export function foldVietnamese(text: string): string {
  return foldToken(text)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** One word (or any string) to lower-case ASCII: NFC, case folding, tone and vowel marks dropped, đ → d. */
export function foldToken(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/đ/g, 'd')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
}

/** True when the text carries Vietnamese diacritics (used to report the with/without-diacritics split). */
export function hasDiacritics(text: string): boolean {
  return /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/i.test(text.normalize('NFC'));
}

// A Vietnamese syllable written without marks: optional initial, a vowel nucleus, optional final.
const SYLLABLE = /^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(ch|ng|nh|[cmnpt])?$/;

export function isSyllable(folded: string): boolean {
  return SYLLABLE.test(folded);
}

// Phone-typing habits and office abbreviations, on folded tokens. Multi-word expansions become several tokens.
const ABBREVIATIONS: Record<string, string> = {
  ko: 'khong',
  k: 'khong',
  kh: 'khong',
  kg: 'khong',
  hok: 'khong',
  hem: 'khong',
  dc: 'duoc',
  j: 'gi',
  ji: 'gi',
  vs: 'voi',
  ng: 'nguoi',
  nguoj: 'nguoi',
  nc: 'nuoc',
  cx: 'cung',
  cg: 'cung',
  r: 'roi',
  ms: 'moi',
  trc: 'truoc',
  ntn: 'nhu the nao',
  bn: 'bao nhieu',
  mn: 'moi nguoi',
  nhiu: 'nhieu',
  wa: 'qua',
  z: 'vay',
  ah: 'a',
  uh: 'u',
  e: 'em',
  a: 'anh',
  tp: 'thanh pho',
  tx: 'thi xa',
  p: 'phuong',
  q: 'quan',
  h: 'huyen',
  x: 'xa',
  hn: 'ha noi',
  qd: 'quyet dinh',
  gcn: 'giay chung nhan',
  gcnqsdd: 'giay chung nhan quyen su dung dat',
  qsdd: 'quyen su dung dat',
  sdd: 'su dung dat',
  gpmb: 'giai phong mat bang',
  gpxd: 'giay phep xay dung',
  ttxd: 'trat tu xay dung',
  tdc: 'tai dinh cu',
  bhxh: 'bao hiem xa hoi',
  bhyt: 'bao hiem y te',
  bqt: 'ban quan tri',
  bql: 'ban quan ly',
  cb: 'can bo',
  cbcc: 'can bo cong chuc',
  csgt: 'canh sat giao thong',
  cand: 'cong an nhan dan',
  tthc: 'thu tuc hanh chinh',
  dvc: 'dich vu cong',
  cccd: 'can cuoc cong dan',
  tdp: 'to dan pho',
  hdnd: 'hoi dong nhan dan',
  gd: 'gia dinh',
  gđ: 'gia dinh',
  xl: 'xu ly',
  gq: 'giai quyet',
  vp: 'vi pham',
  ubnd: 'ubnd',
};

// Two-token habits ("v/v" = về việc) and the long form of UBND, normalised to one spelling.
const PHRASES: [string[], string[]][] = [
  [
    ['v', 'v'],
    ['ve', 'viec'],
  ],
  [['uy', 'ban', 'nhan', 'dan'], ['ubnd']],
  [['u', 'b', 'n', 'd'], ['ubnd']],
  [['uy', 'ban'], ['ubnd']],
];

/** Undo telex / VNI remnants ("khieeus" → "khieu", "kho6ng" → "khong") when the result is a real syllable. */
export function repairTyping(folded: string): string {
  if (isSyllable(folded) || folded.length < 2) return folded;
  let t = folded;
  if (/[a-z][0-9]|[0-9][a-z]/.test(t) && /^[a-z0-9]+$/.test(t) && /[a-z]{2}/.test(t.replace(/[0-9]/g, ''))) {
    const noDigits = t.replace(/[0-9]/g, '');
    if (isSyllable(noDigits)) return noDigits;
  }
  // Telex: tone letter at the end, doubled vowels for circumflex, w for breve/horn, dd for đ.
  t = t.replace(/^dd/, 'd');
  if (/[aeiouy](ch|ng|nh|[cmnpt])?[sfrxj]$/.test(t) || /[aeiouy]w?[sfrxj]$/.test(t)) t = t.slice(0, -1);
  t = t
    .replace(/aa/g, 'a')
    .replace(/ee/g, 'e')
    .replace(/oo/g, 'o')
    .replace(/([aou])w/g, '$1')
    .replace(/^w/, 'u');
  if (/[sfrxj]$/.test(t) && !isSyllable(t)) t = t.slice(0, -1);
  return isSyllable(t) ? t : folded;
}

export interface Token {
  /** The word as written (used for capitalisation checks in place names). */
  raw: string;
  /** Folded, repaired and abbreviation-expanded form; one raw word can expand to several tokens. */
  norm: string;
  /** True when a punctuation mark (sentence or clause break) precedes this token. */
  isBreakBefore: boolean;
  /** Raw word was followed directly by "." (as in "P." or "Q."). */
  hasDot: boolean;
  /** A sentence mark (. ! ? ; or a line break) precedes this token: a passage may start here. */
  isSentenceStart: boolean;
  /** Offsets of the raw word in the NFC text, to quote passages as written. */
  start: number;
  end: number;
}

const WORD = /[\p{L}\p{M}0-9]+(?:[.](?=\s|$|\p{L}))?|[.!?;:\n,()/-]/gu;

// A dot after these is an abbreviation ("P. Kim Mã", "TP.Hà Nội"), not the end of a sentence.
const DOTTED_ABBREVIATIONS = new Set([
  'p',
  'q',
  'h',
  'x',
  'tp',
  'tx',
  'tt',
  'ths',
  'ts',
  'gs',
  'pgs',
  'ong',
  'ba',
  'st',
]);

/** Syllable tokens of a petition, in order, with abbreviations expanded and typing habits repaired. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let isBreak = true;
  let isSentence = true;
  const nfc = text.normalize('NFC');
  for (const m of nfc.matchAll(WORD)) {
    const w = m[0];
    const start = m.index ?? 0;
    if (w.length === 1 && /[.!?;:\n,()/-]/.test(w)) {
      if (w !== '/' && w !== '-') isBreak = true;
      if (/[.!?;\n]/.test(w)) isSentence = true;
      continue;
    }
    const hasDot = w.endsWith('.');
    const raw = hasDot ? w.slice(0, -1) : w;
    const end = start + raw.length;
    const { folded, parts } = normaliseWord(raw);
    if (!parts) {
      // Letters outside Vietnamese/Latin (Cyrillic, CJK...) keep a marker so language checks can count them.
      out.push({
        raw,
        norm: '\u0000',
        isBreakBefore: isBreak,
        hasDot,
        isSentenceStart: isSentence,
        start,
        end,
      });
      isBreak = isSentence = hasDot;
      continue;
    }
    parts.forEach((p, i) =>
      out.push({
        raw,
        norm: p,
        isBreakBefore: i === 0 && isBreak,
        hasDot: hasDot && i === parts.length - 1,
        isSentenceStart: i === 0 && isSentence,
        start,
        end,
      }),
    );
    isBreak = isSentence = hasDot && !DOTTED_ABBREVIATIONS.has(folded);
  }
  return applyPhrases(out);
}

const wordCache = new Map<string, { folded: string; parts: string[] | undefined }>();

// Folding is the costly step and petitions reuse a few thousand words: remember them (bounded).
function normaliseWord(raw: string): { folded: string; parts: string[] | undefined } {
  let hit = wordCache.get(raw);
  if (!hit) {
    const folded = foldToken(raw);
    const parts = /^[a-z0-9]+$/.test(folded)
      ? (ABBREVIATIONS[folded] ?? repairTyping(folded)).split(' ')
      : undefined;
    hit = { folded, parts };
    if (wordCache.size > 50_000) wordCache.clear();
    wordCache.set(raw, hit);
  }
  return hit;
}

const PHRASE_STARTS = new Set(PHRASES.map(([from]) => from[0]));

function applyPhrases(tokens: Token[]): Token[] {
  if (!tokens.some((t) => PHRASE_STARTS.has(t.norm))) return tokens;
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    let matched = false;
    for (const [from, to] of PHRASES) {
      if (i + from.length > tokens.length) continue;
      if (from.every((f, j) => tokens[i + j].norm === f)) {
        // "ủy ban nhân dân" stays one token; "ủy ban" alone only when "nhân dân" does not follow (handled by order).
        to.forEach((t, j) => out.push({ ...tokens[i + Math.min(j, from.length - 1)], norm: t }));
        i += from.length - 1;
        matched = true;
        break;
      }
    }
    if (!matched) out.push(tokens[i]);
  }
  return out;
}

/** Share of word tokens that look like Vietnamese syllables (0 for empty text). */
export function vietnameseShare(tokens: Token[]): number {
  const words = tokens.filter((t) => !/^[0-9]+$/.test(t.norm));
  if (words.length === 0) return 0;
  return words.filter((t) => isSyllable(t.norm)).length / words.length;
}

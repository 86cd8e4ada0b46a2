import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { findRepoRoot } from './model-store';
import { foldToken, Token, tokenize } from './vietnamese-text';

/** Wards the location finder knows, e.g. { code: '00001', name: 'Phường Phúc Xá', districtName: 'Quận Ba Đình' }. */
export interface Gazetteer {
  wards: { code: string; name: string; districtName: string }[];
}

export interface FoundLocation {
  wardName?: string;
  districtName?: string;
  wardCode?: string;
  confidence: number;
  /** The words that matched, as written. */
  evidence?: string;
}

// Hanoi's 30 former district-level units (shared/domain §7), so a district is found even when none of its wards
// is in the gazetteer.
const HANOI_DISTRICTS = [
  'Quận Ba Đình',
  'Quận Hoàn Kiếm',
  'Quận Tây Hồ',
  'Quận Long Biên',
  'Quận Cầu Giấy',
  'Quận Đống Đa',
  'Quận Hai Bà Trưng',
  'Quận Hoàng Mai',
  'Quận Thanh Xuân',
  'Quận Nam Từ Liêm',
  'Quận Bắc Từ Liêm',
  'Quận Hà Đông',
  'Thị xã Sơn Tây',
  'Huyện Ba Vì',
  'Huyện Chương Mỹ',
  'Huyện Đan Phượng',
  'Huyện Đông Anh',
  'Huyện Gia Lâm',
  'Huyện Hoài Đức',
  'Huyện Mê Linh',
  'Huyện Mỹ Đức',
  'Huyện Phú Xuyên',
  'Huyện Phúc Thọ',
  'Huyện Quốc Oai',
  'Huyện Sóc Sơn',
  'Huyện Thạch Thất',
  'Huyện Thanh Oai',
  'Huyện Thanh Trì',
  'Huyện Thường Tín',
  'Huyện Ứng Hòa',
];

const WARD_TYPES = [['phuong'], ['xa'], ['thi', 'tran'], ['tt']];
const DISTRICT_TYPES = [['quan'], ['huyen'], ['thi', 'xa'], ['tx']];
const TYPE_WORDS = new Set(['phuong', 'xa', 'thi', 'tt', 'quan', 'huyen', 'tx', 'thanh', 'ubnd']);
// A capitalised name after these is a street, a market or a school, not the ward ("phố Kim Mã", "chợ Ngọc Hà").
const NOT_A_PLACE_BEFORE = new Set([
  'duong',
  'pho',
  'ngo',
  'ngach',
  'hem',
  'so',
  'cho',
  'truong',
  'vien',
  'cau',
  'ho',
  'ong',
  'ba',
  'anh',
  'chi',
  'ty',
  'khu',
  'toa',
  'nha',
  'cong',
]);

interface Entry {
  core: string[];
  kind: 'ward' | 'district';
  name: string;
  districtName: string;
  code?: string;
  /** Folded district core, to check that a ward and a district mentioned together agree. */
  districtKey: string;
}

interface CompiledGazetteer {
  byFirst: Map<string, Entry[]>;
  byCode: Map<string, Entry>;
}

function splitName(name: string, types: string[][]): string[] {
  const tokens = tokenize(name).map((t) => t.norm);
  for (const type of types) {
    if (type.every((t, i) => tokens[i] === t) && tokens.length > type.length)
      return tokens.slice(type.length);
  }
  return tokens.filter((t) => t !== 'ubnd');
}

const compiled = new WeakMap<Gazetteer, CompiledGazetteer>();

function compile(g: Gazetteer): CompiledGazetteer {
  const hit = compiled.get(g);
  if (hit) return hit;
  const byFirst = new Map<string, Entry[]>();
  const byCode = new Map<string, Entry>();
  const add = (e: Entry) => {
    const list = byFirst.get(e.core[0]) ?? [];
    list.push(e);
    list.sort((a, b) => b.core.length - a.core.length);
    byFirst.set(e.core[0], list);
  };
  const districts = new Set<string>();
  for (const w of g.wards) {
    const districtKey = splitName(w.districtName, DISTRICT_TYPES).join(' ');
    const e: Entry = {
      core: splitName(w.name, WARD_TYPES),
      kind: 'ward',
      name: w.name,
      districtName: w.districtName,
      code: w.code,
      districtKey,
    };
    if (e.core.length) add(e);
    byCode.set(w.code, e);
    districts.add(w.districtName);
  }
  const known = new Set([...districts].map((d) => splitName(d, DISTRICT_TYPES).join(' ')));
  for (const d of [
    ...districts,
    ...HANOI_DISTRICTS.filter((d) => !known.has(splitName(d, DISTRICT_TYPES).join(' '))),
  ]) {
    const core = splitName(d, DISTRICT_TYPES);
    if (core.length) add({ core, kind: 'district', name: d, districtName: d, districtKey: core.join(' ') });
  }
  const c = { byFirst, byCode };
  compiled.set(g, c);
  return c;
}

function precededBy(tokens: readonly Token[], i: number, types: string[][]): boolean {
  return types.some((type) => type.every((t, j) => tokens[i - type.length + j]?.norm === t));
}

function isCapitalised(raw: string): boolean {
  const c = raw.charAt(0);
  return c !== c.toLowerCase() || /[0-9]/.test(c);
}

interface Hit {
  entry: Entry;
  confidence: number;
  at: number;
  evidence: string;
}

function scan(tokens: readonly Token[], g: CompiledGazetteer): Hit[] {
  const hits: Hit[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const list = g.byFirst.get(tokens[i].norm);
    if (!list) continue;
    for (const e of list) {
      const n = e.core.length;
      if (i + n > tokens.length || !e.core.every((t, j) => tokens[i + j].norm === t)) continue;
      // "Dịch Vọng" must not match inside "Dịch Vọng Hậu": the next word may not continue a proper name
      // (a following "Q." or "Huyện" starts the district, it does not continue the ward).
      const next = tokens[i + n];
      const continues =
        next &&
        !next.isBreakBefore &&
        !TYPE_WORDS.has(next.norm) &&
        isCapitalised(next.raw) &&
        isCapitalised(tokens[i].raw);
      const hasType = precededBy(tokens, i, e.kind === 'ward' ? WARD_TYPES : DISTRICT_TYPES);
      let confidence = 0;
      if (hasType && !continues) confidence = 0.9;
      else if (!continues && tokens.slice(i, i + n).every((t) => isCapitalised(t.raw))) {
        const before = tokens[i - 1];
        // "số 5 Liễu Giai", "ngõ 12 Đội Cấn": a house number before the name makes it a street.
        const isStreet = before && (NOT_A_PLACE_BEFORE.has(before.norm) || /^[0-9]+$/.test(before.norm));
        if (!isStreet) confidence = e.kind === 'ward' ? 0.55 : 0.6;
      }
      if (confidence > 0) {
        const from = hasType ? Math.max(0, i - 1) : i;
        const evidence = tokens
          .slice(from, i + n)
          .map((t) => t.raw)
          .join(' ');
        // Same name in two districts: keep every candidate, the district named nearby decides.
        const key = e.core.join(' ');
        for (const same of list) {
          if (same.kind === e.kind && same.core.join(' ') === key)
            hits.push({ entry: same, confidence, at: i, evidence });
        }
        i += n - 1;
        break;
      }
    }
  }
  return hits;
}

/** Ward and district named in a text, matched with and without diacritics and with P./Q./X./H./TP abbreviations. */
export function findLocation(text: string | Token[], gazetteer: Gazetteer): FoundLocation | undefined {
  const g = compile(gazetteer);
  const tokens = typeof text === 'string' ? tokenize(text) : text;
  const hits = scan(tokens, g);
  const wards = hits.filter((h) => h.entry.kind === 'ward');
  const districtKeys = new Set(
    hits.filter((h) => h.entry.kind === 'district').map((h) => h.entry.districtKey),
  );
  if (wards.length) {
    // Prefer a ward whose district is also named, then the most certain, then the first.
    const scored = wards.map((h) => {
      let c = h.confidence;
      if (districtKeys.has(h.entry.districtKey)) c = Math.min(0.98, c + 0.08);
      else if (districtKeys.size) c -= 0.15;
      const sameName = wards.filter(
        (o) => o.entry.core.join(' ') === h.entry.core.join(' ') && o.entry !== h.entry,
      );
      if (sameName.length && !districtKeys.has(h.entry.districtKey)) c = (c + 0.15) * 0.7;
      return { h, c };
    });
    scored.sort((a, b) => b.c - a.c || a.h.at - b.h.at);
    const best = scored[0];
    return {
      wardName: best.h.entry.name,
      districtName: best.h.entry.districtName,
      wardCode: best.h.entry.code,
      confidence: round(best.c),
      evidence: best.h.evidence,
    };
  }
  const districts = hits
    .filter((h) => h.entry.kind === 'district')
    .sort((a, b) => b.confidence - a.confidence);
  if (districts.length) {
    const d = districts[0];
    return { districtName: d.entry.name, confidence: round(d.confidence * 0.8), evidence: d.evidence };
  }
  return undefined;
}

/** The location of a case: the intake's ward code wins, then the location text, then the petition itself. */
export function locate(
  input: { wardCode?: string; locationText?: string },
  contentTokens: Token[],
  gazetteer: Gazetteer,
): FoundLocation | undefined {
  if (input.wardCode) {
    const e = compile(gazetteer).byCode.get(input.wardCode);
    return e
      ? { wardCode: e.code, wardName: e.name, districtName: e.districtName, confidence: 1 }
      : { wardCode: input.wardCode, confidence: 1 };
  }
  const fromLocationText = input.locationText ? findLocation(input.locationText, gazetteer) : undefined;
  if (fromLocationText?.wardName) return fromLocationText;
  return findLocation(contentTokens, gazetteer) ?? fromLocationText;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

let defaultGazetteer: Gazetteer | undefined;

/**
 * Wards of the org directory (assignment's seed units.json): units with a ward code whose parent is a district.
 * Read at load time rather than copied, so the classifier follows the directory; empty if the file is absent.
 */
export function loadDefaultGazetteer(): Gazetteer {
  if (defaultGazetteer) return defaultGazetteer;
  defaultGazetteer = { wards: [] };
  try {
    const path = join(findRepoRoot(), 'apps/assignment/seeds/v1/units.json');
    if (!existsSync(path)) return defaultGazetteer;
    const units = JSON.parse(readFileSync(path, 'utf8')) as {
      id: string;
      name: string;
      type: string;
      parentId: string | null;
      wardCode: string | null;
    }[];
    const byId = new Map(units.map((u) => [u.id, u]));
    const strip = (name: string) => name.replace(/^UBND\s+/i, '').trim();
    for (const u of units) {
      const parent = u.parentId ? byId.get(u.parentId) : undefined;
      if (!u.wardCode || !parent || parent.type !== 'district') continue;
      defaultGazetteer.wards.push({
        code: u.wardCode,
        name: strip(u.name),
        districtName: strip(parent.name),
      });
    }
  } catch {
    // A malformed directory file leaves location finding off rather than failing every classification.
    defaultGazetteer = { wards: [] };
  }
  return defaultGazetteer;
}

/** Folded key of a place name, exposed for tests and tools. */
export function placeKey(name: string): string {
  return foldToken(name).replace(/\s+/g, ' ').trim();
}

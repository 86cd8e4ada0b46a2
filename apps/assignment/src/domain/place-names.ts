import { Directory, Unit } from './directory';

/** Lower case, NFC, punctuation to spaces: "P.Phúc Xá" → "p phúc xá". */
export function normalizeName(s: string): string {
  return s
    .normalize('NFC')
    .toLowerCase()
    .replace(/[.,;:_/\\\-–—()"'`´]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Without tone and vowel marks, đ → d: "phúc xá" → "phuc xa", "hoà" and "hòa" → "hoa". */
export function foldDiacritics(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');
}

// What people write before a place name, diacritics folded and longest first so "thi xa" wins over "thi".
const PREFIXES = [
  'uy ban nhan dan',
  'ubnd',
  'thanh pho',
  'thi tran',
  'thi xa',
  'phuong',
  'huyen',
  'quan',
  'tp',
  'tt',
  'tx',
  'xa',
  'p',
  'q',
  'h',
  'x',
];
const SUFFIXES = ['thanh pho ha noi', 'tp ha noi', 'ha noi', 'hanoi', 'hn', 'district', 'ward', 'commune'];

/**
 * The ways to read a written name, most literal first: as written, then with one administrative prefix
 * ("Phường", "P.", "quan", "Q.") removed at a time, and a trailing ", Hà Nội" dropped.
 */
export function nameCandidates(written: string): string[] {
  let s = normalizeName(written);
  for (const suffix of SUFFIXES) {
    const folded = foldDiacritics(s);
    if (folded.endsWith(` ${suffix}`)) s = s.slice(0, s.length - suffix.length - 1).trim();
  }
  const out = [s];
  for (let i = 0; i < 3; i++) {
    const folded = foldDiacritics(s);
    const prefix = PREFIXES.find((p) => folded.startsWith(`${p} `));
    if (!prefix) break;
    s = s.slice(prefix.length + 1).trim();
    if (s) out.push(s);
  }
  return out;
}

/** "UBND Quận Ba Đình" → "Ba Đình": the official name without the body and one type word. */
export function bareName(official: string): string {
  let s = normalizeName(official);
  for (const prefixes of [['uy ban nhan dan', 'ubnd'], PREFIXES]) {
    const folded = foldDiacritics(s);
    const prefix = prefixes.find((p) => folded.startsWith(`${p} `));
    if (prefix) s = s.slice(prefix.length + 1).trim();
  }
  return s;
}

/** Where a case happened, from names as people write them. */
export interface ResolvedPlace {
  /** The most precise area unit found: a commune/ward, else a district; undefined when nothing matched. */
  unit?: Unit;
  /** ward_unknown (only the district matched), location_ambiguous, district_mismatch. */
  flags: string[];
}

type Index = Map<string, Unit[]>;

function add(index: Index, key: string, u: Unit): void {
  const list = index.get(key) ?? [];
  if (!list.includes(u)) list.push(u);
  index.set(key, list);
}

/** Looks up communes/wards and districts by name, with or without diacritics, prefixes or abbreviations. */
export class PlaceNameResolver {
  private readonly exact = new Map<string, Index>();
  private readonly folded = new Map<string, Index>();

  constructor(private readonly dir: Directory) {
    for (const type of ['commune', 'district'] as const) {
      this.exact.set(type, new Map());
      this.folded.set(type, new Map());
    }
    for (const u of dir.allUnits()) {
      if (u.type !== 'commune' && u.type !== 'district') continue;
      // The bare name and the aliases only: stripping more from them ("Quan Hoa" → "hoa") would invent names.
      for (const n of [u.areaName ?? bareName(u.name), ...(u.aliases ?? [])]) {
        const key = normalizeName(n);
        if (!key) continue;
        add(this.exact.get(u.type)!, key, u);
        add(this.folded.get(u.type)!, foldDiacritics(key), u);
      }
    }
  }

  /** Units of a type a written name may mean; the narrowest reading that matches anything wins. */
  lookup(type: 'commune' | 'district', written: string, within?: Unit): Unit[] {
    const inScope = (list: Unit[] | undefined) =>
      (list ?? []).filter((u) => !within || this.isUnder(u, within));
    for (const c of nameCandidates(written)) {
      const exact = inScope(this.exact.get(type)!.get(c));
      if (exact.length) return exact;
      const loose = inScope(this.folded.get(type)!.get(foldDiacritics(c)));
      if (loose.length) return loose;
    }
    return [];
  }

  resolve(district?: string | null, ward?: string | null): ResolvedPlace {
    const flags: string[] = [];
    const districts = district?.trim() ? this.lookup('district', district) : [];
    const theDistrict = districts.length === 1 ? districts[0] : undefined;
    if (ward?.trim()) {
      const inDistrict = theDistrict ? this.lookup('commune', ward, theDistrict) : [];
      if (inDistrict.length === 1) return { unit: inDistrict[0], flags };
      const anywhere = inDistrict.length > 1 ? inDistrict : this.lookup('commune', ward);
      if (anywhere.length === 1) {
        if (theDistrict) flags.push('district_mismatch');
        return { unit: anywhere[0], flags };
      }
      if (anywhere.length > 1 && !theDistrict) return { flags: ['location_ambiguous'] };
      if (theDistrict) return { unit: theDistrict, flags: ['ward_unknown'] };
      return { flags };
    }
    if (theDistrict) return { unit: theDistrict, flags: ['ward_unknown'] };
    if (districts.length > 1) return { flags: ['location_ambiguous'] };
    return { flags };
  }

  private isUnder(u: Unit, ancestor: Unit): boolean {
    let cur: Unit | undefined = u;
    for (let hops = 0; cur && hops < 20; hops++) {
      if (cur.id === ancestor.id) return true;
      cur = this.dir.parentOf(cur.id);
    }
    return false;
  }
}

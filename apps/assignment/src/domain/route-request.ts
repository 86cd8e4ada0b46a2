import { CASE_DOMAINS, CASE_KINDS, CaseDomain, CaseKind, CompetentLevel } from '@lib/contracts';
import { Directory, Unit } from './directory';
import { foldDiacritics, normalizeName, PlaceNameResolver } from './place-names';
import { routeCase, SUBMISSION_LEVELS, SubmissionLevel } from './route-case';

/** A case as a person describes it: codes or words, place names as written. Any field may be missing. */
export interface RouteRequest {
  kind?: unknown;
  domain?: unknown;
  level?: unknown;
  district?: unknown;
  ward?: unknown;
  wardCode?: unknown;
  submittedToLevel?: unknown;
}

export interface UnitRef {
  id: string;
  name: string;
  level: string;
}

/** Where a described case goes, in the shape of the route CLI's output line (without its id). */
export interface RouteAnswer {
  leadUnit: UnitRef;
  coordinatingUnits: UnitRef[];
  flags: string[];
  reason: string;
  ruleId: string;
}

// Words people use for levels and kinds, diacritics folded.
const LEVEL_WORDS: Record<string, SubmissionLevel> = {
  ward: 'commune',
  xa: 'commune',
  phuong: 'commune',
  'thi tran': 'commune',
  'cap xa': 'commune',
  huyen: 'district',
  quan: 'district',
  'thi xa': 'district',
  'cap huyen': 'district',
  province: 'city',
  'thanh pho': 'city',
  tinh: 'city',
  'cap tinh': 'city',
  'cap thanh pho': 'city',
  national: 'central',
  'trung uong': 'central',
  'cap trung uong': 'central',
};
const KIND_WORDS: Record<string, CaseKind> = {
  'khieu nai': 'complaint',
  'to cao': 'denunciation',
  'kien nghi': 'recommendation',
  'phan anh': 'reflection',
};

const word = (v: unknown) =>
  typeof v === 'string' ? foldDiacritics(normalizeName(v)).replace(/_/g, ' ') : '';
const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v : undefined);

export function parseLevel(v: unknown): SubmissionLevel | undefined {
  const w = word(v);
  return (SUBMISSION_LEVELS as readonly string[]).includes(w) ? (w as SubmissionLevel) : LEVEL_WORDS[w];
}

export function parseKind(v: unknown): CaseKind | undefined {
  const w = word(v);
  return (CASE_KINDS as readonly string[]).includes(w) ? (w as CaseKind) : KIND_WORDS[w];
}

export function parseDomain(v: unknown): CaseDomain | undefined {
  const w = typeof v === 'string' ? v.trim().toLowerCase() : '';
  return (CASE_DOMAINS as readonly string[]).includes(w) ? (w as CaseDomain) : undefined;
}

const ref = (u: Unit): UnitRef => ({ id: u.id, name: u.name, level: u.level });

/** Routes described cases the way the service routes classified ones (used by the route CLI and the preview API). */
export class RouteRequestRouter {
  private readonly places: PlaceNameResolver;
  private readonly catchAll: Unit;

  constructor(private readonly dir: Directory) {
    this.places = new PlaceNameResolver(dir);
    // Input that cannot be routed goes where the last catch-all rule sends everything else (the reception board).
    const rule = [...dir.routeRules]
      .reverse()
      .find((r) => r.target === 'unit' && !r.kind && !r.domain && !r.level && !r.requiredFlags.length);
    const unit = rule?.targetUnitId ? dir.unit(rule.targetUnitId) : undefined;
    if (!unit) throw new Error('the directory has no catch-all routing rule');
    this.catchAll = unit;
  }

  route(input: RouteRequest): RouteAnswer {
    const kind = parseKind(input.kind);
    const domain = parseDomain(input.domain);
    const level = parseLevel(input.level);
    if (!kind || !domain || !level || level === 'central') {
      const bad = [
        ...(kind ? [] : [`kind "${String(input.kind ?? '')}"`]),
        ...(domain ? [] : [`domain "${String(input.domain ?? '')}"`]),
        ...(level && level !== 'central' ? [] : [`level "${String(input.level ?? '')}"`]),
      ];
      return this.unroutable(`dữ liệu không hợp lệ: ${bad.join(', ')}`);
    }
    const place = this.places.resolve(text(input.district), text(input.ward));
    const wardCode = text(input.wardCode);
    const d = routeCase(this.dir, {
      kind,
      domain,
      level: level as CompetentLevel,
      wardCode: wardCode && this.dir.unitForWard(wardCode) ? wardCode : undefined,
      areaUnitId: place.unit?.id,
      submittedToLevel: parseLevel(input.submittedToLevel),
      flags: place.flags.filter((f) => f !== 'ward_unknown'),
      excludedUnitIds: [],
    });
    return {
      leadUnit: ref(d.leadUnit),
      coordinatingUnits: d.coordinatingUnitIds.map((u) => ref(this.dir.unit(u)!)),
      flags: d.flags,
      reason: d.reason,
      ruleId: d.rule.id,
    };
  }

  unroutable(why: string): RouteAnswer {
    return {
      leadUnit: ref(this.catchAll),
      coordinatingUnits: [],
      flags: ['invalid_input', 'manual_routing'],
      reason: `Không định tuyến được (${why}): ${this.catchAll.name} xử lý thủ công`,
      ruleId: 'invalid-input',
    };
  }
}

import { CaseDomain, CaseKind, CompetentLevel } from '@lib/contracts';
import { DomainError } from '@lib/domain';
import { Directory, RoutingRule, Staff, Unit } from './directory';

/** Levels a petition can be sent to, lowest first; "central" is the national reception HQ. */
export const SUBMISSION_LEVELS = ['commune', 'district', 'city', 'central'] as const;
export type SubmissionLevel = (typeof SUBMISSION_LEVELS)[number];

const LEVEL_NAMES: Record<SubmissionLevel, string> = {
  commune: 'cấp xã',
  district: 'cấp huyện',
  city: 'cấp thành phố',
  central: 'cấp trung ương',
};

export interface CaseToRoute {
  kind: CaseKind;
  domain: CaseDomain;
  /** The competent level (classification's decision). */
  level: CompetentLevel;
  wardCode?: string;
  /** The area unit found from written names (a ward, or only a district) when there is no ward code. */
  areaUnitId?: string;
  /** The level the petition was sent to; above the competent unit's level means a skip-level petition (vượt cấp). */
  submittedToLevel?: SubmissionLevel;
  flags: string[];
  /** Units that declined the case: never routed to again. */
  excludedUnitIds: string[];
}

export interface RoutingDecision {
  leadUnit: Unit;
  coordinatingUnitIds: string[];
  rule: RoutingRule;
  /** Annotation rules that applied after the lead unit was chosen. */
  annotations: RoutingRule[];
  reason: string;
  flags: string[];
}

export class NoCompetentUnitError extends DomainError {
  constructor() {
    super('ASSIGNMENT.NO_COMPETENT_UNIT', 'no routing rule resolves to a unit');
  }
}

function matches(rule: RoutingRule, c: CaseToRoute, flags: readonly string[]): boolean {
  return (
    (rule.kind === null || rule.kind === c.kind) &&
    (rule.domain === null || rule.domain === c.domain) &&
    (rule.level === null || rule.level === c.level) &&
    rule.requiredFlags.every((f) => flags.includes(f)) &&
    !(rule.excludedFlags ?? []).some((f) => flags.includes(f))
  );
}

/** The case's location: the ward of its code, else the area unit found from names. */
export function locationOf(
  dir: Directory,
  c: Pick<CaseToRoute, 'wardCode' | 'areaUnitId'>,
): Unit | undefined {
  const byCode = c.wardCode ? dir.unitForWard(c.wardCode) : undefined;
  return byCode ?? (c.areaUnitId ? dir.unit(c.areaUnitId) : undefined);
}

function childOfType(dir: Directory, area: Unit | undefined, type: string): Unit | undefined {
  if (!area) return undefined;
  return dir
    .childrenOf(area.id)
    .filter((u) => u.type === type)
    .sort((a, b) => a.id.localeCompare(b.id))[0];
}

function resolveTarget(
  dir: Directory,
  rule: RoutingRule,
  c: CaseToRoute,
  location: Unit | undefined,
): { unit?: Unit; area?: Unit } {
  const areaAt = (level: CompetentLevel) => (location ? dir.ancestorAtLevel(location.id, level) : undefined);
  switch (rule.target) {
    case 'area':
    case 'ward_unit':
    case 'ward_ancestor': {
      const level = rule.target === 'ward_unit' ? 'commune' : (rule.targetLevel ?? c.level);
      const area = areaAt(level);
      return { area, unit: rule.targetUnitType ? childOfType(dir, area, rule.targetUnitType) : area };
    }
    case 'area_parent': {
      const area = areaAt(rule.targetLevel ?? c.level);
      const parent = area ? dir.parentOf(area.id) : undefined;
      return {
        area: parent,
        unit: rule.targetUnitType ? childOfType(dir, parent, rule.targetUnitType) : parent,
      };
    }
    case 'domain_department':
      return { unit: dir.departmentFor(c.domain) };
    case 'unit':
      return { unit: rule.targetUnitId ? dir.unit(rule.targetUnitId) : undefined };
  }
}

/** "@parent", "@area:police" or a unit id, resolved against the lead unit and the area it was found in. */
function resolveCoordinating(
  dir: Directory,
  ref: string,
  lead: Unit,
  area: Unit | undefined,
): Unit | undefined {
  if (ref === '@parent') return dir.parentOf(lead.id);
  if (ref.startsWith('@area:')) return childOfType(dir, area ?? lead, ref.slice('@area:'.length));
  return dir.unit(ref);
}

function fillIn(template: string, c: CaseToRoute, lead: Unit): string {
  return template
    .replace(/\{submittedToLevel\}/g, c.submittedToLevel ? LEVEL_NAMES[c.submittedToLevel] : '')
    .replace(/\{level\}/g, LEVEL_NAMES[c.level])
    .replace(/\{unit\}/g, lead.name);
}

/**
 * Facts about the case's location every rule may test, as flags. A city-level matter does not need a place (the
 * department or the City PC is competent wherever it happened), so only lower levels are flagged.
 */
export function derivedFlags(dir: Directory, c: CaseToRoute): string[] {
  if (c.level === 'city') return [];
  const location = locationOf(dir, c);
  if (!location) return ['location_unknown'];
  if (c.level === 'commune' && location.type !== 'commune') return ['ward_unknown'];
  return [];
}

/** Sent above the level of the unit that is competent (đơn vượt cấp): decided once the lead unit is known. */
export function isSkipLevel(submittedToLevel: SubmissionLevel | undefined, lead: Unit): boolean {
  if (!submittedToLevel) return false;
  const leadRank = SUBMISSION_LEVELS.indexOf(lead.level);
  return leadRank >= 0 && SUBMISSION_LEVELS.indexOf(submittedToLevel) > leadRank;
}

/**
 * Exactly one lead unit: the first `route` rule (by priority) that matches and resolves to a unit not excluded.
 * Then skip_level is set if the petition went above the lead unit's level, and every matching `annotate` rule adds
 * its flags, coordinating units and reason.
 */
export function routeCase(dir: Directory, c: CaseToRoute): RoutingDecision {
  const location = locationOf(dir, c);
  const flags = [...new Set([...c.flags, ...derivedFlags(dir, c)])];
  for (const rule of dir.routeRules) {
    if (!matches(rule, c, flags)) continue;
    const { unit, area } = resolveTarget(dir, rule, c, location);
    if (!unit || c.excludedUnitIds.includes(unit.id)) continue;
    const outFlags = [...new Set([...flags, ...rule.flagsToAdd])];
    if (isSkipLevel(c.submittedToLevel, unit) && !outFlags.includes('skip_level'))
      outFlags.push('skip_level');
    const annotations = dir.annotateRules.filter((a) => matches(a, c, outFlags));
    const coordinating: string[] = [];
    const reasons = [fillIn(rule.reason, c, unit)];
    for (const r of [rule, ...annotations]) {
      for (const ref of r.coordinatingUnitIds) {
        const u = resolveCoordinating(dir, ref, unit, area);
        if (u && u.id !== unit.id && !c.excludedUnitIds.includes(u.id) && !coordinating.includes(u.id)) {
          coordinating.push(u.id);
        }
      }
      if (r !== rule) {
        reasons.push(fillIn(r.reason, c, unit));
        for (const f of r.flagsToAdd) if (!outFlags.includes(f)) outFlags.push(f);
      }
    }
    return {
      leadUnit: unit,
      coordinatingUnitIds: coordinating,
      rule,
      annotations,
      reason: reasons.join(' — '),
      flags: outFlags,
    };
  }
  throw new NoCompetentUnitError();
}

/** The handler with the domain skill and the fewest open cases (ties: lowest id); the head when none has it. */
export function pickHandler(
  dir: Directory,
  unit: Unit,
  domain: CaseDomain,
  openCases: Map<string, number>,
): Staff | undefined {
  const staff = dir.staffOf(unit.id).filter((s) => s.role === 'handler');
  const skilled = staff.filter((s) => s.skills.includes(domain));
  const general = staff.filter((s) => s.skills.includes('general'));
  const pool = skilled.length ? skilled : general.length ? general : staff;
  let best: Staff | undefined;
  for (const s of pool) {
    if (!best) {
      best = s;
      continue;
    }
    const d = (openCases.get(s.id) ?? 0) - (openCases.get(best.id) ?? 0);
    if (d < 0 || (d === 0 && s.id < best.id)) best = s;
  }
  return best ?? dir.staffOf(unit.id).find((s) => s.id === unit.headStaffId);
}

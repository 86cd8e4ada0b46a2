import { CaseDomain, CaseKind, CompetentLevel } from '@lib/contracts';
import { DomainError } from '@lib/domain';
import { Directory, RoutingRule, Staff, Unit } from './directory';

export interface CaseToRoute {
  kind: CaseKind;
  domain: CaseDomain;
  level: CompetentLevel;
  wardCode?: string;
  flags: string[];
  /** Units that declined the case: never routed to again. */
  excludedUnitIds: string[];
}

export interface RoutingDecision {
  leadUnit: Unit;
  coordinatingUnitIds: string[];
  rule: RoutingRule;
  reason: string;
  flags: string[];
}

export class NoCompetentUnitError extends DomainError {
  constructor() {
    super('ASSIGNMENT.NO_COMPETENT_UNIT', 'no routing rule resolves to a unit');
  }
}

function matches(rule: RoutingRule, c: CaseToRoute): boolean {
  return (
    (rule.kind === null || rule.kind === c.kind) &&
    (rule.domain === null || rule.domain === c.domain) &&
    (rule.level === null || rule.level === c.level) &&
    rule.requiredFlags.every((f) => c.flags.includes(f))
  );
}

function resolveTarget(dir: Directory, rule: RoutingRule, c: CaseToRoute): Unit | undefined {
  const ward = c.wardCode ? dir.unitForWard(c.wardCode) : undefined;
  switch (rule.target) {
    case 'ward_unit':
      return ward;
    case 'ward_ancestor':
      return ward && rule.targetLevel ? dir.ancestorAtLevel(ward.id, rule.targetLevel) : undefined;
    case 'domain_department':
      return dir
        .allUnits()
        .filter((u) => u.type === 'department' && u.domains.includes(c.domain))
        .sort((a, b) => a.id.localeCompare(b.id))[0];
    case 'unit':
      return rule.targetUnitId ? dir.unit(rule.targetUnitId) : undefined;
  }
}

/** Exactly one lead unit: the first rule (by priority) that matches and resolves to a unit not excluded. */
export function routeCase(dir: Directory, c: CaseToRoute): RoutingDecision {
  const flags = [...c.flags];
  if (!c.wardCode || !dir.unitForWard(c.wardCode)) {
    if (!flags.includes('location_unknown')) flags.push('location_unknown');
  }
  const subject = { ...c, flags };
  for (const rule of dir.rules) {
    if (!matches(rule, subject)) continue;
    const unit = resolveTarget(dir, rule, subject);
    if (!unit || c.excludedUnitIds.includes(unit.id)) continue;
    return {
      leadUnit: unit,
      coordinatingUnitIds: rule.coordinatingUnitIds.filter((id) => id !== unit.id),
      rule,
      reason: rule.reason,
      flags: [...new Set([...flags, ...rule.flagsToAdd])],
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
  const skilled = staff.filter((s) => s.skills.includes(domain) || s.skills.includes('general'));
  const pool = skilled.length ? skilled : staff;
  const sorted = [...pool].sort(
    (a, b) => (openCases.get(a.id) ?? 0) - (openCases.get(b.id) ?? 0) || a.id.localeCompare(b.id),
  );
  return sorted[0] ?? dir.staffOf(unit.id).find((s) => s.id === unit.headStaffId);
}

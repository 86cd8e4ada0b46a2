import { CaseDomain, CaseKind, CompetentLevel } from '@lib/contracts';

export type UnitType = 'city' | 'district' | 'commune' | 'department' | 'board';

export interface Unit {
  id: string;
  name: string;
  type: UnitType;
  level: CompetentLevel;
  parentId: string | null;
  headStaffId: string | null;
  /** Communes and wards: the statistical code of the area they cover. */
  wardCode: string | null;
  /** Departments: the domains they are competent for. */
  domains: CaseDomain[];
}

export interface Staff {
  id: string;
  unitId: string;
  fullName: string;
  role: 'handler' | 'unit_head';
  skills: string[];
  isActive: boolean;
}

/**
 * Where a matching rule sends a case:
 *  ward_unit        the commune/ward covering the case's location
 *  ward_ancestor    the ancestor of that ward at the rule's target level (e.g. its district)
 *  domain_department the department whose domains include the case's domain
 *  unit             a fixed unit (targetUnitId)
 */
export type RuleTarget = 'ward_unit' | 'ward_ancestor' | 'domain_department' | 'unit';

export interface RoutingRule {
  id: string;
  priority: number;
  kind: CaseKind | null;
  domain: CaseDomain | null;
  level: CompetentLevel | null;
  /** Every flag listed must be on the case (e.g. "location_unknown"). */
  requiredFlags: string[];
  target: RuleTarget;
  targetLevel: CompetentLevel | null;
  targetUnitId: string | null;
  coordinatingUnitIds: string[];
  /** Human-readable reason stored with the assignment. */
  reason: string;
  flagsToAdd: string[];
}

export interface SlaPolicy {
  id: string;
  kind: CaseKind | null;
  stage: 'processing' | 'acceptance' | 'resolution';
  amount: number;
  unit: 'working_days' | 'days';
  legalBasis: string;
}

/** An in-memory snapshot of the org directory, rules and policies effective at one moment. */
export class Directory {
  private readonly units = new Map<string, Unit>();
  private readonly byWard = new Map<string, Unit>();
  private readonly staffByUnit = new Map<string, Staff[]>();

  constructor(
    units: Unit[],
    staff: Staff[],
    readonly rules: RoutingRule[],
    readonly policies: SlaPolicy[],
  ) {
    for (const u of units) {
      this.units.set(u.id, u);
      if (u.wardCode) this.byWard.set(u.wardCode, u);
    }
    for (const s of staff) {
      if (!s.isActive) continue;
      const list = this.staffByUnit.get(s.unitId) ?? [];
      list.push(s);
      this.staffByUnit.set(s.unitId, list);
    }
    this.rules = [...rules].sort((a, b) => a.priority - b.priority || a.id.localeCompare(b.id));
  }

  unit(id: string): Unit | undefined {
    return this.units.get(id);
  }
  unitForWard(code: string): Unit | undefined {
    return this.byWard.get(code);
  }
  staffOf(unitId: string): Staff[] {
    return this.staffByUnit.get(unitId) ?? [];
  }
  allUnits(): Unit[] {
    return [...this.units.values()];
  }
  parentOf(unitId: string): Unit | undefined {
    const p = this.units.get(unitId)?.parentId;
    return p ? this.units.get(p) : undefined;
  }
  ancestorAtLevel(unitId: string, level: CompetentLevel): Unit | undefined {
    let u = this.units.get(unitId);
    while (u) {
      if (u.level === level && u.type !== 'department' && u.type !== 'board') return u;
      u = u.parentId ? this.units.get(u.parentId) : undefined;
    }
    return undefined;
  }
}

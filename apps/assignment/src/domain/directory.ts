import { CaseDomain, CaseKind, CompetentLevel } from '@lib/contracts';

/**
 * city, district-level units, communes/wards (the area units people live in), city departments, boards (the
 * Citizen Reception Board) and police units (commune, district or city police: fire safety, public order).
 */
export type UnitType = 'city' | 'district' | 'commune' | 'department' | 'board' | 'police';

/** What an area unit is called: thành phố, quận, huyện, thị xã, phường, xã, thị trấn. */
export type AreaType = 'thanh_pho' | 'quan' | 'huyen' | 'thi_xa' | 'phuong' | 'xa' | 'thi_tran';

/** Area units carry the people's address; the others hang off an area unit. */
export const AREA_UNIT_TYPES: readonly UnitType[] = ['city', 'district', 'commune'];

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
  /** Area units: the bare place name people write ("Ba Đình", "Phúc Xá"). */
  areaName?: string | null;
  areaType?: AreaType | null;
  /** Other names people use for the area (former names, merged wards). */
  aliases?: string[];
  /** Remote or hard-to-reach area (vùng sâu, vùng xa): longer complaint limits (LKN Art. 28, 37). */
  isRemote?: boolean;
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
 * Where a matching rule sends a case. "The area" is the area unit at `targetLevel` (or the case's competent level
 * when null) that contains the case's location: the ward itself at commune level, its district, the city.
 *  area              that area unit (with `targetUnitType`: its child unit of that type, e.g. the ward's police)
 *  area_parent       the unit above that area unit (the body above the official's unit, LTC Art. 13–14)
 *  domain_department the department whose domains include the case's domain
 *  unit              a fixed unit (targetUnitId)
 *  ward_unit, ward_ancestor  v1 names of `area` at commune level / at targetLevel
 */
export type RuleTarget =
  'area' | 'area_parent' | 'domain_department' | 'unit' | 'ward_unit' | 'ward_ancestor';

/** A `route` rule picks the lead unit (first match wins); `annotate` rules add flags, coordination and reasons. */
export type RuleEffect = 'route' | 'annotate';

export interface RoutingRule {
  id: string;
  priority: number;
  effect?: RuleEffect;
  kind: CaseKind | null;
  domain: CaseDomain | null;
  level: CompetentLevel | null;
  /** Every flag listed must be on the case (e.g. "location_unknown"). */
  requiredFlags: string[];
  /** None of these flags may be on the case. */
  excludedFlags?: string[];
  target: RuleTarget;
  targetLevel: CompetentLevel | null;
  targetUnitId: string | null;
  targetUnitType?: UnitType | null;
  /**
   * Unit ids, or relative references resolved against the lead unit: "@parent" (the unit above it),
   * "@area:<type>" (the child of the lead's area unit of that type, e.g. "@area:police").
   */
  coordinatingUnitIds: string[];
  /** Human-readable reason stored with the assignment. */
  reason: string;
  flagsToAdd: string[];
}

export type SlaStage = 'processing' | 'acceptance' | 'resolution';
export type Complexity = 'normal' | 'complex';
export type AreaKind = 'normal' | 'remote';

export interface SlaPolicy {
  id: string;
  /** null: every kind without a policy of its own. */
  kind: CaseKind | null;
  stage: SlaStage;
  amount: number;
  /** working_days: ngày làm việc; days: plain "ngày", calendar days whose last day rolls to a working day. */
  unit: 'working_days' | 'days';
  legalBasis: string;
  /** Complaint instance (lần đầu / lần hai) the row applies to; kinds without instances list [1]. */
  instances?: number[];
  complexities?: Complexity[];
  areas?: AreaKind[];
  /** First day the row is in force (YYYY-MM-DD; the day the clock starts decides). */
  effectiveFrom?: string;
  /** First day the row is no longer in force. */
  effectiveTo?: string | null;
  /** false for a city policy where the law sets no limit (recommendations, reflections). */
  isStatutory?: boolean;
}

/** An in-memory snapshot of the org directory, rules and policies effective at one moment. */
export class Directory {
  private readonly units = new Map<string, Unit>();
  private readonly byWard = new Map<string, Unit>();
  private readonly staffByUnit = new Map<string, Staff[]>();
  private readonly childrenByUnit = new Map<string, Unit[]>();
  private readonly departmentsByDomain = new Map<string, Unit[]>();
  readonly routeRules: RoutingRule[];
  readonly annotateRules: RoutingRule[];

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
    for (const u of units) {
      if (!u.parentId) continue;
      const list = this.childrenByUnit.get(u.parentId) ?? [];
      list.push(u);
      this.childrenByUnit.set(u.parentId, list);
    }
    for (const u of [...units].sort((a, b) => a.id.localeCompare(b.id))) {
      if (u.type !== 'department') continue;
      for (const d of u.domains) {
        const list = this.departmentsByDomain.get(d) ?? [];
        list.push(u);
        this.departmentsByDomain.set(d, list);
      }
    }
    for (const s of staff) {
      if (!s.isActive) continue;
      const list = this.staffByUnit.get(s.unitId) ?? [];
      list.push(s);
      this.staffByUnit.set(s.unitId, list);
    }
    this.rules = [...rules].sort((a, b) => a.priority - b.priority || a.id.localeCompare(b.id));
    this.routeRules = this.rules.filter((r) => (r.effect ?? 'route') === 'route');
    this.annotateRules = this.rules.filter((r) => r.effect === 'annotate');
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
  childrenOf(unitId: string): Unit[] {
    return this.childrenByUnit.get(unitId) ?? [];
  }
  departmentFor(domain: CaseDomain): Unit | undefined {
    return this.departmentsByDomain.get(domain)?.[0];
  }
  parentOf(unitId: string): Unit | undefined {
    const p = this.units.get(unitId)?.parentId;
    return p ? this.units.get(p) : undefined;
  }
  /** The area unit (city, district, commune) at `level` on the way up from `unitId`, itself included. */
  ancestorAtLevel(unitId: string, level: CompetentLevel): Unit | undefined {
    let u = this.units.get(unitId);
    for (let hops = 0; u && hops < 20; hops++) {
      if (u.level === level && AREA_UNIT_TYPES.includes(u.type)) return u;
      u = u.parentId ? this.units.get(u.parentId) : undefined;
    }
    return undefined;
  }
  /** Whether a unit or an area above it is marked remote (vùng sâu, vùng xa). */
  isRemote(unitId: string): boolean {
    let u = this.units.get(unitId);
    for (let hops = 0; u && hops < 20; hops++) {
      if (u.isRemote) return true;
      u = u.parentId ? this.units.get(u.parentId) : undefined;
    }
    return false;
  }
}

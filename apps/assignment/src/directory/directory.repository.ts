import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CalendarDay, Clock, toVietnamDate, WorkingCalendar } from '@lib/domain';
import { buildCalendar } from '../domain/calendar';
import { Directory, RoutingRule, SlaPolicy, Staff, Unit } from '../domain/directory';
import { applyDueChanges } from './directory-changes';

// The directory changes rarely; a short-lived snapshot keeps routing off the database on the hot path.
const SNAPSHOT_TTL_MS = 30_000;

// Date columns are read as text (to_char): node-pg would turn them into local-midnight Date objects.
const toDate = (d: unknown): string | null => (d === null || d === undefined ? null : String(d).slice(0, 10));

export function mapUnit(u: any): Unit {
  return {
    id: u.id,
    name: u.name,
    type: u.type,
    level: u.level,
    parentId: u.parent_id,
    headStaffId: u.head_staff_id,
    wardCode: u.ward_code,
    domains: u.domains,
    areaName: u.area_name,
    areaType: u.area_type,
    aliases: u.aliases ?? [],
    isRemote: u.is_remote ?? false,
  };
}

export function mapStaff(s: any): Staff {
  return {
    id: s.id,
    unitId: s.unit_id,
    fullName: s.full_name,
    role: s.role,
    skills: s.skills,
    isActive: s.is_active,
  };
}

export function mapRule(r: any): RoutingRule {
  return {
    id: r.id,
    priority: r.priority,
    effect: r.effect ?? 'route',
    kind: r.kind,
    domain: r.domain,
    level: r.level,
    requiredFlags: r.required_flags,
    excludedFlags: r.excluded_flags ?? [],
    target: r.target,
    targetLevel: r.target_level,
    targetUnitId: r.target_unit_id,
    targetUnitType: r.target_unit_type ?? null,
    coordinatingUnitIds: r.coordinating_unit_ids,
    flagsToAdd: r.flags_to_add,
    reason: r.reason,
  };
}

export function mapPolicy(p: any): SlaPolicy {
  return {
    id: p.id,
    kind: p.kind,
    stage: p.stage,
    amount: p.amount,
    unit: p.unit,
    legalBasis: p.legal_basis,
    instances: p.instances ?? [1, 2],
    complexities: p.complexities ?? ['normal', 'complex'],
    areas: p.areas ?? ['normal', 'remote'],
    effectiveFrom: toDate(p.effective_from) ?? undefined,
    effectiveTo: toDate(p.effective_to),
    isStatutory: p.is_statutory ?? true,
  };
}

/**
 * Loads the org directory and rules in force today, every SLA policy row (the day a clock starts picks the row) and
 * the calendar, mapped explicitly to domain objects.
 */
@Injectable()
export class DirectoryRepository {
  private cached: { at: number; day: string; directory: Directory; calendar: WorkingCalendar } | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  invalidate(): void {
    this.cached = undefined;
  }

  async snapshot(): Promise<{ directory: Directory; calendar: WorkingCalendar }> {
    const now = Date.now();
    const today = toVietnamDate(this.clock.now());
    // A new day may bring scheduled changes and other rows into force: never serve yesterday's snapshot.
    if (this.cached && this.cached.day === today && now - this.cached.at < SNAPSHOT_TTL_MS)
      return this.cached;
    // Admin changes dated in the future take effect on their day, at the first refresh after it begins.
    await this.dataSource.transaction((m) => applyDueChanges(m, today));
    const loaded = await this.load(this.dataSource.manager, today);
    this.cached = { at: now, day: today, ...loaded };
    return loaded;
  }

  async load(m: EntityManager, asOf: string): Promise<{ directory: Directory; calendar: WorkingCalendar }> {
    const eff = `effective_from <= $1 AND (effective_to IS NULL OR effective_to > $1)`;
    const [units, staff, rules, policies, days, years] = await Promise.all([
      m.query(`SELECT * FROM units WHERE ${eff}`, [asOf]),
      m.query(`SELECT * FROM staff WHERE ${eff}`, [asOf]),
      m.query(`SELECT * FROM routing_rules WHERE ${eff}`, [asOf]),
      m.query(
        `SELECT *, to_char(effective_from, 'YYYY-MM-DD') AS effective_from,
           to_char(effective_to, 'YYYY-MM-DD') AS effective_to
         FROM sla_policies WHERE effective_to IS NULL OR effective_to > effective_from`,
      ),
      m.query(`SELECT to_char(date, 'YYYY-MM-DD') AS date, type, name FROM calendar_days`),
      m.query(`SELECT year FROM calendar_years`),
    ]);
    const directory = new Directory(
      units.map(mapUnit),
      staff.map(mapStaff),
      rules.map(mapRule),
      policies.map(mapPolicy),
    );
    const calendar = buildCalendar(
      days.map((d: any): CalendarDay => ({ date: d.date, type: d.type, name: d.name })),
      years.map((y: any) => Number(y.year)),
    );
    return { directory, calendar };
  }
}

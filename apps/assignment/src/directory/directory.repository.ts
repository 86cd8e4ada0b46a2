import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CalendarDay, Clock, toVietnamDate, WorkingCalendar } from '@lib/domain';
import { Directory, RoutingRule, SlaPolicy, Staff, Unit } from '../domain/directory';

// The directory changes rarely; a short-lived snapshot keeps routing off the database on the hot path.
const SNAPSHOT_TTL_MS = 30_000;

/** Loads the org directory, rules, SLA policies and calendar effective today, mapped explicitly to domain objects. */
@Injectable()
export class DirectoryRepository {
  private cached: { at: number; directory: Directory; calendar: WorkingCalendar } | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  invalidate(): void {
    this.cached = undefined;
  }

  async snapshot(): Promise<{ directory: Directory; calendar: WorkingCalendar }> {
    const now = Date.now();
    if (this.cached && now - this.cached.at < SNAPSHOT_TTL_MS) return this.cached;
    const loaded = await this.load(this.dataSource.manager, toVietnamDate(this.clock.now()));
    this.cached = { at: now, ...loaded };
    return loaded;
  }

  async load(m: EntityManager, asOf: string): Promise<{ directory: Directory; calendar: WorkingCalendar }> {
    const eff = `effective_from <= $1 AND (effective_to IS NULL OR effective_to > $1)`;
    const [units, staff, rules, policies, days] = await Promise.all([
      m.query(`SELECT * FROM units WHERE ${eff}`, [asOf]),
      m.query(`SELECT * FROM staff`),
      m.query(`SELECT * FROM routing_rules WHERE ${eff}`, [asOf]),
      m.query(`SELECT * FROM sla_policies WHERE ${eff}`, [asOf]),
      m.query(`SELECT to_char(date, 'YYYY-MM-DD') AS date, type, name FROM calendar_days`),
    ]);
    const directory = new Directory(
      units.map((u: any): Unit => ({
        id: u.id,
        name: u.name,
        type: u.type,
        level: u.level,
        parentId: u.parent_id,
        headStaffId: u.head_staff_id,
        wardCode: u.ward_code,
        domains: u.domains,
      })),
      staff.map((s: any): Staff => ({
        id: s.id,
        unitId: s.unit_id,
        fullName: s.full_name,
        role: s.role,
        skills: s.skills,
        isActive: s.is_active,
      })),
      rules.map((r: any): RoutingRule => ({
        id: r.id,
        priority: r.priority,
        kind: r.kind,
        domain: r.domain,
        level: r.level,
        requiredFlags: r.required_flags,
        target: r.target,
        targetLevel: r.target_level,
        targetUnitId: r.target_unit_id,
        coordinatingUnitIds: r.coordinating_unit_ids,
        flagsToAdd: r.flags_to_add,
        reason: r.reason,
      })),
      policies.map((p: any): SlaPolicy => ({
        id: p.id,
        kind: p.kind,
        stage: p.stage,
        amount: p.amount,
        unit: p.unit,
        legalBasis: p.legal_basis,
      })),
    );
    const calendar = new WorkingCalendar(
      days.map((d: any): CalendarDay => ({ date: d.date, type: d.type, name: d.name })),
    );
    return { directory, calendar };
  }
}

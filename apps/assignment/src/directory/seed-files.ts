import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { CASE_DOMAINS, CASE_KINDS, COMPETENT_LEVELS } from '@lib/contracts';
import { CalendarDay } from '@lib/domain';
import { buildCalendar } from '../domain/calendar';
import { Directory, RoutingRule, SlaPolicy, Staff, Unit } from '../domain/directory';

/** The seed folder the service loads and the CLIs read when nothing else is said (relative to the repo root). */
export const DEFAULT_SEED_DIR = 'apps/assignment/seeds/v2';

export interface SeedMeta {
  version: string;
  /** Default first day in force of the units and rules of this version. */
  effectiveFrom: string;
  description?: string;
  /** Years whose calendar the file decides; other years use the computed statutory default. */
  calendarYears?: number[];
}

type Dated = { effectiveFrom?: string; effectiveTo?: string | null };
export type SeedUnit = Unit & Dated;
export type SeedRule = RoutingRule & Dated;
export type SeedCalendarDay = CalendarDay & { name: string; provisional?: boolean };

/** One versioned seed folder, as written (meta, units, staff, routing rules, SLA policies, calendar). */
export interface SeedData {
  dir: string;
  meta: SeedMeta;
  units: SeedUnit[];
  staff: Staff[];
  rules: SeedRule[];
  policies: SlaPolicy[];
  calendar: SeedCalendarDay[];
}

/** The repository root (where package.json lives), found from this file so dist/ and src/ both work. */
export function repoRoot(from = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('repository root not found');
    dir = up;
  }
  return dir;
}

export function seedPath(seedDir: string): string {
  return isAbsolute(seedDir) ? seedDir : resolve(repoRoot(), seedDir);
}

function readJson<T>(dir: string, name: string): T {
  const file = join(dir, `${name}.json`);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (err) {
    throw new Error(`cannot read seed file ${file}: ${(err as Error).message}`);
  }
}

/** Read a seed folder; fields missing in older versions get the defaults they always had. */
export function readSeed(seedDir: string): SeedData {
  const dir = seedPath(seedDir);
  const meta = readJson<SeedMeta>(dir, 'meta');
  const units = readJson<SeedUnit[]>(dir, 'units').map((u) => ({
    ...u,
    domains: u.domains ?? [],
    aliases: u.aliases ?? [],
    isRemote: u.isRemote ?? false,
  }));
  const rules = readJson<SeedRule[]>(dir, 'routing-rules').map((r) => ({
    ...r,
    effect: r.effect ?? 'route',
    excludedFlags: r.excludedFlags ?? [],
    targetUnitType: r.targetUnitType ?? null,
  }));
  const policies = readJson<SlaPolicy[]>(dir, 'sla-policies').map((p) => ({
    ...p,
    instances: p.instances ?? [1, 2],
    complexities: p.complexities ?? ['normal', 'complex'],
    areas: p.areas ?? ['normal', 'remote'],
    effectiveFrom: p.effectiveFrom ?? meta.effectiveFrom,
    effectiveTo: p.effectiveTo ?? null,
    isStatutory: p.isStatutory ?? true,
  }));
  return {
    dir,
    meta,
    units,
    staff: readJson<Staff[]>(dir, 'staff'),
    rules,
    policies,
    calendar: readJson<SeedCalendarDay[]>(dir, 'calendar'),
  };
}

const inForce = (row: Dated, meta: SeedMeta, on: string) =>
  (row.effectiveFrom ?? meta.effectiveFrom) <= on && (!row.effectiveTo || on < row.effectiveTo);

/** The directory a seed folder describes on a day (units and rules in force then; every policy row). */
export function directoryFromSeed(seed: SeedData, on: string): Directory {
  return new Directory(
    seed.units.filter((u) => inForce(u, seed.meta, on)),
    seed.staff,
    seed.rules.filter((r) => inForce(r, seed.meta, on)),
    seed.policies,
  );
}

/** The working-day calendar of a seed folder (all of 2000–2100, or only the years asked for). */
export function calendarFromSeed(seed: SeedData, years?: { from: number; to: number }) {
  return buildCalendar(seed.calendar, seed.meta.calendarYears ?? [], years);
}

/** Everything wrong with a seed folder, as sentences; empty when it can be loaded. */
export function validateSeed(seed: SeedData): string[] {
  const problems: string[] = [];
  const unitIds = new Set<string>();
  const staffIds = new Set(seed.staff.map((s) => s.id));
  const wardCodes = new Set<string>();
  const date = /^\d{4}-\d{2}-\d{2}$/;
  for (const u of seed.units) {
    if (unitIds.has(u.id)) problems.push(`unit ${u.id} is listed twice`);
    unitIds.add(u.id);
    if (!COMPETENT_LEVELS.includes(u.level)) problems.push(`unit ${u.id} has an unknown level ${u.level}`);
    if (u.wardCode) {
      if (wardCodes.has(u.wardCode)) problems.push(`ward code ${u.wardCode} is used twice`);
      wardCodes.add(u.wardCode);
    }
    for (const d of u.domains) {
      if (!CASE_DOMAINS.includes(d)) problems.push(`unit ${u.id} has an unknown domain ${d}`);
    }
  }
  for (const u of seed.units) {
    if (u.parentId && !unitIds.has(u.parentId))
      problems.push(`unit ${u.id}: parent ${u.parentId} is missing`);
    if (u.headStaffId && !staffIds.has(u.headStaffId)) {
      problems.push(`unit ${u.id}: head ${u.headStaffId} is not on the staff list`);
    }
    if (!seed.staff.some((s) => s.unitId === u.id && s.role === 'handler' && s.isActive)) {
      problems.push(`unit ${u.id} has no active handler`);
    }
  }
  for (const s of seed.staff) {
    if (!unitIds.has(s.unitId)) problems.push(`staff ${s.id}: unit ${s.unitId} is missing`);
  }
  const ruleIds = new Set<string>();
  for (const r of seed.rules) {
    if (ruleIds.has(r.id)) problems.push(`rule ${r.id} is listed twice`);
    ruleIds.add(r.id);
    if (r.kind !== null && !CASE_KINDS.includes(r.kind))
      problems.push(`rule ${r.id}: unknown kind ${r.kind}`);
    if (r.domain !== null && !CASE_DOMAINS.includes(r.domain)) {
      problems.push(`rule ${r.id}: unknown domain ${r.domain}`);
    }
    if (r.effect !== 'annotate' && r.target === 'unit' && (!r.targetUnitId || !unitIds.has(r.targetUnitId))) {
      problems.push(`rule ${r.id}: target unit ${r.targetUnitId} is missing`);
    }
    for (const ref of r.coordinatingUnitIds) {
      if (!ref.startsWith('@') && !unitIds.has(ref))
        problems.push(`rule ${r.id}: coordinating ${ref} is missing`);
    }
    if (!r.reason?.trim()) problems.push(`rule ${r.id} has no reason`);
  }
  if (!seed.rules.some((r) => r.effect === 'route' && r.target === 'unit' && r.requiredFlags.length === 0)) {
    problems.push('no catch-all rule to a fixed unit: a case could be left without a lead unit');
  }
  const policyIds = new Set<string>();
  for (const p of seed.policies) {
    if (policyIds.has(p.id)) problems.push(`policy ${p.id} is listed twice`);
    policyIds.add(p.id);
    if (!['working_days', 'days'].includes(p.unit)) problems.push(`policy ${p.id}: unknown unit ${p.unit}`);
    if (!Number.isSafeInteger(p.amount) || p.amount < 0)
      problems.push(`policy ${p.id}: bad amount ${p.amount}`);
    if (!p.legalBasis?.trim()) problems.push(`policy ${p.id} has no legal basis`);
    if (p.effectiveFrom && !date.test(p.effectiveFrom)) problems.push(`policy ${p.id}: bad effectiveFrom`);
  }
  for (const d of seed.calendar) {
    if (!date.test(d.date) || !['holiday', 'working'].includes(d.type)) {
      problems.push(`calendar day ${JSON.stringify(d)} is malformed`);
    }
  }
  return problems;
}

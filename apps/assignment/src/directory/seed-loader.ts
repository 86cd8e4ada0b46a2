import { Logger } from 'pino';
import { DataSource, EntityManager } from 'typeorm';
import { RoutingRule, SlaPolicy, Staff, Unit } from '../domain/directory';
import { readSeed, SeedData, validateSeed } from './seed-files';

export { repoRoot } from './seed-files';

// Rows of a version are upserted in one statement per table (jsonb_to_recordset turns JSON arrays into SQL arrays).
export async function upsert(
  m: EntityManager,
  table: string,
  columns: Record<string, string>,
  rows: Record<string, unknown>[],
  key = 'id',
): Promise<void> {
  if (!rows.length) return;
  const names = Object.keys(columns);
  const defs = names.map((c) => `"${c}" ${columns[c]}`).join(', ');
  const list = names.map((c) => `"${c}"`).join(', ');
  const updates = names
    .filter((c) => c !== key)
    .map((c) => `"${c}" = EXCLUDED."${c}"`)
    .join(', ');
  await m.query(
    `INSERT INTO ${table} (${list}) SELECT ${list} FROM jsonb_to_recordset($1::jsonb) AS x(${defs})
     ON CONFLICT ("${key}") DO UPDATE SET ${updates}`,
    [JSON.stringify(rows)],
  );
}

/** Rows an earlier version loaded that this one no longer lists are withdrawn: never in force again. */
async function withdrawOthers(m: EntityManager, table: string, ids: string[]): Promise<void> {
  await m.query(
    `UPDATE ${table} SET effective_to = effective_from
     WHERE NOT (id = ANY($1::text[])) AND (effective_to IS NULL OR effective_to > effective_from)`,
    [ids],
  );
}

export const UNIT_COLUMNS = {
  id: 'text',
  name: 'text',
  type: 'text',
  level: 'text',
  head_staff_id: 'text',
  ward_code: 'text',
  domains: 'text[]',
  area_name: 'text',
  area_type: 'text',
  aliases: 'text[]',
  is_remote: 'boolean',
  effective_from: 'date',
  effective_to: 'date',
};
export const unitRow = (u: Unit, effectiveFrom: string, effectiveTo: string | null = null) => ({
  id: u.id,
  name: u.name,
  type: u.type,
  level: u.level,
  head_staff_id: u.headStaffId,
  ward_code: u.wardCode,
  domains: u.domains,
  area_name: u.areaName ?? null,
  area_type: u.areaType ?? null,
  aliases: u.aliases ?? [],
  is_remote: u.isRemote ?? false,
  effective_from: effectiveFrom,
  effective_to: effectiveTo,
});

export const STAFF_COLUMNS = {
  id: 'text',
  unit_id: 'text',
  full_name: 'text',
  role: 'text',
  skills: 'text[]',
  is_active: 'boolean',
  effective_from: 'date',
  effective_to: 'date',
};
export const staffRow = (s: Staff, effectiveFrom: string, effectiveTo: string | null = null) => ({
  id: s.id,
  unit_id: s.unitId,
  full_name: s.fullName,
  role: s.role,
  skills: s.skills,
  is_active: s.isActive,
  effective_from: effectiveFrom,
  effective_to: effectiveTo,
});

export const RULE_COLUMNS = {
  id: 'text',
  priority: 'int',
  effect: 'text',
  kind: 'text',
  domain: 'text',
  level: 'text',
  required_flags: 'text[]',
  excluded_flags: 'text[]',
  target: 'text',
  target_level: 'text',
  target_unit_id: 'text',
  target_unit_type: 'text',
  coordinating_unit_ids: 'text[]',
  flags_to_add: 'text[]',
  reason: 'text',
  effective_from: 'date',
  effective_to: 'date',
};
export const ruleRow = (r: RoutingRule, effectiveFrom: string, effectiveTo: string | null = null) => ({
  id: r.id,
  priority: r.priority,
  effect: r.effect ?? 'route',
  kind: r.kind,
  domain: r.domain,
  level: r.level,
  required_flags: r.requiredFlags,
  excluded_flags: r.excludedFlags ?? [],
  target: r.target,
  target_level: r.targetLevel,
  target_unit_id: r.targetUnitId,
  target_unit_type: r.targetUnitType ?? null,
  coordinating_unit_ids: r.coordinatingUnitIds,
  flags_to_add: r.flagsToAdd,
  reason: r.reason,
  effective_from: effectiveFrom,
  effective_to: effectiveTo,
});

export const POLICY_COLUMNS = {
  id: 'text',
  kind: 'text',
  stage: 'text',
  amount: 'int',
  unit: 'text',
  legal_basis: 'text',
  instances: 'int[]',
  complexities: 'text[]',
  areas: 'text[]',
  is_statutory: 'boolean',
  effective_from: 'date',
  effective_to: 'date',
};
export const policyRow = (p: SlaPolicy, defaultFrom: string) => ({
  id: p.id,
  kind: p.kind,
  stage: p.stage,
  amount: p.amount,
  unit: p.unit,
  legal_basis: p.legalBasis,
  instances: p.instances ?? [1, 2],
  complexities: p.complexities ?? ['normal', 'complex'],
  areas: p.areas ?? ['normal', 'remote'],
  is_statutory: p.isStatutory ?? true,
  effective_from: p.effectiveFrom ?? defaultFrom,
  effective_to: p.effectiveTo ?? null,
});

/** Parents after every unit exists (the foreign key). */
export async function linkParents(m: EntityManager, units: Pick<Unit, 'id' | 'parentId'>[]): Promise<void> {
  await m.query(
    `UPDATE units SET parent_id = x.parent_id FROM jsonb_to_recordset($1::jsonb) AS x(id text, parent_id text)
     WHERE units.id = x.id`,
    [JSON.stringify(units.map((u) => ({ id: u.id, parent_id: u.parentId })))],
  );
}

async function apply(m: EntityManager, seed: SeedData): Promise<void> {
  const { meta } = seed;
  const from = (row: { effectiveFrom?: string }) => row.effectiveFrom ?? meta.effectiveFrom;
  await upsert(
    m,
    'units',
    UNIT_COLUMNS,
    seed.units.map((u) => unitRow(u, from(u), u.effectiveTo ?? null)),
  );
  await linkParents(m, seed.units);
  await upsert(
    m,
    'staff',
    STAFF_COLUMNS,
    seed.staff.map((s) => staffRow(s, meta.effectiveFrom)),
  );
  await upsert(
    m,
    'routing_rules',
    RULE_COLUMNS,
    seed.rules.map((r) => ruleRow(r, from(r), r.effectiveTo ?? null)),
  );
  await upsert(
    m,
    'sla_policies',
    POLICY_COLUMNS,
    seed.policies.map((p) => policyRow(p, meta.effectiveFrom)),
  );
  await withdrawOthers(
    m,
    'units',
    seed.units.map((u) => u.id),
  );
  await withdrawOthers(
    m,
    'staff',
    seed.staff.map((s) => s.id),
  );
  await withdrawOthers(
    m,
    'routing_rules',
    seed.rules.map((r) => r.id),
  );
  await withdrawOthers(
    m,
    'sla_policies',
    seed.policies.map((p) => p.id),
  );
  // The calendar of the years this version decides is replaced as a whole.
  const years = [
    ...new Set([...(meta.calendarYears ?? []), ...seed.calendar.map((d) => Number(d.date.slice(0, 4)))]),
  ];
  await m.query(`DELETE FROM calendar_days WHERE extract(year FROM date)::int = ANY($1::int[])`, [years]);
  await upsert(
    m,
    'calendar_days',
    { date: 'date', type: 'text', name: 'text', is_provisional: 'boolean' },
    seed.calendar.map((d) => ({
      date: d.date,
      type: d.type,
      name: d.name,
      is_provisional: d.provisional ?? false,
    })),
    'date',
  );
  await upsert(
    m,
    'calendar_years',
    { year: 'int', seed_version: 'text' },
    years.map((year) => ({ year, seed_version: meta.version })),
    'year',
  );
}

/**
 * Load a versioned seed folder (units, staff, rules, SLA policies, calendar) once. A version already applied is
 * skipped, so admin edits made after seeding survive restarts. A new version replaces the seeded data: rows it no
 * longer lists are withdrawn (effective_to = effective_from), and the calendar of the years it covers is replaced.
 */
export async function loadSeeds(ds: DataSource, seedDir: string, logger: Logger): Promise<string> {
  const seed = readSeed(seedDir);
  const problems = validateSeed(seed);
  if (problems.length) throw new Error(`seed ${seed.dir} is invalid:\n  ${problems.join('\n  ')}`);
  await ds.transaction(async (m) => {
    await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['assignment-seeds']);
    const done = await m.query('SELECT 1 FROM seed_versions WHERE version = $1', [seed.meta.version]);
    if (done.length) return;
    await apply(m, seed);
    await m.query('INSERT INTO seed_versions (version) VALUES ($1)', [seed.meta.version]);
    logger.info(
      { version: seed.meta.version, units: seed.units.length, staff: seed.staff.length },
      'seeds loaded',
    );
  });
  return seed.meta.version;
}

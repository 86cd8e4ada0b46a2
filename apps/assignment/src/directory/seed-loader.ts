import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';

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

function readJson<T>(dir: string, name: string): T {
  return JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as T;
}

/**
 * Load a versioned seed folder (units, staff, rules, SLA policies, calendar) once. A version already applied is
 * skipped, so admin edits made after seeding survive restarts.
 */
export async function loadSeeds(ds: DataSource, seedDir: string, logger: Logger): Promise<string> {
  const dir = resolve(repoRoot(), seedDir);
  const meta = readJson<{ version: string; effectiveFrom: string }>(dir, 'meta');
  await ds.transaction(async (m) => {
    await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['assignment-seeds']);
    const done = await m.query('SELECT 1 FROM seed_versions WHERE version = $1', [meta.version]);
    if (done.length) return;
    const units = readJson<any[]>(dir, 'units');
    // Parents before children: insert without parents, then link.
    for (const u of units) {
      await m.query(
        `INSERT INTO units (id, name, type, level, parent_id, head_staff_id, ward_code, domains, effective_from)
         VALUES ($1,$2,$3,$4,NULL,$5,$6,$7,$8)
         ON CONFLICT (id) DO UPDATE SET name=$2, type=$3, level=$4, head_staff_id=$5, ward_code=$6, domains=$7`,
        [u.id, u.name, u.type, u.level, u.headStaffId, u.wardCode, u.domains, meta.effectiveFrom],
      );
    }
    for (const u of units) await m.query('UPDATE units SET parent_id = $2 WHERE id = $1', [u.id, u.parentId]);
    for (const s of readJson<any[]>(dir, 'staff')) {
      await m.query(
        `INSERT INTO staff (id, unit_id, full_name, role, skills, is_active) VALUES ($1,$2,$3,$4,$5,$6)
         ON CONFLICT (id) DO UPDATE SET unit_id=$2, full_name=$3, role=$4, skills=$5, is_active=$6`,
        [s.id, s.unitId, s.fullName, s.role, s.skills, s.isActive],
      );
    }
    for (const r of readJson<any[]>(dir, 'routing-rules')) {
      await m.query(
        `INSERT INTO routing_rules (id, priority, kind, domain, level, required_flags, target, target_level,
           target_unit_id, coordinating_unit_ids, flags_to_add, reason, effective_from)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)
         ON CONFLICT (id) DO UPDATE SET priority=$2, kind=$3, domain=$4, level=$5, required_flags=$6, target=$7,
           target_level=$8, target_unit_id=$9, coordinating_unit_ids=$10, flags_to_add=$11, reason=$12`,
        [
          r.id,
          r.priority,
          r.kind,
          r.domain,
          r.level,
          r.requiredFlags,
          r.target,
          r.targetLevel,
          r.targetUnitId,
          r.coordinatingUnitIds,
          r.flagsToAdd,
          r.reason,
          meta.effectiveFrom,
        ],
      );
    }
    for (const p of readJson<any[]>(dir, 'sla-policies')) {
      await m.query(
        `INSERT INTO sla_policies (id, kind, stage, amount, unit, legal_basis, effective_from)
         VALUES ($1,$2,$3,$4,$5,$6,$7)
         ON CONFLICT (id) DO UPDATE SET kind=$2, stage=$3, amount=$4, unit=$5, legal_basis=$6`,
        [p.id, p.kind, p.stage, p.amount, p.unit, p.legalBasis, meta.effectiveFrom],
      );
    }
    for (const d of readJson<any[]>(dir, 'calendar')) {
      await m.query(
        `INSERT INTO calendar_days (date, type, name, is_provisional) VALUES ($1,$2,$3,$4)
         ON CONFLICT (date) DO UPDATE SET type=$2, name=$3, is_provisional=$4`,
        [d.date, d.type, d.name, d.provisional],
      );
    }
    await m.query('INSERT INTO seed_versions (version) VALUES ($1)', [meta.version]);
    logger.info({ version: meta.version, units: units.length }, 'seeds loaded');
  });
  return meta.version;
}

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { LadderRule, selectRule, Stage, STAGES } from '../domain/ladder';
import { LadderRuleEntity } from '../infrastructure/ladder-rule.entity';

/** The repository root (where package.json lives); falls back to the working directory for builds elsewhere. */
function repoRoot(from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return process.cwd();
  }
}

interface LadderSeedFile {
  version: string;
  effectiveFrom: string;
  description?: string;
  rules: (Omit<LadderRule, 'key' | 'version' | 'effectiveFrom'> & { effectiveFrom?: string })[];
}

function toRule(e: LadderRuleEntity): LadderRule {
  return {
    key: e.key,
    id: e.id,
    version: e.version,
    effectiveFrom: new Date(e.effectiveFrom),
    stage: e.stage as Stage | null,
    policyId: e.policyId,
    warningWorkingDays: e.warningWorkingDays,
    escalateAfterWorkingDays: e.escalateAfterWorkingDays,
    nextRungAfterWorkingDays: e.nextRungAfterWorkingDays,
    maxLevel: e.maxLevel,
    isPausable: e.isPausable,
    onReassignment: e.onReassignment,
    maxExtensions: e.maxExtensions,
    maxExtensionDays: e.maxExtensionDays,
    legalBasis: e.legalBasis,
  };
}

// Seed dates are Vietnamese calendar dates: a rule takes effect at 00:00 in Hà Nội.
const vietnamMidnight = (date: string) => new Date(`${date}T00:00:00.000+07:00`);

/**
 * The escalation ladder: versioned seed files (`ladder-*.json`) loaded once per version into escalation_ladders,
 * then held in memory. Rows are never edited in place: a new version adds rules with a later effective date, and a
 * running timer keeps the rule it started under.
 */
export class LadderRepository {
  private rules: LadderRule[] = [];
  private byKey = new Map<string, LadderRule>();

  constructor(private readonly dataSource: DataSource) {}

  /** Load every version in `seedDir` not loaded yet, then read all rules. Returns the versions found. */
  async loadSeeds(seedDir: string, logger: Logger): Promise<string[]> {
    const dir = resolve(repoRoot(), seedDir);
    const files = readdirSync(dir)
      .filter((f) => /^ladder-.+\.json$/.test(f))
      .sort();
    if (!files.length) throw new Error(`no ladder-*.json seed in ${dir}`);
    const versions: string[] = [];
    for (const file of files) {
      const seed = JSON.parse(readFileSync(join(dir, file), 'utf8')) as LadderSeedFile;
      versions.push(seed.version);
      await this.dataSource.transaction(async (m) => {
        await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['escalation-ladder-seeds']);
        const done = await m.query('SELECT 1 FROM ladder_versions WHERE version = $1', [seed.version]);
        if (done.length) return;
        await m.query(
          'INSERT INTO ladder_versions (version, effective_from, description) VALUES ($1,$2,$3)',
          [seed.version, vietnamMidnight(seed.effectiveFrom), seed.description ?? ''],
        );
        for (const r of seed.rules) {
          if (r.stage !== null && !STAGES.includes(r.stage)) throw new Error(`${file}: bad stage ${r.stage}`);
          await m.query(
            `INSERT INTO escalation_ladders (key, id, version, effective_from, stage, policy_id,
               warning_working_days, escalate_after_working_days, next_rung_after_working_days, max_level,
               is_pausable, on_reassignment, max_extensions, max_extension_days, legal_basis)
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)`,
            [
              `${r.id}@${seed.version}`,
              r.id,
              seed.version,
              vietnamMidnight(r.effectiveFrom ?? seed.effectiveFrom),
              r.stage,
              r.policyId,
              r.warningWorkingDays,
              r.escalateAfterWorkingDays,
              r.nextRungAfterWorkingDays,
              r.maxLevel,
              r.isPausable,
              r.onReassignment,
              r.maxExtensions,
              r.maxExtensionDays,
              r.legalBasis,
            ],
          );
        }
        logger.info({ version: seed.version, rules: seed.rules.length }, 'escalation ladder loaded');
      });
    }
    await this.reload();
    return versions;
  }

  async reload(): Promise<void> {
    const rows = await this.dataSource.manager.find(LadderRuleEntity);
    this.rules = rows.map(toRule);
    this.byKey = new Map(this.rules.map((r) => [r.key, r]));
  }

  all(): readonly LadderRule[] {
    return this.rules;
  }

  /** The rule a clock starting at `at` runs under. */
  select(stage: Stage, policyId: string, at: Date): LadderRule {
    // A clock older than every rule runs under the latest one rather than none.
    const rule =
      selectRule(this.rules, stage, policyId, at) ??
      selectRule(this.rules, stage, policyId, new Date(8.64e15));
    if (!rule) throw new Error(`no escalation ladder rule for ${stage}/${policyId} at ${at.toISOString()}`);
    return rule;
  }

  /** The rule a timer was started under (rules are immutable once loaded). */
  async get(key: string): Promise<LadderRule> {
    let rule = this.byKey.get(key);
    if (!rule) {
      await this.reload();
      rule = this.byKey.get(key);
    }
    if (!rule) throw new Error(`unknown escalation ladder rule ${key}`);
    return rule;
  }
}

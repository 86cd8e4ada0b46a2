import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Injectable } from '@nestjs/common';
import { CASE_TOPICS } from '@lib/contracts';
import { Clock } from '@lib/domain';
import { AuditInputError, ReplayTargetError } from '../domain/audit.errors';
import { AuditDb } from '../infrastructure/audit-db';
import { LiveDb } from '../infrastructure/live-db';
import { diffProjections, hasLiveTables, ProjectionDiff } from './projection-diff';
import { projectionIndexesDdl, projectionTablesDdl } from './projection-tables';
import { LaneResult, LaneSpec, loadLane } from './replay-lane';
import { assertReplayTarget, assertSchemaName, REPLAY_SCHEMA_COMMENT } from './replay-target';

export interface ReplayCommand {
  /** A fresh schema to build the projection in. */
  into: string;
  /** Only events that occurred in [from, to]. */
  from?: Date;
  to?: Date;
  /** The live casework schema to compare with (read-only). */
  live?: string;
  /** Drop `into` first when an earlier replay made it. */
  replace?: boolean;
  /** Compare with the live schema; by default only when the whole store was replayed. */
  diff?: boolean;
  batchSize?: number;
  /**
   * Lanes, each a range of case ids read, folded and written on its own connections (and, from the compiled
   * build, its own thread). Default 1.
   */
  lanes?: number;
  maxDiffLines?: number;
  onProgress?: (p: ReplayProgress) => void;
}

export interface ReplayProgress {
  events: number;
  total: number;
  elapsedMs: number;
}

export interface ReplayResult {
  into: string;
  live: string;
  events: number;
  cases: number;
  elapsedMs: number;
  eventsPerSecond: number;
  /** Absent when the diff was skipped (a window was given, or diff: false). */
  diff?: ProjectionDiff;
  diffElapsedMs?: number;
}

/** Rebuild casework's read model from the store into a fresh schema, streaming, then diff it with the live one. */
@Injectable()
export class ReplayProjectionUseCase {
  constructor(
    private readonly db: AuditDb,
    private readonly liveDb: LiveDb,
    private readonly clock: Clock,
  ) {}

  async execute(cmd: ReplayCommand): Promise<ReplayResult> {
    const live = cmd.live ?? 'casework';
    assertSchemaName(live, '--live');
    assertReplayTarget(cmd.into, [live, this.db.schema]);
    if (cmd.from && cmd.to && cmd.from > cmd.to) throw new AuditInputError('--from is after --to');
    const wantsDiff = cmd.diff ?? !(cmd.from || cmd.to);
    if (wantsDiff && !(await hasLiveTables(this.liveDb.db, live)))
      throw new AuditInputError(
        `live schema "${live}" has no cases and case_timeline tables to compare with`,
        {
          live,
        },
      );
    const lanes = cmd.lanes ?? 1;
    if (!Number.isInteger(lanes) || lanes < 1 || lanes > 16) throw new AuditInputError('lanes must be 1…16');
    // casework projects the case topics only (access events are audit's alone).
    const conditions: string[] = [`e.topic IN (${CASE_TOPICS.map((t) => `'${t}'`).join(', ')})`];
    // COPY takes no bind parameters: the window goes in as literals of Date.toISOString()'s fixed format.
    if (cmd.from) conditions.push(`e.occurred_at >= '${cmd.from.toISOString()}'::timestamptz`);
    if (cmd.to) conditions.push(`e.occurred_at <= '${cmd.to.toISOString()}'::timestamptz`);
    const started = Date.now();
    const s = cmd.into;
    await this.db.transaction(async (w) => {
      await this.prepareSchema(w, s, cmd.replace ?? false);
      for (const ddl of projectionTablesDdl(s)) await w.query(ddl);
      await w.query(
        `COMMENT ON SCHEMA "${s}" IS '${REPLAY_SCHEMA_COMMENT} (loading) at ${this.clock.now().toISOString()}'`,
      );
    });
    let loaded: LaneResult;
    try {
      loaded = await this.load(s, conditions, lanes, cmd, started);
      await this.db.transaction(async (w) => {
        for (const ddl of projectionIndexesDdl(s)) await w.query(ddl);
        await w.query(
          `COMMENT ON SCHEMA "${s}" IS '${REPLAY_SCHEMA_COMMENT} at ${this.clock.now().toISOString()}'`,
        );
      });
    } catch (err) {
      // Leave nothing half-built behind (a crash here leaves a "(loading)" schema that --replace removes).
      await this.db.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`).catch(() => undefined);
      throw err;
    }
    const { events, cases } = loaded;
    const elapsedMs = Date.now() - started;
    const result: ReplayResult = {
      into: s,
      live,
      events,
      cases,
      elapsedMs,
      eventsPerSecond: elapsedMs > 0 ? Math.round((events * 1000) / elapsedMs) : events,
    };
    if (wantsDiff) {
      const t = Date.now();
      result.diff = await diffProjections(this.db, s, this.liveDb.db, live, cmd.maxDiffLines ?? 50);
      result.diffElapsedMs = Date.now() - t;
    }
    return result;
  }

  private async prepareSchema(
    w: { query(text: string, params?: unknown[]): Promise<{ rows: any[] }> },
    s: string,
    replace: boolean,
  ): Promise<void> {
    const { rows } = await w.query(
      `SELECT coalesce(obj_description(oid, 'pg_namespace'), '') AS comment FROM pg_namespace WHERE nspname = $1`,
      [s],
    );
    if (rows.length) {
      const madeByReplay = String(rows[0].comment).startsWith(REPLAY_SCHEMA_COMMENT);
      if (!madeByReplay)
        throw new ReplayTargetError(`schema "${s}" exists and was not made by a replay`, { into: s });
      if (!replace)
        throw new ReplayTargetError(`schema "${s}" exists; pass --replace to rebuild it`, { into: s });
      await w.query(`DROP SCHEMA "${s}" CASCADE`);
    }
    await w.query(`CREATE SCHEMA "${s}"`);
  }

  /**
   * Run the lanes on one snapshot of the store: a transaction here exports it, every lane imports it, and it stays
   * open until they are done. The count for the progress bar is read from the same snapshot meanwhile.
   */
  private load(
    into: string,
    conditions: string[],
    lanes: number,
    cmd: ReplayCommand,
    started: number,
  ): Promise<LaneResult> {
    return this.db.transaction(async (snap) => {
      const [{ id }] = (await snap.query(`SELECT pg_export_snapshot() AS id`)).rows;
      let total = 0;
      const counting = snap
        .query(
          `SELECT count(*)::int AS n FROM event_store e ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}`,
        )
        .then((r) => (total = r.rows[0].n))
        .catch(() => undefined); // progress only: a failing query fails the lanes too, which report it
      const done = new Array<number>(lanes).fill(0);
      const writtenAt = this.clock.now().toISOString();
      const specs: LaneSpec[] = laneBounds(lanes).map(([fromCaseId, toCaseId]) => ({
        url: this.db.opts.url,
        auditSchema: this.db.schema,
        into,
        conditions,
        fromCaseId,
        toCaseId,
        snapshot: id as string,
        batchSize: cmd.batchSize ?? 5000,
        writtenAt,
      }));
      const results = await Promise.all(
        specs.map((spec, i) =>
          runLane(spec, lanes > 1, (events) => {
            done[i] = events;
            const n = done.reduce((a, b) => a + b, 0);
            cmd.onProgress?.({ events: n, total: Math.max(total, n), elapsedMs: Date.now() - started });
          }),
        ),
      );
      await counting;
      return results.reduce((a, r) => ({ events: a.events + r.events, cases: a.cases + r.cases }), {
        events: 0,
        cases: 0,
      });
    }, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  }
}

/** Split the case id space into n ranges by the first 32 bits: [from, to), null meaning open. */
export function laneBounds(n: number): [string | null, string | null][] {
  const at = (i: number) =>
    `${Math.floor((i * 2 ** 32) / n)
      .toString(16)
      .padStart(8, '0')}-0000-0000-0000-000000000000`;
  return Array.from({ length: n }, (_, i) => [i === 0 ? null : at(i), i === n - 1 ? null : at(i + 1)]);
}

// From the compiled build a lane gets its own thread; from TypeScript sources (tests) lanes share this one.
const WORKER_FILE = join(__dirname, 'replay-lane.worker.js');
const canUseWorkers = __filename.endsWith('.js') && existsSync(WORKER_FILE);

function runLane(
  spec: LaneSpec,
  threaded: boolean,
  onProgress: (events: number) => void,
): Promise<LaneResult> {
  if (!threaded || !canUseWorkers) return loadLane(spec, onProgress);
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_FILE, { workerData: spec });
    let settled = false;
    worker.on('message', (m: { progress?: number; result?: LaneResult; error?: string }) => {
      if (m.progress !== undefined) onProgress(m.progress);
      else if (m.result) {
        settled = true;
        resolve(m.result);
      } else if (m.error) {
        settled = true;
        reject(new Error(m.error));
      }
    });
    worker.once('error', (err) => {
      settled = true;
      reject(err);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`replay lane exited with code ${code}`));
    });
  });
}

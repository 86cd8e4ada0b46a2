import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Injectable } from '@nestjs/common';
import { CASE_TOPICS } from '@lib/contracts';
import { Clock } from '@lib/domain';
import { caseProjectionDdl } from '@lib/projection';
import { AuditInputError, ReplayTargetError } from '../domain/audit.errors';
import { AuditDb } from '../infrastructure/audit-db';
import { LiveDb } from '../infrastructure/live-db';
import {
  KafkaReplaySource,
  KafkaStageResult,
  KAFKA_STAGE_TABLE,
  kafkaLaneQuery,
  stageKafkaEvents,
} from './kafka-events';
import { diffProjections, hasLiveTables, ProjectionDiff } from './projection-diff';
import { LaneProgress, LaneResult, LaneSpec, loadLane } from './replay-lane';
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
  /** Compare with the live schema; by default only when the whole history was replayed. */
  diff?: boolean;
  /** Send rows to PostgreSQL at least every this many (default: every 256 KB); small values for tests. */
  batchSize?: number;
  /** Rebuild from the case topics instead of the store. */
  fromKafka?: KafkaReplaySource;
  /**
   * Lanes, each a range of case ids read, folded and written on its own connections (and, from the compiled
   * build, its own thread). Default 1.
   */
  lanes?: number;
  maxDiffLines?: number;
  onProgress?: (p: ReplayProgress) => void;
}

export interface ReplayProgress {
  phase: 'kafka' | 'fold' | 'index';
  /** Events folded so far (phase kafka: messages read). */
  events: number;
  /** Events expected in all (an estimate while folding: the share of case ids done so far tells). */
  total: number;
  /** 0…1 of the phase. */
  fraction: number;
  elapsedMs: number;
}

export interface ReplayResult {
  into: string;
  live: string;
  source: 'store' | 'kafka';
  events: number;
  cases: number;
  elapsedMs: number;
  eventsPerSecond: number;
  /** Time spent on keys and indexes after the load (part of elapsedMs). */
  indexElapsedMs: number;
  /** Replay from Kafka: what was read, from where to where. */
  kafka?: KafkaStageResult & { elapsedMs: number };
  /** Absent when the diff was skipped (a window or start offsets were given, or diff: false). */
  diff?: ProjectionDiff;
  diffElapsedMs?: number;
}

/** Rebuild casework's read model from the store (or the topics) into a fresh schema, streaming, then diff it. */
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
    const kafka = cmd.fromKafka;
    const isPartial = Boolean(cmd.from || cmd.to || kafka?.since || kafka?.offsets?.length);
    const wantsDiff = cmd.diff ?? !isPartial;
    if (wantsDiff && !(await hasLiveTables(this.liveDb.db, live)))
      throw new AuditInputError(
        `live schema "${live}" has no cases and case_timeline tables to compare with`,
        {
          live,
        },
      );
    const lanes = cmd.lanes ?? 1;
    if (!Number.isInteger(lanes) || lanes < 1 || lanes > 16) throw new AuditInputError('lanes must be 1…16');
    const started = Date.now();
    const s = cmd.into;
    const ddl = caseProjectionDdl(s);
    await this.db.transaction(async (w) => {
      await this.prepareSchema(w, s, cmd.replace ?? false);
      for (const statement of ddl.tables) await w.query(statement);
      await w.query(
        `COMMENT ON SCHEMA "${s}" IS '${REPLAY_SCHEMA_COMMENT} (loading) at ${this.clock.now().toISOString()}'`,
      );
    });
    const progress = (p: Omit<ReplayProgress, 'elapsedMs'>) =>
      cmd.onProgress?.({ ...p, elapsedMs: Date.now() - started });
    let loaded: LaneResult;
    let staged: ReplayResult['kafka'];
    let indexElapsedMs: number;
    try {
      let laneQuery: (range: string[]) => string;
      if (kafka) {
        const t = Date.now();
        const r = await stageKafkaEvents(
          kafka,
          this.db.opts.url,
          s,
          { from: cmd.from, to: cmd.to },
          (n, total) => progress({ phase: 'kafka', events: n, total, fraction: total ? n / total : 1 }),
        );
        staged = { ...r, elapsedMs: Date.now() - t };
        laneQuery = (range) => kafkaLaneQuery(s, range);
      } else {
        // casework projects the case topics only (access and directory events are audit's alone).
        const conditions = [`e.topic IN (${CASE_TOPICS.map((t) => `'${t}'`).join(', ')})`];
        // COPY takes no bind parameters: the window goes in as literals of Date.toISOString()'s fixed format.
        if (cmd.from) conditions.push(`e.occurred_at >= '${cmd.from.toISOString()}'::timestamptz`);
        if (cmd.to) conditions.push(`e.occurred_at <= '${cmd.to.toISOString()}'::timestamptz`);
        laneQuery = (range) =>
          `SELECT e.case_id, e.canonical FROM "${this.db.schema}".event_store e
           WHERE ${[...conditions, ...range.map((c) => `e.${c}`)].join(' AND ')} ORDER BY e.case_id, e.case_seq`;
      }
      const batchRows = cmd.batchSize ?? Number.MAX_SAFE_INTEGER;
      loaded = await this.load(s, laneQuery, lanes, batchRows, (events, fraction) =>
        progress({
          phase: 'fold',
          events,
          total: Math.max(events, fraction > 0 ? Math.round(events / fraction) : 0),
          fraction,
        }),
      );
      if (kafka) await this.db.query(`DROP TABLE "${s}"."${KAFKA_STAGE_TABLE}"`);
      const t = Date.now();
      await this.buildIndexes(s, ddl.indexes, (done) =>
        progress({
          phase: 'index',
          events: loaded.events,
          total: loaded.events,
          fraction: done / ddl.indexes.length,
        }),
      );
      await this.db.transaction(async (w) => {
        for (const statement of ddl.keys) await w.query(statement);
        await w.query(
          `COMMENT ON SCHEMA "${s}" IS '${REPLAY_SCHEMA_COMMENT} at ${this.clock.now().toISOString()}${kafka ? ' from kafka' : ''}'`,
        );
      });
      indexElapsedMs = Date.now() - t;
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
      source: kafka ? 'kafka' : 'store',
      events,
      cases,
      elapsedMs,
      eventsPerSecond: elapsedMs > 0 ? Math.round((events * 1000) / elapsedMs) : events,
      indexElapsedMs,
      ...(staged ? { kafka: staged } : {}),
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
   * Run the lanes on one snapshot: a transaction here exports it, every lane imports it, and it stays open until
   * they are done, so the replay is of one moment even while events keep arriving.
   */
  private load(
    into: string,
    laneQuery: (caseRange: string[]) => string,
    lanes: number,
    batchRows: number,
    onProgress: (events: number, fraction: number) => void,
  ): Promise<LaneResult> {
    return this.db.transaction(async (snap) => {
      const [{ id }] = (await snap.query(`SELECT pg_export_snapshot() AS id`)).rows;
      const done = Array.from({ length: lanes }, () => ({ events: 0, fraction: 0 }));
      const writtenAt = this.clock.now().toISOString();
      const specs: LaneSpec[] = laneBounds(lanes).map(([fromCaseId, toCaseId]) => ({
        url: this.db.opts.url,
        into,
        query: laneQuery([
          ...(fromCaseId ? [`case_id >= '${fromCaseId}'::uuid`] : []),
          ...(toCaseId ? [`case_id < '${toCaseId}'::uuid`] : []),
        ]),
        batchRows,
        fromCaseId,
        toCaseId,
        snapshot: id as string,
        writtenAt,
      }));
      // The first lane to fail stops the others, so the replay fails at once and nothing keeps writing.
      const stop = new AbortController();
      const results = await Promise.all(
        specs.map((spec, i) =>
          runLane(
            spec,
            lanes > 1,
            (p) => {
              done[i] = p;
              // Lanes cover equal shares of the case ids.
              onProgress(
                done.reduce((n, d) => n + d.events, 0),
                done.reduce((f, d) => f + d.fraction, 0) / lanes,
              );
            },
            stop.signal,
          ).catch((err: Error) => {
            stop.abort();
            throw err;
          }),
        ),
      );
      return results.reduce((a, r) => ({ events: a.events + r.events, cases: a.cases + r.cases }), {
        events: 0,
        cases: 0,
      });
    }, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  }

  /** Indexes after the load, two at a time on their own connections (each is one sort; two keep both busy). */
  private async buildIndexes(s: string, indexes: string[], onBuilt: (done: number) => void): Promise<void> {
    const queue = [...indexes];
    let built = 0;
    const worker = () =>
      this.db.withClient(async (c) => {
        // Two builds at a time already use both cores; parallel workers for each would only contend with them.
        // Sorts in cache-sized runs, as the lanes' reads do: building the timeline's two indexes over 1M rows took
        // 0.9-1.0 and 0.7 s with 16 MB against 1.1-1.2 and 0.8-1.0 s with 64 or 256 MB (interleaved runs on their
        // own; inside a whole replay the difference is lost in the machine's noise).
        await c.query(`SET maintenance_work_mem = '16MB'; SET max_parallel_maintenance_workers = 0`);
        for (let next = queue.shift(); next; next = queue.shift()) {
          await c.query(next);
          onBuilt(++built);
        }
        await c.query('RESET maintenance_work_mem; RESET max_parallel_maintenance_workers');
      });
    await Promise.all([worker(), worker()]);
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
  onProgress: (p: LaneProgress) => void,
  signal: AbortSignal,
): Promise<LaneResult> {
  if (!threaded || !canUseWorkers) return loadLane(spec, onProgress, signal);
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_FILE, { workerData: spec });
    let settled = false;
    // A stopped thread's sockets close with it, and PostgreSQL rolls its transactions back.
    const stop = () => void worker.terminate();
    signal.addEventListener('abort', stop, { once: true });
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', stop);
      fn();
    };
    worker.on('message', (m: { progress?: LaneProgress; result?: LaneResult; error?: string }) => {
      if (m.progress !== undefined) onProgress(m.progress);
      else if (m.result) settle(() => resolve(m.result as LaneResult));
      else if (m.error) settle(() => reject(new Error(m.error)));
    });
    worker.once('error', (err) => settle(() => reject(err)));
    worker.once('exit', (code) => settle(() => reject(new Error(`replay lane exited with code ${code}`))));
  });
}

import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { decodeEvent } from '@lib/contracts';
import { SystemClock } from '@lib/domain';
import {
  databaseNameOf,
  DEFAULT_DATABASE_URL,
  openServiceDataSource,
  withDatabaseName,
} from '@lib/persistence';
import { auditService } from '../../apps/audit/src/audit.service';
import { AuditDb } from '../../apps/audit/src/infrastructure/audit-db';
import { LiveDb } from '../../apps/audit/src/infrastructure/live-db';
import { copyField, copyIn } from '../../apps/audit/src/infrastructure/pg-copy';
import { ReplayProjectionUseCase } from '../../apps/audit/src/replay-projection/replay-projection.use-case';
import { VerifyStoreUseCase } from '../../apps/audit/src/verify-store/verify-store.use-case';
import { PgBackendCpu } from './pg-backend-cpu';
import { EVENTS_PER_CASE, SyntheticRow, syntheticEvents } from './synthetic-events';

// Audit replay benchmark: bulk-load synthetic events with a correct chain into a bench database, then time
// `replay` (in a child process, so its peak RSS is the replay's alone). Goal: ≥ 100,000 events/s.
//
//   node dist/bench/audit/replay.bench.js [--events 1000000] [--reuse] [--verify] [--lanes 1,2] [--repeat 3]
//
// BENCH_DATABASE_URL (default: DATABASE_URL's server, database petitions_audit_bench) must name a database
// whose name contains "bench": it is dropped and recreated unless --reuse finds the same data already loaded.

const SCHEMA = 'audit';
const START = new Date('2026-01-05T01:00:00.000Z');
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const value = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};

function benchUrl(): string {
  const url =
    process.env.BENCH_DATABASE_URL ??
    withDatabaseName(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL, 'petitions_audit_bench');
  if (!databaseNameOf(url).includes('bench'))
    throw new Error(`refusing to use database "${databaseNameOf(url)}": its name lacks "bench"`);
  return url;
}

const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);

async function storedCount(url: string): Promise<number> {
  const c = new Client({ connectionString: url });
  await c.connect().catch(() => undefined);
  try {
    const r = await c.query(`SELECT count(*)::int AS n FROM ${SCHEMA}.event_store`);
    return r.rows[0].n as number;
  } catch {
    return -1;
  } finally {
    await c.end().catch(() => undefined);
  }
}

async function recreate(url: string): Promise<void> {
  const admin = new Client({ connectionString: withDatabaseName(url, 'postgres') });
  await admin.connect();
  try {
    const name = databaseNameOf(url);
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const ds = await openServiceDataSource({
    url,
    schema: SCHEMA,
    entities: [],
    migrations: auditService.migrations,
    applicationName: 'audit-bench',
  });
  await ds.destroy();
}

function copyRow(r: SyntheticRow): string {
  return (
    [
      r.eventId,
      r.caseId,
      r.caseSeq,
      r.eventType,
      1,
      r.occurredAt,
      r.topic,
      r.partition,
      r.offset,
      r.storedAt,
      copyField(r.canonical),
      copyField(r.canonical),
      r.prevHash,
      r.hash,
    ].join('\t') + '\n'
  );
}

async function load(url: string, events: number): Promise<{ ms: number; validated: number }> {
  const started = Date.now();
  const c = new Client({ connectionString: url });
  await c.connect();
  let validated = 0;
  try {
    await c.query('SET synchronous_commit = off');
    let buf: string[] = [];
    let n = 0;
    const flush = async () => {
      await copyIn(
        c,
        `COPY ${SCHEMA}.event_store (event_id, case_id, case_seq, event_type, schema_version, occurred_at, topic,
           kafka_partition, kafka_offset, stored_at, envelope, canonical, prev_hash, hash) FROM STDIN`,
        buf.join(''),
      );
      buf = [];
    };
    for (const r of syntheticEvents(Math.ceil(events / EVENTS_PER_CASE), START)) {
      // Every event type is checked against the contracts; then a sample, since validation is slow.
      if (n < 2000 || n % 997 === 0) {
        decodeEvent(r.canonical);
        validated++;
      }
      buf.push(copyRow(r));
      if (++n % 20_000 === 0) {
        await flush();
        if (n % 200_000 === 0) log(`loaded ${n} events`);
      }
    }
    if (buf.length) await flush();
    await c.query(`INSERT INTO ${SCHEMA}.case_chain_heads (case_id, last_seq, last_hash)
      SELECT DISTINCT ON (case_id) case_id, case_seq, hash FROM ${SCHEMA}.event_store ORDER BY case_id, case_seq DESC`);
    await c.query(`VACUUM ANALYZE ${SCHEMA}.event_store`);
  } finally {
    await c.end();
  }
  return { ms: Date.now() - started, validated };
}

interface ChildResult {
  /** The machine's 1-minute load average before and after: other work on the box slows the replay. */
  loadAverage: [number, number];
  /** CPU time of the replay process itself (all its threads; PostgreSQL's backends are not counted). */
  nodeCpuMs: number;
  /** CPU time of the PostgreSQL backends the replay used (null: the server is not on this machine). */
  pgBackendCpuMs: number | null;
  /** The same by connection role: replay read / cases / timeline (the lanes), bench (schema set-up and indexes). */
  pgBackendCpuMsByRole: Record<string, number> | null;
  /** Part of elapsedMs spent on keys and indexes after the load. */
  indexElapsedMs: number;
  events: number;
  cases: number;
  elapsedMs: number;
  eventsPerSecond: number;
  maxRssMB: number;
  peakHeapUsedMB: number;
  diff?: { isEqual: boolean; elapsedMs: number };
}

/** In the child: one replay, reporting its own peak memory. */
async function childReplay(): Promise<void> {
  const url = benchUrl();
  const db = new AuditDb({ url, schema: SCHEMA, max: 4, applicationName: 'audit-bench' });
  const live = new LiveDb(new AuditDb({ url, schema: 'public', max: 2, readOnly: true }));
  let peakHeap = 0;
  const to = value('to');
  const load = loadavg()[0];
  const pgCpu = new PgBackendCpu(url, ['audit-replay%', 'audit-bench']);
  await pgCpu.start();
  const cpu = process.cpuUsage();
  try {
    const r = await new ReplayProjectionUseCase(db, live, new SystemClock()).execute({
      into: value('into') as string,
      replace: true,
      to: to ? new Date(to) : undefined,
      live: value('live'),
      diff: flag('diff'),
      lanes: Number(value('lanes') ?? 1),
      onProgress: () => {
        peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
      },
    });
    const used = process.cpuUsage(cpu);
    const pgSeconds = await pgCpu.stop();
    const out: ChildResult = {
      loadAverage: [load, loadavg()[0]],
      nodeCpuMs: Math.round((used.user + used.system) / 1000),
      pgBackendCpuMs: pgSeconds && Math.round(pgSeconds.total * 1000),
      pgBackendCpuMsByRole:
        pgSeconds &&
        Object.fromEntries(
          Object.entries(pgSeconds.byName).map(([name, s]) => [
            name.replace(/^audit-/, ''),
            Math.round(s * 1000),
          ]),
        ),
      indexElapsedMs: r.indexElapsedMs,
      events: r.events,
      cases: r.cases,
      elapsedMs: r.elapsedMs,
      eventsPerSecond: r.eventsPerSecond,
      maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
      peakHeapUsedMB: Math.round(peakHeap / 1048576),
      ...(r.diff ? { diff: { isEqual: r.diff.isEqual, elapsedMs: r.diffElapsedMs ?? 0 } } : {}),
    };
    process.stdout.write(JSON.stringify(out));
  } finally {
    await Promise.all([db.close(), live.db.close()]);
  }
}

function runChild(extra: string[]): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    // BENCH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") goes to the replay child, worker lanes included.
    const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const child = spawn(process.execPath, [...nodeArgs, __filename, '--child-replay', ...extra], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: process.env,
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out) as ChildResult) : reject(new Error(`replay child exited ${code}`)),
    );
  });
}

async function main(): Promise<void> {
  if (flag('child-replay')) return childReplay();
  const url = benchUrl();
  const events = Number(value('events') ?? 1_000_000);
  let loadInfo: { ms: number; validated: number } | null = null;
  if (flag('reuse') && (await storedCount(url)) === events) log(`reusing ${events} stored events`);
  else {
    log(`loading ${events} synthetic events into ${databaseNameOf(url)}`);
    await recreate(url);
    loadInfo = await load(url, events);
    log(`loaded in ${(loadInfo.ms / 1000).toFixed(1)} s (${loadInfo.validated} envelopes validated)`);
  }

  let verify: { elapsedMs: number; isIntact: boolean; eventsPerSecond: number } | undefined;
  if (flag('verify')) {
    const db = new AuditDb({ url, schema: SCHEMA, max: 2 });
    const t = Date.now();
    const r = await new VerifyStoreUseCase(db).execute();
    const ms = Date.now() - t;
    await db.close();
    verify = {
      elapsedMs: ms,
      isIntact: r.isIntact,
      eventsPerSecond: Math.round((r.checkedEvents * 1000) / ms),
    };
    log(`verify: ${r.isIntact ? 'intact' : 'BROKEN'} in ${(ms / 1000).toFixed(1)} s`);
  }

  // The full replay with 1 lane, then with more (a lane per thread, each with a range of cases).
  // Each lane count several times, interleaved: the machine is shared, so one run says little. Best and median.
  const laneCounts = (value('lanes') ?? '1,2').split(',').map(Number);
  const repeat = Number(value('repeat') ?? 3);
  const replays: (ChildResult & { lanes: number })[] = [];
  for (let round = 1; round <= repeat; round++)
    for (const lanes of laneCounts) {
      log(`replay (full store, ${lanes} lane${lanes > 1 ? 's' : ''}, run ${round}/${repeat}) …`);
      const r = await runChild(['--into', 'bench_replay', '--lanes', String(lanes)]);
      replays.push({ lanes, ...r });
      log(
        `replay: ${r.events} events, ${r.eventsPerSecond} events/s, peak RSS ${r.maxRssMB} MB, ` +
          `CPU node ${r.nodeCpuMs} ms, postgres ${r.pgBackendCpuMs ?? '?'} ms, load ${r.loadAverage[0]}`,
      );
    }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
  const byLanes = Object.fromEntries(
    laneCounts.map((lanes) => {
      const runs = replays.filter((r) => r.lanes === lanes);
      return [
        lanes,
        {
          runs: runs.length,
          bestEventsPerSecond: Math.max(...runs.map((r) => r.eventsPerSecond)),
          medianEventsPerSecond: median(runs.map((r) => r.eventsPerSecond)),
          maxRssMB: Math.max(...runs.map((r) => r.maxRssMB)),
          medianNodeCpuMs: median(runs.map((r) => r.nodeCpuMs)),
          medianPgBackendCpuMs: runs.every((r) => r.pgBackendCpuMs !== null)
            ? median(runs.map((r) => r.pgBackendCpuMs as number))
            : null,
        },
      ];
    }),
  );
  const full = replays.reduce((a, b) => (b.eventsPerSecond > a.eventsPerSecond ? b : a));
  // Same replay over a tenth of the history: constant memory means about the same peak RSS.
  const tenthTo = new Date(START.getTime() + Math.ceil(events / EVENTS_PER_CASE / 1000 / 10) * 15 * 60_000);
  const tenth = await runChild(['--into', 'bench_replay_tenth', '--to', tenthTo.toISOString()]);
  log(`replay of ${tenth.events} events: peak RSS ${tenth.maxRssMB} MB`);
  // And a second full replay diffed against the first: the replay is deterministic, and the diff is timed.
  const again = await runChild(['--into', 'bench_replay_again', '--live', 'bench_replay', '--diff']);
  log(
    `second replay diffed with the first: ${again.diff?.isEqual ? 'equal' : 'DIFFERENT'} in ${again.diff?.elapsedMs} ms`,
  );

  const date = new Date().toISOString().slice(0, 10);
  const result = {
    benchmark: 'audit-replay',
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      memoryGB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    },
    database: databaseNameOf(url),
    events,
    cases: full.cases,
    load: loadInfo ? { elapsedMs: loadInfo.ms, envelopesValidated: loadInfo.validated } : 'reused',
    replays,
    byLanes,
    best: { lanes: full.lanes, eventsPerSecond: full.eventsPerSecond, maxRssMB: full.maxRssMB },
    typical: { lanes: full.lanes, eventsPerSecond: byLanes[full.lanes].medianEventsPerSecond },
    goalEventsPerSecond: 100_000,
    meetsGoal: full.eventsPerSecond >= 100_000,
    replayOfTenth: tenth,
    secondReplayDiff: again.diff,
    ...(verify ? { verify } : {}),
  };
  const dir = process.env.BENCH_RESULTS_DIR ?? join(process.cwd(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `audit-replay-${date}.json`);
  writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  log(`wrote ${file}`);
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exit(1);
});

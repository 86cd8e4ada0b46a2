import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { Admin } from 'kafkajs';
import { Client } from 'pg';
import { DEFAULT_DATABASE_URL, databaseNameOf, withDatabaseName } from '@lib/persistence';
import { benchPetition, dialogueOpinion } from '../fixtures/bench-petitions';
import { kafkaBaseline, KafkaBaseline, pgbenchBaseline, PgbenchBaseline } from './baselines';
import {
  benchKafka,
  countsDelta,
  deleteNamespace,
  kafkaCounts,
  KafkaCounts,
  sampleMessageSizes,
} from './kafka-stats';
import { closedBurst, conferenceImport, IntakeClient, openLoop, Sent } from './load';
import { BenchDb, caseTimes, drain, stageLatencies } from './measure';
import { markdown, ScenarioResult, writeReports } from './report';
import { cpuSeconds, machineCpu, RunningProcess, Service, SERVICES, startService } from './stack';
import { log, round, sleep } from './stats';

// The pipeline benchmark (issue 6): six services as OS processes on a fresh database and Kafka namespace,
// steady open-loop load at several rates, a dialogue-conference burst, then Kafka's and PostgreSQL's own
// performance tools on the same broker and server. Run by `npm run bench` (bench/run.sh), which builds first.
//
//   BENCH_QUICK=1   10 s per rate and a 1,000-opinion burst (smoke run)
//   BENCH_ALL=1     also run bench/escalation/sweep.bench.js and bench/audit/replay.bench.js when they exist
//   BENCH_RATES=50,200,500  BENCH_DURATION_S=60  BENCH_BURST=5000  BENCH_BURST_CONCURRENCY=50
//   BENCH_CONSUMER_CONCURRENCY=6  BENCH_LOG_LEVEL=info  BENCH_PORT_BASE=3100  BENCH_DB=petitions_bench
//   BENCH_SKIP_BASELINES=1  BENCH_KEEP=1 (keep the namespace's topics)  BENCH_RESULTS_DIR=bench/results
//   BENCH_BURST_IMPORT=0 (skip the CSV import burst)  BENCH_HTTP_TIMEOUT_S=30  BENCH_STALL_S=90
//   experiments: BENCH_SYNC_COMMIT=off  BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"

const QUICK = process.env.BENCH_QUICK === '1';
const ALL = process.env.BENCH_ALL === '1';
const num = (name: string, dflt: number) => (process.env[name] ? Number(process.env[name]) : dflt);
const CONFIG = {
  quick: QUICK,
  all: ALL,
  rates: (process.env.BENCH_RATES ?? '50,200,500').split(',').map(Number),
  durationS: num('BENCH_DURATION_S', QUICK ? 10 : 60),
  burst: num('BENCH_BURST', QUICK ? 1000 : 5000),
  burstConcurrency: num('BENCH_BURST_CONCURRENCY', 50),
  /** Also import the burst as one conference CSV through POST /conferences/import (intake's import path). */
  burstImport: (process.env.BENCH_BURST_IMPORT ?? '1') === '1',
  httpTimeoutS: num('BENCH_HTTP_TIMEOUT_S', 30),
  warmupCases: num('BENCH_WARMUP', QUICK ? 100 : 300),
  consumerConcurrency: num('BENCH_CONSUMER_CONCURRENCY', 6),
  dbPoolSize: num('BENCH_DB_POOL_SIZE', 10),
  partitions: num('BENCH_PARTITIONS', 6),
  logLevel: process.env.BENCH_LOG_LEVEL ?? 'info',
  portBase: num('BENCH_PORT_BASE', 3100),
  stallS: num('BENCH_STALL_S', 90),
  settleS: num('BENCH_SETTLE_S', 11),
  kafkaPerfRecords: num('BENCH_KAFKA_PERF_RECORDS', QUICK ? 50_000 : 300_000),
  pgbenchS: num('BENCH_PGBENCH_S', QUICK ? 10 : 30),
  skipBaselines: process.env.BENCH_SKIP_BASELINES === '1',
  synchronousCommit: /^(on|off|local|remote_write)$/.test(process.env.BENCH_SYNC_COMMIT ?? '')
    ? (process.env.BENCH_SYNC_COMMIT as string)
    : undefined,
  nodeArgs: process.env.BENCH_NODE_ARGS ?? '',
  keepTopics: process.env.BENCH_KEEP === '1',
};

const DIST = join(__dirname, '..', '..');
const ROOT = process.env.BENCH_REPO_ROOT ?? findRepoRoot(DIST) ?? process.cwd();
const RESULTS = process.env.BENCH_RESULTS_DIR ?? join(ROOT, 'bench', 'results');
const SERVER_URL = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
const DB_URL = withDatabaseName(SERVER_URL, process.env.BENCH_DB ?? 'petitions_bench');
const DB_NAME = databaseNameOf(DB_URL);
const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const NS = `bench${Date.now().toString(36)}.`;
const PORTS: Record<Service, number> = {
  casework: CONFIG.portBase,
  intake: CONFIG.portBase + 1,
  classification: CONFIG.portBase + 2,
  assignment: CONFIG.portBase + 3,
  escalation: CONFIG.portBase + 4,
  audit: CONFIG.portBase + 5,
};
const PIPELINE_TOPICS = ['case.received', 'case.classified', 'case.triage', 'case.assigned'];

function findRepoRoot(from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'bench'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

async function adminQuery<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new Client({ connectionString: withDatabaseName(SERVER_URL, 'postgres') });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows as T[];
  } finally {
    await c.end();
  }
}

async function machineFacts(): Promise<Record<string, unknown>> {
  const [v] = await adminQuery<{ version: string }>('SELECT version()');
  const settings = await adminQuery<{ name: string; setting: string; unit: string | null }>(
    `SELECT name, setting, unit FROM pg_settings WHERE name IN ('fsync','synchronous_commit','wal_sync_method',
       'shared_buffers','max_connections','commit_delay','full_page_writes','wal_level','max_wal_size')`,
  );
  const kafkaVersionFile = join(ROOT, '.infra', 'kafka', 'kafka.version');
  return {
    cores: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    kernel: release(),
    node: process.version,
    kafka: existsSync(kafkaVersionFile)
      ? readFileSync(kafkaVersionFile, 'utf8').trim()
      : (process.env.KAFKA_VERSION ?? 'unknown'),
    kafkaClient: 'kafkajs 2.2.4',
    postgres: v.version.split(' on ')[0],
    postgresSettings: Object.fromEntries(
      settings.map((s) => [s.name, s.unit ? `${s.setting} ${s.unit}` : s.setting]),
    ),
    loadAverageAtStart: loadavg().map((x) => round(x, 2)),
  };
}

async function recreateBenchDatabase(): Promise<void> {
  if (!DB_NAME.includes('bench') && !DB_NAME.includes('test'))
    throw new Error(`refusing to reset database "${DB_NAME}": its name lacks "bench" or "test"`);
  await adminQuery(`DROP DATABASE IF EXISTS "${DB_NAME}" WITH (FORCE)`);
  await adminQuery(`CREATE DATABASE "${DB_NAME}"`);
  // An experiment knob (BENCH_SYNC_COMMIT=off): how much of the cost is waiting for WAL flushes.
  if (CONFIG.synchronousCommit)
    await adminQuery(`ALTER DATABASE "${DB_NAME}" SET synchronous_commit = '${CONFIG.synchronousCommit}'`);
}

function kafkaBrokerPid(): number | undefined {
  const f = join(process.env.KAFKA_STATE_DIR ?? join(ROOT, '.infra', 'kafka'), 'kafka.pid');
  if (!existsSync(f)) return undefined;
  const pid = Number(readFileSync(f, 'utf8').trim());
  return cpuSeconds(pid) === undefined ? undefined : pid;
}

interface CpuSnapshot {
  at: number;
  perProcess: Record<string, number>;
  pgPids: Record<number, number>;
  machine: { busy: number; total: number };
}

class Bench {
  services: RunningProcess[] = [];
  db!: BenchDb;
  admin!: Admin;
  readonly kafka = benchKafka(BROKERS.split(','));
  intake!: IntakeClient;
  brokerPid = kafkaBrokerPid();
  scenarios: ScenarioResult[] = [];
  idleCommitsPerSec = 0;
  private finishedSoFar = 0;
  private bodySeq = 0;

  async startServices(): Promise<void> {
    const env = {
      DATABASE_URL: DB_URL,
      KAFKA_BROKERS: BROKERS,
      KAFKA_NAMESPACE: NS,
      KAFKA_PARTITIONS: String(CONFIG.partitions),
      CONSUMER_CONCURRENCY: String(CONFIG.consumerConcurrency),
      DB_POOL_SIZE: String(CONFIG.dbPoolSize),
      LOG_LEVEL: CONFIG.logLevel,
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      // production refuses the development default of the internal-token secret
      INTERNAL_AUTH_SECRET: process.env.INTERNAL_AUTH_SECRET ?? randomBytes(32).toString('hex'),
    };
    const logDir = join(ROOT, '.infra', 'bench-logs');
    log(
      `starting ${SERVICES.join(', ')} from ${relative(ROOT, DIST) || DIST} (logs in ${relative(ROOT, logDir)})`,
    );
    // Intake first: it creates the topics; the others migrate their schemas in parallel.
    this.services.push(await startService(DIST, ROOT, 'intake', PORTS.intake, env, logDir));
    const rest = await Promise.allSettled(
      SERVICES.filter((s) => s !== 'intake').map((s) => startService(DIST, ROOT, s, PORTS[s], env, logDir)),
    );
    for (const r of rest) if (r.status === 'fulfilled') this.services.push(r.value);
    const failed = rest.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    if (failed.length) throw new Error(failed.map((f) => (f.reason as Error).message).join('; '));
    log(`services up: ${this.services.map((s) => `${s.name} pid ${s.pid}`).join(', ')}`);
  }

  async stopServices(): Promise<void> {
    await Promise.all(this.services.map((s) => s.stop()));
    this.services = [];
  }

  private checkAlive(): void {
    const dead = this.services.filter((s) => s.exited());
    if (dead.length)
      throw new Error(`service(s) died: ${dead.map((s) => s.name).join(', ')} (see .infra/bench-logs)`);
  }

  async cpuSnapshot(): Promise<CpuSnapshot> {
    const perProcess: Record<string, number> = {};
    for (const s of this.services) perProcess[s.name] = cpuSeconds(s.pid) ?? 0;
    if (this.brokerPid) perProcess.kafka = cpuSeconds(this.brokerPid) ?? 0;
    const own = process.cpuUsage();
    perProcess['load-generator'] = (own.user + own.system) / 1e6;
    const pgPids: Record<number, number> = {};
    for (const pid of await this.db.backendPids(DB_NAME)) pgPids[pid] = cpuSeconds(pid) ?? 0;
    return { at: Date.now(), perProcess, pgPids, machine: machineCpu() };
  }

  async cpuSince(a: CpuSnapshot, cases: number): Promise<ScenarioResult['cpu']> {
    const b = await this.cpuSnapshot();
    const seconds: Record<string, number> = {};
    for (const [k, v] of Object.entries(b.perProcess)) seconds[k] = v - (a.perProcess[k] ?? 0);
    let pg = 0;
    for (const [pid, v] of Object.entries(b.pgPids)) pg += v - (a.pgPids[Number(pid)] ?? 0);
    seconds.postgres = pg;
    const machineBusyS = b.machine.busy - a.machine.busy;
    const ours = Object.values(seconds).reduce((x, y) => x + y, 0);
    return {
      windowS: round((b.at - a.at) / 1000, 1),
      seconds: Object.fromEntries(Object.entries(seconds).map(([k, v]) => [k, round(v, 2)])),
      perThousandCases: Object.fromEntries(
        Object.entries(seconds).map(([k, v]) => [k, cases ? round((v / cases) * 1000, 2) : 0]),
      ),
      machineBusyS: round(machineBusyS, 1),
      outsideBenchS: round(Math.max(0, machineBusyS - ours), 1),
      loadAverage1m: round(loadavg()[0], 2),
    };
  }

  /** One scenario: snapshot counters, offer the load, wait for casework to show every case, measure. */
  async scenario(
    name: string,
    kind: ScenarioResult['kind'],
    meta: Partial<ScenarioResult>,
    load: (body: (n: number) => Record<string, unknown>, key: (n: number) => string) => Promise<Sent[]>,
    bodyOf: (i: number) => Record<string, unknown> = benchPetition,
  ): Promise<ScenarioResult> {
    this.checkAlive();
    log(`── scenario ${name} ──`);
    const kBefore: KafkaCounts = await kafkaCounts(this.admin, NS);
    const dbBefore = await this.db.pipelineCommits(DB_NAME);
    const [{ n: registeredBefore }] = await this.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM intake.cases',
    );
    const cpuBefore = await this.cpuSnapshot();
    const base = this.bodySeq;
    const sent = await load(
      (n) => bodyOf(base + n),
      (n) => `${NS}${name}-${n}`,
    );
    this.bodySeq += sent.length;
    const accepted = sent.filter((s) => s.status === 201 && s.caseId);
    const failures: Record<string, number> = {};
    for (const s of sent)
      if (s.status !== 201) failures[String(s.status)] = (failures[String(s.status)] ?? 0) + 1;
    const sampleErrors = [...new Set(sent.filter((s) => s.error).map((s) => `${s.status} ${s.error}`))].slice(
      0,
      5,
    );
    if (sampleErrors.length)
      log(`${name}: HTTP failures ${JSON.stringify(failures)}; e.g. ${sampleErrors[0]}`);
    const loadEnd = Math.max(...sent.map((s) => s.acceptedAt));
    log(`${name}: ${accepted.length}/${sent.length} accepted by intake; waiting for casework`);
    const d = await drain(this.db, name, this.finishedSoFar + accepted.length, CONFIG.stallS);
    // Per-case costs divide by what intake registered: a request the client gave up on may still have become a case.
    const registered = d.registered - registeredBefore;
    const cpu = await this.cpuSince(cpuBefore, registered);
    this.finishedSoFar = d.final;
    log(`${name}: settling ${CONFIG.settleS} s so PostgreSQL's statistics catch up`);
    await sleep(CONFIG.settleS * 1000);
    const kAfter = await kafkaCounts(this.admin, NS);
    const dbAfter = await this.db.pipelineCommits(DB_NAME);
    const times = await caseTimes(
      this.db,
      accepted.map((s) => s.caseId as string),
    );
    for (const s of accepted)
      if (s.acceptedFromServer) s.acceptedAt = times.get(s.caseId as string)?.received ?? s.acceptedAt;
    const latencyMs = stageLatencies(sent, times);
    const first = Math.min(...sent.map((s) => s.scheduledAt));
    const lastScheduled = Math.max(...sent.map((s) => s.scheduledAt));
    const all = [...times.values()];
    const finished = all.filter((t) => t.assigned != null || t.triage != null);
    const assigned = all.filter((t) => t.assigned != null);
    const lastVisible = Math.max(first, ...finished.map((t) => t.visible));
    const loadWindowEnd =
      kind === 'burst' ? loadEnd : Math.max(lastScheduled, first + (meta.durationS ?? 0) * 1000);
    const duringLoad = finished.filter((t) => t.visible <= loadWindowEnd).length;
    const windowS = (lastVisible - first) / 1000;
    const kd = countsDelta(kBefore, kAfter);
    const commits = dbAfter - dbBefore - this.idleCommitsPerSec * CONFIG.settleS;
    const cases = registered || 1;
    const result: ScenarioResult = {
      name,
      kind,
      ...meta,
      sent: sent.length,
      accepted: accepted.length,
      registered,
      httpFailures: failures,
      sampleErrors,
      intakeAcceptedPerSec: round(accepted.length / ((loadEnd - first) / 1000), 1),
      assigned: assigned.length,
      triaged: finished.length - assigned.length,
      notFinished: accepted.length - finished.length,
      drained: d.drained,
      achievedPerSec: round(duringLoad / ((loadWindowEnd - first) / 1000), 1),
      completedPerSec: round(finished.length / windowS, 1),
      drainAfterLoadS: round(Math.max(0, lastVisible - loadWindowEnd) / 1000, 2),
      windowS: round(windowS, 2),
      latencyMs,
      kafka: {
        produced: kd.produced,
        consumed: kd.consumed,
        producedByTopic: kd.producedByTopic,
        messagesPerCase: round(kd.produced / cases, 3),
        deliveriesPerCase: round(kd.consumed / cases, 3),
        producedPerSec: round(kd.produced / windowS, 1),
        deliveredPerSec: round(kd.consumed / windowS, 1),
      },
      db: {
        commits: Math.round(commits),
        perCase: round(commits / cases, 2),
        perSec: round(commits / windowS, 1),
      },
      cpu,
    };
    if (kind === 'burst') {
      result.burst = {
        postAllMs: Math.round(loadEnd - first),
        lastAssignedMs: Math.round(Math.max(first, ...assigned.map((t) => t.visible)) - first),
        lastVisibleMs: Math.round(lastVisible - first),
      };
    }
    const e = latencyMs.endToEnd;
    log(
      `${name}: achieved ${result.achievedPerSec}/s, e2e p50/p95/p99 ${e?.p50}/${e?.p95}/${e?.p99} ms, ` +
        `${result.kafka.messagesPerCase} msgs/case, ${result.db.perCase} commits/case` +
        (result.burst ? `, last assigned after ${result.burst.lastAssignedMs} ms` : ''),
    );
    this.scenarios.push(result);
    return result;
  }

  async measureIdle(seconds: number): Promise<{ dbCommitsPerSec: number; cpuPercentOfOneCore: number }> {
    log(`measuring the idle pipeline for ${seconds} s`);
    const c0 = await this.db.pipelineCommits(DB_NAME);
    const cpu0 = await this.cpuSnapshot();
    await sleep(seconds * 1000);
    const c1 = await this.db.pipelineCommits(DB_NAME);
    const cpu = await this.cpuSince(cpu0, 0);
    const svc = SERVICES.reduce((a, s) => a + (cpu.seconds[s] ?? 0), 0);
    this.idleCommitsPerSec = (c1 - c0) / seconds;
    return {
      dbCommitsPerSec: round(this.idleCommitsPerSec, 1),
      cpuPercentOfOneCore: round((svc / seconds) * 100, 1),
    };
  }
}

function runHook(script: string, args: string[]): Promise<number> {
  return new Promise((resolve) => {
    log(`running ${relative(ROOT, script)} ${args.join(' ')}`);
    const child = spawn(process.execPath, [script, ...args], {
      cwd: ROOT,
      env: { ...process.env, BENCH_RESULTS_DIR: RESULTS },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('exit', (code) => resolve(code ?? -1));
    child.on('error', () => resolve(-1));
  });
}

/** Newest results file of another scenario (escalation sweep, audit replay), and whether this run wrote it. */
function newestResult(
  prefix: string,
  since: number,
): { file: string; fromThisRun: boolean; result: unknown } | undefined {
  if (!existsSync(RESULTS)) return undefined;
  const files = readdirSync(RESULTS)
    .filter((f) => f.startsWith(prefix) && f.endsWith('.json'))
    .map((f) => ({ f, t: statSync(join(RESULTS, f)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  if (!files.length) return undefined;
  const file = join(RESULTS, files[0].f);
  return {
    file: relative(ROOT, file),
    fromThisRun: files[0].t >= since,
    result: JSON.parse(readFileSync(file, 'utf8')) as unknown,
  };
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  const at = new Date(startedAt).toISOString();
  const stamp = at.replace(/:/g, '-').replace(/\.\d+Z$/, 'Z');
  log(`pipeline benchmark ${QUICK ? '(quick) ' : ''}: database ${DB_NAME}, Kafka namespace ${NS}`);
  log(`config ${JSON.stringify(CONFIG)}`);
  const machine = await machineFacts();
  const [conn] = await adminQuery<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity');
  const maxConn = Number(String((machine.postgresSettings as Record<string, string>).max_connections));
  if (maxConn - conn.n < 6 * CONFIG.dbPoolSize + 5)
    log(
      `warning: PostgreSQL has ${conn.n}/${maxConn} connections in use; six pools of ${CONFIG.dbPoolSize} may not fit`,
    );
  await recreateBenchDatabase();

  const bench = new Bench();
  const cleanup = async () => {
    await bench.stopServices().catch(() => undefined);
  };
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));
  process.once('SIGTERM', () => void cleanup().then(() => process.exit(143)));

  let idle = { dbCommitsPerSec: 0, cpuPercentOfOneCore: 0 };
  let sizes: Awaited<ReturnType<typeof sampleMessageSizes>> = { byTopic: {} };
  try {
    await bench.startServices();
    bench.db = new BenchDb(DB_URL);
    await bench.db.connect();
    bench.admin = bench.kafka.admin();
    await bench.admin.connect();
    bench.intake = new IntakeClient(`http://127.0.0.1:${PORTS.intake}`, CONFIG.httpTimeoutS * 1000);

    // Warm-up: JIT, pools and consumer groups settle; its events give the message size for the baselines.
    await bench.scenario('warmup', 'warmup', { offeredRate: 20 }, (body, key) =>
      openLoop(bench.intake, {
        rate: 20,
        durationS: CONFIG.warmupCases / 20,
        seed: 1,
        body,
        key,
        label: 'warmup',
      }),
    );
    sizes = await sampleMessageSizes(bench.kafka, NS, PIPELINE_TOPICS);
    log(`message sizes ${JSON.stringify(sizes.byTopic)}`);
    idle = await bench.measureIdle(10);
    log(`idle: ${idle.dbCommitsPerSec} commits/s, services ${idle.cpuPercentOfOneCore}% of one core`);

    for (const rate of CONFIG.rates) {
      await bench.scenario(
        `steady-${rate}`,
        'steady',
        { offeredRate: rate, durationS: CONFIG.durationS },
        (body, key) =>
          openLoop(bench.intake, {
            rate,
            durationS: CONFIG.durationS,
            seed: rate,
            body,
            key,
            label: `steady ${rate}/s`,
          }),
      );
    }

    const conference =
      'Hội nghị đối thoại giữa Chủ tịch UBND thành phố với nhân dân về thu hồi đất, tháng 11/2026';
    await bench.scenario(
      `burst-${CONFIG.burst}`,
      'burst',
      { count: CONFIG.burst, concurrency: CONFIG.burstConcurrency },
      (body, key) =>
        closedBurst(bench.intake, {
          count: CONFIG.burst,
          concurrency: CONFIG.burstConcurrency,
          body,
          key,
          label: 'burst',
        }),
      (i) => dialogueOpinion(i, conference),
    );

    if (CONFIG.burstImport) {
      const rows = Array.from({ length: CONFIG.burst }, (_, i) => {
        const o = dialogueOpinion(i + 100_000, conference) as {
          petitioner: { fullName?: string };
          wardCode?: string;
          locationText?: string;
          content: string;
        };
        return { name: o.petitioner.fullName, ward: o.wardCode ?? o.locationText, content: o.content };
      });
      await bench.scenario(
        `burst-import-${CONFIG.burst}`,
        'burst',
        { count: CONFIG.burst, concurrency: 1 },
        () =>
          conferenceImport(bench.intake, {
            rows,
            heldOn: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
            place: `Hội trường UBND phường Ba Đình (${NS.slice(0, -1)})`,
            chair: 'Chủ tịch UBND phường',
            label: 'conference import',
          }),
      );
    }
  } finally {
    bench.intake?.close();
    await cleanup();
    await bench.db?.close().catch(() => undefined);
    await bench.admin?.disconnect().catch(() => undefined);
  }

  // Baselines with the services stopped, so they have the machine to themselves.
  const weighted = (() => {
    const byTopic = sizes.byTopic;
    const produced = bench.scenarios
      .filter((s) => s.kind === 'steady')
      .reduce<Record<string, number>>((acc, s) => {
        for (const [t, n] of Object.entries(s.kafka.producedByTopic)) acc[t] = (acc[t] ?? 0) + n;
        return acc;
      }, {});
    let n = 0;
    let v = 0;
    let x = 0;
    for (const [t, s] of Object.entries(byTopic)) {
      const w = produced[t] ?? s.n;
      n += w;
      v += w * s.valueBytes;
      x += w * s.keyAndHeaderBytes;
    }
    return { avgValueBytes: n ? Math.round(v / n) : 1500, avgKeyAndHeaderBytes: n ? Math.round(x / n) : 0 };
  })();
  let kafkaBase: KafkaBaseline | null = null;
  let pgBase: PgbenchBaseline | null = null;
  if (!CONFIG.skipBaselines) {
    kafkaBase = await kafkaBaseline(
      ROOT,
      bench.kafka,
      BROKERS,
      NS,
      weighted.avgValueBytes,
      CONFIG.kafkaPerfRecords,
      CONFIG.partitions,
    );
    pgBase = await pgbenchBaseline(ROOT, SERVER_URL, CONFIG.pgbenchS);
  }
  for (const s of bench.scenarios)
    s.ratios = {
      eventsPerSecOverBrokerProducer: kafkaBase?.producer
        ? round(s.kafka.producedPerSec / kafkaBase.producer.recordsPerSec, 5)
        : null,
      deliveriesPerSecOverBrokerConsumer: kafkaBase?.consumer
        ? round(s.kafka.deliveredPerSec / kafkaBase.consumer.messagesPerSec, 5)
        : null,
      dbCommitsPerSecOverPgbench: pgBase?.tps ? round(s.db.perSec / pgBase.tps, 3) : null,
    };

  // Other scenarios (their own issues): run on request, include their latest results either way.
  const extra: Record<string, unknown> = {};
  const hooks: [string, string, string[]][] = [
    ['escalationSweep', join(DIST, 'bench', 'escalation', 'sweep.bench.js'), []],
    ['auditReplay', join(DIST, 'bench', 'audit', 'replay.bench.js'), []],
  ];
  for (const [name, script, args] of hooks) {
    if (ALL && existsSync(script)) {
      const code = await runHook(script, args);
      if (code !== 0) log(`${name} exited ${code}`);
    }
    const found = newestResult(name === 'escalationSweep' ? 'escalation-sweep' : 'audit-replay', startedAt);
    if (found) extra[name] = found;
  }

  if (!CONFIG.keepTopics)
    await deleteNamespace(bench.kafka, NS).catch((e: Error) => log(`cleanup: ${e.message}`));

  const steady = bench.scenarios.filter((s) => s.kind === 'steady');
  const burst = bench.scenarios.find((s) => s.kind === 'burst' && s.concurrency !== 1);
  const importBurst = bench.scenarios.find((s) => s.kind === 'burst' && s.concurrency === 1);
  const top = steady.find((s) => s.offeredRate === 500);
  const mainScenarios = bench.scenarios.filter((s) => s.kind !== 'warmup');
  const msgsPerCase = top?.kafka.messagesPerCase ?? mainScenarios[0]?.kafka.messagesPerCase ?? 0;
  const commitsPerCase = top?.db.perCase ?? mainScenarios[0]?.db.perCase ?? 0;
  const result = {
    bench: 'pipeline',
    at,
    durationS: Math.round((Date.now() - startedAt) / 1000),
    machine,
    config: { ...CONFIG, namespace: NS, database: DB_NAME, ports: PORTS },
    messageSize: { ...weighted, byTopic: sizes.byTopic },
    idle,
    scenarios: bench.scenarios,
    baselines: { kafka: kafkaBase, pgbench: pgBase },
    ceilings: {
      casesPerSecByBroker:
        kafkaBase?.producer && msgsPerCase
          ? Math.round(kafkaBase.producer.recordsPerSec / msgsPerCase)
          : null,
      casesPerSecByDatabase: pgBase?.tps && commitsPerCase ? Math.round(pgBase.tps / commitsPerCase) : null,
    },
    targets: [
      {
        what: 'sustained 500 cases/s with end-to-end p99 < 1 s',
        met: !!top && top.achievedPerSec >= 490 && (top.latencyMs.endToEnd?.p99 ?? Infinity) < 1000,
        figure: top
          ? `achieved ${top.achievedPerSec}/s, p99 ${top.latencyMs.endToEnd?.p99 ?? '–'} ms`
          : 'rate 500 not run',
      },
      {
        what: `${CONFIG.burst}-opinion burst fully assigned within 30 s${CONFIG.burst === 5000 ? '' : ' (quick run: not the 5,000 target)'}`,
        met: !!burst && burst.notFinished === 0 && (burst.burst?.lastAssignedMs ?? Infinity) <= 30_000,
        figure: burst
          ? `last assigned after ${((burst.burst?.lastAssignedMs ?? 0) / 1000).toFixed(1)} s`
          : 'not run',
      },
      ...(importBurst
        ? [
            {
              what: `${CONFIG.burst}-opinion conference CSV import fully assigned within 30 s`,
              met: importBurst.notFinished === 0 && (importBurst.burst?.lastAssignedMs ?? Infinity) <= 30_000,
              figure: `import answered after ${((importBurst.burst?.postAllMs ?? 0) / 1000).toFixed(1)} s, last assigned after ${((importBurst.burst?.lastAssignedMs ?? 0) / 1000).toFixed(1)} s`,
            },
          ]
        : []),
    ],
    extra,
  };
  mkdirSync(RESULTS, { recursive: true });
  const base = join(RESULTS, stamp);
  writeFileSync(`${base}.json`, `${JSON.stringify(result, null, 2)}\n`);
  writeReports(base, result);
  log(`results: ${relative(ROOT, base)}.json, .md, -latency.svg`);
  process.stdout.write(markdown(result));
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exit(1);
});

import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { Topics } from '@lib/contracts';
import { DEFAULT_DATABASE_URL, withDatabaseName } from '@lib/persistence';
import { startService } from '@lib/platform';
import { escalationService } from '../../apps/escalation/src/escalation.service';
import { EscalationSweep } from '../../apps/escalation/src/fire-steps/escalation-sweep';
import { CLAIM_DUE_TIMERS_SQL } from '../../apps/escalation/src/fire-steps/fire-due-steps.use-case';

// Escalation sweep at scale: 1,000,000 open timers, 10,000 of them due at one moment. The real service runs
// in-process (sweep loop, outbox relay, broker); the bench measures from the due moment until every step is on
// case.escalated, and shows the plan of the claim query with 110k and with 1M open timers.
//
//   npx tsc -p tsconfig.build.json --outDir /tmp/esc-dist && npx tsc-alias -p tsconfig.build.json --outDir /tmp/esc-dist
//   NODE_PATH=$PWD/node_modules node /tmp/esc-dist/bench/escalation/sweep.bench.js
const OPEN_TIMERS = Number(process.env.BENCH_OPEN_TIMERS ?? 1_000_000);
const DUE_STEPS = Number(process.env.BENCH_DUE_STEPS ?? 10_000);
const FIRST_PHASE = 100_000;
const SWEEP_MS = process.env.ESCALATION_SWEEP_MS ?? '1000';
const SWEEP_BATCH = process.env.ESCALATION_SWEEP_BATCH ?? '500';
const BENCH_URL = withDatabaseName(
  process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
  'petitions_escalation_bench',
);
const NS = `bench${Date.now().toString(36)}.`;
const CHAIN = JSON.stringify([
  { unitId: 'hn-q-ba-dinh', unitName: 'UBND quận Ba Đình', level: 'district', headStaffId: 'st-bd-head' },
  { unitId: 'hn', unitName: 'UBND thành phố Hà Nội', level: 'city', headStaffId: 'st-hn-head' },
]);
const log = (msg: string) => process.stderr.write(`[escalation-sweep bench] ${msg}\n`);

async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

async function recreateBenchDatabase(): Promise<void> {
  const name = new URL(BENCH_URL).pathname.slice(1);
  if (!name.includes('bench'))
    throw new Error(`refusing to reset database "${name}": its name lacks "bench"`);
  await withClient(withDatabaseName(BENCH_URL, 'postgres'), async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${name}"`);
  });
}

/** Open timers whose next step is days to weeks away (ids from..to), generated in SQL. */
async function loadOpenTimers(c: Client, from: number, to: number): Promise<void> {
  const chunk = 100_000;
  for (let lo = from; lo <= to; lo += chunk) {
    const hi = Math.min(to, lo + chunk - 1);
    await c.query(
      `INSERT INTO escalation.deadline_timers (case_id, stage, lead_unit_id, lead_unit_name, handler_id,
         responsible_person_id, policy_id, escalation_chain, reassignment_count, ladder_key, round, next_step,
         started_at, original_due_at, due_at, status, next_fire_at, created_at, updated_at)
       SELECT gen_random_uuid(), 'processing', 'hn-p-' || (g % 579), 'UBND phường ' || (g % 579), 'st-' || (g % 5000),
         'st-head-' || (g % 579), 'SLA-processing-all', $3::jsonb, 0, 'LADDER-processing@ladder-v1', 0, 0,
         now() - interval '3 days', f + interval '3 days', f + interval '3 days', 'active', f, now(), now()
       FROM generate_series($1::int, $2::int) AS g,
         LATERAL (SELECT now() + interval '1 hour' + (g % 5000000) * interval '1 second' AS f) AS t`,
      [lo, hi, CHAIN],
    );
  }
}

interface Plan {
  openTimers: number;
  executionMs: number;
  text: string[];
}

/** EXPLAIN ANALYZE of one claim batch while the due timers are due; rolled back, so nothing stays locked. */
async function explainClaim(c: Client, at: Date, openTimers: number): Promise<Plan> {
  await c.query('BEGIN');
  try {
    await c.query('SET LOCAL search_path = escalation');
    const rows = await c.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS) ${CLAIM_DUE_TIMERS_SQL}`, [
      at,
      Number(SWEEP_BATCH),
    ]);
    const text = rows.rows.map((r: Record<string, string>) => r['QUERY PLAN']);
    const exec = text.find((l) => l.startsWith('Execution Time'));
    return { openTimers, executionMs: Number(exec?.match(/([\d.]+) ms/)?.[1] ?? NaN), text };
  } finally {
    await c.query('ROLLBACK');
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main(): Promise<void> {
  process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  const env = {
    DATABASE_URL: BENCH_URL,
    KAFKA_NAMESPACE: NS,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
    ESCALATION_SWEEP_MS: SWEEP_MS,
    ESCALATION_SWEEP_BATCH: SWEEP_BATCH,
  };
  await recreateBenchDatabase();
  // First start: migrations, ladder seeds and topics; stopped while the timers load.
  await (await startService(escalationService, { env, port: 14204 })).stop();

  const loadStarted = Date.now();
  const plans: Plan[] = [];
  await withClient(BENCH_URL, async (c) => {
    await loadOpenTimers(c, 1, FIRST_PHASE);
    // The due timers: overdue step next (the warning already went), due at a moment in the past for now.
    await c.query(
      `UPDATE escalation.deadline_timers SET next_step = 1, due_at = '2026-01-01T00:00:00Z',
         next_fire_at = '2026-01-01T00:00:00.001Z' WHERE id % $1 = 0`,
      [Math.floor(FIRST_PHASE / DUE_STEPS)],
    );
    await c.query('ANALYZE escalation.deadline_timers');
    plans.push(await explainClaim(c, new Date(), FIRST_PHASE));
    log(`${FIRST_PHASE} timers loaded; claim ${plans[0].executionMs} ms`);
    await loadOpenTimers(c, FIRST_PHASE + 1, OPEN_TIMERS);
    await c.query('VACUUM ANALYZE escalation.deadline_timers');
    plans.push(await explainClaim(c, new Date(), OPEN_TIMERS));
    // Parked until the service runs again; then they fall due together at one moment.
    await c.query(`UPDATE escalation.deadline_timers SET next_fire_at = '2100-01-01Z' WHERE next_step = 1`);
    log(
      `${OPEN_TIMERS} timers loaded in ${((Date.now() - loadStarted) / 1000).toFixed(1)} s; claim ${plans[1].executionMs} ms`,
    );
  });
  const loadSeconds = (Date.now() - loadStarted) / 1000;

  const kafka = new Kafka({ clientId: 'escalation-bench', brokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `${NS}bench-reader` });
  const delays: number[] = [];
  const stepIds = new Set<string>();
  let lastPublished = 0;
  let lastReceived = 0;
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => (joined = true));
  await consumer.connect();
  await consumer.subscribe({ topic: NS + Topics.CaseEscalated, fromBeginning: true });
  await consumer.run({
    eachBatch: async ({ batch }) => {
      for (const m of batch.messages) {
        const env = JSON.parse(m.value!.toString('utf8'));
        const published = Number(m.timestamp);
        // The overdue step falls due 1 ms after the due moment (24:00 of the last day).
        delays.push(published - (Date.parse(env.payload.dueAt) + 1));
        stepIds.add(env.payload.stepId);
        lastPublished = Math.max(lastPublished, published);
      }
      lastReceived = Date.now();
    },
  });
  while (!joined) await new Promise((r) => setTimeout(r, 100));

  const svc = await startService(escalationService, { env, port: 14204 });
  const dueAt = new Date(Date.now() + 3000);
  const dueAtMs = dueAt.getTime();
  await withClient(BENCH_URL, (c) =>
    c.query(`UPDATE escalation.deadline_timers SET due_at = $1, next_fire_at = $2 WHERE next_step = 1`, [
      new Date(dueAtMs - 1),
      dueAt,
    ]),
  );
  log(
    `${DUE_STEPS} steps fall due at ${dueAt.toISOString()}; sweep every ${SWEEP_MS} ms, batch ${SWEEP_BATCH}`,
  );

  let sweptMs = NaN;
  const deadline = Date.now() + 120_000;
  while (stepIds.size < DUE_STEPS && Date.now() < deadline) {
    if (Number.isNaN(sweptMs)) {
      const n = await withClient(BENCH_URL, (c) =>
        c.query(`SELECT count(*)::int AS n, max(fired_at) AS at FROM escalation.escalation_steps`),
      );
      if (n.rows[0].n >= DUE_STEPS) sweptMs = new Date(n.rows[0].at).getTime() - dueAtMs;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const firedBySweep = svc.app.get(EscalationSweep).fired;
  await svc.stop();
  await consumer.disconnect();

  const sorted = [...delays].sort((x, y) => x - y);
  const result = {
    bench: 'escalation-sweep',
    at: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30) },
    config: {
      openTimers: OPEN_TIMERS,
      dueSteps: DUE_STEPS,
      sweepMs: Number(SWEEP_MS),
      sweepBatch: Number(SWEEP_BATCH),
    },
    loadSeconds,
    stepsFired: firedBySweep,
    stepsPublished: stepIds.size,
    messagesReceived: delays.length,
    // From the due moment: until the sweep committed the last step, and until the last step was published.
    sweepCommittedMs: sweptMs,
    allPublishedMs: lastPublished - dueAtMs,
    allReceivedMs: lastReceived - dueAtMs,
    delayMs: {
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
      max: sorted[sorted.length - 1],
    },
    withinTenSeconds: stepIds.size === DUE_STEPS && lastPublished - dueAtMs <= 10_000,
    claimQuery: CLAIM_DUE_TIMERS_SQL.replace(/\s+/g, ' ').trim(),
    plans,
  };
  const dir = process.env.BENCH_RESULTS_DIR ?? join(process.cwd(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `escalation-sweep-${result.at.slice(0, 10)}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  log(
    `${stepIds.size}/${DUE_STEPS} steps published; all published ${result.allPublishedMs} ms after the due moment; ` +
      `p99 delay ${result.delayMs.p99} ms → ${file}`,
  );
  await dropNamespaceTopics(kafka);
  if (stepIds.size !== DUE_STEPS) process.exitCode = 1;
}

async function dropNamespaceTopics(kafka: Kafka): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(NS));
    if (topics.length) await admin.deleteTopics({ topics, timeout: 30000 });
  } finally {
    await admin.disconnect();
  }
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});

// CPU per assignment, two ways, one JSON line each on stdout:
//  - domain (always): route, pick the handler, choose the policy, count the deadline and build the validated
//    case.assigned envelope, for a mix of cases on the Hanoi data (seeds/v2): the code the service runs per case.
//  - service (--service; needs PostgreSQL and Kafka, e.g. after `npm run infra:up`): the assignment service started
//    in this process on a scratch database (petitions_assign_bench_test) and a fresh topic namespace; N
//    case.classified events published at once; the process's CPU until every case is assigned and its
//    case.assigned published (consumer, inbox, routing, SQL, outbox relay, KafkaJS, pg driver; plus the producer).
//
//   node dist/apps/assignment/tools/assign-bench.js [N=20000] [--seeds DIR] [--service [M=500]]
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { CASE_DOMAINS, CASE_KINDS, CaseAssignedV1, COMPETENT_LEVELS, createEnvelope } from '@lib/contracts';
import { toVietnamDate } from '@lib/domain';
import { dueAt, requirePolicy } from '../src/domain/deadline';
import { CaseToRoute, pickHandler, routeCase } from '../src/domain/route-case';
import { calendarFromSeed, DEFAULT_SEED_DIR, directoryFromSeed, readSeed } from '../src/directory/seed-files';

function domainBench(argv: string[]): void {
  const n = Number(argv.find((a, i) => /^\d+$/.test(a) && argv[i - 1] !== '--service') ?? 20000);
  const seedsAt = argv.indexOf('--seeds');
  const seed = readSeed(seedsAt >= 0 ? argv[seedsAt + 1] : (process.env.SEED_DIR ?? DEFAULT_SEED_DIR));
  const directory = directoryFromSeed(seed, '2026-11-23');
  const calendar = calendarFromSeed(seed);
  const wards = [
    ...directory
      .allUnits()
      .filter((u) => u.wardCode)
      .map((u) => u.wardCode!),
    undefined,
    '99999',
  ];
  const cases: CaseToRoute[] = [];
  for (let i = 0; i < n; i++) {
    cases.push({
      kind: CASE_KINDS[i % CASE_KINDS.length],
      domain: CASE_DOMAINS[(i * 7) % CASE_DOMAINS.length],
      level: COMPETENT_LEVELS[(i * 3) % COMPETENT_LEVELS.length],
      wardCode: wards[(i * 13) % wards.length],
      submittedToLevel: i % 5 === 0 ? 'city' : undefined,
      flags: [],
      excludedUnitIds: [],
    });
  }
  const open = new Map<string, number>();
  const receivedAt = new Date('2026-11-23T02:00:00.000Z');
  const run = (c: CaseToRoute) => {
    const d = routeCase(directory, c);
    const handler = pickHandler(directory, d.leadUnit, c.domain, open)!;
    open.set(handler.id, (open.get(handler.id) ?? 0) + 1);
    const policy = requirePolicy(directory.policies, {
      kind: c.kind,
      stage: 'processing',
      on: toVietnamDate(receivedAt),
      area: directory.isRemote(d.leadUnit.id) ? 'remote' : 'normal',
    });
    const due = dueAt(calendar, policy, receivedAt);
    return createEnvelope({
      payloadClass: CaseAssignedV1,
      payload: {
        leadUnitId: d.leadUnit.id,
        leadUnitName: d.leadUnit.name,
        coordinatingUnitIds: d.coordinatingUnitIds,
        handlerId: handler.id,
        handlerName: handler.fullName,
        responsiblePersonId: d.leadUnit.headStaffId ?? handler.id,
        ruleId: d.rule.id,
        reason: d.reason.slice(0, 1000),
        stage: 'processing',
        dueAt: due.toISOString(),
        slaWorkingDays: policy.amount,
        policyId: policy.id,
        reassignmentCount: 0,
        flags: d.flags,
        legalBasis: policy.legalBasis,
      },
      caseId: randomUUID(),
      producer: 'assignment',
      actor: { type: 'system', id: 'assignment' },
      occurredAt: receivedAt,
    });
  };
  for (let i = 0; i < Math.min(n, 2000); i++) run(cases[i]); // warm-up
  const wall: number[] = [];
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (const c of cases) {
    const s = process.hrtime.bigint();
    run(c);
    wall.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  const elapsedMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  wall.sort((a, b) => a - b);
  const pct = (p: number) => wall[Math.min(wall.length - 1, Math.floor((p / 100) * wall.length))];
  process.stdout.write(
    `${JSON.stringify({
      bench: 'assignment-cpu',
      seeds: seed.meta.version,
      units: directory.allUnits().length,
      rules: directory.rules.length,
      cases: n,
      cpuMsPerAssignment: Number(((cpu.user + cpu.system) / 1000 / n).toFixed(4)),
      wallMsPerAssignment: { mean: Number((elapsedMs / n).toFixed(4)), p50: pct(50), p99: pct(99) },
      node: process.version,
    })}\n`,
  );
}

async function serviceBench(n: number): Promise<void> {
  // Loaded only here: the domain bench needs no Nest, Kafka or database.
  const { startService } = await import('@lib/platform');
  const { withDatabaseName, DEFAULT_DATABASE_URL } = await import('@lib/persistence');
  const { CaseClassifiedV1, encodeEvent } = await import('@lib/contracts');
  const { Kafka, logLevel } = await import('kafkajs');
  const { Client } = await import('pg');
  const { assignmentService } = await import('../src/assignment.service');
  const url = withDatabaseName(
    process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
    'petitions_assign_bench_test',
  );
  const admin = new Client({ connectionString: withDatabaseName(url, 'postgres') });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS petitions_assign_bench_test WITH (FORCE)');
  await admin.query('CREATE DATABASE petitions_assign_bench_test');
  const ns = `bench${Date.now().toString(36)}.`;
  process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
  const svc = await startService(assignmentService, {
    env: { DATABASE_URL: url, KAFKA_NAMESPACE: ns, LOG_LEVEL: 'silent' },
    port: 13390,
  });
  const kafka = new Kafka({
    clientId: 'assign-bench',
    brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer();
  await producer.connect();
  const db = new Client({ connectionString: url });
  await db.connect();
  const wards = ['00001', '00163', '00220', '00457', '00112', undefined];
  const round = async (count: number) => {
    const messages = Array.from({ length: count }, (_, i) => {
      const m = encodeEvent(
        createEnvelope({
          payloadClass: CaseClassifiedV1,
          payload: {
            kind: CASE_KINDS[i % CASE_KINDS.length],
            domain: CASE_DOMAINS[(i * 7) % CASE_DOMAINS.length],
            level: COMPETENT_LEVELS[(i * 3) % COMPETENT_LEVELS.length],
            isUrgent: false,
            confidence: { kind: 0.9, domain: 0.9, level: 0.9 },
            explanation: [],
            modelVersion: 'bench',
            isManual: false,
            isAnonymous: false,
            wardCode: wards[i % wards.length],
            receivedAt: '2026-11-23T02:00:00.000Z',
          },
          caseId: randomUUID(),
          producer: 'bench',
          actor: { type: 'system', id: 'bench' },
          occurredAt: new Date(),
        }),
      );
      return { key: m.key, value: m.value, headers: m.headers };
    });
    const count0 = Number((await db.query('SELECT count(*) AS n FROM assignment.assignments')).rows[0].n);
    const cpu0 = process.cpuUsage();
    const t0 = Date.now();
    await producer.send({ topic: `${ns}case.classified`, messages });
    for (;;) {
      const { rows } = await db.query(
        `SELECT (SELECT count(*) FROM assignment.assignments) AS a, (SELECT count(*) FROM assignment.outbox) AS o`,
      );
      if (Number(rows[0].a) >= count0 + count && Number(rows[0].o) === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const cpu = process.cpuUsage(cpu0);
    return { ms: Date.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000 / count };
  };
  try {
    await round(200); // warm-up: JIT, pools, the directory snapshot
    const r = await round(n);
    process.stdout.write(
      `${JSON.stringify({
        bench: 'assignment-service-cpu',
        cases: n,
        cpuMsPerAssignment: Number(r.cpuMs.toFixed(3)),
        casesPerSecond: Math.round((n / r.ms) * 1000),
        node: process.version,
      })}\n`,
    );
  } finally {
    await db.end();
    await producer.disconnect();
    await svc.stop();
    const ka = kafka.admin();
    await ka.connect();
    const topics = (await ka.listTopics()).filter((t) => t.startsWith(ns));
    if (topics.length) await ka.deleteTopics({ topics });
    await ka.disconnect();
    await admin.query('DROP DATABASE IF EXISTS petitions_assign_bench_test WITH (FORCE)');
    await admin.end();
  }
}

const args = process.argv.slice(2);
domainBench(args);
const at = args.indexOf('--service');
if (at >= 0) {
  serviceBench(Number(/^\d+$/.test(args[at + 1] ?? '') ? args[at + 1] : 500)).then(
    () => process.exit(0),
    (e: unknown) => {
      process.stderr.write(`assign-bench: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}

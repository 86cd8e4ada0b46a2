import { randomUUID } from 'node:crypto';
import { Kafka, Producer } from 'kafkajs';
import { FakeClock } from '@lib/domain';
import { RunningService, startService } from '@lib/platform';
import {
  deleteNamespaceTopics,
  resetDatabase,
  ServiceProcess,
  sql,
  startServiceProcess,
  testDatabaseUrl,
  testKafka,
  uniqueNamespace,
  waitFor,
} from '@lib/testing';
import { EscalationEnv } from '../src/escalation.env';
import { escalationService } from '../src/escalation.service';
import { assigned, collectEscalations, endOfDay, publish, SeenEscalation, vn } from './escalation-test-kit';

// Two replicas on one database and namespace: B in-process, A as an OS process (from SERVICES_DIST_DIR) that is
// killed with SIGKILL in the middle of a sweep. Every due step must reach the ledger and the topic once.
const URL = testDatabaseUrl('escalation_replicas');
const NS = uniqueNamespace();
const CASES = 600;
const CHAIN3 = [
  { unitId: 'hn-q-ba-dinh', unitName: 'UBND quận Ba Đình', level: 'district', headStaffId: 'st-bd-head' },
  { unitId: 'hn', unitName: 'UBND thành phố Hà Nội', level: 'city', headStaffId: 'st-hn-head' },
  { unitId: 'vn-ttcp', unitName: 'Thanh tra Chính phủ', level: 'national', headStaffId: 'st-ttcp-head' },
];
const STEPS_PER_CASE = 5; // warning, overdue, three rungs up
const SWEEP = { ESCALATION_SWEEP_MS: '50', ESCALATION_SWEEP_BATCH: '5', OUTBOX_POLL_MS: '50' };
// B's clock stands before every due date while the timers load, then jumps to this moment.
const B_SWEEPS_AT = new Date();

const clock = new FakeClock(vn('2025-01-01T00:00:00'));
let b: RunningService<EscalationEnv>;
let a: ServiceProcess | undefined;
let kafka: Kafka;
let producer: Producer;
let topic: { seen: SeenEscalation[]; stop(): Promise<void> };

const ledgerCount = async () =>
  (await sql<{ n: number }>(URL, `SELECT count(*)::int AS n FROM escalation.escalation_steps`))[0].n;

beforeAll(async () => {
  await resetDatabase(URL);
  kafka = testKafka('escalation-replicas-test');
  b = await startService(escalationService, {
    env: { DATABASE_URL: URL, KAFKA_NAMESPACE: NS, LOG_LEVEL: 'silent', ...SWEEP },
    clock,
    port: 14114,
  });
  producer = kafka.producer();
  await producer.connect();
  topic = await collectEscalations(kafka, NS);
});

afterAll(async () => {
  await a?.kill('SIGKILL');
  await topic?.stop();
  await producer?.disconnect();
  await b?.stop();
  if (kafka) await deleteNamespaceTopics(kafka, NS);
});

describe('two escalation replicas and a kill -9 in the middle of a sweep', () => {
  it('emits every due step exactly once', async () => {
    const events = Array.from({ length: CASES }, (_, i) =>
      assigned(randomUUID(), {
        dueAt: endOfDay(`2025-06-${String(2 + (i % 20)).padStart(2, '0')}`).toISOString(),
        occurredAt: vn('2025-05-15T09:00:00'),
        escalationChain: CHAIN3,
      }),
    );
    await publish(producer, NS, events);
    await waitFor(
      `${CASES} timers stored`,
      async () =>
        (await sql(URL, `SELECT count(*)::int AS n FROM escalation.deadline_timers`))[0].n === CASES,
      60000,
    );
    expect(await ledgerCount()).toBe(0);

    // Both replicas sweep the same backlog: A on the system clock, B once its clock moves.
    a = await startServiceProcess('escalation', 14124, { DATABASE_URL: URL, KAFKA_NAMESPACE: NS, ...SWEEP });
    clock.set(B_SWEEPS_AT);
    const atKill = await waitFor(
      'the sweep under way',
      async () => {
        const n = await ledgerCount();
        return n >= (CASES * STEPS_PER_CASE) / 5 && n;
      },
      60000,
      10,
    );
    await a.kill('SIGKILL');
    a = undefined;
    const expected = CASES * STEPS_PER_CASE;
    expect(atKill).toBeLessThan(expected);

    await waitFor('B finishes the sweep alone', async () => (await ledgerCount()) === expected, 60000);
    // A comes back after the crash and sweeps again: nothing is left to fire, nothing fires twice.
    a = await startServiceProcess('escalation', 14124, { DATABASE_URL: URL, KAFKA_NAMESPACE: NS, ...SWEEP });
    await new Promise((r) => setTimeout(r, 1500));
    await a.kill('SIGTERM');
    a = undefined;

    const byReplica = await sql<{ b: number; a: number }>(
      URL,
      `SELECT count(*) FILTER (WHERE fired_at = $1)::int AS b, count(*) FILTER (WHERE fired_at <> $1)::int AS a
       FROM escalation.escalation_steps`,
      [B_SWEEPS_AT],
    );
    expect(byReplica[0].a).toBeGreaterThan(0); // both replicas really fired steps
    expect(byReplica[0].b).toBeGreaterThan(0);
    const perCase = await sql<{ n: number; cases: number }>(
      URL,
      `SELECT n, count(*)::int AS cases FROM (SELECT case_id, count(*)::int AS n FROM escalation.escalation_steps
       GROUP BY case_id) c GROUP BY n`,
    );
    expect(perCase).toEqual([{ n: STEPS_PER_CASE, cases: CASES }]);
    const open = await sql(
      URL,
      `SELECT count(*)::int AS n FROM escalation.deadline_timers WHERE status <> 'completed'`,
    );
    expect(open[0].n).toBe(0);

    const ledger = await sql<{ step_id: string; event_id: string }>(
      URL,
      `SELECT step_id, event_id FROM escalation.escalation_steps`,
    );
    await waitFor(
      'every step on case.escalated',
      async () => new Set(topic.seen.map((s) => s.payload.stepId)).size >= expected,
      60000,
    );
    await new Promise((r) => setTimeout(r, 1000)); // and nothing more arrives
    const stepIds = new Set(topic.seen.map((s) => s.payload.stepId));
    const eventIds = new Set(topic.seen.map((s) => s.eventId));
    const ledgerEvent = new Map(ledger.map((l) => [l.step_id, l.event_id]));
    expect(stepIds.size).toBe(expected);
    expect(new Set(ledger.map((l) => l.step_id))).toEqual(stepIds);
    // One event per step: a step never became two events. A message the killed relay had sent but not yet
    // deleted from its outbox may be sent again by the survivor, with the same event id (consumers drop it).
    expect(eventIds.size).toBe(expected);
    for (const s of topic.seen) expect(s.eventId).toBe(ledgerEvent.get(s.payload.stepId));
    const redelivered = topic.seen.length - eventIds.size;
    process.stdout.write(
      `replicas: ${expected} steps, A fired ${byReplica[0].a} (killed at ${atKill} in the ledger), ` +
        `B fired ${byReplica[0].b}; ${topic.seen.length} messages, ${redelivered} outbox re-sends after the kill\n`,
    );
    expect(redelivered).toBeLessThanOrEqual(500); // at most one relay batch in flight at the kill
  });
});

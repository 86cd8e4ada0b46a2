import { randomUUID } from 'node:crypto';
import { Kafka, Producer } from 'kafkajs';
import { FakeClock } from '@lib/domain';
import { RunningService, startService } from '@lib/platform';
import {
  deleteNamespaceTopics,
  resetDatabase,
  sql,
  testDatabaseUrl,
  testKafka,
  uniqueNamespace,
  waitFor,
} from '@lib/testing';
import { eventIdOfStep } from '../src/domain/ladder';
import { EscalationEnv } from '../src/escalation.env';
import { escalationService } from '../src/escalation.service';
import { EscalationSweep } from '../src/fire-steps/escalation-sweep';
import {
  activity,
  assigned,
  collectEscalations,
  endOfDay,
  publish,
  SeenEscalation,
  vn,
} from './escalation-test-kit';

// One escalation service in-process on the real broker and database, with a fake clock the tests move. The sweep
// loop is slowed to once an hour so that each test sweeps exactly when it says (sweepAt).
const URL = testDatabaseUrl('escalation_ladder');
const NS = uniqueNamespace();
const clock = new FakeClock(vn('2026-02-27T09:05:00'));
let svc: RunningService<EscalationEnv>;
let sweep: EscalationSweep;
let kafka: Kafka;
let producer: Producer;
let topic: { seen: SeenEscalation[]; stop(): Promise<void> };

async function sweepAt(local: string): Promise<void> {
  clock.set(vn(local));
  await sweep.sweepOnce();
}

async function stepsOf(caseId: string): Promise<string[]> {
  const rows = await sql<{ step: string; level: number; round: number }>(
    URL,
    `SELECT step, level, round FROM escalation.escalation_steps WHERE case_id = $1 ORDER BY scheduled_at, level`,
    [caseId],
  );
  return rows.map((r) => `r${r.round}:${r.step}:${r.level}`);
}

async function timerOf(caseId: string, stage = 'processing'): Promise<any> {
  const rows = await sql(URL, `SELECT * FROM escalation.deadline_timers WHERE case_id = $1 AND stage = $2`, [
    caseId,
    stage,
  ]);
  return rows[0];
}

async function changeOf(eventId: string): Promise<{ outcome: string; reason: string; change: string }[]> {
  return sql(
    URL,
    `SELECT change, outcome, reason FROM escalation.timer_changes WHERE event_id = $1 ORDER BY id`,
    [eventId],
  );
}

/** Publish events and wait until the service has applied each one (its inbox row). */
async function deliver(...events: { eventId: string }[]): Promise<void> {
  await publish(producer, NS, events as never);
  for (const e of events) {
    await waitFor(`event ${e.eventId} applied`, async () => {
      const rows = await sql(URL, `SELECT 1 FROM escalation.inbox WHERE event_id = $1`, [e.eventId]);
      return rows.length === 1;
    });
  }
}

beforeAll(async () => {
  await resetDatabase(URL);
  kafka = testKafka('escalation-ladder-test');
  svc = await startService(escalationService, {
    env: {
      DATABASE_URL: URL,
      KAFKA_NAMESPACE: NS,
      ESCALATION_SWEEP_MS: '3600000',
      OUTBOX_POLL_MS: '50',
      LOG_LEVEL: 'silent',
    },
    clock,
    port: 14104,
  });
  sweep = svc.app.get(EscalationSweep);
  producer = kafka.producer();
  await producer.connect();
  topic = await collectEscalations(kafka, NS);
});

afterAll(async () => {
  await topic?.stop();
  await producer?.disconnect();
  await svc?.stop();
  if (kafka) await deleteNamespaceTopics(kafka, NS);
});

describe('escalation ladder (in-process service, fake clock)', () => {
  it('warns, reports overdue and climbs the hierarchy on working days across a weekend', async () => {
    const caseId = randomUUID();
    clock.set(vn('2026-02-27T09:05:00'));
    await deliver(assigned(caseId)); // due Friday 13 March 2026, 24:00
    expect(await timerOf(caseId)).toMatchObject({
      status: 'active',
      next_fire_at: vn('2026-03-12T00:00:00'),
    });

    await sweepAt('2026-03-11T23:59:59');
    expect(await stepsOf(caseId)).toEqual([]);
    await sweepAt('2026-03-12T00:00:00'); // two working days left: Thursday and Friday
    expect(await stepsOf(caseId)).toEqual(['r0:warning:0']);
    await sweepAt('2026-03-13T23:59:59');
    expect(await stepsOf(caseId)).toEqual(['r0:warning:0']);
    await sweepAt('2026-03-14T00:00:00'); // Saturday 00:00: the due moment has passed
    expect(await stepsOf(caseId)).toEqual(['r0:warning:0', 'r0:overdue:0']);
    await sweepAt('2026-03-17T23:59:59'); // the weekend does not count: Monday and Tuesday are the 2 days
    expect(await stepsOf(caseId)).toHaveLength(2);
    await sweepAt('2026-03-18T00:00:00');
    await sweepAt('2026-03-20T23:59:59');
    expect(await stepsOf(caseId)).toEqual(['r0:warning:0', 'r0:overdue:0', 'r0:escalated:1']);
    await sweepAt('2026-03-21T00:00:00'); // 3 more working days: Wednesday to Friday
    expect(await stepsOf(caseId)).toEqual([
      'r0:warning:0',
      'r0:overdue:0',
      'r0:escalated:1',
      'r0:escalated:2',
    ]);
    expect(await timerOf(caseId)).toMatchObject({ status: 'completed', next_fire_at: null });

    const events = await waitFor('four case.escalated events', async () => {
      const mine = topic.seen.filter((s) => s.caseId === caseId);
      return mine.length === 4 && mine;
    });
    expect(events.map((e) => [e.payload.step, e.payload.levelReached, e.payload.targetUnitId])).toEqual([
      ['warning', 0, 'hn-p-kim-ma'],
      ['overdue', 0, 'hn-p-kim-ma'],
      ['escalated', 1, 'hn-q-ba-dinh'],
      ['escalated', 2, 'hn'],
    ]);
    expect(events.map((e) => e.payload.targetPersonId)).toEqual([
      'st-km-1',
      'st-km-head',
      'st-bd-head',
      'st-hn-head',
    ]);
    expect(events.map((e) => e.payload.daysOverdue)).toEqual([0, 0, 2, 5]);
    expect(events.every((e) => e.payload.stage === 'processing')).toBe(true);
    expect(events.every((e) => e.payload.dueAt === endOfDay('2026-03-13').toISOString())).toBe(true);
    expect(events.every((e) => e.eventId === eventIdOfStep(e.payload.stepId))).toBe(true);
    expect(events[2].payload.reason).toContain('Báo cáo người đứng đầu UBND quận Ba Đình');
  });

  it('does not count Tết 2027 (5, 8–11 Feb off): escalation waits until 16 Feb', async () => {
    const caseId = randomUUID();
    clock.set(vn('2027-01-21T09:00:00'));
    await deliver(
      assigned(caseId, {
        dueAt: endOfDay('2027-02-04').toISOString(),
        occurredAt: vn('2027-01-21T09:00:00'),
      }),
    );
    await sweepAt('2027-02-03T00:00:00');
    expect(await stepsOf(caseId)).toEqual(['r0:warning:0']);
    await sweepAt('2027-02-05T00:00:00'); // Friday 5 Feb, first day of Tết: overdue all the same
    expect(await stepsOf(caseId)).toEqual(['r0:warning:0', 'r0:overdue:0']);
    await sweepAt('2027-02-15T23:59:59'); // only Fri 12 and Mon 15 were working days
    expect(await stepsOf(caseId)).toHaveLength(2);
    await sweepAt('2027-02-16T00:00:00');
    expect(await stepsOf(caseId)).toEqual(['r0:warning:0', 'r0:overdue:0', 'r0:escalated:1']);
    const rows = await sql(
      URL,
      `SELECT days_overdue FROM escalation.escalation_steps WHERE case_id = $1 AND level = 1`,
      [caseId],
    );
    expect(rows[0].days_overdue).toBe(2);
  });

  it('moves the due date on a valid extension and records invalid ones without stopping the consumer', async () => {
    const caseId = randomUUID();
    clock.set(vn('2027-01-05T09:00:00'));
    await deliver(
      assigned(caseId, {
        stage: 'resolution',
        policyId: 'SLA-resolution-denunciation',
        dueAt: endOfDay('2027-02-04').toISOString(),
        occurredAt: vn('2027-01-05T09:00:00'),
      }),
    );
    const stage = 'resolution';
    await sweepAt('2027-01-29T00:00:00'); // 5 working days left
    expect(await stepsOf(caseId)).toEqual(['r0:warning:0']);

    clock.set(vn('2027-02-01T10:00:00'));
    const first = activity(caseId, 'extended', clock.now(), {
      newDueAt: '2027-02-25T23:59:59.999+07:00',
      stage,
    });
    await deliver(first);
    expect(await changeOf(first.eventId)).toEqual([{ change: 'extend', outcome: 'applied', reason: '' }]);
    expect(await timerOf(caseId, stage)).toMatchObject({
      due_at: endOfDay('2027-02-25'),
      extension_count: 1,
    });

    await sweepAt('2027-02-05T00:00:00'); // the old due date has passed: nothing, the clock moved
    expect(await stepsOf(caseId)).toEqual(['r0:warning:0']);

    const tooLong = activity(caseId, 'extended', clock.now(), { newDueAt: '2027-04-06T00:00:00+07:00' });
    const second = activity(caseId, 'extended', clock.now(), { newDueAt: '2027-03-26T00:00:00+07:00' });
    const third = activity(caseId, 'extended', clock.now(), { newDueAt: '2027-04-02T00:00:00+07:00' });
    const garbage = activity(caseId, 'extended', clock.now(), { newDueAt: 'next month' });
    await deliver(tooLong, second, third, garbage);
    expect((await changeOf(tooLong.eventId))[0]).toMatchObject({
      outcome: 'rejected',
      reason: expect.stringContaining('quá 30 ngày'),
    });
    expect((await changeOf(second.eventId))[0].outcome).toBe('applied');
    expect((await changeOf(third.eventId))[0]).toMatchObject({
      outcome: 'rejected',
      reason: expect.stringContaining('tối đa 2 lần'),
    });
    expect((await changeOf(garbage.eventId))[0].outcome).toBe('rejected');
    expect(await timerOf(caseId, stage)).toMatchObject({
      due_at: endOfDay('2027-03-26'),
      extension_count: 2,
    });

    await sweepAt('2027-03-26T23:59:59');
    expect(await stepsOf(caseId)).toEqual(['r0:warning:0']);
    await sweepAt('2027-03-27T00:00:00');
    expect(await stepsOf(caseId)).toEqual(['r0:warning:0', 'r0:overdue:0']);
    const overdue = await waitFor('the overdue event', async () =>
      topic.seen.find((s) => s.caseId === caseId && s.payload.step === 'overdue'),
    );
    expect(overdue.payload.dueAt).toBe(endOfDay('2027-03-26').toISOString());
  });

  it('pauses while information is requested and moves the due date by the paused working days', async () => {
    const caseId = randomUUID();
    clock.set(vn('2026-02-27T09:05:00'));
    await deliver(assigned(caseId));
    const requested = activity(caseId, 'info_requested', vn('2026-03-09T10:00:00'));
    clock.set(vn('2026-03-09T10:00:01'));
    await deliver(requested);
    expect(await timerOf(caseId)).toMatchObject({ status: 'paused', next_fire_at: null });

    await sweepAt('2026-03-16T00:00:00'); // past the original due date: nothing while paused
    expect(await stepsOf(caseId)).toEqual([]);

    clock.set(vn('2026-03-18T09:00:01'));
    await deliver(activity(caseId, 'info_received', vn('2026-03-18T09:00:00')));
    // Tue 10 … Wed 18 March: 7 working days stood still → due Fri 13 + 7 working days = Tue 24 March.
    expect(await timerOf(caseId)).toMatchObject({
      status: 'active',
      due_at: endOfDay('2026-03-24'),
      paused_working_days: 7,
    });
    await sweepAt('2026-03-20T12:00:00');
    expect(await stepsOf(caseId)).toEqual([]);
    await sweepAt('2026-03-23T00:00:00');
    expect(await stepsOf(caseId)).toEqual(['r0:warning:0']);
    await sweepAt('2026-03-25T00:00:00');
    expect(await stepsOf(caseId)).toEqual(['r0:warning:0', 'r0:overdue:0']);
  });

  it('refuses to pause a stage whose clock the law does not stop', async () => {
    const caseId = randomUUID();
    clock.set(vn('2026-03-02T09:00:00'));
    await deliver(
      assigned(caseId, {
        stage: 'acceptance',
        policyId: 'SLA-acceptance-complaint',
        dueAt: endOfDay('2026-03-11').toISOString(),
        occurredAt: vn('2026-03-02T09:00:00'),
      }),
    );
    const requested = activity(caseId, 'info_requested', vn('2026-03-03T09:00:00'));
    await deliver(requested);
    expect((await changeOf(requested.eventId))[0].outcome).toBe('rejected');
    expect((await timerOf(caseId, 'acceptance')).status).toBe('active');
  });

  it('stops every clock for good when the case is resolved: pending steps never fire', async () => {
    const caseId = randomUUID();
    clock.set(vn('2026-02-27T09:05:00'));
    await deliver(assigned(caseId));
    await sweepAt('2026-03-12T00:00:00');
    expect(await stepsOf(caseId)).toEqual(['r0:warning:0']);
    clock.set(vn('2026-03-12T10:00:00'));
    const resolved = activity(caseId, 'resolved', clock.now());
    await deliver(resolved);
    expect(await timerOf(caseId)).toMatchObject({
      status: 'stopped',
      stop_reason: 'resolved',
      next_fire_at: null,
    });
    // The change log names the clocks it stopped.
    expect(
      await sql(URL, `SELECT change, outcome, detail FROM escalation.timer_changes WHERE event_id = $1`, [
        resolved.eventId,
      ]),
    ).toEqual([{ change: 'stop', outcome: 'applied', detail: { stages: ['processing'] } }]);

    await sweepAt('2026-06-01T00:00:00');
    expect(await stepsOf(caseId)).toEqual(['r0:warning:0']);
    // case.assigned arrives on another topic and may come after the closing activity: it never re-arms a clock.
    const late = assigned(caseId, { stage: 'resolution', policyId: 'SLA-resolution-complaint' });
    await deliver(late);
    expect((await changeOf(late.eventId))[0]).toMatchObject({ outcome: 'ignored', reason: 'case closed' });
    expect(await timerOf(caseId, 'resolution')).toBeUndefined();
  });

  it('restarts or keeps the clock on reassignment as the ladder says, and a new stage stops the old one', async () => {
    const caseId = randomUUID();
    clock.set(vn('2026-02-27T09:05:00'));
    await deliver(assigned(caseId));
    await sweepAt('2026-03-12T00:00:00');
    expect(await stepsOf(caseId)).toEqual(['r0:warning:0']);

    // Processing restarts on reassignment (the new unit gets its own 10 working days).
    clock.set(vn('2026-03-12T11:00:00'));
    await deliver(
      assigned(caseId, {
        leadUnitId: 'hn-p-giang-vo',
        leadUnitName: 'UBND phường Giảng Võ',
        handlerId: 'st-gv-1',
        responsiblePersonId: 'st-gv-head',
        reassignmentCount: 1,
        dueAt: endOfDay('2026-03-26').toISOString(),
        occurredAt: clock.now(),
      }),
    );
    expect(await timerOf(caseId)).toMatchObject({ round: 1, next_step: 0, due_at: endOfDay('2026-03-26') });
    await sweepAt('2026-03-14T00:00:00');
    expect(await stepsOf(caseId)).toEqual(['r0:warning:0']);
    await sweepAt('2026-03-25T00:00:00');
    expect(await stepsOf(caseId)).toEqual(['r0:warning:0', 'r1:warning:0']);
    const warned = await waitFor('the new unit is warned', async () =>
      topic.seen.find((s) => s.caseId === caseId && s.payload.stepId.includes(':r1:warning')),
    );
    expect(warned.payload).toMatchObject({ targetUnitId: 'hn-p-giang-vo', targetPersonId: 'st-gv-1' });

    // Accepted: assignment announces the resolution stage; the processing clock stops.
    clock.set(vn('2026-03-25T10:00:00'));
    await deliver(
      assigned(caseId, {
        stage: 'resolution',
        policyId: 'SLA-resolution-complaint',
        leadUnitId: 'hn-p-giang-vo',
        reassignmentCount: 1,
        dueAt: endOfDay('2026-04-24').toISOString(),
        occurredAt: clock.now(),
      }),
    );
    expect(await timerOf(caseId)).toMatchObject({ status: 'stopped', stop_reason: 'stage:resolution' });
    expect(await timerOf(caseId, 'resolution')).toMatchObject({ status: 'active', round: 0 });

    // Resolution keeps its clock on reassignment: same due date, the new unit receives the next steps.
    await deliver(
      assigned(caseId, {
        stage: 'resolution',
        policyId: 'SLA-resolution-complaint',
        leadUnitId: 'hn-p-ngoc-ha',
        leadUnitName: 'UBND phường Ngọc Hà',
        reassignmentCount: 2,
        dueAt: endOfDay('2026-05-29').toISOString(),
        occurredAt: clock.now(),
      }),
    );
    expect(await timerOf(caseId, 'resolution')).toMatchObject({
      round: 0,
      due_at: endOfDay('2026-04-24'),
      lead_unit_id: 'hn-p-ngoc-ha',
      reassignment_count: 2,
    });
  });

  it('published every step of the ledger once, under the event id derived from its step id', async () => {
    const ledger = await sql<{ step_id: string; event_id: string }>(
      URL,
      `SELECT step_id, event_id FROM escalation.escalation_steps`,
    );
    const seen = await waitFor('every ledger step on the topic', async () =>
      topic.seen.length >= ledger.length ? topic.seen : undefined,
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(seen).toHaveLength(ledger.length);
    expect(new Set(seen.map((s) => s.payload.stepId))).toEqual(new Set(ledger.map((l) => l.step_id)));
    for (const l of ledger) expect(l.event_id).toBe(eventIdOfStep(l.step_id));
  });
});

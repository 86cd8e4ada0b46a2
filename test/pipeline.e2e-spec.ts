import { samplePetition } from '../bench/fixtures/sample-petitions';
import {
  deleteNamespaceTopics,
  resetDatabase,
  SERVICE_NAMES,
  ServiceName,
  ServiceProcess,
  sql,
  startServiceProcess,
  testDatabaseUrl,
  testKafka,
  uniqueNamespace,
  waitFor,
} from '@lib/testing';

// All six services as separate OS processes, on the real broker and database, with a namespace of their own.
const DB = testDatabaseUrl('e2e');
const NS = uniqueNamespace();
const PORTS: Record<ServiceName, number> = {
  casework: 13000,
  intake: 13001,
  classification: 13002,
  assignment: 13003,
  escalation: 13004,
  audit: 13005,
};
const env = { DATABASE_URL: DB, KAFKA_NAMESPACE: NS, OUTBOX_POLL_MS: '100' };
const running = new Map<ServiceName, ServiceProcess>();

async function startAll(): Promise<void> {
  // Sequential starts avoid six processes racing to create the same topics on a 2-core machine.
  for (const name of SERVICE_NAMES) running.set(name, await startServiceProcess(name, PORTS[name], env));
}

async function stopAll(signal: NodeJS.Signals): Promise<void> {
  await Promise.all([...running.values()].map((s) => s.kill(signal)));
  running.clear();
}

async function postCase(i: number, key?: string): Promise<{ caseId: string; trackingCode: string }> {
  const res = await fetch(`http://127.0.0.1:${PORTS.intake}/cases`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
    body: JSON.stringify(samplePetition(i)),
  });
  if (res.status !== 201) throw new Error(`POST /cases → ${res.status}: ${await res.text()}`);
  return (await res.json()) as { caseId: string; trackingCode: string };
}

let auditorCookie: string | undefined;
/** How many of the auditor's views of each case showed the petitioner's identity (each is an access event). */
const identityViews = new Map<string, number>();
/** The case as casework shows it to an auditor (who sees every case). */
async function caseView(caseId: string): Promise<any | undefined> {
  if (!auditorCookie) {
    const login = await fetch(`http://127.0.0.1:${PORTS.casework}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'thanhtra', password: 'MatKhau@2026' }),
    });
    auditorCookie = login.headers.get('set-cookie')!.split(';')[0];
  }
  const res = await fetch(`http://127.0.0.1:${PORTS.casework}/api/cases/${caseId}`, {
    headers: { cookie: auditorCookie },
  });
  if (!res.ok) return undefined;
  const body = (await res.json()) as any;
  if (body.petitioner?.identityVisible) identityViews.set(caseId, (identityViews.get(caseId) ?? 0) + 1);
  return body;
}

let auditorBearer: string | undefined;
/** The auditor's bearer token for audit's API, as casework issues it to a signed-in user (session + CSRF). */
async function auditorToken(): Promise<string> {
  if (!auditorBearer) {
    const login = await fetch(`http://127.0.0.1:${PORTS.casework}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'thanhtra', password: 'MatKhau@2026' }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const issued = await fetch(`http://127.0.0.1:${PORTS.casework}/api/auth/internal-token`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrfToken },
    });
    auditorBearer = `Bearer ${((await issued.json()) as { accessToken: string }).accessToken}`;
  }
  return auditorBearer;
}

beforeAll(async () => {
  await resetDatabase(DB);
  await startAll();
});

afterAll(async () => {
  await stopAll('SIGTERM');
  await deleteNamespaceTopics(testKafka(), NS);
});

describe('the pipeline', () => {
  it('walks a posted case to assigned with a due date, and audit holds all of its events', async () => {
    const started = Date.now();
    const { caseId, trackingCode } = await postCase(3);
    const view = await waitFor('case assigned in casework', async () => {
      const v = await caseView(caseId);
      return v?.status === 'assigned' && v;
    });
    const postToAssignedMs = Date.now() - started;
    process.stdout.write(`post → assigned in casework: ${postToAssignedMs} ms\n`);

    expect(view.trackingCode).toBe(trackingCode);
    expect(view.leadUnitId).toEqual(expect.any(String));
    expect(view.handlerId).toEqual(expect.any(String));
    expect(new Date(view.dueAt).getTime()).toBeGreaterThan(Date.now());
    expect(view.timeline.map((t: { eventType: string }) => t.eventType)).toEqual([
      'case.received',
      'case.classified',
      'case.assigned',
    ]);

    // The auditor's own views of the case are themselves recorded (access.recorded), so audit holds those too
    // (one per view that showed the identity: casework may show the case before it is assigned).
    const views = identityViews.get(caseId) ?? 0;
    expect(views).toBeGreaterThanOrEqual(1);
    const chain = await waitFor('audit holds the three case events and the access events', async () => {
      const res = await fetch(`http://127.0.0.1:${PORTS.audit}/api/audit/cases/${caseId}/events`, {
        headers: { authorization: await auditorToken() },
      });
      const body = (await res.json()) as { events: { eventType: string; prevHash: string; hash: string }[] };
      return body.events.length === 3 + views && body.events;
    });
    expect(chain.filter((e) => e.eventType === 'access.recorded')).toHaveLength(views);
    for (let i = 1; i < chain.length; i++) expect(chain[i].prevHash).toBe(chain[i - 1].hash);
    const audit = chain.filter((e) => e.eventType.startsWith('case.'));
    expect(audit.map((e) => e.eventType).sort()).toEqual([
      'case.assigned',
      'case.classified',
      'case.received',
    ]);

    const timers = await waitFor('escalation stored the deadline timer', async () => {
      const res = await fetch(`http://127.0.0.1:${PORTS.escalation}/timers/${caseId}`);
      const rows = (await res.json()) as { dueAt: string; status: string }[];
      return rows.length === 1 && rows;
    });
    expect(new Date(timers[0].dueAt).toISOString()).toBe(view.dueAt);
    expect(timers[0].status).toBe('active');
  });

  it('walks a case from intake to resolution through the APIs alone', async () => {
    const res = await fetch(`http://127.0.0.1:${PORTS.intake}/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        channel: 'online',
        petitioner: { type: 'individual', fullName: 'Trần Văn Bình', phone: '0987654321' },
        content:
          'Phản ánh tình trạng rác thải ùn ứ tại ngõ 12 phố Phúc Xá kéo dài nhiều tuần, gây mùi hôi, ảnh hưởng đến đời sống người dân.',
        wardCode: '00001',
      }),
    });
    const { caseId } = (await res.json()) as { caseId: string };
    const login = await fetch(`http://127.0.0.1:${PORTS.casework}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'truong.phucxa', password: 'MatKhau@2026' }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const view = async () =>
      (
        await fetch(`http://127.0.0.1:${PORTS.casework}/api/cases/${caseId}`, { headers: { cookie } })
      ).json() as Promise<any>;
    await waitFor(
      'assigned to the ward',
      async () => (await view().catch(() => undefined))?.status === 'assigned',
    );
    expect((await view()).leadUnitId).toBe('hn-p-00001');
    const act = (action: string, body: object = {}) =>
      fetch(`http://127.0.0.1:${PORTS.casework}/api/cases/${caseId}/actions/${action}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
        body: JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
    expect((await act('accept')).body.status).toBe('accepted');
    const resolved = await act('resolve', {
      outcome: 'answered',
      decisionText: 'Đã chỉ đạo thu gom rác và trả lời công dân.',
    });
    expect(resolved.body.status).toBe('resolved');
    // Every service saw it: audit stored the activities, escalation stopped the clock.
    await waitFor('audit holds both activities', async () => {
      const r = await fetch(`http://127.0.0.1:${PORTS.audit}/api/audit/cases/${caseId}/events`, {
        headers: { authorization: await auditorToken() },
      });
      const body = (await r.json()) as { events: { eventType: string }[] };
      return body.events.filter((e) => e.eventType === 'case.activity').length === 2;
    });
    await waitFor('deadline timer stopped', async () => {
      const r = await fetch(`http://127.0.0.1:${PORTS.escalation}/timers/${caseId}`);
      const rows = (await r.json()) as { status: string }[];
      return rows.length > 0 && rows.every((t) => t.status === 'stopped');
    });
    const track = await fetch(`http://127.0.0.1:${PORTS.casework}/track/${(await view()).trackingCode}`);
    expect(((await track.json()) as { status: string }).status).toBe('resolved');
  });

  it('returns the first answer to a retried request with the same Idempotency-Key', async () => {
    const first = await postCase(5, 'e2e-retry-1');
    const second = await postCase(5, 'e2e-retry-1');
    expect(second).toEqual(first);
    const rows = await sql(DB, `SELECT count(*)::int AS n FROM intake.cases WHERE tracking_code = $1`, [
      first.trackingCode,
    ]);
    expect(rows[0].n).toBe(1);
  });

  it('assigns every case exactly once when every service is killed and restarted while cases are in flight', async () => {
    const posted: string[] = [];
    for (let i = 0; i < 40; i++) posted.push((await postCase(100 + i)).caseId);
    // Crash everything mid-flight (no graceful drain), then bring it back.
    await stopAll('SIGKILL');
    await startAll();
    for (let i = 40; i < 60; i++) posted.push((await postCase(100 + i)).caseId);
    // And a graceful restart of the whole stack while the last ones move.
    await stopAll('SIGTERM');
    await startAll();

    // A case the classifier is unsure of waits in triage for a human; every other one must be assigned.
    const settled = await waitFor(
      'every case assigned (or in triage) in casework',
      async () => {
        const rows = await sql(DB, `SELECT case_id, status FROM casework.cases WHERE case_id = ANY($1)`, [
          posted,
        ]);
        return (
          rows.length === posted.length &&
          rows.every((r) => ['assigned', 'triage'].includes(r.status)) &&
          rows
        );
      },
      120000,
      500,
    );
    const assigned = settled.filter((r) => r.status === 'assigned').map((r) => r.case_id as string);
    expect(assigned.length).toBeGreaterThan(posted.length * 0.8);
    const assignments = await sql(
      DB,
      `SELECT case_id, reassignment_count FROM assignment.assignments WHERE case_id = ANY($1)`,
      [posted],
    );
    expect(assignments.map((a) => a.case_id).sort()).toEqual([...assigned].sort());
    expect(assignments.every((a) => a.reassignment_count === 0)).toBe(true);
    // Exactly one case.assigned event per case reached the audit store (redeliveries are stored once).
    await waitFor(
      'audit caught up',
      async () => {
        const rows = await sql(
          DB,
          `SELECT count(*)::int AS n FROM audit.event_store WHERE case_id = ANY($1) AND event_type = 'case.assigned'`,
          [posted],
        );
        return rows[0].n === assigned.length;
      },
      60000,
      500,
    );
    const perCase = await sql(
      DB,
      `SELECT case_id, count(*)::int AS n FROM audit.event_store WHERE case_id = ANY($1) AND event_type = 'case.assigned' GROUP BY case_id`,
      [posted],
    );
    expect(perCase).toHaveLength(assigned.length);
    expect(perCase.every((r) => r.n === 1)).toBe(true);
    const timeline = await sql(
      DB,
      `SELECT case_id, count(*)::int AS n FROM casework.case_timeline WHERE case_id = ANY($1) GROUP BY case_id`,
      [assigned],
    );
    expect(timeline.every((r) => r.n === 3)).toBe(true);
  });
});

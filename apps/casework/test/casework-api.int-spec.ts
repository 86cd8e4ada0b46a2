import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Producer } from 'kafkajs';
import {
  AccessRevokedV1,
  CaseAssignedV1,
  CaseClassifiedV1,
  CaseReceivedV1,
  createEnvelope,
  encodeEvent,
  EventEnvelope,
  Topics,
  userStreamId,
} from '@lib/contracts';
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
import { caseworkService } from '../src/casework.service';
import { CaseworkEnv } from '../src/casework.env';

// Casework alone, on the real broker and database: cases are made by producing the upstream events directly.
const DB = testDatabaseUrl('casework_api');
const NS = uniqueNamespace();
const PORT = 13100;
const BASE = `http://127.0.0.1:${PORT}`;
const PASSWORD = 'MatKhau@2026';
const kafka = testKafka();
let svc: RunningService<CaseworkEnv>;
let producer: Producer;

interface Session {
  cookie: string;
  csrf: string;
}
const sessions = new Map<string, Session>();

async function login(username: string): Promise<Session> {
  const cached = sessions.get(username);
  if (cached) return cached;
  const res = await fetch(`${BASE}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  expect(res.status).toBe(200);
  const cookie = res.headers.get('set-cookie')!.split(';')[0];
  const s = { cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
  sessions.set(username, s);
  return s;
}

async function get(username: string | null, path: string): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = {};
  if (username) headers.cookie = (await login(username)).cookie;
  const res = await fetch(`${BASE}${path}`, { headers });
  return { status: res.status, body: await res.json().catch(() => null) };
}

async function act(username: string, caseId: string, action: string, body: object = {}) {
  const s = await login(username);
  const res = await fetch(`${BASE}/api/cases/${caseId}/actions/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: s.cookie, 'x-csrf-token': s.csrf },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as any };
}

const system = { type: 'system' as const, id: 'test' };

/** Make a case as the pipeline would: received, classified and assigned to a unit. */
async function makeCase(opts: {
  kind: CaseClassifiedV1['kind'];
  unitId: string;
  unitName: string;
  handlerId: string;
  headId: string;
  chain: { unitId: string; unitName: string; level: string }[];
  dueAt?: string;
  fullName?: string;
}): Promise<{ caseId: string; trackingCode: string }> {
  const caseId = randomUUID();
  const trackingCode = `HN-20261123-${randomUUID()
    .replace(/[^0-9A-F]/gi, '')
    .slice(0, 6)
    .toUpperCase()}`;
  const at = (s: number) => new Date(Date.now() - 60000 + s * 1000);
  const events: EventEnvelope<object>[] = [
    createEnvelope({
      payloadClass: CaseReceivedV1,
      caseId,
      producer: 'test',
      actor: system,
      occurredAt: at(0),
      payload: {
        trackingCode,
        channel: 'in_person',
        receivedAt: at(0).toISOString(),
        petitioner: {
          type: 'individual',
          fullName: opts.fullName ?? 'Nguyễn Văn Tố',
          nationalId: '001203004567',
          phone: '0912345678',
        },
        content: 'Tố cáo cán bộ phường có hành vi nhũng nhiễu khi làm thủ tục cấp giấy phép xây dựng.',
        wardCode: '00001',
        isAnonymous: false,
      } as CaseReceivedV1,
    }),
    createEnvelope({
      payloadClass: CaseClassifiedV1,
      caseId,
      producer: 'test',
      actor: system,
      occurredAt: at(1),
      payload: {
        kind: opts.kind,
        domain: 'corruption',
        level: 'commune',
        isUrgent: false,
        wardCode: '00001',
        secondaryKinds: [],
        confidence: { kind: 0.9, domain: 0.9, level: 0.9 },
        explanation: [],
        modelVersion: 'test',
        isManual: false,
        isAnonymous: false,
        trackingCode,
      },
    }),
    createEnvelope({
      payloadClass: CaseAssignedV1,
      caseId,
      producer: 'test',
      actor: system,
      occurredAt: at(2),
      payload: {
        leadUnitId: opts.unitId,
        leadUnitName: opts.unitName,
        coordinatingUnitIds: [],
        handlerId: opts.handlerId,
        handlerName: 'Cán bộ',
        responsiblePersonId: opts.headId,
        ruleId: 'R090-commune',
        reason: 'test',
        stage: 'processing',
        dueAt: opts.dueAt ?? new Date(Date.now() + 10 * 86400000).toISOString(),
        slaWorkingDays: 10,
        policyId: 'SLA-processing-all',
        reassignmentCount: 0,
        flags: [],
        escalationChain: opts.chain.map((c) => ({ ...c })),
      },
    }),
  ];
  for (const e of events) {
    const m = encodeEvent(e);
    await producer.send({ topic: NS + m.topic, messages: [{ key: m.key, value: m.value }] });
  }
  await waitFor('case projected as assigned', async () => {
    const rows = await sql(DB, `SELECT status FROM casework.cases WHERE case_id = $1`, [caseId]);
    return rows[0]?.status === 'assigned';
  });
  return { caseId, trackingCode };
}

const PHUC_XA = {
  unitId: 'hn-p-00001',
  unitName: 'UBND Phường Phúc Xá',
  headId: 'hn-p-00001.head',
  chain: [
    { unitId: 'hn-q-ba-dinh', unitName: 'UBND Quận Ba Đình', level: 'district' },
    { unitId: 'hn', unitName: 'UBND thành phố Hà Nội', level: 'city' },
  ],
};
let denunciation: { caseId: string; trackingCode: string };
let reflection: { caseId: string; trackingCode: string };
let overdue: { caseId: string; trackingCode: string };

beforeAll(async () => {
  await resetDatabase(DB);
  svc = await startService(caseworkService, {
    env: { DATABASE_URL: DB, KAFKA_NAMESPACE: NS, LOG_LEVEL: 'silent', LOGIN_MAX_FAILURES: '3' },
    port: PORT,
  });
  producer = kafka.producer();
  await producer.connect();
  denunciation = await makeCase({ ...PHUC_XA, kind: 'denunciation', handlerId: 'hn-p-00001.h1' });
  reflection = await makeCase({
    ...PHUC_XA,
    kind: 'reflection',
    handlerId: 'hn-p-00001.h2',
    fullName: 'Trần Thị Phản',
  });
  overdue = await makeCase({
    ...PHUC_XA,
    kind: 'reflection',
    handlerId: 'hn-p-00001.h2',
    dueAt: new Date(Date.now() - 86400000).toISOString(),
  });
});

afterAll(async () => {
  await producer?.disconnect();
  await svc?.stop();
  await deleteNamespaceTopics(kafka, NS);
});

describe('sessions', () => {
  it('refuses the API without a session, and a state change without the CSRF token', async () => {
    expect((await get(null, `/api/cases/${reflection.caseId}`)).status).toBe(401);
    const s = await login('truong.phucxa');
    const res = await fetch(`${BASE}/api/cases/${reflection.caseId}/actions/note`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: s.cookie },
      body: JSON.stringify({ text: 'ghi chú' }),
    });
    expect(res.status).toBe(403);
  });

  it('sets an httpOnly SameSite=Strict cookie and rate-limits failed logins', async () => {
    const ok = await fetch(`${BASE}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'thanhtra', password: PASSWORD }),
    });
    expect(ok.headers.get('set-cookie')).toMatch(/HttpOnly/i);
    expect(ok.headers.get('set-cookie')).toMatch(/SameSite=Strict/i);
    const attempt = () =>
      fetch(`${BASE}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'khong.ton.tai', password: 'sai-mat-khau' }),
      }).then((r) => r.status);
    expect([await attempt(), await attempt(), await attempt()]).toEqual([401, 401, 401]);
    expect(await attempt()).toBe(429);
  });

  it('stores passwords as argon2id hashes', async () => {
    const rows = await sql(DB, `SELECT password_hash FROM casework.users`);
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.every((r) => r.password_hash.startsWith('$argon2id$'))).toBe(true);
  });
});

describe('who sees what', () => {
  // [user, case, expected status, identity visible]
  const matrix: [string, () => string, number, boolean | null][] = [
    ['xuly.phucxa1', () => denunciation.caseId, 200, true], // the denunciation's handler
    ['xuly.phucxa2', () => denunciation.caseId, 200, false], // same unit, not the handler
    ['truong.phucxa', () => denunciation.caseId, 200, true], // the lead unit's head
    ['thanhtra', () => denunciation.caseId, 200, true], // auditor
    ['quantri', () => denunciation.caseId, 200, false], // admin sees the case, not the denouncer
    ['xuly.trucbach1', () => denunciation.caseId, 404, null], // another ward's staff
    ['truong.badinh', () => denunciation.caseId, 404, null], // district head: not overdue, not escalated
    ['truong.badinh', () => overdue.caseId, 200, false], // district head: a sub-unit's overdue case
    ['xuly.phucxa2', () => reflection.caseId, 200, true], // reflection: the unit's staff
    ['xuly.trucbach1', () => reflection.caseId, 404, null],
  ];
  it.each(matrix)('%s reading case %# →', async (user, id, status, identity) => {
    const res = await get(user, `/api/cases/${id()}`);
    expect(res.status).toBe(status);
    if (status === 200) {
      expect(res.body.petitioner.identityVisible).toBe(identity);
      if (!identity) expect(res.body.petitioner.fullName).toBeUndefined();
      if (!identity && res.body.kind === 'denunciation')
        expect(res.body.petitioner.nationalId).toBeUndefined();
    }
  });

  it('records every view of protected fields', async () => {
    await get('thanhtra', `/api/cases/${denunciation.caseId}`);
    const rows = await sql(DB, `SELECT user_id, fields FROM casework.access_log WHERE case_id = $1`, [
      denunciation.caseId,
    ]);
    expect(rows.map((r) => r.user_id)).toEqual(
      expect.arrayContaining(['u-auditor', 'u-phucxa-h1', 'u-phucxa-head']),
    );
    expect(rows.map((r) => r.user_id)).not.toContain('u-phucxa-h2');
    // …and sent to audit as access.recorded events.
    const consumer = kafka.consumer({ groupId: `${NS}access-reader` });
    const seen: { caseId: string; payload: { userId: string } }[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic: `${NS}access.recorded`, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => void seen.push(JSON.parse(message.value!.toString())),
    });
    await waitFor('access events published', async () =>
      ['u-auditor', 'u-phucxa-h1', 'u-phucxa-head'].every((u) =>
        seen.some((e) => e.caseId === denunciation.caseId && e.payload.userId === u),
      ),
    );
    await consumer.disconnect();
  });

  it('never shows identity in lists, and scopes queues', async () => {
    const unit = await get('xuly.phucxa2', '/api/queues/unit');
    expect(unit.status).toBe(200);
    expect(unit.body.items.map((c: { caseId: string }) => c.caseId)).toEqual(
      expect.arrayContaining([denunciation.caseId, reflection.caseId]),
    );
    expect(JSON.stringify(unit.body)).not.toMatch(/Nguyễn Văn Tố|001203004567|0912345678/);
    const mine = await get('xuly.phucxa1', '/api/queues/mine');
    expect(mine.body.items.map((c: { caseId: string }) => c.caseId)).toEqual([denunciation.caseId]);
    const other = await get('xuly.trucbach1', '/api/queues/unit');
    expect(other.body.items).toEqual([]);
    const escalated = await get('truong.badinh', '/api/queues/escalated');
    expect(escalated.body.items.map((c: { caseId: string }) => c.caseId)).toEqual([overdue.caseId]);
    expect((await get('xuly.phucxa1', '/api/queues/triage')).status).toBe(403);
  });

  it('finds by words without diacritics, and by petitioner only where identity may be seen', async () => {
    const words = await get('xuly.phucxa2', '/api/cases?q=nhung%20nhieu%20giay%20phep');
    expect(words.body.items.length).toBe(3);
    const byName = await get('xuly.phucxa2', `/api/cases?petitioner=${encodeURIComponent('nguyen van to')}`);
    // h2 may not see the denouncer, so the denunciation is not found by the denouncer's name.
    expect(byName.body.items.map((c: { caseId: string }) => c.caseId)).not.toContain(denunciation.caseId);
    const byHandler = await get(
      'xuly.phucxa1',
      `/api/cases?petitioner=${encodeURIComponent('Nguyễn Văn Tố')}`,
    );
    expect(byHandler.body.items.map((c: { caseId: string }) => c.caseId)).toContain(denunciation.caseId);
    expect((await get('quantri', '/api/cases?petitioner=nguyen')).status).toBe(403);
  });

  it('answers public tracking without personal data, and alike for unknown and confidential codes', async () => {
    const pub = await get(null, `/track/${reflection.trackingCode}`);
    expect(pub.status).toBe(200);
    expect(Object.keys(pub.body).sort()).toEqual([
      'dueAt',
      'lastUpdateAt',
      'leadUnitName',
      'responsibleTitle',
      'status',
      'trackingCode',
    ]);
    const unknown = await get(null, '/track/HN-20261123-ZZZZZZ');
    const confidential = await get(null, `/track/${denunciation.trackingCode}`);
    expect(unknown.status).toBe(404);
    expect(confidential).toEqual(unknown);
  });
});

describe('actions', () => {
  it('refuses an action the state does not allow, naming the allowed ones (409)', async () => {
    const res = await act('truong.phucxa', reflection.caseId, 'resolve', {
      outcome: 'answered',
      decisionText: 'Đã trả lời công dân.',
    });
    expect(res.status).toBe(409);
    expect(res.body.allowedActions).toEqual(expect.arrayContaining(['accept', 'reject', 'transfer']));
  });

  it.each([
    ['reject', {}, 'ground'],
    ['reject', { ground: 'made_up', reason: 'không đủ điều kiện' }, 'ground'],
    ['file', { reason: 'lưu đơn trùng' }, 'ground'],
    ['request_info', {}, 'reason'],
    ['transfer', { reason: 'không thuộc thẩm quyền' }, 'targetUnitId'],
    ['note', {}, 'text'],
    ['split', { parts: [] }, 'parts'],
  ])('refuses %s with bad input (400) and changes nothing', async (action, body, field) => {
    const before = await sql(DB, `SELECT state FROM casework.cases WHERE case_id = $1`, [reflection.caseId]);
    const res = await act('truong.phucxa', reflection.caseId, action, body);
    expect(res.status).toBe(400);
    expect(res.body.fields.map((f: { field: string }) => f.field)).toContain(field);
    const after = await sql(DB, `SELECT state FROM casework.cases WHERE case_id = $1`, [reflection.caseId]);
    expect(after).toEqual(before);
  });

  it('lets only the unit head reassign, to a handler of the unit', async () => {
    expect(
      (await act('xuly.phucxa2', reflection.caseId, 'reassign', { handlerId: 'hn-p-00001.h1' })).status,
    ).toBe(403);
    expect(
      (await act('truong.phucxa', reflection.caseId, 'reassign', { handlerId: 'hn-p-00004.h1' })).status,
    ).toBe(400);
    const ok = await act('truong.phucxa', reflection.caseId, 'reassign', { handlerId: 'hn-p-00001.h1' });
    expect(ok.status).toBe(200);
    expect(ok.body.handlerId).toBe('hn-p-00001.h1');
  });

  it('refuses actions from staff of another unit', async () => {
    expect((await act('xuly.trucbach1', reflection.caseId, 'accept')).status).toBe(404);
  });

  it('walks accept → request info → receive info → resolve, each recorded as case.activity with the timeline', async () => {
    const id = reflection.caseId;
    expect((await act('xuly.phucxa1', id, 'accept')).body.status).toBe('accepted');
    expect(
      (await act('xuly.phucxa1', id, 'request_info', { reason: 'Đề nghị bổ sung ảnh chụp hiện trường' })).body
        .status,
    ).toBe('info_requested');
    expect((await act('xuly.phucxa1', id, 'extend', { days: 5, reason: 'gia hạn thử' })).status).toBe(409);
    expect((await act('xuly.phucxa1', id, 'receive_info')).body.status).toBe('info_received');
    expect(
      (await act('xuly.phucxa1', id, 'resolve', { outcome: 'upheld', decisionText: 'Đã trả lời công dân.' }))
        .status,
    ).toBe(400);
    const done = await act('xuly.phucxa1', id, 'resolve', {
      outcome: 'answered',
      decisionText: 'Đã chỉ đạo xử lý và trả lời công dân.',
    });
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('resolved');
    expect(done.body.allowedActions).toEqual(['note']);
    const view = await get('xuly.phucxa1', `/api/cases/${id}`);
    const activities = view.body.timeline.filter(
      (t: { eventType: string }) => t.eventType === 'case.activity',
    );
    expect(activities.map((t: { summary: string }) => t.summary.split(': ')[1])).toEqual([
      'reassigned',
      'accepted',
      'info_requested',
      'info_received',
      'resolved',
    ]);
    expect(activities.every((t: { actorId: string }) => t.actorId.startsWith('u-'))).toBe(true);
    // The activities went out through the outbox to Kafka.
    await waitFor(
      'outbox drained',
      async () => (await sql(DB, `SELECT 1 FROM casework.outbox`)).length === 0,
    );
  });

  it('extends a denunciation within the legal limit only, and transfers once', async () => {
    const id = denunciation.caseId;
    expect((await act('xuly.phucxa1', id, 'accept')).status).toBe(200);
    // Resolution stage starts when assignment answers the acceptance; simulate it for casework alone.
    await producer.send({
      topic: `${NS}case.assigned`,
      messages: [
        {
          key: id,
          value: encodeEvent(
            createEnvelope({
              payloadClass: CaseAssignedV1,
              caseId: id,
              producer: 'test',
              actor: system,
              occurredAt: new Date(),
              payload: {
                leadUnitId: PHUC_XA.unitId,
                leadUnitName: PHUC_XA.unitName,
                coordinatingUnitIds: [],
                handlerId: 'hn-p-00001.h1',
                handlerName: 'Cán bộ',
                responsiblePersonId: PHUC_XA.headId,
                ruleId: 'R090-commune',
                reason: 'giai đoạn giải quyết',
                stage: 'resolution',
                dueAt: new Date(Date.now() + 30 * 86400000).toISOString(),
                slaWorkingDays: 0,
                policyId: 'SLA-resolution-denunciation',
                reassignmentCount: 0,
                flags: [],
              },
            }),
          ).value,
        },
      ],
    });
    await waitFor(
      'resolution stage',
      async () => (await get('xuly.phucxa1', `/api/cases/${id}`)).body.stage === 'resolution',
    );
    expect((await act('xuly.phucxa1', id, 'extend', { days: 31, reason: 'vụ việc phức tạp' })).status).toBe(
      400,
    );
    expect((await act('xuly.phucxa1', id, 'extend', { days: 30, reason: 'vụ việc phức tạp' })).status).toBe(
      200,
    );
    expect((await act('xuly.phucxa1', id, 'extend', { days: 30, reason: 'đặc biệt phức tạp' })).status).toBe(
      200,
    );
    expect((await act('xuly.phucxa1', id, 'extend', { days: 10, reason: 'lần thứ ba' })).status).toBe(409);
    expect((await act('xuly.phucxa1', id, 'withdraw', { reason: 'Người tố cáo rút đơn' })).body.status).toBe(
      'withdrawn',
    );
  });
});

describe('accounts', () => {
  const post = async (username: string, path: string) => {
    const s = await login(username);
    const res = await fetch(`${BASE}${path}`, {
      method: 'POST',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    });
    return res.status;
  };
  const tryLogin = async (username: string) =>
    (
      await fetch(`${BASE}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: PASSWORD }),
      })
    ).status;

  it('lets an admin close an account: it cannot sign in, its sessions end, its internal tokens are withdrawn', async () => {
    const user = await login('xuly.btcd');
    expect((await fetch(`${BASE}/api/auth/me`, { headers: { cookie: user.cookie } })).status).toBe(200);
    expect(await post('xuly.phucxa1', '/api/users/u-btcd-handler/deactivate')).toBe(403);
    expect(await post('quantri', '/api/users/u-nobody/deactivate')).toBe(404);
    expect(await post('quantri', '/api/users/u-admin/deactivate')).toBe(409); // not oneself

    const consumer = testKafka().consumer({ groupId: `${NS}revoked-reader` });
    const seen: EventEnvelope<AccessRevokedV1>[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic: `${NS}${Topics.AccessRevoked}`, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        seen.push(JSON.parse(message.value!.toString()));
      },
    });
    try {
      expect(await post('quantri', '/api/users/u-btcd-handler/deactivate')).toBe(204);
      expect((await fetch(`${BASE}/api/auth/me`, { headers: { cookie: user.cookie } })).status).toBe(401);
      expect(await tryLogin('xuly.btcd')).toBe(401);
      // The withdrawal went out through the outbox (audit and assignment then refuse the user's tokens).
      const event = await waitFor('access.revoked published', async () =>
        seen.find((e) => e.payload.userId === 'u-btcd-handler'),
      );
      expect(event).toMatchObject({
        caseId: userStreamId('u-btcd-handler'),
        actor: { type: 'user', id: 'u-admin' },
        payload: { reason: 'deactivated' },
      });
      expect(event.payload).not.toHaveProperty('sessionId');
      expect(await post('quantri', '/api/users/u-btcd-handler/deactivate')).toBe(204); // closing again: nothing new
      await new Promise((r) => setTimeout(r, 500));
      expect(seen.filter((e) => e.payload.userId === 'u-btcd-handler')).toHaveLength(1);
    } finally {
      await consumer.disconnect();
    }

    expect(await post('quantri', '/api/users/u-btcd-handler/activate')).toBe(204);
    expect(await tryLogin('xuly.btcd')).toBe(200);
  });
});

import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Producer } from 'kafkajs';
import { DEV_INTERNAL_AUTH_SECRET, signInternalToken } from '@lib/auth';
import { CaseDomain, CaseKind, CompetentLevel, directoryStreamId, encodeEvent, Topics } from '@lib/contracts';
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
import { AssignmentEnv } from '../src/assignment.env';
import { assignmentService } from '../src/assignment.service';
import { activity, AssignedLog, classified, DirectoryChangedLog, publish } from './assignment-test-kit';

// The assignment service in-process on the real broker and database, with the Hanoi three-tier data (seeds/v2).
const DB = testDatabaseUrl('assignment');
const NS = uniqueNamespace();
const PORT = 13303;
const BASE = `http://127.0.0.1:${PORT}`;
const clock = new FakeClock(new Date('2026-11-23T02:00:00.000Z'));
const kafka = testKafka();
let svc: RunningService<AssignmentEnv>;
let producer: Producer;
let log: AssignedLog;
let directoryLog: DirectoryChangedLog;

/** 24:00 of a Vietnamese date. */
const endOf = (date: string) => new Date(Date.parse(`${date}T23:59:59.999+07:00`)).toISOString();

async function assign(over: Parameters<typeof classified>[1]) {
  const caseId = randomUUID();
  await publish(producer, NS, [classified(caseId, over)]);
  return { caseId, assigned: await log.nth(caseId) };
}

/** A bearer token as casework issues it (the test stack runs on the development secret). */
const tokenFor = (roles: string[], sub = 'admin-1', now = clock.now()) =>
  signInternalToken({ sub, roles, unitId: 'hn' }, DEV_INTERNAL_AUTH_SECRET, { now }).token;

async function http(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(BASE + path, {
    method,
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${tokenFor(['admin'])}`,
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as any };
}

beforeAll(async () => {
  await resetDatabase(DB);
  svc = await startService(assignmentService, {
    env: { DATABASE_URL: DB, KAFKA_NAMESPACE: NS, LOG_LEVEL: 'silent', OUTBOX_POLL_MS: '100' },
    port: PORT,
    clock,
  });
  producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  log = await AssignedLog.start(kafka, NS);
  directoryLog = await DirectoryChangedLog.start(kafka, NS);
});

afterAll(async () => {
  await log?.stop();
  await directoryLog?.stop();
  await producer?.disconnect();
  await svc?.stop();
  await deleteNamespaceTopics(kafka, NS);
});

describe('assigning classified cases (three tiers)', () => {
  const grid: [CaseKind, CaseDomain, CompetentLevel, string][] = [
    ['reflection', 'environment', 'commune', 'hn-p-00220'],
    ['complaint', 'land', 'commune', 'hn-p-00220'],
    ['recommendation', 'traffic_infrastructure', 'commune', 'hn-p-00220'],
    ['reflection', 'fire_safety', 'commune', 'hn-p-00220-ca'],
    ['complaint', 'compensation', 'district', 'hn-q-dong-da'],
    ['reflection', 'fire_safety', 'district', 'hn-q-dong-da-ca'],
    ['complaint', 'construction', 'city', 'hn-so-xd'],
    ['reflection', 'apartment', 'city', 'hn-so-xd'],
    ['complaint', 'land', 'city', 'hn-so-nnmt'],
    ['reflection', 'public_order', 'city', 'hn-cong-an'],
    ['recommendation', 'social_policy', 'city', 'hn-so-noi-vu'],
    ['recommendation', 'health_education_culture', 'city', 'hn-so-y-te'],
    ['complaint', 'admin_procedure', 'city', 'hn-so-tu-phap'],
    ['reflection', 'other', 'commune', 'hn-btcd'],
  ];

  it.each(grid)('routes a %s about %s at %s level to %s', async (kind, domain, level, unitId) => {
    const { assigned } = await assign({ kind, domain, level, wardCode: '00220' });
    expect(assigned.leadUnitId).toBe(unitId);
    expect(assigned.stage).toBe('processing');
    expect(assigned.reassignmentCount).toBe(0);
    const unit = await http('GET', `/directory/units/${unitId}`);
    expect(assigned.responsiblePersonId).toBe(unit.body.headStaffId);
    expect(unit.body.staff.map((s: { id: string }) => s.id)).toContain(assigned.handlerId);
    expect(assigned.reason.length).toBeGreaterThan(10);
  });

  it('sets the processing deadline, its policy and legal basis, and the chain above the lead unit', async () => {
    const { caseId, assigned } = await assign({ kind: 'complaint', domain: 'land', wardCode: '00001' });
    expect(assigned).toMatchObject({
      leadUnitId: 'hn-p-00001',
      leadUnitName: 'UBND Phường Phúc Xá',
      handlerId: 'hn-p-00001.h1',
      responsiblePersonId: 'hn-p-00001.head',
      ruleId: 'R190-commune',
      policyId: 'SLA-processing-all',
      dueAt: endOf('2026-12-07'),
      slaWorkingDays: 10,
      flags: [],
    });
    expect(assigned.legalBasis).toMatch(/05\/2021\/TT-TTCP/);
    expect(assigned.escalationChain?.map((r) => r.unitId)).toEqual(['hn-q-ba-dinh', 'hn']);
    const rows = await sql(DB, 'SELECT rule_id, is_open FROM assignment.assignments WHERE case_id = $1', [
      caseId,
    ]);
    expect(rows).toEqual([{ rule_id: 'R190-commune', is_open: true }]);
  });

  it('gives the next land case in the ward to the other skilled handler (fewest open cases)', async () => {
    const first = await assign({ kind: 'complaint', domain: 'land', wardCode: '00004' });
    const second = await assign({ kind: 'complaint', domain: 'land', wardCode: '00004' });
    expect([first.assigned.handlerId, second.assigned.handlerId].sort()).toEqual([
      'hn-p-00004.h1',
      'hn-p-00004.h2',
    ]);
  });

  it('balances a backlog handled as one batch across the skilled handlers, and assigns a redelivery once', async () => {
    const events = Array.from({ length: 8 }, () =>
      classified(randomUUID(), { kind: 'complaint', domain: 'land', wardCode: '00004' }),
    );
    // One partition, so the service takes them as one batch (in order) rather than in parallel transactions.
    const messages = [...events, events[3]].map((e) => {
      const m = encodeEvent(e);
      return { key: m.key, value: m.value, headers: m.headers, partition: 0 };
    });
    await producer.send({ topic: NS + Topics.CaseClassified, messages });
    const assigned = await Promise.all(events.map((e) => log.nth(e.caseId)));
    const perHandler = new Map<string, number>();
    for (const a of assigned) perHandler.set(a.handlerId, (perHandler.get(a.handlerId) ?? 0) + 1);
    expect(Object.fromEntries(perHandler)).toEqual({ 'hn-p-00004.h1': 4, 'hn-p-00004.h2': 4 });
    await new Promise((r) => setTimeout(r, 500));
    expect(log.byCase.get(events[3].caseId)).toHaveLength(1);
  });

  it('sends a denunciation of a ward official to the district above, 7 working days to process', async () => {
    const { assigned } = await assign({ kind: 'denunciation', domain: 'corruption', wardCode: '00220' });
    expect(assigned.leadUnitId).toBe('hn-q-dong-da');
    expect(assigned.policyId).toBe('SLA-processing-denunciation');
    expect(assigned.dueAt).toBe(endOf('2026-12-02'));
  });

  it('sends a case with an unknown location to the city reception board, flagged', async () => {
    const { assigned } = await assign({ kind: 'reflection', domain: 'environment' });
    expect(assigned.leadUnitId).toBe('hn-btcd');
    expect(assigned.flags).toEqual(['location_unknown', 'manual_routing']);
    const unknownCode = await assign({ kind: 'reflection', domain: 'environment', wardCode: '99999' });
    expect(unknownCode.assigned.leadUnitId).toBe('hn-btcd');
  });

  it('re-routes a declined case excluding the unit, with the reason and a reassignment count', async () => {
    const { caseId, assigned } = await assign({
      kind: 'reflection',
      domain: 'environment',
      wardCode: '00157',
    });
    expect(assigned.leadUnitId).toBe('hn-p-00157');
    await publish(producer, NS, [activity(caseId, 'declined', { reason: 'Không thuộc thẩm quyền phường' })]);
    const second = await log.nth(caseId, 1);
    expect(second).toMatchObject({
      leadUnitId: 'hn-q-cau-giay',
      reassignmentCount: 1,
      previousUnitId: 'hn-p-00157',
    });
    expect(second.reason).toMatch(/đơn vị từ chối: Không thuộc thẩm quyền phường/);
    expect(second.flags).toContain('declined');
    expect(second.dueAt).toBe(assigned.dueAt);
    await publish(producer, NS, [activity(caseId, 'declined', { reason: 'Quận cũng không có thẩm quyền' })]);
    const third = await log.nth(caseId, 2);
    expect(third).toMatchObject({
      leadUnitId: 'hn-btcd',
      reassignmentCount: 2,
      previousUnitId: 'hn-q-cau-giay',
    });
    const rows = await sql(DB, 'SELECT declined_unit_ids FROM assignment.assignments WHERE case_id = $1', [
      caseId,
    ]);
    expect(rows[0].declined_unit_ids.sort()).toEqual(['hn-p-00157', 'hn-q-cau-giay']);
  });

  it('starts the resolution clock on acceptance under the policy for the instance and complexity', async () => {
    const { caseId } = await assign({ kind: 'complaint', domain: 'land', wardCode: '00001' });
    await publish(producer, NS, [
      activity(caseId, 'accepted', { details: { isComplex: true } }, new Date('2026-11-25T03:00:00.000Z')),
    ]);
    const resolution = await log.nth(caseId, 1);
    expect(resolution).toMatchObject({
      stage: 'resolution',
      policyId: 'SLA-resolution-complaint-complex',
      // 25 Nov + 45 days = 9 Jan 2027, a Saturday: the limit ends on Monday 11 Jan.
      dueAt: endOf('2027-01-11'),
    });
  });

  it('gives recommendations a city-policy resolution deadline and says so on the case', async () => {
    const { caseId } = await assign({ kind: 'recommendation', domain: 'environment', wardCode: '00001' });
    await publish(producer, NS, [activity(caseId, 'accepted', {}, new Date('2026-11-25T03:00:00.000Z'))]);
    const resolution = await log.nth(caseId, 1);
    expect(resolution).toMatchObject({
      stage: 'resolution',
      policyId: 'SLA-resolution-recommendation-city',
      dueAt: endOf('2026-12-09'),
    });
    expect(resolution.flags).toContain('city_policy_deadline');
    expect(resolution.legalBasis).toMatch(/không có thời hạn luật định/);
  });
});

describe('cost', () => {
  it('keeps the CPU per assignment low, end to end in one process (figure printed)', async () => {
    const batch = (n: number) => {
      const ids = Array.from({ length: n }, () => randomUUID());
      const domains: CaseDomain[] = ['land', 'environment', 'construction', 'public_order', 'fire_safety'];
      const events = ids.map((id, i) =>
        classified(id, {
          kind: (['complaint', 'reflection', 'denunciation', 'recommendation'] as CaseKind[])[i % 4],
          domain: domains[i % domains.length],
          level: (['commune', 'district', 'city'] as CompetentLevel[])[i % 3],
          wardCode: ['00001', '00163', '00220', '00457', undefined][i % 5],
        }),
      );
      return { ids, events };
    };
    const run = async (n: number) => {
      const { ids, events } = batch(n);
      const cpu0 = process.cpuUsage();
      const t0 = Date.now();
      await publish(producer, NS, events);
      await waitFor('all assigned', async () => ids.every((id) => log.byCase.has(id)), 120_000, 20);
      const cpu = process.cpuUsage(cpu0);
      return { ms: Date.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000 / n };
    };
    await run(50); // warm-up: JIT, connection pools
    const n = 400;
    const { ms, cpuMs } = await run(n);
    // The whole jest process: the service (consumer, pg driver, outbox relay), this test's producer and reader, and
    // jest's transpiled code. A tripwire only; the figure for the issue comes from tools/assign-bench.ts.
    process.stdout.write(
      `assignment: ${n} cases in ${ms} ms, ${cpuMs.toFixed(2)} ms CPU per case (whole process)\n`,
    );
    expect(cpuMs).toBeLessThan(15);
  });
});

describe('routing preview and due dates from the live directory', () => {
  it('routes a skip-level petition down to the competent unit and flags it', async () => {
    const r = await http('POST', '/routing/preview', {
      kind: 'complaint',
      domain: 'land',
      level: 'commune',
      district: 'Q. Cầu Giấy',
      ward: 'phuong Dich Vong Hau',
      submittedToLevel: 'city',
    });
    expect(r.status).toBe(200);
    expect(r.body.leadUnit).toEqual({
      id: 'hn-p-00166',
      name: 'UBND Phường Dịch Vọng Hậu',
      level: 'commune',
    });
    expect(r.body.flags).toEqual(['skip_level', 'guide_petitioner']);
    expect(r.body.reason).toMatch(/vượt cấp/);
  });

  it('rejects a preview without a valid kind, with the field and the reason', async () => {
    const r = await http('POST', '/routing/preview', { kind: 'petition', domain: 'land', level: 'commune' });
    expect(r.status).toBe(400);
    expect(r.body.fields.map((f: { field: string }) => f.field)).toContain('kind');
  });

  it('answers the due date the sla CLI answers', async () => {
    const r = await http('GET', '/sla/due-date?kind=complaint&stage=acceptance&from=2026-06-30');
    expect(r.body).toMatchObject({
      dueDate: '2026-07-10',
      policyId: 'SLA-acceptance-complaint-2012',
      unit: 'days',
    });
    const bad = await http('GET', '/sla/due-date?kind=complaint&stage=acceptance&from=2026-02-30');
    expect(bad.status).toBe(400);
  });
});

describe('the admin API', () => {
  it('adds a routing rule that takes effect at once, logged with actor and reason', async () => {
    const put = await http('PUT', '/admin/rules/R105-commune-apartment-district', {
      effectiveFrom: '2026-11-23',
      reason: 'Chung cư do quận xử lý (thí điểm)',
      value: {
        priority: 105,
        domain: 'apartment',
        level: 'commune',
        requiredFlags: [],
        target: 'area',
        targetLevel: 'district',
        coordinatingUnitIds: [],
        flagsToAdd: [],
        reason: 'Chung cư: UBND quận/huyện chủ trì (thí điểm)',
      },
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ status: 'applied', before: null });
    const { assigned } = await assign({ kind: 'reflection', domain: 'apartment', wardCode: '00001' });
    expect(assigned.leadUnitId).toBe('hn-q-ba-dinh');
    expect(assigned.ruleId).toBe('R105-commune-apartment-district');
    const changes = await http(
      'GET',
      '/directory/changes?entity=rule&entityId=R105-commune-apartment-district',
    );
    expect(changes.body[0]).toMatchObject({
      actorId: 'admin-1',
      reason: 'Chung cư do quận xử lý (thí điểm)',
    });
  });

  it('keeps a future-dated change of a unit until its day, then applies it', async () => {
    const unit = (await http('GET', '/directory/units/hn-p-00034')).body;
    const put = await http('PUT', '/admin/units/hn-p-00034', {
      effectiveFrom: '2026-12-01',
      reason: 'Đổi tên theo nghị quyết',
      value: {
        ...unit,
        name: 'UBND Phường Thành Công (mới)',
        staff: undefined,
        parent: undefined,
        children: undefined,
        id: undefined,
      },
    });
    expect(put.status).toBe(200);
    expect(put.body.status).toBe('scheduled');
    expect((await http('GET', '/directory/units/hn-p-00034')).body.name).toBe('UBND Phường Thành Công');
    clock.set('2026-12-01T01:00:00.000Z');
    expect((await http('GET', '/directory/units/hn-p-00034')).body.name).toBe('UBND Phường Thành Công (mới)');
    clock.set('2026-11-23T02:00:00.000Z');
  });

  it('retires a unit only when nothing under it is still in force', async () => {
    const r = await http('DELETE', '/admin/units/hn-q-ba-dinh', {
      effectiveFrom: '2026-12-01',
      reason: 'thử',
    });
    expect(r.status).toBe(409);
  });

  it('adds a day off to the calendar and deadlines move with it', async () => {
    const put = await http('PUT', '/admin/calendar/2026-11-24', {
      reason: 'Ngày Văn hóa Việt Nam (NQ 80-NQ/TW), nếu được áp dụng',
      value: { type: 'holiday', name: 'Ngày Văn hóa Việt Nam' },
    });
    expect(put.status).toBe(200);
    const due = await http('GET', '/sla/due-date?kind=reflection&stage=processing&from=2026-11-23');
    expect(due.body.dueDate).toBe('2026-12-08');
    await http('DELETE', '/admin/calendar/2026-11-24', { reason: 'chưa áp dụng' });
    const back = await http('GET', '/sla/due-date?kind=reflection&stage=processing&from=2026-11-23');
    expect(back.body.dueDate).toBe('2026-12-07');
  });

  it('refuses a change without a valid token (401), for a role other than admin (403) or with a bad value', async () => {
    const change = {
      effectiveFrom: '2026-11-23',
      reason: 'x',
      value: { unitId: 'hn-p-00001', fullName: 'A', role: 'handler', skills: ['land'], isActive: true },
    };
    const noToken = await http('PUT', '/admin/staff/hn-p-00001.h9', change, { authorization: '' });
    expect(noToken).toMatchObject({ status: 401, body: { statusCode: 401, error: 'AUTH.UNAUTHENTICATED' } });
    const expired = tokenFor(['admin'], 'admin-1', new Date(clock.now().getTime() - 16 * 60_000));
    const late = await http('PUT', '/admin/staff/hn-p-00001.h9', change, {
      authorization: `Bearer ${expired}`,
    });
    expect(late.status).toBe(401);
    expect(late.body.message).toMatch(/expired/);
    const forged = signInternalToken({ sub: 'x', roles: ['admin'], unitId: 'hn' }, 'y'.repeat(32), {
      now: clock.now(),
    }).token;
    expect(
      (await http('PUT', '/admin/staff/hn-p-00001.h9', change, { authorization: `Bearer ${forged}` })).status,
    ).toBe(401);
    for (const role of ['auditor', 'handler']) {
      const r = await http('PUT', '/admin/staff/hn-p-00001.h9', change, {
        authorization: `Bearer ${tokenFor([role])}`,
      });
      expect(r).toMatchObject({ status: 403, body: { statusCode: 403, error: 'AUTH.FORBIDDEN' } });
    }
    const bad = await http('PUT', '/admin/staff/hn-p-00001.h9', {
      effectiveFrom: '2026-11-23',
      reason: 'x',
      value: { unitId: 'hn-nowhere', fullName: 'A', role: 'handler', skills: ['land'], isActive: true },
    });
    expect(bad.status).toBe(400);
    await waitFor(
      'no staff row',
      async () => (await sql(DB, `SELECT 1 FROM assignment.staff WHERE id = 'hn-p-00001.h9'`)).length === 0,
    );
  });

  it('lets admins and auditors read the directory and its change log, and no one else', async () => {
    const path = '/directory/changes?entity=rule&entityId=R105-commune-apartment-district';
    const asAuditor = await http('GET', path, undefined, {
      authorization: `Bearer ${tokenFor(['auditor'], 'u-auditor')}`,
    });
    expect(asAuditor.status).toBe(200);
    expect(asAuditor.body[0]).toMatchObject({ actorId: 'admin-1' });
    const asHandler = await http('GET', path, undefined, {
      authorization: `Bearer ${tokenFor(['handler'])}`,
    });
    expect(asHandler).toMatchObject({ status: 403, body: { error: 'AUTH.FORBIDDEN' } });
    const anonymous = await fetch(BASE + path);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toContain('Bearer');
  });

  it('publishes one directory.changed per change, on the entity stream, and nothing for a refused change', async () => {
    const refused = await http('PUT', '/admin/staff/hn-p-00001.h9', {
      effectiveFrom: '2026-11-23',
      reason: 'đơn vị không tồn tại',
      value: { unitId: 'hn-nowhere', fullName: 'B', role: 'handler', skills: ['land'], isActive: true },
    });
    expect(refused.status).toBe(400);
    const put = await http('PUT', '/admin/staff/hn-p-00001.h8', {
      effectiveFrom: '2026-11-23',
      reason: 'Bổ sung cán bộ tiếp nhận',
      value: {
        unitId: 'hn-p-00001',
        fullName: 'Lê Văn Tám',
        role: 'handler',
        skills: ['land'],
        isActive: true,
      },
    });
    expect(put.status).toBe(200);
    const [published, ...again] = await directoryLog.ofChange(put.body.changeId);
    expect(again).toEqual([]);
    expect(published.key).toBe(directoryStreamId('staff', 'hn-p-00001.h8'));
    expect(published.env).toMatchObject({
      eventType: 'directory.changed',
      caseId: published.key,
      producer: 'assignment',
      actor: { type: 'user', id: 'admin-1', role: 'admin' },
      payload: {
        entityKind: 'staff',
        entityId: 'hn-p-00001.h8',
        operation: 'create',
        status: 'applied',
        effectiveFrom: '2026-11-23',
        effectiveTo: null,
        reason: 'Bổ sung cán bộ tiếp nhận',
        before: null,
        after: { id: 'hn-p-00001.h8', unit_id: 'hn-p-00001', full_name: 'Lê Văn Tám' },
      },
    });
    // Every logged change of this run went out exactly once, and the refused one never did.
    const logged = await sql<{ id: string }>(DB, `SELECT id::text AS id FROM assignment.directory_changes`);
    await waitFor('every change published', async () => directoryLog.events.length >= logged.length);
    await waitFor(
      'outbox drained',
      async () => (await sql(DB, `SELECT 1 FROM assignment.outbox`)).length === 0,
    );
    await new Promise((r) => setTimeout(r, 500)); // a duplicate would arrive by now
    const ids = directoryLog.events.map((e) => e.env.payload.changeId);
    expect([...ids].sort()).toEqual(logged.map((r) => r.id).sort());
    expect(directoryLog.events.filter((e) => e.env.payload.entityId === 'hn-p-00001.h9')).toEqual([]);
    const scheduled = directoryLog.events.find((e) => e.env.payload.entityId === 'hn-p-00034');
    expect(scheduled?.env.payload).toMatchObject({ operation: 'update', status: 'scheduled' });
    const dayOff = directoryLog.events.filter((e) => e.env.payload.entityId === '2026-11-24');
    expect(dayOff.map((e) => [e.env.payload.operation, e.env.payload.after === null])).toEqual([
      ['create', false],
      ['retire', true],
    ]);
  });
});

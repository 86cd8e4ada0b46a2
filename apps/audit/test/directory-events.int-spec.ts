import { Writable } from 'node:stream';
import { Consumer, Producer } from 'kafkajs';
import { DEV_INTERNAL_AUTH_SECRET, signInternalToken } from '@lib/auth';
import { directoryStreamId, dlqTopic, EventEnvelope, Topics } from '@lib/contracts';
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
import { AuditEnv } from '../src/audit.env';
import { auditService } from '../src/audit.service';
import { ComputeDigestsUseCase } from '../src/compute-digests/compute-digests.use-case';
import { GENESIS_HASH, chainHash } from '../src/domain/hash-chain';
import { AuditDb } from '../src/infrastructure/audit-db';
import { WriterRole } from '../src/infrastructure/writer-role';
import { RebuildAsOfUseCase } from '../src/rebuild-as-of/rebuild-as-of.use-case';
import { ShowTimelineUseCase } from '../src/show-timeline/show-timeline.use-case';
import { VerifyStoreUseCase } from '../src/verify-store/verify-store.use-case';
import { runCli } from '../tools/audit-cli';
import { withAppendOnlyOff } from './tamper';

// Org-directory changes made through assignment's admin API (assignment as an OS process from the compiled
// build) reach audit's store (audit in this process from source) over the real broker, each on its entity's chain.
const DB = testDatabaseUrl('audit_directory');
const NS = uniqueNamespace();
const ASSIGNMENT_PORT = 14721;
const AUDIT_PORT = 14722;
const env = { DATABASE_URL: DB, KAFKA_NAMESPACE: NS, OUTBOX_POLL_MS: '100' };
const kafka = testKafka('audit-directory-test');
let assignment: ServiceProcess;
let audit: RunningService<AuditEnv>;
let producer: Producer;
let dlqReader: Consumer;
const deadLetters: string[] = [];
let db: AuditDb;

interface StoredRow {
  seq: string;
  case_id: string;
  case_seq: number;
  event_id: string;
  topic: string;
  canonical: string;
  prev_hash: string;
  hash: string;
}

/** A bearer token as casework issues it (the test services run on the development secret). */
const bearer = (sub: string, role: string) =>
  `Bearer ${signInternalToken({ sub, roles: [role], unitId: 'hn' }, DEV_INTERNAL_AUTH_SECRET, { now: new Date() }).token}`;

async function admin(method: string, path: string, body: unknown) {
  const res = await fetch(`http://127.0.0.1:${ASSIGNMENT_PORT}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: bearer('u-quantri', 'admin') },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

const chainOf = (streamId: string) =>
  sql<StoredRow>(
    DB,
    `SELECT seq::text AS seq, case_id::text AS case_id, case_seq, event_id::text AS event_id, topic, canonical,
            prev_hash, hash
     FROM audit.event_store WHERE case_id = $1 ORDER BY case_seq`,
    [streamId],
  );

/** Waits until audit holds the event of a logged change; answers the entity chain's rows. */
async function storedChange(streamId: string, changeId: string): Promise<StoredRow[]> {
  return waitFor(
    `change ${changeId} in the audit store`,
    async () => {
      const rows = await chainOf(streamId);
      return rows.some((r) => JSON.parse(r.canonical).payload.changeId === changeId) && rows;
    },
    60_000,
    200,
  );
}

const count = async (q: string) => (await sql<{ n: number }>(DB, q))[0].n;

async function cli(...argv: string[]): Promise<{ code: number; out: string }> {
  const chunks: string[] = [];
  const sink = () =>
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        chunks.push(chunk.toString());
        cb();
      },
    });
  const code = await runCli(argv, {
    stdout: sink(),
    stderr: sink(),
    env: { ...process.env, DATABASE_URL: DB },
  });
  return { code, out: chunks.join('') };
}

const dayOff = {
  reason: 'Nghỉ bù theo thông báo của Chính phủ',
  value: { type: 'holiday', name: 'Nghỉ bù' },
};
const newStaff = (fullName: string, unitId = 'hn-p-00001') => ({
  effectiveFrom: '2026-11-23',
  reason: 'Bổ sung cán bộ',
  value: { unitId, fullName, role: 'handler', skills: ['land'], isActive: true },
});

beforeAll(async () => {
  await resetDatabase(DB);
  // audit first, so its consumer group starts before any directory event exists
  audit = await startService(auditService, {
    env: { ...env, LOG_LEVEL: 'warn', AUDIT_DIGEST_INTERVAL_MS: '0', CONSUMER_MAX_ATTEMPTS: '2' },
    port: AUDIT_PORT,
  });
  assignment = await startServiceProcess('assignment', ASSIGNMENT_PORT, env);
  producer = kafka.producer({ idempotent: false });
  await producer.connect();
  dlqReader = kafka.consumer({ groupId: `${NS}dlq-reader` });
  await dlqReader.connect();
  await dlqReader.subscribe({ topic: NS + dlqTopic(Topics.DirectoryChanged), fromBeginning: true });
  await dlqReader.run({
    eachMessage: async ({ message }) => void deadLetters.push(message.value!.toString()),
  });
  db = new AuditDb({ url: DB, schema: 'audit' });
});

afterAll(async () => {
  await dlqReader?.disconnect();
  await producer?.disconnect();
  await db?.close();
  await assignment?.kill('SIGTERM');
  await audit?.stop();
  await deleteNamespaceTopics(kafka, NS);
});

describe('directory changes in the audit store', () => {
  const day = directoryStreamId('calendar_day', '2026-11-24');

  it('stores each admin change once, as the next link of its entity chain', async () => {
    const added = await admin('PUT', '/admin/calendar/2026-11-24', dayOff);
    expect(added.status).toBe(200);
    const removed = await admin('DELETE', '/admin/calendar/2026-11-24', { reason: 'Không áp dụng nữa' });
    expect(removed.status).toBe(200);
    const rows = await storedChange(day, removed.body.changeId);
    expect(rows.map((r) => r.case_seq)).toEqual([1, 2]);
    expect(rows.map((r) => r.topic)).toEqual([Topics.DirectoryChanged, Topics.DirectoryChanged]);
    expect(rows[0].prev_hash).toBe(GENESIS_HASH);
    expect(rows[1].prev_hash).toBe(rows[0].hash);
    for (const r of rows) expect(chainHash(r.prev_hash, r.canonical)).toBe(r.hash);
    const [first, second] = rows.map((r) => JSON.parse(r.canonical) as EventEnvelope<any>);
    expect(first).toMatchObject({
      caseId: day,
      eventType: 'directory.changed',
      producer: 'assignment',
      actor: { type: 'user', id: 'u-quantri', role: 'admin' },
      payload: {
        changeId: added.body.changeId,
        entityKind: 'calendar_day',
        entityId: '2026-11-24',
        operation: 'create',
        effectiveFrom: '2026-11-24',
        reason: dayOff.reason,
        before: null,
        after: { date: '2026-11-24', type: 'holiday', name: 'Nghỉ bù' },
      },
    });
    expect(second.payload).toMatchObject({ operation: 'retire', after: null, reason: 'Không áp dụng nữa' });
  });

  it('publishes nothing for a change that fails validation', async () => {
    const staff = directoryStreamId('staff', 'hn-p-00001.h9');
    const refused = await admin('PUT', '/admin/staff/hn-p-00001.h9', newStaff('Không Có', 'hn-nowhere'));
    expect(refused.status).toBe(400);
    const badBody = await admin('PUT', '/admin/staff/hn-p-00001.h9', { effectiveFrom: 'mai', value: {} });
    expect(badBody.status).toBe(400);
    // The next change of the same entity shares the key and the partition: once it is stored, an earlier event
    // of the entity would have been stored before it.
    const accepted = await admin('PUT', '/admin/staff/hn-p-00001.h9', newStaff('Lê Văn Tám'));
    expect(accepted.status).toBe(200);
    const rows = await storedChange(staff, accepted.body.changeId);
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0].canonical).payload).toMatchObject({ operation: 'create', before: null });
    // One stored event per logged change, whatever the entity.
    await waitFor('every logged change stored', async () => {
      const [logged, stored] = await Promise.all([
        count(`SELECT count(*)::int AS n FROM assignment.directory_changes`),
        count(`SELECT count(*)::int AS n FROM audit.event_store WHERE topic = '${Topics.DirectoryChanged}'`),
      ]);
      return logged === 3 && stored === 3;
    });
  });

  it('stores a redelivered event once and dead-letters one whose stream id is not its entity', async () => {
    const [original] = await chainOf(day);
    const env = JSON.parse(original.canonical) as EventEnvelope<any>;
    const forged = {
      ...env,
      eventId: '8a0e8a4e-5b1c-4d3e-9f00-000000000001',
      caseId: directoryStreamId('unit', 'x'),
    };
    await producer.send({
      topic: NS + Topics.DirectoryChanged,
      messages: [
        { key: env.caseId, value: original.canonical },
        { key: forged.caseId, value: JSON.stringify(forged) },
      ],
    });
    // A later change of the same day lands on the same partition, after the redelivered copy.
    const again = await admin('PUT', '/admin/calendar/2026-11-24', dayOff);
    const rows = await storedChange(day, again.body.changeId);
    expect(rows.map((r) => r.case_seq)).toEqual([1, 2, 3]);
    expect(
      await count(`SELECT count(*)::int AS n FROM audit.event_store WHERE event_id = '${env.eventId}'`),
    ).toBe(1);
    await waitFor('forged event dead-lettered', async () =>
      deadLetters.some((v) => v.includes(forged.eventId)),
    );
    expect(
      await count(`SELECT count(*)::int AS n FROM audit.event_store WHERE event_id = '${forged.eventId}'`),
    ).toBe(0);
  });

  it('verifies, digests, exports and shows directory chains beside the rest', async () => {
    const verify = new VerifyStoreUseCase(db);
    const total = await count(`SELECT count(*)::int AS n FROM audit.event_store`);
    expect(await verify.execute()).toMatchObject({ isIntact: true, checkedEvents: total, checkedCases: 2 });
    expect(await verify.execute({ caseRef: 'calendar_day:2026-11-24' })).toMatchObject({
      scope: 'case',
      target: day,
      isIntact: true,
      checkedEvents: 3,
    });

    const history = await new ShowTimelineUseCase(db).execute('calendar_day:2026-11-24');
    expect(history).toMatchObject({
      caseId: day,
      trackingCode: null,
      directoryEntity: { kind: 'calendar_day', id: '2026-11-24' },
    });
    expect(history.entries.map((e) => [e.eventType, e.actorId, e.reason])).toEqual([
      ['directory.changed', 'u-quantri', dayOff.reason],
      ['directory.changed', 'u-quantri', 'Không áp dụng nữa'],
      ['directory.changed', 'u-quantri', dayOff.reason],
    ]);
    expect(history.entries[1].summary).toBe('Danh mục: thôi áp dụng calendar_day 2026-11-24 từ 2026-11-24');
    const printed = await cli('timeline', 'staff:hn-p-00001.h9');
    expect(printed.code).toBe(0);
    expect(printed.out).toContain(
      `directory staff:hn-p-00001.h9  ${directoryStreamId('staff', 'hn-p-00001.h9')}`,
    );
    expect(printed.out).toContain('lý do: Bổ sung cán bộ');
    expect((await cli('timeline', 'unit:hn-never-changed')).code).toBe(2);
    await expect(new RebuildAsOfUseCase(db).execute('calendar_day:2026-11-24', new Date())).rejects.toThrow(
      /directory entity, not a case/,
    );

    const from = new Date(Date.now() - 3600_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const exported = await cli('export', '--from', from, '--to', to, '--format', 'jsonl');
    const lines = exported.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(total);
    const link = lines.find((l) => l.caseId === day && l.caseSeq === 2);
    expect(link.kafka.topic).toBe(Topics.DirectoryChanged);
    expect(chainHash(link.prevHash, JSON.stringify(link.envelope))).toBe(link.hash);

    const api = (path: string, role?: string) =>
      fetch(`http://127.0.0.1:${AUDIT_PORT}/api/audit${path}`, {
        headers: role ? { authorization: bearer('u-thanhtra', role) } : {},
      });
    const overHttp = await api('/cases/calendar_day:2026-11-24/timeline', 'auditor');
    expect(overHttp.status).toBe(200);
    expect(await overHttp.json()).toMatchObject({ caseId: day, directoryEntity: { kind: 'calendar_day' } });
    expect((await api('/cases/calendar_day:2026-11-24/timeline', 'admin')).status).toBe(403);
    expect((await api('/cases/calendar_day:2026-11-24/timeline')).status).toBe(401);

    const tomorrow = new Date(Date.now() + 86_400_000 + 3600_000);
    const digests = await new ComputeDigestsUseCase(
      db,
      new FakeClock(tomorrow),
      new WriterRole('audit_writer'),
    ).execute();
    expect(digests.reduce((n, d) => n + d.eventCount, 0)).toBe(total);
    expect(await verify.execute()).toMatchObject({ isIntact: true, checkedDays: digests.length });
  });

  it('names the directory link a superuser rewrote', async () => {
    const [victim] = await chainOf(day);
    const forged = victim.canonical.replace('Nghỉ bù theo thông báo', 'Nghỉ theo thông báo');
    expect(forged).not.toBe(victim.canonical);
    await withAppendOnlyOff(DB, async () => {
      await sql(DB, `UPDATE audit.event_store SET canonical = $2, envelope = $3::jsonb WHERE event_id = $1`, [
        victim.event_id,
        forged,
        forged,
      ]);
    });
    const link = { caseId: day, caseSeq: 1, eventId: victim.event_id, problem: 'hash' };
    const whole = await new VerifyStoreUseCase(db).execute();
    expect(whole).toMatchObject({ isIntact: false, brokenCases: 1, firstBrokenLink: link });
    const out = await cli('verify', '--case', 'calendar_day:2026-11-24');
    expect(out.code).toBe(1);
    expect(out.out).toContain(`case ${day} link #1`);
  });
});

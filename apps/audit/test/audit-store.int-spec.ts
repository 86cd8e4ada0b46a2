import { Producer } from 'kafkajs';
import { DEV_INTERNAL_AUTH_SECRET, signInternalToken } from '@lib/auth';
import { AccessRecordedV1, createEnvelope, userStreamId } from '@lib/contracts';
import { FakeClock, SystemClock } from '@lib/domain';
import { sql, testDatabaseUrl, uniqueNamespace, waitFor } from '@lib/testing';
import { ComputeDigestsUseCase } from '../src/compute-digests/compute-digests.use-case';
import { dayOf } from '../src/domain/daily-digest';
import { chainHash } from '../src/domain/hash-chain';
import { AuditDb } from '../src/infrastructure/audit-db';
import { LiveDb } from '../src/infrastructure/live-db';
import { WriterRole } from '../src/infrastructure/writer-role';
import { RebuildAsOfUseCase } from '../src/rebuild-as-of/rebuild-as-of.use-case';
import { ShowTimelineUseCase } from '../src/show-timeline/show-timeline.use-case';
import { ReplayProjectionUseCase } from '../src/replay-projection/replay-projection.use-case';
import { VerifyStoreUseCase } from '../src/verify-store/verify-store.use-case';
import { AuditPipeline, PipelinePorts, pipelineKit, startAuditPipeline } from './pipeline-kit';
import { withAppendOnlyOff } from './tamper';

// The audit store against the real pipeline: intake, classification, assignment and casework as OS processes
// (from the compiled build), audit in this process from source, all on the real broker and database.
const DB = testDatabaseUrl('audit');
const NS = uniqueNamespace();
const PORTS: PipelinePorts = {
  intake: 14711,
  classification: 14712,
  assignment: 14713,
  casework: 14714,
  audit: 14715,
};
let pipeline: AuditPipeline;
let producer: Producer;
let db: AuditDb;
let live: LiveDb;

// The workload is random: a failing run can be repeated with AUDIT_TEST_SEED.
const seed = Number(process.env.AUDIT_TEST_SEED ?? Date.now() % 100000);
const { pick, activity, produce, count, quiescent, cli, petitionsThroughPipeline, handlerRounds } =
  pipelineKit({ db: DB, ns: NS, intakePort: PORTS.intake, producer: () => producer, seed });

/** A bearer token as casework issues it (the test services run on the development secret). */
const bearer = (roles: string[], now = new Date()) => ({
  authorization: `Bearer ${signInternalToken({ sub: 'u-auditor', roles, unitId: 'hn-thanh-tra' }, DEV_INTERNAL_AUTH_SECRET, { now }).token}`,
});
// Signed per request: a run outlasts one token's 15 minutes.
const auditor = {
  get authorization() {
    return bearer(['auditor']).authorization;
  },
};
const api = (path: string, init: RequestInit = {}) =>
  fetch(`http://127.0.0.1:${PORTS.audit}/api/audit${path}`, init);

const cases: { caseId: string; trackingCode: string }[] = [];

beforeAll(async () => {
  process.stdout.write(`audit int-spec: AUDIT_TEST_SEED=${seed}\n`);
  pipeline = await startAuditPipeline({ db: DB, ns: NS, ports: PORTS, clientId: 'audit-test' });
  ({ producer, db, live } = pipeline);
});

afterAll(() => pipeline?.stop());

describe('audit store', () => {
  it('stores the pipeline and a randomised handler workload, one chain link per event', async () => {
    cases.push(...(await petitionsThroughPipeline()));
    await handlerRounds(
      cases.map((c) => c.caseId),
      (round) => `Ghi chú vòng ${round}`,
    );
    const perEvent = await sql(
      DB,
      `SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS ids FROM audit.event_store`,
    );
    expect(perEvent[0].n).toBe(perEvent[0].ids);
    const verify = await new VerifyStoreUseCase(db).execute();
    expect(verify).toMatchObject({ isIntact: true, brokenCases: 0, firstBrokenLink: null });
    expect(verify.checkedEvents).toBe(perEvent[0].n);
  });

  it('stores an event delivered twice once', async () => {
    const target = cases[0].caseId;
    const twice = activity(target, 'note', { reason: 'gửi hai lần' });
    await produce(twice);
    await produce(twice);
    // A later event on the same key lands on the same partition, so once it is stored both copies were handled.
    const marker = activity(target, 'note', { reason: 'đánh dấu' });
    await produce(marker);
    await waitFor('marker stored', async () =>
      count(`SELECT count(*)::int AS n FROM audit.event_store WHERE event_id = '${marker.eventId}'`),
    );
    expect(
      await count(`SELECT count(*)::int AS n FROM audit.event_store WHERE event_id = '${twice.eventId}'`),
    ).toBe(1);
    await quiescent();
    expect(
      await count(
        `SELECT count(*)::int AS n FROM casework.case_timeline WHERE event_id = '${twice.eventId}'`,
      ),
    ).toBe(1);
    expect((await new VerifyStoreUseCase(db).execute({ caseRef: target })).isIntact).toBe(true);
  });

  it("keeps access events in the case's chain and shows them to auditors", async () => {
    const target = cases[1];
    const access = createEnvelope({
      payloadClass: AccessRecordedV1,
      payload: { userId: 'u-head-1', role: 'unit_head', fields: ['fullName', 'phone'], purpose: 'case_view' },
      caseId: target.caseId,
      producer: 'casework',
      actor: { type: 'user', id: 'u-head-1', role: 'unit_head' },
      occurredAt: new Date(),
    });
    await produce(access);
    await waitFor('access event stored', async () =>
      count(`SELECT count(*)::int AS n FROM audit.event_store WHERE event_id = '${access.eventId}'`),
    );
    expect((await new VerifyStoreUseCase(db).execute({ caseRef: target.caseId })).isIntact).toBe(true);
    const t = await cli('timeline', target.trackingCode);
    expect(t.out).toMatch(
      /access\.recorded +user:u-head-1 \(unit_head\) +Xem thông tin được bảo vệ: fullName, phone/,
    );
  });

  it('rebuilds a case as of a moment equal to the live state captured then', async () => {
    const target = pick(cases);
    await quiescent();
    const [captured] = await sql(DB, `SELECT state FROM casework.cases WHERE case_id = $1`, [target.caseId]);
    const at = new Date();
    await new Promise((r) => setTimeout(r, 20));
    await produce(activity(target.caseId, 'note', { reason: 'sau thời điểm' }));
    await produce(activity(target.caseId, 'resolved', { reason: 'đã trả lời' }));
    await quiescent();
    const asOf = new RebuildAsOfUseCase(db);
    const then = await asOf.execute(target.caseId, at);
    expect(then.state).toEqual(captured.state);
    const [now] = await sql(DB, `SELECT state FROM casework.cases WHERE case_id = $1`, [target.caseId]);
    expect((await asOf.execute(target.trackingCode, new Date())).state).toEqual(now.state);
    expect(now.state).not.toEqual(captured.state);
  });

  it('replays the store into a fresh schema equal to the live projection', async () => {
    await quiescent();
    const progress: number[] = [];
    const r = await new ReplayProjectionUseCase(db, live, new SystemClock()).execute({
      into: 'audit_replay_test',
      batchSize: 7, // many small batches: the streaming path, not one big one
      lanes: 3, // three ranges of cases on one snapshot
      onProgress: (p) => progress.push(p.events),
    });
    expect(r.diff?.columns).toEqual([]);
    expect(r.diff?.lines).toEqual([]);
    expect(r.diff?.isEqual).toBe(true);
    expect(r.cases).toBe(await count(`SELECT count(*)::int AS n FROM casework.cases`));
    expect(r.events).toBe(
      await count(`SELECT count(*)::int AS n FROM audit.event_store WHERE topic <> 'access.recorded'`),
    );
    expect(progress.length).toBeGreaterThan(2);
    expect(progress[progress.length - 1]).toBe(r.events);

    // A replay never overwrites what it did not make, and replaces its own only when asked.
    await expect(
      new ReplayProjectionUseCase(db, live, new SystemClock()).execute({ into: 'audit_replay_test' }),
    ).rejects.toThrow(/--replace/);
    await expect(
      new ReplayProjectionUseCase(db, live, new SystemClock()).execute({ into: 'casework' }),
    ).rejects.toThrow(/service or system schema/);

    // A live row changed behind casework's back is named by the diff. The change must be one no event makes: the
    // random workload can leave this very case 'filed' (AUDIT_TEST_SEED=9317 did), and then 'filed' changed nothing.
    const victim = cases[1].caseId;
    await sql(DB, `UPDATE casework.cases SET status = 'changed_behind_casework' WHERE case_id = $1`, [
      victim,
    ]);
    try {
      const { code, out } = await cli('replay', '--into', 'audit_replay_test', '--replace', '--quiet');
      expect(code).toBe(1);
      expect(out).toContain(`cases ${victim} status`);
      expect(out).toContain('DIFFERENT');
    } finally {
      await sql(
        DB,
        `UPDATE casework.cases c SET status = r.status FROM audit_replay_test.cases r
         WHERE c.case_id = $1 AND r.case_id = c.case_id`,
        [victim],
      );
    }
    const again = await cli('replay', '--into', 'audit_replay_test', '--replace', '--quiet');
    expect(again.code).toBe(0);
    expect(again.out).toContain('EQUAL');
  });

  it('answers auditors only, over HTTP', async () => {
    const anonymous = await api('/verify', { headers: { 'x-role': 'auditor' } }); // the old stand-in header
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ statusCode: 401, error: 'AUTH.UNAUTHENTICATED' });
    const expired = await api('/verify', {
      headers: bearer(['auditor'], new Date(Date.now() - 16 * 60_000)),
    });
    expect(expired.status).toBe(401);
    const handler = await api('/verify', { headers: bearer(['handler']) });
    expect(handler.status).toBe(403);
    expect(await handler.json()).toMatchObject({ statusCode: 403, error: 'AUTH.FORBIDDEN' });
    expect((await api(`/cases/${cases[0].caseId}/events`)).status).toBe(401);
    const verify = await api('/verify', { headers: auditor });
    expect(verify.status).toBe(200);
    expect(await verify.json()).toMatchObject({ isIntact: true });

    const c = cases[2];
    const timeline = await api(`/cases/${c.trackingCode}/timeline`, { headers: auditor });
    expect(timeline.status).toBe(200);
    const history = (await timeline.json()) as { caseId: string; entries: { eventType: string }[] };
    expect(history.caseId).toBe(c.caseId);
    expect(history.entries[0].eventType).toBe('case.received');
    expect((await api(`/cases/HN-20000101-ZZZZZZ/timeline`, { headers: auditor })).status).toBe(404);

    const asOf = await api(`/cases/${c.caseId}/as-of?at=${encodeURIComponent(new Date().toISOString())}`, {
      headers: auditor,
    });
    expect(((await asOf.json()) as { state: { caseId: string } }).state.caseId).toBe(c.caseId);
    expect((await api(`/cases/${c.caseId}/as-of?at=yesterday`, { headers: auditor })).status).toBe(400);

    const from = new Date(Date.now() - 3600_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const exported = await api(`/export?from=${from}&to=${to}&format=jsonl`, { headers: auditor });
    expect(exported.headers.get('content-type')).toContain('application/x-ndjson');
    const lines = (await exported.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(await count(`SELECT count(*)::int AS n FROM audit.event_store`));
    // The export carries the hashed envelope: the chain can be recomputed from it alone.
    const first = lines.find((l) => l.caseSeq === 2);
    const prev = lines.find((l) => l.caseId === first.caseId && l.caseSeq === 1);
    expect(first.prevHash).toBe(prev.hash);
    expect(chainHash(first.prevHash, JSON.stringify(first.envelope))).toBe(first.hash);
    expect(lines.map((l) => l.seq)).toEqual([...lines.map((l) => l.seq)].sort((a, b) => a - b));

    const replay = await api('/replay', {
      method: 'POST',
      headers: { ...auditor, 'content-type': 'application/json' },
      body: JSON.stringify({ into: 'audit_replay_http' }),
    });
    expect(replay.status).toBe(200);
    expect(await replay.json()).toMatchObject({ diff: { isEqual: true } });
  });

  it("refuses internal tokens casework withdrew: a session's when it ends, all of a user's on request", async () => {
    const casework = `http://127.0.0.1:${PORTS.casework}/api/auth`;
    const login = async () => {
      const res = await fetch(`${casework}/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'thanhtra', password: 'MatKhau@2026' }),
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { user: { userId: string }; csrfToken: string };
      const cookie = res.headers.get('set-cookie')!.split(';')[0];
      return { userId: body.user.userId, headers: { cookie, 'x-csrf-token': body.csrfToken } };
    };
    const issue = async (s: { headers: Record<string, string> }) => {
      const res = await fetch(`${casework}/internal-token`, { method: 'POST', headers: s.headers });
      expect(res.status).toBe(200);
      return ((await res.json()) as { accessToken: string }).accessToken;
    };
    // The auditor API here and assignment's directory API (a process) both check the token.
    const statuses = async (token: string) => {
      const authorization = `Bearer ${token}`;
      const [a, b] = await Promise.all([
        api('/digests', { headers: { authorization } }),
        fetch(`http://127.0.0.1:${PORTS.assignment}/directory/units`, { headers: { authorization } }),
      ]);
      return [a.status, b.status];
    };
    const first = await login();
    const second = await login();
    const [t1, t2] = [await issue(first), await issue(second)];
    expect(await statuses(t1)).toEqual([200, 200]);
    expect(await statuses(t2)).toEqual([200, 200]);

    // Logging out withdraws the tokens of that session only.
    expect((await fetch(`${casework}/logout`, { method: 'POST', headers: first.headers })).status).toBe(204);
    await waitFor('the ended session’s token refused', async () =>
      (await statuses(t1)).every((x) => x === 401),
    );
    const refused = await api('/digests', { headers: { authorization: `Bearer ${t1}` } });
    expect(((await refused.json()) as { message: string }).message).toContain('revoked');
    expect(await statuses(t2)).toEqual([200, 200]);
    // The withdrawal is in the audit store, in the user's own chain.
    const stream = userStreamId(first.userId);
    expect(
      await count(`SELECT count(*)::int AS n FROM audit.event_store
        WHERE event_type = 'access.revoked' AND case_id = '${stream}'`),
    ).toBe(1);

    // Withdrawing all of the user's tokens: the other session's too, but a token issued afterwards works.
    const all = await fetch(`${casework}/revoke-internal-tokens`, {
      method: 'POST',
      headers: second.headers,
    });
    expect(all.status).toBe(204);
    await waitFor('every token of the user refused', async () =>
      (await statuses(t2)).every((x) => x === 401),
    );
    await new Promise((r) => setTimeout(r, 1100)); // tokens carry whole seconds: one issued in the same second is refused
    expect(await statuses(await issue(second))).toEqual([200, 200]);
    expect((await new VerifyStoreUseCase(db).execute({ caseRef: `user:${first.userId}` })).isIntact).toBe(
      true,
    );
    const history = await new ShowTimelineUseCase(db).execute(`user:${first.userId}`);
    expect(history.caseId).toBe(stream);
    expect(history.entries.map((e) => [e.eventType, e.reason])).toEqual([
      ['access.revoked', 'logout'],
      ['access.revoked', 'revoked'],
    ]);
  });

  it('prints timelines and exports from the command line', async () => {
    const c = cases[3];
    const t = await cli('timeline', c.trackingCode);
    expect(t.code).toBe(0);
    expect(t.out).toContain(c.caseId);
    expect(t.out).toContain('case.received');
    expect(t.out).toMatch(/case\.classified +system:classification/);
    const from = new Date(Date.now() - 3600_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const csv = await cli('export', '--from', from, '--to', to, '--format', 'csv');
    expect(csv.code).toBe(0);
    expect(csv.out.split('\r\n')[0]).toBe(
      'seq,case_id,case_seq,event_id,event_type,occurred_at,stored_at,topic,kafka_partition,kafka_offset,prev_hash,hash,envelope',
    );
    expect(csv.out.trim().split('\r\n')).toHaveLength(
      1 + (await count(`SELECT count(*)::int AS n FROM audit.event_store`)),
    );
    expect((await cli('export', '--from', to, '--to', from)).code).toBe(2);
    expect((await cli('timeline', 'HN-20000101-ZZZZZZ')).code).toBe(2);
    expect((await cli('bogus')).code).toBe(2);
  });

  it('digests closed days, chained, and exports them', async () => {
    const today = dayOf(new Date());
    const tomorrow = new Date(Date.now() + 86_400_000 + 3600_000);
    const written = await new ComputeDigestsUseCase(
      db,
      new FakeClock(tomorrow),
      new WriterRole('audit_writer'),
    ).execute();
    expect(written.map((d) => d.day)).toContain(today);
    // (A run that crosses midnight in Hà Nội spreads the events over two digests.)
    expect(written.reduce((n, d) => n + d.eventCount, 0)).toBe(
      await count(`SELECT count(*)::int AS n FROM audit.event_store`),
    );
    for (let i = 1; i < written.length; i++) expect(written[i].prevDigest).toBe(written[i - 1].digest);
    // Nothing left to do the second time; a day is digested once.
    expect(
      await new ComputeDigestsUseCase(db, new FakeClock(tomorrow), new WriterRole(null)).execute(),
    ).toEqual([]);
    const exported = await cli('export-digests', '--format', 'jsonl');
    const rows = exported.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows.map((r) => r.digest)).toEqual(written.map((d) => d.digest));
    const v = await cli('verify', '--day', today);
    expect(v.code).toBe(0);
    expect(v.out).toContain('1 daily digest(s) checked');
    const whole = await cli('verify', '--json');
    expect(JSON.parse(whole.out)).toMatchObject({ isIntact: true, checkedDays: written.length });
  });

  it('keeps event_store append-only: the trigger refuses changes, and the writer role lacks the rights', async () => {
    const [row] = await sql(DB, `SELECT event_id FROM audit.event_store LIMIT 1`);
    await expect(
      sql(DB, `UPDATE audit.event_store SET topic = 'x' WHERE event_id = $1`, [row.event_id]),
    ).rejects.toThrow(/append-only/);
    await expect(
      sql(DB, `DELETE FROM audit.event_store WHERE event_id = $1`, [row.event_id]),
    ).rejects.toThrow(/append-only/);
    await expect(sql(DB, `TRUNCATE audit.event_store`)).rejects.toThrow(/append-only/);
    await withAppendOnlyOff(DB, async () => {
      await expect(
        sql(
          DB,
          `BEGIN; SET LOCAL ROLE audit_writer; UPDATE audit.event_store SET topic = 'x' WHERE event_id = '${row.event_id}'; COMMIT`,
        ),
      ).rejects.toThrow(/permission denied/);
    });
    expect(await new WriterRole('audit_writer').isUsable((q, p) => sql(DB, q, p))).toBe(true);
  });

  it('names the link a superuser rewrote, by case, by day and for the whole store', async () => {
    // A handler's note in the middle of a chain: a later link follows it.
    const [victim] = await sql(
      DB,
      `SELECT e.seq::text AS seq, e.case_id::text AS case_id, e.case_seq, e.event_id::text AS event_id, e.canonical,
              e.stored_at
       FROM audit.event_store e
       WHERE e.event_type = 'case.activity' AND e.canonical LIKE '%"reason":%'
         AND EXISTS (SELECT 1 FROM audit.event_store n WHERE n.case_id = e.case_id AND n.case_seq = e.case_seq + 1)
       ORDER BY e.seq LIMIT 1`,
    );
    expect(victim).toBeDefined();
    const forged = victim.canonical.replace(/"reason":"[^"]*"/, '"reason":"đã sửa lại"');
    await withAppendOnlyOff(DB, async () => {
      await sql(DB, `UPDATE audit.event_store SET canonical = $2, envelope = $3::jsonb WHERE event_id = $1`, [
        victim.event_id,
        forged,
        forged,
      ]);
    });
    const link = {
      caseId: victim.case_id,
      caseSeq: victim.case_seq,
      seq: victim.seq,
      eventId: victim.event_id,
      problem: 'hash',
    };
    const verify = new VerifyStoreUseCase(db);
    const whole = await verify.execute();
    expect(whole.isIntact).toBe(false);
    expect(whole.brokenCases).toBe(1);
    expect(whole.firstBrokenLink).toMatchObject(link);
    expect(whole.firstBrokenDigest).toBeNull(); // digests cover the row hashes, which were left alone
    expect((await verify.execute({ caseRef: victim.case_id })).firstBrokenLink).toMatchObject(link);
    const day = dayOf(victim.stored_at);
    expect((await verify.execute({ day })).firstBrokenLink).toMatchObject(link);

    const out = await cli('verify');
    expect(out.code).toBe(1);
    expect(out.out).toContain(
      `first broken link: case ${victim.case_id} link #${victim.case_seq} (seq ${victim.seq}`,
    );
    expect(out.out).toContain('BROKEN');
    const res = await api(`/verify?case=${victim.case_id}`, { headers: auditor });
    expect(await res.json()).toMatchObject({ isIntact: false, firstBrokenLink: link });

    // Rewriting the hash as well only moves the break to the next link, which still points at the old hash.
    await withAppendOnlyOff(DB, async () => {
      const [prev] = await sql(DB, `SELECT prev_hash FROM audit.event_store WHERE event_id = $1`, [
        victim.event_id,
      ]);
      await sql(DB, `UPDATE audit.event_store SET hash = $2 WHERE event_id = $1`, [
        victim.event_id,
        chainHash(prev.prev_hash, forged),
      ]);
    });
    const next = await verify.execute({ caseRef: victim.case_id });
    expect(next.firstBrokenLink).toMatchObject({ caseSeq: victim.case_seq + 1, problem: 'prev_hash' });
    // And the day's digest, kept elsewhere, no longer matches the day's hashes.
    expect((await verify.execute()).firstBrokenDigest).toMatchObject({ day, problem: 'day_hash' });
    expect((await verify.execute({ day })).firstBrokenDigest).toMatchObject({ day, problem: 'day_hash' });

    // Only the queryable jsonb copy changed, in another case; then content that is not even JSON any more.
    const others = await sql(
      DB,
      `SELECT case_id::text AS case_id, event_id::text AS event_id, case_seq FROM audit.event_store
       WHERE case_id <> $1 AND case_seq = 1 ORDER BY seq LIMIT 2`,
      [victim.case_id],
    );
    await withAppendOnlyOff(DB, async () => {
      await sql(
        DB,
        `UPDATE audit.event_store SET envelope = jsonb_set(envelope, '{producer}', '"someone"') WHERE event_id = $1`,
        [others[0].event_id],
      );
      await sql(DB, `UPDATE audit.event_store SET canonical = 'not json' WHERE event_id = $1`, [
        others[1].event_id,
      ]);
    });
    expect((await verify.execute({ caseRef: others[0].case_id })).firstBrokenLink).toMatchObject({
      eventId: others[0].event_id,
      problem: 'envelope',
    });
    const all = await verify.execute();
    expect(all.brokenCases).toBe(3);
    expect(all.brokenLinks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ eventId: others[0].event_id, problem: 'envelope' }),
        expect.objectContaining({ eventId: others[1].event_id, problem: 'hash' }),
      ]),
    );
  });
});

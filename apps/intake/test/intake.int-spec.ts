import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
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
import { plainToInstance } from 'class-transformer';
import { IdempotencyKeyReusedError } from '../src/domain/intake.errors';
import { IntakeEnv } from '../src/intake.env';
import { RegisterPetitionDto } from '../src/register-petition/register-petition.dto';
import {
  RegisterPetitionCommand,
  RegisterPetitionUseCase,
} from '../src/register-petition/register-petition.use-case';
import { intakeService } from '../src/intake.service';

const DB = testDatabaseUrl('intake');
const NS = uniqueNamespace();
const PORT = 13201;
const BASE = `http://127.0.0.1:${PORT}`;
let svc: RunningService<IntakeEnv>;
const ATTACHMENTS = join(tmpdir(), `intake-attachments-${process.pid}`);

const individual = {
  type: 'individual',
  fullName: 'Nguyễn Văn An',
  nationalId: '001203004567',
  phone: '0912345678',
};
const content =
  'Phản ánh tình trạng rác thải ùn ứ tại ngõ 12 Phúc Xá kéo dài nhiều tuần, gây mùi hôi ảnh hưởng đời sống.';

async function post(body: unknown, headers: Record<string, string> = {}, raw?: string) {
  const res = await fetch(`${BASE}/cases`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: raw ?? JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as any };
}
const count = async () => (await sql(DB, `SELECT count(*)::int AS n FROM intake.cases`))[0].n as number;

beforeAll(async () => {
  await resetDatabase(DB);
  svc = await startService(intakeService, {
    env: { DATABASE_URL: DB, KAFKA_NAMESPACE: NS, LOG_LEVEL: 'silent', ATTACHMENTS_DIR: ATTACHMENTS },
    port: PORT,
  });
});

afterAll(async () => {
  await svc?.stop();
  await deleteNamespaceTopics(testKafka(), NS);
});

describe('registering petitions', () => {
  it.each([
    ['in_person', individual, { receptionSessionId: 'TCD-2026-11-23-S', receivingOfficer: 'Lê Thu Trang' }],
    ['post', individual, undefined],
    ['online', { type: 'organisation', organisationName: 'Công ty TNHH Minh Phát' }, undefined],
    ['hotline', { type: 'anonymous' }, undefined],
    ['email', { type: 'anonymous', pseudonym: 'Người dân phố cổ' }, undefined],
    [
      'dialogue_conference',
      { type: 'collective', representativeName: 'Trần Thị Bình', signatoryCount: 23 },
      undefined,
    ],
    [
      'transferred',
      individual,
      {
        sourceAgency: 'Trụ sở Tiếp công dân Trung ương',
        sourceReference: 'CV 123/TCD',
        sourceDate: '2026-11-01',
      },
    ],
    ['press', { type: 'anonymous' }, { sourceName: 'Báo Hà Nội Mới' }],
  ])(
    'registers a %s petition once, with a tracking code and a receipt',
    async (channel, petitioner, channelDetails) => {
      const res = await post({ channel, petitioner, content, wardCode: '00001', channelDetails });
      expect(res.status).toBe(201);
      expect(res.body.trackingCode).toMatch(/^HN-\d{8}-[0-9A-Z]{6}$/);
      expect(res.body.receipt.processingWorkingDays).toBe(10);
      const [row] = await sql(
        DB,
        `SELECT channel, is_anonymous, channel_details FROM intake.cases WHERE id = $1`,
        [res.body.caseId],
      );
      expect(row.channel).toBe(channel);
      expect(row.is_anonymous).toBe(petitioner.type === 'anonymous');
      if (channelDetails) expect(row.channel_details).toMatchObject(channelDetails);
    },
  );

  it('serves a printable receipt in Vietnamese', async () => {
    const r = await post({
      channel: 'post',
      petitioner: individual,
      content: `${content} Lần 2.`,
      wardCode: '00004',
    });
    const html = await (await fetch(`${BASE}/cases/${r.body.caseId}/receipt`)).text();
    expect(html).toContain('GIẤY BIÊN NHẬN ĐƠN');
    expect(html).toContain(r.body.trackingCode);
    expect(html).toContain('10 ngày làm việc');
  });

  it.each([
    ['channel', { channel: 'pigeon' }],
    ['receivedAt', { receivedAt: 'yesterday' }],
    ['receivedAt', { receivedAt: '2099-01-01T00:00:00.000Z' }],
    ['petitioner.type', { petitioner: { type: 'alien' } }],
    ['petitioner.fullName', { petitioner: { type: 'individual' } }],
    ['petitioner.fullName', { petitioner: { type: 'individual', fullName: '12345' } }],
    ['petitioner.nationalId', { petitioner: { ...individual, nationalId: '12345' } }],
    ['petitioner.nationalId', { petitioner: { ...individual, nationalId: '999203004567' } }],
    ['petitioner.phone', { petitioner: { ...individual, phone: '12345' } }],
    ['petitioner.representativeName', { petitioner: { type: 'collective', signatoryCount: 5 } }],
    [
      'petitioner.signatoryCount',
      { petitioner: { type: 'collective', representativeName: 'Trần Thị Bình', signatoryCount: 1 } },
    ],
    ['petitioner.organisationName', { petitioner: { type: 'organisation' } }],
    ['content', { content: 'ngắn' }],
    ['content', { content: 'x'.repeat(20001) }],
    ['wardCode', { wardCode: 'Phúc Xá' }],
    [
      'attachments.0.sha256',
      { attachments: [{ name: 'a.pdf', mediaType: 'application/pdf', sizeBytes: 10, sha256: 'abc' }] },
    ],
    ['relatedTrackingCode', { relatedTrackingCode: 'ABC' }],
    ['unexpected', { unexpected: true }],
  ])('refuses a bad %s with 400 naming it, and writes nothing', async (field, change) => {
    const before = await count();
    const res = await post({ channel: 'post', petitioner: individual, content, ...change });
    expect(res.status).toBe(400);
    expect(res.body.fields.map((f: { field: string }) => f.field)).toContain(field);
    expect(await count()).toBe(before);
  });

  it('refuses a wrong content type (415) and an oversize body (413)', async () => {
    const form = await fetch(`${BASE}/cases`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'hello',
    });
    expect(form.status).toBe(415);
    const huge = await post(
      null,
      {},
      JSON.stringify({ channel: 'post', petitioner: individual, content: 'x'.repeat(600_000) }),
    );
    expect(huge.status).toBe(413);
  });

  it('answers a retry with the same Idempotency-Key with the first answer, and refuses the key for another body', async () => {
    const body = { channel: 'online', petitioner: { type: 'anonymous' }, content: `${content} Khóa thử.` };
    const a = await post(body, { 'idempotency-key': 'int-key-1' });
    const b = await post(body, { 'idempotency-key': 'int-key-1' });
    expect(b).toEqual(a);
    expect(
      (
        await sql(DB, `SELECT count(*)::int AS n FROM intake.cases WHERE tracking_code = $1`, [
          a.body.trackingCode,
        ])
      )[0].n,
    ).toBe(1);
    const c = await post(
      { ...body, content: `${content} Nội dung khác hẳn.` },
      { 'idempotency-key': 'int-key-1' },
    );
    expect(c.status).toBe(422);
  });

  it('links a near-identical petition from the same petitioner as a repeat, with or without diacritics', async () => {
    const who = { type: 'individual', fullName: 'Phạm Thu Dung', phone: '0977000111' };
    const letter =
      'Tôi khiếu nại Quyết định số 123/QĐ-UBND ngày 5/3/2026 của UBND phường Phúc Xá về việc thu hồi đất của gia đình tôi tại ngõ 12 Phúc Xá, đề nghị xem xét lại và hủy bỏ quyết định.';
    const first = await post({ channel: 'post', petitioner: who, content: letter });
    const plain = await post({
      channel: 'online',
      petitioner: { ...who, fullName: 'Pham Thu Dung' },
      content:
        'toi khieu nai quyet dinh so 123/QD-UBND ngay 5/3/2026 cua UBND phuong Phuc Xa ve viec thu hoi dat cua gia dinh toi tai ngo 12 Phuc Xa, de nghi xem xet lai va huy bo quyet dinh',
    });
    expect(plain.body.isRepeat).toBe(true);
    expect(plain.body.repeatOfCaseId).toBe(first.body.caseId);
    const other = await post({
      channel: 'post',
      petitioner: who,
      content:
        'Tôi phản ánh công trình xây dựng bên cạnh nhà tôi tại ngõ 12 Phúc Xá gây nứt tường, đề nghị kiểm tra xử lý.',
    });
    expect(other.body.isRepeat).toBe(false);
    const stranger = await post({
      channel: 'post',
      petitioner: { ...who, phone: '0977000999' },
      content: letter,
    });
    expect(stranger.body.isRepeat).toBe(false);
  });

  it("links the repeat when one petitioner's two petitions are registered at the same moment elsewhere", async () => {
    // Two registrations racing (two replicas, or two groups of one replica): each must see the other or be seen.
    const useCase = svc.app.get(RegisterPetitionUseCase);
    const cmd = (round: number, variant: string) => ({
      petition: plainToInstance(RegisterPetitionDto, {
        channel: 'online',
        petitioner: { type: 'individual', fullName: 'Đỗ Minh Quân', phone: `09880001${10 + round}` },
        content: `Tôi kiến nghị UBND phường Phúc Xá sửa chữa cống thoát nước trước số ${round} ngõ 5 bị vỡ, nước thải tràn ra đường gây mất vệ sinh${variant}`,
      }),
      actorId: 'race-test',
    });
    for (let round = 0; round < 6; round++) {
      const race = (a: RegisterPetitionCommand, b: RegisterPetitionCommand) =>
        round % 2
          ? Promise.all([useCase.executeMany([a]), useCase.executeMany([b])]).then((r) => r.flat())
          : Promise.all([useCase.execute(a), useCase.execute(b)]);
      const answers = await race(cmd(round, '.'), cmd(round, '!'));
      const bodies = answers.map((r) => r.body);
      expect(bodies.map((b) => b.isRepeat).sort()).toEqual([false, true]);
      const original = bodies.find((b) => !b.isRepeat)!;
      expect(bodies.find((b) => b.isRepeat)!.repeatOfCaseId).toBe(original.caseId);
    }
  });

  it('registers requests that arrive together as one group, each answered as if it came alone', async () => {
    const useCase = svc.app.get(RegisterPetitionUseCase);
    const dto = (body: object) => plainToInstance(RegisterPetitionDto, body);
    const original = await post({
      channel: 'online',
      petitioner: { type: 'anonymous' },
      content: `${content} Nhóm gốc.`,
    });
    const who = { type: 'individual', fullName: 'Ngô Thị Hạnh', nationalId: '001190004321' };
    const letter =
      'Tôi đề nghị UBND phường Phúc Xá xem xét việc cấp giấy chứng nhận quyền sử dụng đất cho gia đình tôi đã nộp hồ sơ từ tháng 3 năm 2026 đến nay chưa được giải quyết.';
    const loose = `${content} Khóa nhóm.`;
    const submit = (body: object, idempotencyKey?: string) =>
      useCase.submit({ petition: dto(body), idempotencyKey, actorId: 'group-test' }).then(
        (r) => ({ ok: true as const, r }),
        (err: Error) => ({ ok: false as const, err }),
      );
    const before = await count();
    // Submitted in one turn of the event loop: they form one group.
    const answers = await Promise.all([
      ...Array.from({ length: 30 }, (_, i) =>
        submit({
          channel: 'hotline',
          petitioner: { type: 'anonymous' },
          content: `${content} Cuộc gọi số ${i}.`,
        }),
      ),
      submit({ channel: 'post', petitioner: who, content: letter }),
      submit({ channel: 'online', petitioner: who, content: letter.toLowerCase() }),
      submit({ channel: 'online', petitioner: { type: 'anonymous' }, content: loose }, 'group-key-1'),
      submit({ channel: 'online', petitioner: { type: 'anonymous' }, content: loose }, 'group-key-1'),
      submit(
        { channel: 'online', petitioner: { type: 'anonymous' }, content: `${loose} Khác.` },
        'group-key-1',
      ),
      submit({
        channel: 'post',
        petitioner: { type: 'anonymous' },
        content: `${content} Nhắc lại đơn cũ.`,
        relatedTrackingCode: original.body.trackingCode,
      }),
    ]);
    const [first, repeat, keyed, retried, reused, quoting] = answers.slice(30);
    expect(answers.slice(0, 30).every((a) => a.ok && a.r.status === 201 && !a.r.replayed)).toBe(true);
    if (!first.ok || !repeat.ok || !keyed.ok || !retried.ok || !quoting.ok) throw new Error('refused');
    expect(first.r.body.isRepeat).toBe(false);
    expect(repeat.r.body).toMatchObject({ isRepeat: true, repeatOfCaseId: first.r.body.caseId });
    expect(retried.r.body).toEqual(keyed.r.body);
    expect(retried.r.replayed).toBe(true);
    expect(reused.ok).toBe(false);
    expect(!reused.ok && reused.err).toBeInstanceOf(IdempotencyKeyReusedError);
    expect(quoting.r.body.repeatOfCaseId).toBe(original.body.caseId);
    const ids = answers.flatMap((a) => (a.ok && !a.r.replayed ? [a.r.body.caseId] : []));
    expect(new Set(ids).size).toBe(34);
    expect(await count()).toBe(before + 34);
    const stored = await sql(
      DB,
      `SELECT c.id, c.tracking_code, c.is_repeat, k.key FROM intake.cases c
       LEFT JOIN intake.idempotency_keys k ON k.response->>'caseId' = c.id::text WHERE c.id = ANY($1::uuid[])`,
      [ids],
    );
    expect(stored).toHaveLength(34);
    expect(stored.filter((r) => r.key === 'group-key-1').map((r) => r.id)).toEqual([keyed.r.body.caseId]);
  });

  it('publishes case.received exactly once per case through the outbox', async () => {
    const kafka = testKafka();
    const consumer = kafka.consumer({ groupId: `${NS}reader` });
    const seen = new Map<string, number>();
    await consumer.connect();
    await consumer.subscribe({ topic: `${NS}case.received`, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const id = JSON.parse(message.value!.toString()).caseId as string;
        seen.set(id, (seen.get(id) ?? 0) + 1);
      },
    });
    const total = await count();
    await waitFor('every case published', async () => seen.size === total, 30000);
    await consumer.disconnect();
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
  });
});

describe('attachments', () => {
  it('stores a file on disk under its SHA-256 and answers the metadata a petition carries', async () => {
    const bytes = Buffer.from('%PDF-1.4 biên bản làm việc');
    const up = await fetch(`${BASE}/attachments`, {
      method: 'POST',
      headers: {
        'content-type': 'application/octet-stream',
        'x-file-name': encodeURIComponent('biên bản.pdf'),
        'x-media-type': 'application/pdf',
      },
      body: bytes,
    });
    expect(up.status).toBe(201);
    const meta = (await up.json()) as { name: string; sha256: string; sizeBytes: number };
    expect(meta).toMatchObject({ name: 'biên bản.pdf', sizeBytes: bytes.length });
    expect(readFileSync(join(ATTACHMENTS, meta.sha256))).toEqual(bytes);
    const res = await post({
      channel: 'post',
      petitioner: individual,
      content: `${content} Kèm biên bản.`,
      attachments: [meta],
    });
    expect(res.status).toBe(201);
    const empty = await fetch(`${BASE}/attachments`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: '',
    });
    expect(empty.status).toBe(400);
  });
});

describe('OpenAPI', () => {
  it('documents the API at /docs from the same DTOs that validate requests', async () => {
    const doc = (await (await fetch(`${BASE}/docs-json`)).json()) as any;
    expect(doc.paths['/cases'].post).toBeDefined();
    expect(doc.paths['/conferences/import'].post).toBeDefined();
    const dto = doc.components.schemas.RegisterPetitionDto;
    expect(dto.required).toEqual(expect.arrayContaining(['channel', 'petitioner', 'content']));
    expect(dto.properties.content.maxLength).toBe(20000);
    expect((await fetch(`${BASE}/docs`)).status).toBe(200);
  });
});

describe('conference import', () => {
  const csv = [
    'ho_ten,phuong,noi_dung',
    'Nguyễn Văn Hùng,00001,"Đề nghị sửa chữa đèn chiếu sáng ngõ 5 Phúc Xá, nhiều tháng nay không sáng."',
    ',00004,Phản ánh tình trạng lấn chiếm vỉa hè để bán hàng tại phố Trúc Bạch gây mất trật tự.',
    'Trần Văn Nam,00013,ngắn',
    '12345,00013,Kiến nghị bố trí thêm thùng rác công cộng tại khu vực chợ Quán Thánh.',
    'Lê Thị Hoa,Phường Kim Mã,"Phản ánh nước thải từ nhà hàng chảy ra ngõ 30 Kim Mã, ""bốc mùi"" nặng."',
  ].join('\n');
  const upload = (body: string) =>
    fetch(
      `${BASE}/conferences/import?heldOn=2026-11-20&place=${encodeURIComponent('Hội trường UBND quận Ba Đình')}&chair=${encodeURIComponent('Chủ tịch UBND quận')}`,
      {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body,
      },
    ).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));

  it('imports the valid rows, reports the bad ones with reasons, and creates nothing on re-import', async () => {
    const before = await count();
    const first = await upload(csv);
    expect(first.status).toBe(200);
    expect(first.body.report.map((r: { status: string }) => r.status)).toEqual([
      'accepted',
      'accepted',
      'rejected',
      'rejected',
      'accepted',
    ]);
    expect(first.body.report[2].reasons.join(' ')).toMatch(/content/);
    expect(first.body.report[3].reasons.join(' ')).toMatch(/fullName/);
    expect(await count()).toBe(before + 3);
    const rows = await sql(DB, `SELECT channel, conference_id FROM intake.cases WHERE conference_id = $1`, [
      first.body.conferenceId,
    ]);
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.channel === 'dialogue_conference')).toBe(true);
    const again = await upload(csv);
    expect(again.body.reimported).toBe(true);
    expect(again.body.report).toEqual(first.body.report);
    expect(await count()).toBe(before + 3);
  });

  it('imports hundreds of rows (several set-based chunks), each once, and adds only the new rows of a longer sheet', async () => {
    const wards = ['00001', '00004', '00013', 'Phường Kim Mã', ''];
    const names = [
      'Nguyễn Văn Hùng',
      'Trần Thị Lan',
      'Lê Văn Bình',
      'Phạm Thu Hà',
      'Đỗ Minh Tuấn',
      'Vũ Thị Mai',
      'Hoàng Văn Nam',
    ];
    const row = (i: number) =>
      i % 97 === 13
        ? `Người ${i},00001,ngắn` // too short: rejected
        : `${i % 3 ? names[i % names.length] : ''},${wards[i % 5]},"Kiến nghị số ${i % 290}: sửa đường ngõ ${i % 290} bị lún, mưa xuống ngập sâu."`;
    const sheet = (n: number) =>
      ['ho_ten,phuong,noi_dung', ...Array.from({ length: n }, (_, i) => row(i))].join('\n');
    const meta = `heldOn=2026-11-21&place=${encodeURIComponent('Nhà văn hoá phường Kim Mã')}&chair=${encodeURIComponent('Chủ tịch UBND phường')}`;
    const send = (body: string) =>
      fetch(`${BASE}/conferences/import?${meta}`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body,
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
    const before = await count();

    const first = await send(sheet(300));
    expect(first.status).toBe(200);
    const firstAccepted = first.body.report.filter((r: { status: string }) => r.status === 'accepted');
    expect(first.body.rejected).toBe(3);
    expect(first.body.created).toBe(297);
    expect(await count()).toBe(before + 297);

    // The same conference, a longer sheet (rows 0-299 again, and 300 more, some repeating earlier texts).
    const second = await send(sheet(600));
    expect(second.status).toBe(200);
    const accepted = second.body.report.filter((r: { status: string }) => r.status === 'accepted');
    expect(accepted).toHaveLength(600 - 7);
    expect(second.body.created).toBe(600 - 7 - 297);
    expect(accepted.slice(0, 297)).toEqual(firstAccepted);
    expect(new Set(accepted.map((r: { caseId: string }) => r.caseId)).size).toBe(accepted.length);
    expect(await count()).toBe(before + 593);
    const stored = await sql(
      DB,
      `SELECT c.id, c.tracking_code, c.conference_id, k.response->>'caseId' AS answered
       FROM intake.cases c JOIN intake.idempotency_keys k ON k.response->>'caseId' = c.id::text
       WHERE c.id = ANY($1::uuid[])`,
      [accepted.map((r: { caseId: string }) => r.caseId)],
    );
    expect(stored).toHaveLength(593);
    const byId = new Map(stored.map((r) => [r.id, r]));
    for (const r of accepted) expect(byId.get(r.caseId)?.tracking_code).toBe(r.trackingCode);
    expect(new Set(stored.map((r) => r.conference_id))).toEqual(new Set([second.body.conferenceId]));
  });

  it('imports a conference held today even before noon, received no later than now', async () => {
    const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    const res = await fetch(
      `${BASE}/conferences/import?heldOn=${today}&place=${encodeURIComponent('Hội trường phường Giảng Võ')}&chair=${encodeURIComponent('Bí thư phường')}`,
      {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body: 'ho_ten,phuong,noi_dung\nĐinh Văn Khoa,00001,Đề nghị bố trí thêm giờ tiếp công dân vào sáng thứ Bảy hằng tuần.',
      },
    );
    const body = (await res.json()) as any;
    expect(res.status).toBe(200);
    expect(body.accepted).toBe(1);
    const [c] = await sql(DB, `SELECT received_at FROM intake.cases WHERE id = $1`, [body.report[0].caseId]);
    expect(new Date(c.received_at).getTime()).toBeLessThanOrEqual(Date.now());
    expect(new Date(c.received_at).getTime()).toBeGreaterThanOrEqual(Date.parse(`${today}T00:00:00+07:00`));
  });

  it('refuses a file without a content column, and a missing chair', async () => {
    expect((await upload('ten,phuong\nA,00001')).status).toBe(400);
    const res = await fetch(`${BASE}/conferences/import?heldOn=2026-11-20&place=X&chair=`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: csv,
    });
    expect(res.status).toBe(400);
  });
});

describe('never lost', () => {
  // A broker of its own on other ports, so stopping it disturbs nothing else.
  const ROOT = join(__dirname, '..', '..', '..');
  const ALT = {
    ...process.env,
    KAFKA_PORT: '19092',
    KAFKA_CONTROLLER_PORT: '19093',
    KAFKA_STATE_DIR: join(ROOT, '.infra', 'kafka-intake-test'),
  };
  const kafkaCtl = (cmd: string) =>
    execFileSync('bash', [join(ROOT, 'docker', 'kafka-local.sh'), cmd], {
      env: ALT,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  let alt: RunningService<IntakeEnv> | undefined;

  afterAll(async () => {
    await alt?.stop().catch(() => undefined);
    kafkaCtl('stop');
  });

  it('accepts a petition while Kafka is down and publishes it when the broker returns', async () => {
    kafkaCtl('up');
    const altDb = testDatabaseUrl('intake_broker_down');
    await resetDatabase(altDb);
    alt = await startService(intakeService, {
      env: {
        DATABASE_URL: altDb,
        KAFKA_BROKERS: '127.0.0.1:19092',
        LOG_LEVEL: 'silent',
        OUTBOX_POLL_MS: '200',
      },
      port: 13202,
    });
    kafkaCtl('stop');
    const res = await fetch('http://127.0.0.1:13202/cases', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ channel: 'hotline', petitioner: { type: 'anonymous' }, content }),
    });
    expect(res.status).toBe(201);
    const { caseId } = (await res.json()) as { caseId: string };
    expect(await sql(altDb, `SELECT event_id FROM intake.outbox`)).toHaveLength(1);
    kafkaCtl('up');
    await waitFor(
      'outbox drained after the broker returned',
      async () => (await sql(altDb, `SELECT 1 FROM intake.outbox`)).length === 0,
      90000,
      500,
    );
    const kafka = new Kafka({ clientId: 'check', brokers: ['127.0.0.1:19092'], logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: 'check-broker-down' });
    const ids: string[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic: 'case.received', fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => void ids.push(JSON.parse(message.value!.toString()).caseId),
    });
    await waitFor('case.received on the topic', async () => ids.includes(caseId), 30000);
    await consumer.disconnect();
    expect(ids.filter((i) => i === caseId)).toHaveLength(1);
  });
});

import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
import { RegisterPetitionUseCase } from '../src/register-petition/register-petition.use-case';
import { IntakeEnv } from '../src/intake.env';
import { intakeService } from '../src/intake.service';

const DB = testDatabaseUrl('intake_attachments');
const NS = uniqueNamespace();
const PORT = 13204;
const BASE = `http://127.0.0.1:${PORT}`;
const ATTACHMENTS = join(tmpdir(), `intake-attachments-check-${process.pid}`);
let svc: RunningService<IntakeEnv>;

const petition = {
  channel: 'in_person',
  petitioner: {
    type: 'individual',
    fullName: 'Nguyễn Thị Thu',
    nationalId: '001303004568',
    phone: '0912000111',
  },
  content:
    'Tôi khiếu nại việc cấp giấy phép xây dựng cho công trình số 15 ngõ 8 Trúc Bạch lấn sang đất nhà tôi.',
  wardCode: '00004',
};
const scan = Buffer.concat([
  Buffer.from('%PDF-1.7\n'),
  Buffer.from('Biên bản hiện trạng, 2 trang. '.repeat(40)),
]);
const photo = Buffer.concat([Buffer.from('ffd8ffe000104a46494600', 'hex'), Buffer.alloc(3000, 7)]);

async function uploadFile(bytes: Buffer, name: string, mediaType?: string) {
  const res = await fetch(`${BASE}/attachments`, {
    method: 'POST',
    headers: {
      'content-type': 'application/octet-stream',
      'x-file-name': encodeURIComponent(name),
      ...(mediaType ? { 'x-media-type': mediaType } : {}),
    },
    body: new Uint8Array(bytes),
  });
  return { status: res.status, body: (await res.json()) as any };
}

async function post(body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${BASE}/cases`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

// What is written; `before` waits for the relay to publish earlier cases, so an outbox row after means a write.
const counts = async (opts: { drained?: boolean } = {}) => {
  if (opts.drained)
    await waitFor(
      'outbox drained',
      async () => (await sql(DB, `SELECT 1 FROM intake.outbox LIMIT 1`)).length === 0,
      30000,
    );
  return (
    await sql(
      DB,
      `SELECT (SELECT count(*)::int FROM intake.cases) AS cases,
              (SELECT count(*)::int FROM intake.idempotency_keys) AS keys,
              (SELECT count(*)::int FROM intake.outbox) AS outbox`,
    )
  )[0];
};

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

describe(`${RegisterPetitionUseCase.name}: attachments`, () => {
  let stored: { name: string; mediaType: string; sizeBytes: number; sha256: string };

  beforeAll(async () => {
    const up = await uploadFile(scan, 'biên bản hiện trạng.pdf', 'application/pdf');
    expect(up.status).toBe(201);
    stored = up.body;
  });

  it('stores the upload under its SHA-256 and answers its metadata', async () => {
    expect(stored).toEqual({
      name: 'biên bản hiện trạng.pdf',
      mediaType: 'application/pdf',
      sizeBytes: scan.length,
      sha256: createHash('sha256').update(scan).digest('hex'),
    });
    expect(readFileSync(join(ATTACHMENTS, stored.sha256))).toEqual(scan);
  });

  it('detects the type of an upload sent without one, and refuses a type the bytes contradict', async () => {
    const detected = await uploadFile(photo, 'anh-hien-truong.jpg');
    expect(detected.body).toMatchObject({ mediaType: 'image/jpeg', sizeBytes: photo.length });
    const wrong = await uploadFile(scan, 'anh.png', 'image/png');
    expect(wrong.status).toBe(400);
    expect(wrong.body.fields).toEqual([
      { field: 'x-media-type', reason: expect.stringContaining('PDF (application/pdf)') },
    ]);
  });

  it('accepts a petition whose attachments were uploaded, and records them with the case', async () => {
    const before = await counts({ drained: true });
    const res = await post({ ...petition, attachments: [stored] }, { 'idempotency-key': 'att-ok-1' });
    expect(res.status).toBe(201);
    const [row] = await sql(DB, `SELECT attachments FROM intake.cases WHERE id = $1`, [res.body.caseId]);
    expect(row.attachments).toEqual([stored]);
    expect((await counts()).cases).toBe(before.cases + 1);
  });

  it('refuses an attachment that was never uploaded with 400 naming it, and writes nothing', async () => {
    const before = await counts({ drained: true });
    const missing = { ...stored, sha256: createHash('sha256').update('never uploaded').digest('hex') };
    const res = await post(
      { ...petition, attachments: [stored, missing] },
      { 'idempotency-key': 'att-missing-1' },
    );
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('INTAKE.VALIDATION_FAILED');
    expect(res.body.fields).toEqual([
      { field: 'attachments.1.sha256', reason: expect.stringContaining('POST /attachments') },
    ]);
    expect(await counts()).toEqual(before);
    // The key was not spent on the refusal: the corrected request goes through under it.
    const retry = await post({ ...petition, attachments: [stored] }, { 'idempotency-key': 'att-missing-1' });
    expect(retry.status).toBe(201);
  });

  it('refuses metadata whose size or type disagree with the stored file, naming each field, and writes nothing', async () => {
    const before = await counts({ drained: true });
    const res = await post({
      ...petition,
      receivedAt: '2099-01-01T00:00:00.000Z',
      attachments: [
        { ...stored, sizeBytes: stored.sizeBytes + 1 },
        { ...stored, mediaType: 'image/jpeg' },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.fields).toEqual([
      { field: 'receivedAt', reason: expect.any(String) },
      {
        field: 'attachments.0.sizeBytes',
        reason: `sizeBytes is ${scan.length + 1} but the stored file has ${scan.length} bytes`,
      },
      { field: 'attachments.1.mediaType', reason: expect.stringContaining('PDF') },
    ]);
    expect(await counts()).toEqual(before);
  });

  it('accepts a paper original kept at the desk without a file, and publishes it by name in case.received', async () => {
    const consumer = testKafka().consumer({ groupId: `${NS}attachments-reader` });
    const seen = new Map<string, any>();
    await consumer.connect();
    await consumer.subscribe({ topic: `${NS}case.received`, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const e = JSON.parse(message.value!.toString());
        seen.set(e.caseId, e.payload);
      },
    });
    try {
      const paper = { name: 'Bản gốc Giấy chứng nhận quyền sử dụng đất (3 trang)', isPaperOnly: true };
      const res = await post({
        ...petition,
        content: `${petition.content} Kèm bản gốc.`,
        attachments: [stored, paper],
      });
      expect(res.status).toBe(201);
      const [row] = await sql(DB, `SELECT attachments FROM intake.cases WHERE id = $1`, [res.body.caseId]);
      expect(row.attachments).toEqual([stored, paper]);
      await waitFor('case.received published', async () => seen.has(res.body.caseId), 30000);
      expect(seen.get(res.body.caseId).attachments).toEqual([stored]);
      expect(seen.get(res.body.caseId).paperDocuments).toEqual([{ name: paper.name }]);
      // A petition without paper originals leaves the field out.
      const filesOnly = await post({
        ...petition,
        content: `${petition.content} Chỉ tệp.`,
        attachments: [stored],
      });
      expect(filesOnly.status).toBe(201);
      await waitFor('case.received published', async () => seen.has(filesOnly.body.caseId), 30000);
      expect(seen.get(filesOnly.body.caseId)).not.toHaveProperty('paperDocuments');
    } finally {
      await consumer.disconnect();
    }
  });

  it('refuses a file attachment without sha256, and file fields on a paper-only attachment', async () => {
    const before = await counts({ drained: true });
    const res = await post({
      ...petition,
      attachments: [
        { name: 'Đơn viết tay', isPaperOnly: true, sha256: stored.sha256 },
        { name: 'ảnh.jpg', mediaType: 'image/jpeg', sizeBytes: 10 },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.fields.map((f: any) => f.field)).toEqual(['attachments.1.sha256']);
    const paperWithFile = await post({
      ...petition,
      attachments: [{ name: 'Đơn viết tay', isPaperOnly: true, sha256: stored.sha256 }],
    });
    expect(paperWithFile.status).toBe(400);
    expect(paperWithFile.body.fields).toEqual([
      { field: 'attachments.0.sha256', reason: expect.stringContaining('paper-only') },
    ]);
    expect(await counts()).toEqual(before);
  });

  it('documents the attachment rules in the OpenAPI schema', async () => {
    const doc = (await (await fetch(`${BASE}/docs-json`)).json()) as any;
    const att = doc.components.schemas.AttachmentDto;
    expect(att.properties.isPaperOnly).toMatchObject({
      type: 'boolean',
      description: expect.stringContaining('paper'),
    });
    expect(att.properties.sha256.description).toContain('POST /attachments');
    expect(att.required ?? []).not.toContain('sha256');
    expect(Object.keys(doc.paths['/conferences/import'].post.requestBody.content)).toEqual(
      expect.arrayContaining([
        'text/csv',
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      ]),
    );
  });
});

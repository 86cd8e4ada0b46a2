import 'reflect-metadata';
import { Workbook } from 'exceljs';
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
import { ImportConferenceUseCase } from '../src/import-conference/import-conference.use-case';
import { XLSX_MEDIA_TYPE } from '../src/import-conference/xlsx';
import { IntakeEnv } from '../src/intake.env';
import { intakeService } from '../src/intake.service';
import { xlsxBytes, zipBomb } from './xlsx-fixtures';

const DB = testDatabaseUrl('intake_import');
const NS = uniqueNamespace();
const PORT = 13203;
const BASE = `http://127.0.0.1:${PORT}`;
// Small limits, so the oversize cases stay quick; the defaults are documented in docs/intake.md.
const MAX_XLSX_BYTES = 1024 * 1024;
const MAX_UNZIPPED_BYTES = 8 * 1024 * 1024;
const MAX_ROWS = 40;
let svc: RunningService<IntakeEnv>;

const HELD_ON = '2026-11-20';
const PLACE = 'Hội trường UBND phường Phúc Xá';
const CHAIR = 'Chủ tịch UBND phường';

async function upload(
  body: Buffer | string,
  contentType = XLSX_MEDIA_TYPE,
  query: Record<string, string> = {},
  meta = { heldOn: HELD_ON, place: PLACE, chair: CHAIR },
) {
  const qs = new URLSearchParams({ ...meta, ...query }).toString();
  const res = await fetch(`${BASE}/conferences/import?${qs}`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as any };
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
              (SELECT count(*)::int FROM intake.conferences) AS conferences,
              (SELECT count(*)::int FROM intake.idempotency_keys) AS keys,
              (SELECT count(*)::int FROM intake.outbox) AS outbox`,
    )
  )[0] as { cases: number; conferences: number; keys: number; outbox: number };
};

/**
 * The conference sheet as staff keep it: a title block, a header row in Vietnamese, an STT column, opinions with
 * and without diacritics, ward codes typed as numbers, a merged ward cell, a rich-text cell, a formula with its
 * cached result, and bad rows (too short, a number for a name, an #REF! cell), then formatted empty rows.
 */
function conferenceSheet(wb: Workbook, opts: { fixBadRows?: boolean; sheetName?: string } = {}) {
  const ws = wb.addWorksheet(opts.sheetName ?? 'Ý kiến cử tri');
  ws.getCell('A1').value = 'HỘI NGHỊ ĐỐI THOẠI VỚI NHÂN DÂN PHƯỜNG PHÚC XÁ';
  ws.mergeCells('A1:D1');
  ws.getCell('A2').value = new Date(Date.UTC(2026, 10, 20));
  ws.getCell('A2').numFmt = 'dd/mm/yyyy';
  ws.addRow(['STT', 'Họ tên', 'Phường', 'Nội dung']); // row 3
  ws.addRow([
    1,
    'Nguyễn Văn Hùng',
    1,
    'Đề nghị sửa chữa đèn chiếu sáng ngõ 5 Phúc Xá, nhiều tháng nay không sáng.',
  ]);
  ws.addRow([
    2,
    '',
    4,
    'Phan anh tinh trang lan chiem via he de ban hang tai pho Truc Bach gay mat trat tu.',
  ]);
  ws.addRow([
    3,
    'Trần Văn Nam',
    13,
    opts.fixBadRows ? 'Đề nghị nạo vét cống thoát nước ngõ 8 Quán Thánh.' : 'ngắn',
  ]);
  ws.addRow([
    4,
    opts.fixBadRows ? 'Lê Văn Bình' : 12345,
    13,
    'Kiến nghị bố trí thêm thùng rác công cộng tại khu vực chợ Quán Thánh.',
  ]);
  ws.addRow([
    5,
    'Lê Thị Hoa',
    'Phường Kim Mã',
    {
      richText: [
        { text: 'Phản ánh nước thải từ nhà hàng chảy ra ngõ 30 Kim Mã, ' },
        { text: '"bốc mùi" nặng.', font: { bold: true } },
      ],
    },
  ]);
  ws.addRow([6, 'Pham Thi Lan', 1, '']); // row 9: merged ward below, content from a formula
  ws.getCell('D9').value = {
    formula: '"Kiến nghị sửa mặt đường ngõ 12 Phúc Xá bị lún, "&"mưa xuống ngập sâu."',
    result: 'Kiến nghị sửa mặt đường ngõ 12 Phúc Xá bị lún, mưa xuống ngập sâu.',
  } as never;
  ws.addRow([7, 'Đỗ Văn Tâm', null, 'Phản ánh cây xanh ngõ 12 Phúc Xá có nguy cơ đổ khi mưa bão.']); // row 10
  ws.mergeCells('C9:C10');
  ws.addRow([8, 'Vũ Thị Mai', 1, opts.fixBadRows ? 'Đề nghị lắp camera an ninh tại đầu ngõ 7 Phúc Xá.' : '']);
  if (!opts.fixBadRows)
    ws.getCell('D11').value = { formula: 'Sheet9!A1', result: { error: '#REF!' } } as never;
  for (let r = 12; r <= 60; r++) ws.getRow(r).getCell(4).style = { border: { bottom: { style: 'thin' } } };
  ws.getCell('A30').value = 30; // a pre-numbered STT with no opinion is not a row
}

// The same sheet saved as CSV (UTF-8) from a spreadsheet: values as shown, title rows included.
const conferenceCsv = [
  'HỘI NGHỊ ĐỐI THOẠI VỚI NHÂN DÂN PHƯỜNG PHÚC XÁ,,,',
  '20/11/2026,,,',
  'STT,Họ tên,Phường,Nội dung',
  '1,Nguyễn Văn Hùng,00001,"Đề nghị sửa chữa đèn chiếu sáng ngõ 5 Phúc Xá, nhiều tháng nay không sáng."',
  '2,,00004,Phan anh tinh trang lan chiem via he de ban hang tai pho Truc Bach gay mat trat tu.',
  '3,Trần Văn Nam,00013,ngắn',
  '4,12345,00013,Kiến nghị bố trí thêm thùng rác công cộng tại khu vực chợ Quán Thánh.',
  '5,Lê Thị Hoa,Phường Kim Mã,"Phản ánh nước thải từ nhà hàng chảy ra ngõ 30 Kim Mã, ""bốc mùi"" nặng."',
  '6,Pham Thi Lan,00001,"Kiến nghị sửa mặt đường ngõ 12 Phúc Xá bị lún, mưa xuống ngập sâu."',
  '7,Đỗ Văn Tâm,00001,Phản ánh cây xanh ngõ 12 Phúc Xá có nguy cơ đổ khi mưa bão.',
  '8,Vũ Thị Mai,00001,#REF!',
].join('\r\n');

beforeAll(async () => {
  await resetDatabase(DB);
  svc = await startService(intakeService, {
    env: {
      DATABASE_URL: DB,
      KAFKA_NAMESPACE: NS,
      LOG_LEVEL: 'silent',
      IMPORT_XLSX_MAX_BYTES: String(MAX_XLSX_BYTES),
      IMPORT_XLSX_MAX_UNZIPPED_BYTES: String(MAX_UNZIPPED_BYTES),
      IMPORT_MAX_ROWS: String(MAX_ROWS),
    },
    port: PORT,
  });
});

afterAll(async () => {
  await svc?.stop();
  await deleteNamespaceTopics(testKafka(), NS);
});

describe(`${ImportConferenceUseCase.name} (XLSX)`, () => {
  let first: { status: number; body: any };

  it('imports the valid rows of a workbook, rejects the bad ones with reasons, and numbers rows as the sheet does', async () => {
    const before = await counts({ drained: true });
    first = await upload(await xlsxBytes((wb) => conferenceSheet(wb)), XLSX_MEDIA_TYPE, {
      fileName: 'y-kien.xlsx',
    });
    expect(first.status).toBe(200);
    const byRow = Object.fromEntries(first.body.report.map((r: any) => [r.row, r]));
    expect(first.body.report.map((r: any) => [r.row, r.status])).toEqual([
      [4, 'accepted'],
      [5, 'accepted'],
      [6, 'rejected'],
      [7, 'rejected'],
      [8, 'accepted'],
      [9, 'accepted'],
      [10, 'accepted'],
      [11, 'rejected'],
    ]);
    expect(byRow[6].reasons.join(' ')).toMatch(/content/);
    expect(byRow[7].reasons.join(' ')).toMatch(/fullName/);
    expect(byRow[11].reasons.join(' ')).toMatch(/#REF!/);
    expect(byRow[4].trackingCode).toMatch(/^HN-\d{8}-[0-9A-Z]{6}$/);
    expect(first.body).toMatchObject({ rows: 8, accepted: 5, rejected: 3, created: 5, reimported: false });
    expect((await counts()).cases).toBe(before.cases + 5);

    const rows = await sql(
      DB,
      `SELECT channel, ward_code, location_text, content, petitioner FROM intake.cases
       WHERE conference_id = $1 ORDER BY content`,
      [first.body.conferenceId],
    );
    expect(rows).toHaveLength(5);
    expect(rows.every((r) => r.channel === 'dialogue_conference')).toBe(true);
    const find = (text: string) => rows.find((r) => r.content.includes(text));
    expect(find('bốc mùi')).toMatchObject({
      location_text: 'Phường Kim Mã',
      content: 'Phản ánh nước thải từ nhà hàng chảy ra ngõ 30 Kim Mã, "bốc mùi" nặng.',
    });
    expect(find('Truc Bach')).toMatchObject({ ward_code: '00004', petitioner: { type: 'anonymous' } });
    expect(find('mặt đường')).toMatchObject({ ward_code: '00001', petitioner: { fullName: 'Pham Thi Lan' } });
    expect(find('cây xanh')).toMatchObject({ ward_code: '00001' }); // the merged ward cell
  });

  it('creates nothing when the same workbook is imported again', async () => {
    const before = await counts({ drained: true });
    const again = await upload(await xlsxBytes((wb) => conferenceSheet(wb)));
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ reimported: true, created: 0, conferenceId: first.body.conferenceId });
    expect(again.body.report).toEqual(first.body.report);
    expect(await counts()).toEqual(before);
  });

  it('creates nothing when the same sheet comes as CSV, and answers with the same tracking codes', async () => {
    const before = await counts({ drained: true });
    const csv = await upload(conferenceCsv, 'text/csv');
    expect(csv.status).toBe(200);
    expect(csv.body).toMatchObject({
      reimported: true,
      created: 0,
      accepted: 5,
      conferenceId: first.body.conferenceId,
    });
    expect(csv.body.report).toEqual(first.body.report);
    expect((await counts()).cases).toBe(before.cases);
  });

  it('creates only the fixed rows when the sheet comes back with its bad rows corrected', async () => {
    const before = await counts({ drained: true });
    const fixed = await upload(
      await xlsxBytes((wb) => {
        wb.addWorksheet('Hướng dẫn').addRow(['Điền ý kiến vào sheet "Ý kiến (sửa)"']);
        conferenceSheet(wb, { fixBadRows: true, sheetName: 'Ý kiến (sửa)' });
      }),
      XLSX_MEDIA_TYPE,
      { sheet: 'ý kiến (sửa)' },
    );
    expect(fixed.status).toBe(200);
    expect(fixed.body).toMatchObject({ accepted: 8, rejected: 0, created: 3, reimported: false });
    const codes = (r: any) => Object.fromEntries(r.report.map((x: any) => [x.row, x.trackingCode]));
    for (const row of [4, 5, 8, 9, 10]) expect(codes(fixed.body)[row]).toBe(codes(first.body)[row]);
    expect((await counts()).cases).toBe(before.cases + 3);
    expect(
      (
        await sql(DB, `SELECT count(*)::int AS n FROM intake.cases WHERE conference_id = $1`, [
          first.body.conferenceId,
        ])
      )[0].n,
    ).toBe(8);
  });

  it('reads a workbook whose first sheet holds no opinions only when the sheet is named', async () => {
    const bytes = await xlsxBytes((wb) => {
      wb.addWorksheet('Bìa').addRow(['Biên bản hội nghị']);
      wb.addWorksheet('Danh sách').addRows([
        ['ho_ten', 'phuong', 'noi_dung'],
        ['Hoang Van Duc', '00004', 'De nghi sua chua via he pho Truc Bach bi vo nhieu cho.'],
      ]);
    });
    const meta = {
      heldOn: '2026-11-21',
      place: 'Nhà văn hóa phường Trúc Bạch',
      chair: 'Chủ tịch UBND phường',
    };
    const noSheet = await upload(bytes, XLSX_MEDIA_TYPE, {}, meta);
    expect(noSheet.status).toBe(400);
    expect(noSheet.body.fields).toEqual([
      expect.objectContaining({ field: 'file', reason: expect.stringMatching(/content/) }),
    ]);
    const named = await upload(bytes, XLSX_MEDIA_TYPE, { sheet: 'Danh sách' }, meta);
    expect(named.status).toBe(200);
    expect(named.body).toMatchObject({ accepted: 1, created: 1 });
    const missing = await upload(bytes, XLSX_MEDIA_TYPE, { sheet: 'Sheet9' }, meta);
    expect(missing.status).toBe(400);
    expect(missing.body.fields.map((f: any) => f.field)).toEqual(['file', 'sheet']);
    expect(missing.body.fields[1].reason).toContain('Bìa, Danh sách');
  });
});

describe('refused conference uploads write nothing', () => {
  const refuse = async (
    send: () => Promise<{ status: number; body: any }>,
    status: number,
    error?: string,
  ) => {
    const before = await counts({ drained: true });
    const r = await send();
    expect(r.status).toBe(status);
    if (error) expect(r.body.error).toBe(error);
    expect(await counts()).toEqual(before);
    return r.body;
  };

  it.each([
    ['a truncated workbook', async () => (await xlsxBytes((wb) => conferenceSheet(wb))).subarray(0, 2000)],
    ['a CSV sent as XLSX', async () => Buffer.from(conferenceCsv)],
    ['random bytes', async () => Buffer.from('504b0304' + 'ab'.repeat(500), 'hex')],
    ['an empty body', async () => Buffer.alloc(0)],
  ])('refuses %s with a clear 400', async (_what, bytes) => {
    const body = await refuse(async () => upload(await bytes()), 400, 'INTAKE.FILE_UNREADABLE');
    expect(body.message).toMatch(/Không đọc được tệp/);
    expect(body.fields[0]).toMatchObject({ field: 'file', reason: expect.any(String) });
  });

  it('names bad conference details together with an unreadable file', async () => {
    const body = await refuse(
      () =>
        upload(
          Buffer.from('not a workbook'),
          XLSX_MEDIA_TYPE,
          {},
          { heldOn: '2099-01-01', place: PLACE, chair: '' },
        ),
      400,
    );
    expect(body.fields.map((f: any) => f.field)).toEqual(['file', 'heldOn', 'chair']);
  });

  it('refuses an upload over IMPORT_XLSX_MAX_BYTES with 413', async () => {
    const body = await refuse(() => upload(Buffer.alloc(MAX_XLSX_BYTES + 1, 1)), 413);
    expect(body).toMatchObject({ statusCode: 413 });
  });

  it.each([
    ['declares', false],
    ['hides (lying sizes)', true],
  ])('refuses a zip bomb that %s its size with 413', async (_what, lie) => {
    const bomb = zipBomb(MAX_UNZIPPED_BYTES / 1024 / 1024 + 4, { lie });
    expect(bomb.length).toBeLessThan(MAX_XLSX_BYTES);
    const body = await refuse(() => upload(bomb), 413, 'INTAKE.FILE_TOO_LARGE');
    expect(body.fields[0].field).toBe('file');
  });

  it('refuses more than IMPORT_MAX_ROWS opinion rows with 413, as XLSX and as CSV', async () => {
    const rows = Array.from({ length: MAX_ROWS + 1 }, (_, i) => [
      `Người dân ${String.fromCharCode(65 + (i % 26))}`,
      '00001',
      `Ý kiến số ${i + 1} về trật tự đô thị trên địa bàn phường Phúc Xá.`,
    ]);
    await refuse(
      async () =>
        upload(await xlsxBytes((wb) => wb.addWorksheet('S').addRows([['name', 'ward', 'content'], ...rows]))),
      413,
      'INTAKE.FILE_TOO_LARGE',
    );
    const csv = ['name,ward,content', ...rows.map((r) => r.join(','))].join('\n');
    await refuse(() => upload(csv, 'text/csv'), 413, 'INTAKE.FILE_TOO_LARGE');
  });

  it('refuses another content type with 415, a workbook sent as text/csv and ?sheet= for CSV with 400', async () => {
    await refuse(() => upload(Buffer.from('%PDF-1.4'), 'application/pdf'), 415);
    const xlsxAsCsv = await refuse(
      async () => upload((await xlsxBytes((wb) => conferenceSheet(wb))).toString('latin1'), 'text/csv'),
      400,
    );
    expect(xlsxAsCsv.fields[0].reason).toContain(XLSX_MEDIA_TYPE);
    const sheetForCsv = await refuse(() => upload(conferenceCsv, 'text/csv', { sheet: 'Ý kiến' }), 400);
    expect(sheetForCsv.fields).toEqual([expect.objectContaining({ field: 'sheet' })]);
  });
});

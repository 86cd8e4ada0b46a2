import { xlsxBytes, zipBomb, zipOf } from '../../test/xlsx-fixtures';
import { readOpinionRows } from './opinion-rows';
import { readXlsxSheet } from './xlsx';
import { checkZipContainer } from './zip-guard';

const limits = { maxEntries: 1000, maxUnzippedBytes: 5 * 1024 * 1024 };
const texts = (rows: { cells: { text: string }[] }[]) => rows.map((r) => r.cells.map((c) => c.text));

describe(readXlsxSheet.name, () => {
  it('reads cells the way Excel shows them: dates, padded codes, rich text, cached formula results, links', async () => {
    const bytes = await xlsxBytes((wb) => {
      const ws = wb.addWorksheet('Ý kiến');
      ws.addRow(['Họ tên', 'Phường', 'Nội dung']);
      ws.addRow([
        'Nguyễn Văn Hùng',
        1,
        { richText: [{ text: 'Đề nghị ' }, { text: 'sửa đèn', font: { bold: true } }] },
      ]);
      ws.getCell('A3').value = { formula: 'A2&" B"', result: 'Nguyễn Văn Hùng B' } as never;
      ws.getCell('B3').value = 4;
      ws.getCell('B3').numFmt = '00000';
      ws.getCell('C3').value = new Date(Date.UTC(2026, 10, 20));
      ws.getCell('C3').numFmt = 'dd/mm/yyyy';
      ws.getCell('C4').value = 46346; // a date serial with a date format
      ws.getCell('C4').numFmt = 'dd/mm/yyyy';
      ws.getCell('C5').value = { formula: 'C4+1', result: 46347 } as never;
      ws.getCell('C5').numFmt = 'd/m/yyyy';
      ws.getCell('C6').value = { text: 'xem liên kết', hyperlink: 'https://example.vn' };
      ws.getCell('C7').value = 0.1 + 0.2;
      ws.getCell('C8').value = true;
    });
    const { sheetName, rows } = await readXlsxSheet(bytes, { limits });
    expect(sheetName).toBe('Ý kiến');
    expect(texts(rows)).toEqual([
      ['Họ tên', 'Phường', 'Nội dung'],
      ['Nguyễn Văn Hùng', '1', 'Đề nghị sửa đèn'],
      ['Nguyễn Văn Hùng B', '00004', '20/11/2026'],
      ['', '', '20/11/2026'],
      ['', '', '21/11/2026'],
      ['', '', 'xem liên kết'],
      ['', '', '0.3'],
      ['', '', 'TRUE'],
    ]);
  });

  it('flags error cells and formulas without a saved result instead of reading them as empty', async () => {
    const bytes = await xlsxBytes((wb) => {
      const ws = wb.addWorksheet('S');
      ws.getCell('A1').value = { formula: 'B1*2' } as never;
      ws.getCell('A2').value = { formula: '1/0', result: { error: '#DIV/0!' } } as never;
    });
    const { rows } = await readXlsxSheet(bytes, { limits });
    expect(rows.map((r) => r.cells[0].problem)).toEqual([
      expect.stringContaining('without a saved result'),
      'the cell shows the error #DIV/0!',
    ]);
  });

  it('reads the first visible sheet, or the one named (case-insensitive), and names the sheets when it is missing', async () => {
    const bytes = await xlsxBytes((wb) => {
      wb.addWorksheet('Ẩn').addRow(['hidden']);
      wb.getWorksheet('Ẩn')!.state = 'hidden';
      wb.addWorksheet('Tổng hợp').addRow(['first visible']);
      wb.addWorksheet('Phường Trúc Bạch').addRow(['named']);
    });
    expect(texts((await readXlsxSheet(bytes, { limits })).rows)).toEqual([['first visible']]);
    const named = await readXlsxSheet(bytes, { limits, sheetName: 'phường trúc bạch' });
    expect(texts(named.rows)).toEqual([['named']]);
    await expect(readXlsxSheet(bytes, { limits, sheetName: 'Không có' })).rejects.toMatchObject({
      code: 'INTAKE.FILE_UNREADABLE',
      details: { fields: expect.arrayContaining([expect.objectContaining({ field: 'sheet' })]) },
    });
  });

  it('skips empty and merely formatted trailing rows, and repeats a merged cell on every row it spans', async () => {
    const bytes = await xlsxBytes((wb) => {
      const ws = wb.addWorksheet('S');
      ws.addRow(['a', 'Phúc Xá']);
      ws.addRow(['b']);
      ws.mergeCells('B1:B2');
      for (let r = 5; r < 40; r++) ws.getRow(r).getCell(1).style = { font: { bold: true } };
      ws.getCell('A41').value = '   ';
    });
    expect(texts((await readXlsxSheet(bytes, { limits })).rows)).toEqual([
      ['a', 'Phúc Xá'],
      ['b', 'Phúc Xá'],
    ]);
  });
});

describe(checkZipContainer.name, () => {
  it('accepts a workbook exceljs wrote', async () => {
    const bytes = await xlsxBytes((wb) => wb.addWorksheet('S').addRow(['x']));
    expect(() => checkZipContainer(bytes, limits)).not.toThrow();
  });

  it('refuses an archive that declares more than the limit (413) before inflating anything', () => {
    expect(() => checkZipContainer(zipBomb(6), limits)).toThrow(
      expect.objectContaining({ code: 'INTAKE.FILE_TOO_LARGE' }),
    );
  });

  it('stops inflating an archive that lies about its sizes at the limit (413)', () => {
    expect(() => checkZipContainer(zipBomb(6, { lie: true }), limits)).toThrow(
      expect.objectContaining({ code: 'INTAKE.FILE_TOO_LARGE' }),
    );
  });

  it('refuses too many parts (413)', () => {
    const parts = Array.from({ length: 11 }, (_, i) => ({ name: `p${i}.xml`, data: Buffer.from('x') }));
    expect(() => checkZipContainer(zipOf(parts), { ...limits, maxEntries: 10 })).toThrow(
      expect.objectContaining({ code: 'INTAKE.FILE_TOO_LARGE' }),
    );
  });

  it.each([
    ['an empty file', Buffer.alloc(0), /empty/],
    ['a CSV sent as XLSX', Buffer.from('ho_ten,phuong,noi_dung\n'), /not a ZIP/],
    [
      'an old .xls or password-protected workbook',
      Buffer.from('d0cf11e0a1b11ae1' + '00'.repeat(100), 'hex'),
      /\.xls/,
    ],
  ])('refuses %s as unreadable (400)', (_what, bytes, reason) => {
    expect(() => checkZipContainer(bytes, limits)).toThrow(
      expect.objectContaining({
        code: 'INTAKE.FILE_UNREADABLE',
        details: {
          fields: [expect.objectContaining({ field: 'file', reason: expect.stringMatching(reason) })],
        },
      }),
    );
  });

  it('refuses a truncated or bit-flipped workbook as unreadable (400)', async () => {
    const bytes = await xlsxBytes((wb) => wb.addWorksheet('S').addRow(['x']));
    const truncated = bytes.subarray(0, bytes.length - 40);
    const flipped = Buffer.from(bytes);
    flipped.fill(0x55, 60, 400); // inside the first part's compressed data
    for (const bad of [truncated, flipped]) {
      expect(() => checkZipContainer(bad, limits)).toThrow(
        expect.objectContaining({ code: 'INTAKE.FILE_UNREADABLE' }),
      );
    }
  });
});

describe(readOpinionRows.name, () => {
  const row = (rowNumber: number, ...cells: string[]) => ({
    rowNumber,
    cells: cells.map((text) => ({ text })),
  });

  it('finds the header under a title block, maps the aliases, pads ward codes and skips rows with no opinion cells', () => {
    const { opinions, problems } = readOpinionRows([
      row(1, 'HỘI NGHỊ ĐỐI THOẠI PHƯỜNG PHÚC XÁ'),
      row(3, 'STT', 'Họ và tên', 'Phường', 'Nội dung'),
      row(4, '1', 'Nguyễn Văn A', '1', 'Đề nghị sửa đèn chiếu sáng'),
      row(5, '2', '', '', ''),
      row(6, '3', '', 'Phúc Xá', 'Nội dung khác'),
    ]);
    expect(problems).toEqual([]);
    expect(opinions).toEqual([
      {
        rowNumber: 4,
        name: 'Nguyễn Văn A',
        ward: '00001',
        content: 'Đề nghị sửa đèn chiếu sáng',
        problems: [],
      },
      { rowNumber: 6, name: '', ward: 'Phúc Xá', content: 'Nội dung khác', problems: [] },
    ]);
  });

  it('reports a sheet without a content column', () => {
    expect(readOpinionRows([row(1, 'ten', 'phuong'), row(2, 'A', '00001')]).problems).toEqual([
      { field: 'file', reason: expect.stringContaining('content') },
    ]);
  });
});

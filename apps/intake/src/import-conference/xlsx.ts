import { Cell, CellValue, Workbook, Worksheet } from 'exceljs';
import { ImportFileUnreadableError } from '../domain/intake.errors';
import { SheetCell, SheetRow } from './sheet-table';
import { checkZipContainer, ZipLimits } from './zip-guard';

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Read one worksheet of an XLSX workbook as rows of cell texts, the way Excel shows them: a date cell as
 * dd/mm/yyyy, a formula as its cached result, rich text as its plain text, a number without float noise. The
 * container is checked against the limits before exceljs unpacks it. `sheetName` picks a sheet by name (case
 * does not matter); without it the first visible sheet is read.
 */
export async function readXlsxSheet(
  bytes: Buffer,
  opts: { sheetName?: string; limits: ZipLimits },
): Promise<{ sheetName: string; rows: SheetRow[] }> {
  checkZipContainer(bytes, opts.limits);
  const workbook = new Workbook();
  try {
    // Node's Buffer typing and exceljs's (an older @types/node) disagree; the bytes are what it expects.
    await workbook.xlsx.load(
      bytes as unknown as ArrayBuffer,
      {
        ignoreNodes: ['dataValidations', 'conditionalFormatting', 'drawing', 'picture', 'legacyDrawing'],
      } as never,
    );
  } catch (err) {
    throw new ImportFileUnreadableError(
      `the file is not a readable XLSX workbook (${String((err as Error).message).slice(0, 200)})`,
    );
  }
  const sheets = workbook.worksheets;
  if (!sheets.length) throw new ImportFileUnreadableError('the workbook has no worksheet');
  let sheet: Worksheet | undefined;
  if (opts.sheetName !== undefined) {
    const wanted = opts.sheetName.normalize('NFC').trim().toLocaleLowerCase('vi');
    sheet = sheets.find((s) => s.name.normalize('NFC').trim().toLocaleLowerCase('vi') === wanted);
    if (!sheet) {
      throw new ImportFileUnreadableError(`the workbook has no sheet named "${opts.sheetName}"`, [
        { field: 'sheet', reason: `sheets in this workbook: ${sheets.map((s) => s.name).join(', ')}` },
      ]);
    }
  } else {
    sheet = sheets.find((s) => s.state === 'visible' || s.state === undefined) ?? sheets[0];
  }
  const date1904 = Boolean((workbook.properties as { date1904?: boolean }).date1904);
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: SheetCell[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c), date1904));
    if (cells.some((x) => x.text.trim() !== '' || x.problem)) rows.push({ rowNumber, cells });
  });
  return { sheetName: sheet.name, rows };
}

/** The text of one cell as Excel displays it; merged cells read as their top-left cell. */
export function cellText(cell: Cell, date1904 = false): SheetCell {
  return valueText(cell.value, cell.numFmt, date1904);
}

function valueText(value: CellValue, numFmt: string | undefined, date1904: boolean): SheetCell {
  if (value === null || value === undefined) return { text: '' };
  if (typeof value === 'string') return { text: value };
  if (typeof value === 'boolean') return { text: value ? 'TRUE' : 'FALSE' };
  if (typeof value === 'number') {
    return {
      text: isDateFormat(numFmt) ? dateText(serialToDate(value, date1904)) : numberText(value, numFmt),
    };
  }
  if (value instanceof Date) return { text: dateText(value) };
  if ('error' in value) return { text: '', problem: `the cell shows the error ${value.error}` };
  if ('richText' in value) return { text: value.richText.map((r) => r.text ?? '').join('') };
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: unknown }).result;
    if (result === undefined || result === null) {
      return {
        text: '',
        problem: 'the cell is a formula without a saved result: open the file in Excel and save it again',
      };
    }
    return valueText(result as CellValue, numFmt, date1904);
  }
  if ('hyperlink' in value) {
    const text = (value as { text?: unknown }).text;
    return typeof text === 'string' ? { text } : valueText((text ?? null) as CellValue, numFmt, date1904);
  }
  return { text: '' };
}

// A number format shows a date when, outside quoted text, escapes and [colour]/[$-locale] parts, it has d, m, y,
// h or s ([h], [m], [s] are elapsed time and count).
function isDateFormat(fmt: string | undefined): boolean {
  if (!fmt || /^general$/i.test(fmt)) return false;
  const bare = fmt
    .replace(/"[^"]*"/g, '')
    .replace(/[\\_*]./g, '')
    .replace(/\[(?![hms]\])[^\]]*\]/gi, '');
  return /[dmyhs]/i.test(bare);
}

function serialToDate(serial: number, date1904: boolean): Date {
  // Day 0 of the 1900 system is 1899-12-30 once Excel's phantom 29 Feb 1900 is accounted for.
  const days = serial + (date1904 ? 1462 : 0);
  return new Date(Math.round((days - 25569) * 86400000));
}

// Excel stores wall-clock dates without a zone; exceljs reads them as UTC, so format in UTC.
function dateText(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
  return d.getUTCHours() || d.getUTCMinutes()
    ? `${date} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
    : date;
}

function numberText(n: number, fmt: string | undefined): string {
  // A zero-padded format ("00000") is how a sheet keeps leading zeros of a code typed as a number.
  if (fmt && /^0+$/.test(fmt) && Number.isInteger(n) && n >= 0) return String(n).padStart(fmt.length, '0');
  // Excel shows 15 significant digits; 0.1 + 0.2 is 0.3 on the sheet.
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(15)));
}

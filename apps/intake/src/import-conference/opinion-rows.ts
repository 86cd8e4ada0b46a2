import { FieldProblem } from '../domain/intake.errors';
import { SheetRow } from './sheet-table';

type Column = 'name' | 'ward' | 'content';

/** One opinion row of a conference sheet, its cells normalised (NFC, trimmed) whatever the file format. */
export interface OpinionRow {
  rowNumber: number;
  name: string;
  ward: string;
  content: string;
  /** Cells that could not be read (an error cell, a formula without a saved result). */
  problems: string[];
}

// Column names accepted in the header row, in English or Vietnamese (compared without diacritics or case).
const COLUMNS: Record<string, Column> = {
  name: 'name',
  ho_ten: 'name',
  'ho ten': 'name',
  'ho va ten': 'name',
  ward: 'ward',
  phuong: 'ward',
  'phuong xa': 'ward',
  content: 'content',
  noi_dung: 'content',
  'noi dung': 'content',
};
// A sheet may carry a title block (conference name, date) above the header row.
const HEADER_SEARCH_ROWS = 10;

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/gi, 'd')
    .toLowerCase()
    .trim();

/**
 * Find the header row (the first of the first rows that names a content column) and read the opinion rows
 * below it. Rows whose name, ward and content cells are all empty are not opinions (a pre-numbered template's
 * unused rows, trailing formatted rows) and are skipped.
 */
export function readOpinionRows(rows: SheetRow[]): { opinions: OpinionRow[]; problems: FieldProblem[] } {
  const headerIndex = rows
    .slice(0, HEADER_SEARCH_ROWS)
    .findIndex((r) => r.cells.some((c) => COLUMNS[fold(c.text)] === 'content'));
  if (headerIndex < 0) {
    return {
      opinions: [],
      problems: [{ field: 'file', reason: 'the header row must have a content (noi_dung) column' }],
    };
  }
  const header = rows[headerIndex].cells.map((c) => COLUMNS[fold(c.text)]);
  const opinions: OpinionRow[] = [];
  for (const row of rows.slice(headerIndex + 1)) {
    const o: OpinionRow = { rowNumber: row.rowNumber, name: '', ward: '', content: '', problems: [] };
    header.forEach((col, j) => {
      const cell = row.cells[j];
      if (!col || !cell) return;
      o[col] = cell.text.normalize('NFC').trim();
      if (cell.problem) o.problems.push(`${col}: ${cell.problem}`);
    });
    // A ward code typed as a number loses its leading zeros (00001 → 1); codes are five digits.
    if (/^\d{1,4}$/.test(o.ward)) o.ward = o.ward.padStart(5, '0');
    if (o.name || o.ward || o.content || o.problems.length) opinions.push(o);
  }
  if (!opinions.length) {
    return { opinions, problems: [{ field: 'file', reason: 'the file has no opinion rows' }] };
  }
  return { opinions, problems: [] };
}

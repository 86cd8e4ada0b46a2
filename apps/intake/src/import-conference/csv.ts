import { SheetCell, SheetRow } from './sheet-table';

// What a spreadsheet writes into a CSV for a cell that shows an error: read as the XLSX reader reads that cell.
const EXCEL_ERRORS = new Set([
  '#N/A',
  '#REF!',
  '#NAME?',
  '#DIV/0!',
  '#NULL!',
  '#VALUE!',
  '#NUM!',
  '#SPILL!',
  '#CALC!',
]);
const cell = (text: string): SheetCell =>
  EXCEL_ERRORS.has(text.trim()) ? { text: '', problem: `the cell shows the error ${text.trim()}` } : { text };

/**
 * RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF, a UTF-8 BOM tolerated. Each record keeps its number
 * (blank records count), so a report names the same row as the spreadsheet the CSV was saved from.
 */
export function parseCsv(text: string): SheetRow[] {
  const rows: SheetRow[] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  const end = () => {
    row.push(field);
    rows.push({ rowNumber: rows.length + 1, cells: row.map(cell) });
    row = [];
    field = '';
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      end();
    } else field += c;
  }
  if (field !== '' || row.length) end();
  return rows.filter((r) => r.cells.some((f) => f.text.trim() !== '' || f.problem));
}

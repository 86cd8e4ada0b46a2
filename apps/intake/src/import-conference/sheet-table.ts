/** One cell as read from a CSV or XLSX file: its text, or why it has no usable text (an #REF! cell, …). */
export interface SheetCell {
  text: string;
  problem?: string;
}

/** One row of the uploaded sheet, numbered as the spreadsheet numbers it (1 = the first row). */
export interface SheetRow {
  rowNumber: number;
  cells: SheetCell[];
}

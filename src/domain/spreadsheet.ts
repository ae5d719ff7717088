/**
 * The one output rule for spreadsheets (issue 15 row 3), shared by every CSV and XLSX writer:
 * a text cell that begins with `=`, `+`, `-`, `@`, TAB or CR would be read by Excel, LibreOffice
 * or Google Sheets as a formula (`=HYPERLINK("http://…","点此查看")`, `=cmd|' /C calc'!A0`), so
 * it is neutralised as OWASP advises for CSV injection: prefixed with a single quote `'`, which
 * every spreadsheet shows as text. Numbers stay numbers (a fine of -50 is a number, not a text).
 * The same prefix is used in XLSX, so a file and its CSV twin read back alike.
 *
 * CSV is UTF-8 with a byte-order mark (without it Excel on Chinese Windows reads UTF-8 as GBK),
 * CRLF line ends and RFC 4180 quoting (a field with a comma, quote, CR or LF in quotes, quotes
 * doubled).
 */

/** What a cell starting with it would be taken for a formula (or a DDE call). */
export const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell as written: prefixed with `'` when it would start a formula. */
export function neutralCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** A cell as it goes into a workbook: text neutralised, numbers as they are. */
export function sheetCell(value: string | number): string | number {
  return typeof value === 'number' ? value : neutralCell(value);
}

/** One CSV field: neutralised, then quoted when it holds a comma, quote, CR or LF. */
export function csvField(value: string | number): string {
  const s = typeof value === 'number' ? String(value) : neutralCell(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows as CSV text, BOM first, CRLF after every row. */
export function toCsv(rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  return '\uFEFF' + rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/**
 * Tables as an XLSX workbook (exceljs): one sheet per table, a bold header row (frozen) and a bold
 * totals row, columns sized to their text. The cells arrive ready to store (`sheetCell` applied by
 * the caller), so this module needs nothing but exceljs — the short-lived thread that writes the
 * monthly assessment (assessment-xlsx-thread.ts) loads only this.
 *
 * exceljs is loaded when the first workbook is built, not at start: it is the heaviest module the
 * server would load (about 0.4 s and 27 MB), for a job that runs once a month.
 */
import type ExcelJS from 'exceljs';

/** A sheet's contents, each cell a string or a number as it is stored. */
export interface SheetTable {
  name: string;
  header: Array<string | number>;
  rows: Array<Array<string | number>>;
  totals?: Array<string | number>;
}

/** The workbook's properties: fixed from the data, not the clock, so the same data gives the same file. */
export interface WorkbookMeta {
  title: string;
  company: string;
  asOf: number;
}

/** What the assessment thread is given: the sheets, the properties and where to write. */
export interface XlsxJob {
  sheets: SheetTable[];
  meta: WorkbookMeta;
  path: string;
}

/** An empty workbook with our properties (loads exceljs the first time). */
export async function newWorkbook(meta: WorkbookMeta): Promise<ExcelJS.Workbook> {
  const { default: excel } = await import('exceljs');
  const wb = new excel.Workbook();
  wb.creator = 'Shoudao 收到';
  wb.title = meta.title;
  wb.company = meta.company;
  wb.created = new Date(meta.asOf);
  wb.modified = new Date(meta.asOf);
  return wb;
}

/** Builds the workbook in memory. */
export async function tablesWorkbook(sheets: SheetTable[], meta: WorkbookMeta): Promise<ExcelJS.Workbook> {
  const wb = await newWorkbook(meta);
  for (const sheet of sheets) addSheet(wb, sheet);
  return wb;
}

function addSheet(wb: ExcelJS.Workbook, t: SheetTable): void {
  const ws = wb.addWorksheet(t.name, { views: [{ state: 'frozen', ySplit: 1 }] });
  const header = ws.addRow(t.header);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', wrapText: true };
  for (const r of t.rows) ws.addRow(r);
  if (t.totals) ws.addRow(t.totals).font = { bold: true };
  ws.columns.forEach((col, i) => {
    const widest = Math.max(...[t.header, ...t.rows, ...(t.totals ? [t.totals] : [])].map((r) => displayWidth(String(r[i] ?? ''))));
    col.width = Math.min(Math.max(widest + 2, 8), 60);
  });
}

/** Rough column width: CJK characters take two cells. */
function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u2e80-\uffff]/.test(ch) ? 2 : 1;
  return w;
}

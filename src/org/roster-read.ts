/**
 * Reads HR's roster spreadsheet (`.xlsx` or `.csv`) into header + text rows (issue 12 §1). Every
 * cell becomes its displayed text, so 工号 `0012` and a mobile number keep their digits. A CSV may
 * be UTF-8 (with or without BOM) or GB18030/GBK, which Excel writes for Chinese sheets. Row
 * numbers are the spreadsheet's own: the header is row 1.
 */
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { TORG } from '../texts/org.js';

export interface RosterSheet {
  headers: string[];
  /** Data rows with their spreadsheet row number; blank rows are left out. */
  rows: { row: number; cells: string[] }[];
}

/** Decodes CSV bytes: UTF-8 when valid, else GB18030 (a superset of GBK). */
export function decodeCsv(bytes: Buffer): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('gb18030').decode(bytes);
  }
  return text.replace(/^\uFEFF/, '');
}

function sheetOf(ws: ExcelJS.Worksheet): RosterSheet {
  const width = ws.columnCount;
  const textOf = (row: ExcelJS.Row, c: number) => {
    const cell = row.getCell(c);
    return (cell.value === null || cell.value === undefined ? '' : cell.text).trim();
  };
  const header = ws.getRow(1);
  const headers = Array.from({ length: width }, (_, i) => textOf(header, i + 1));
  const rows: RosterSheet['rows'] = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const cells = Array.from({ length: width }, (_, i) => textOf(row, i + 1));
    if (cells.some((c) => c !== '')) rows.push({ row: r, cells });
  }
  return { headers, rows };
}

/** Reads the first sheet of an `.xlsx` file, or a `.csv` file; throws a bilingual Error otherwise. */
export async function readRoster(path: string): Promise<RosterSheet> {
  const { default: excel } = await import('exceljs'); // loaded when a roster is read, not at start (issue 14)
  const wb = new excel.Workbook();
  if (/\.csv$/i.test(path)) {
    const text = decodeCsv(readFileSync(path));
    const ws = await wb.csv.read(Readable.from([text]), { map: (v: unknown) => v });
    return sheetOf(ws);
  }
  if (!/\.xlsx$/i.test(path)) throw new Error(TORG.rosterFormat(path));
  await wb.xlsx.readFile(path);
  const ws = wb.worksheets[0];
  if (!ws) throw new Error(TORG.rosterNoSheet(path));
  return sheetOf(ws);
}

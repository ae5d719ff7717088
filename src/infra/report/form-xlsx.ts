/**
 * `Spreadsheets` on exceljs: writes `ExportSheet`s (src/domain/form/form-export.ts) into an XLSX
 * in memory — merged cells, wrapped text, borders on the form sheet, a bold header on the others;
 * and the monthly assessment's workbook (`assessment-xlsx.ts`, the one its report file holds).
 * exceljs is loaded with the first workbook, not at start (issue 14).
 */
import type { Spreadsheets } from '../../app/ports.js';
import type { ExportSheet } from '../../domain/form/form-export.js';
import { assessmentWorkbook } from './assessment-xlsx.js';
import { newWorkbook } from './xlsx-tables.js';

export const xlsxSpreadsheets: Spreadsheets = {
  async xlsx(sheets: ExportSheet[], meta: { title: string; company: string; at: number }): Promise<Uint8Array> {
    const wb = await newWorkbook({ title: meta.title, company: meta.company, asOf: meta.at });
    for (const s of sheets) {
      const form = s.layout === 'form';
      const ws = wb.addWorksheet(s.name);
      for (const r of s.rows) ws.addRow(r);
      for (const m of s.merges) ws.mergeCells(m);
      s.widths.forEach((w, c) => (ws.getColumn(c + 1).width = w));
      ws.eachRow((row) => {
        row.alignment = { vertical: 'middle', wrapText: true };
        if (form) row.eachCell((cell) => (cell.border = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } }));
      });
      if (form) {
        ws.getRow(1).font = { bold: true, size: 12 };
        ws.getRow(2).font = { bold: true, size: 16 };
        ws.getRow(2).alignment = { horizontal: 'center', vertical: 'middle' };
      } else {
        ws.getRow(1).font = { bold: true };
      }
    }
    return new Uint8Array(await wb.xlsx.writeBuffer());
  },
  async assessment(model, org, timezone) {
    return new Uint8Array(await (await assessmentWorkbook(model, org, timezone)).xlsx.writeBuffer());
  },
};

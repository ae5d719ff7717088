/**
 * The monthly assessment as an XLSX workbook (exceljs): sheets 汇总 (per department), 人员 (per
 * person), 违规明细 (every violation with tier, fine, waiver and reason) and 信息反馈 (feedback
 * figures per department concerned, no text and no names), each with a header row
 * and a bold 合计 totals row. Numbers are stored as numbers so Excel can sum and filter them.
 * The columns come from `domain/report/assessment-view.ts`, shared with the CSV; text cells that
 * would start a formula are neutralised by the same rule (src/domain/spreadsheet.ts).
 *
 * exceljs is loaded when the first workbook is built, not at start: it is the heaviest module the
 * server would load (about 0.4 s and 27 MB), for a job that runs once a month.
 */
import type ExcelJS from 'exceljs';
import type { Org } from '../../domain/org.js';
import { feedbackTable, peopleTable, summaryTable, violationTable, type Table } from '../../domain/report/assessment-view.js';
import { recognitionTable } from '../../domain/report/recognition-view.js';
import type { MonthlyAssessment } from '../../domain/report/monthly-assessment.js';
import { sheetCell } from '../../domain/spreadsheet.js';

/** Builds the workbook in memory. */
export async function assessmentWorkbook(model: MonthlyAssessment, org: Org, tz: string): Promise<ExcelJS.Workbook> {
  const { default: excel } = await import('exceljs');
  const wb = new excel.Workbook();
  wb.creator = 'Shoudao 收到';
  wb.title = `月度考评 ${model.month}`;
  wb.company = model.company;
  // Fixed from the model, not the clock, so the same data gives the same workbook.
  wb.created = new Date(model.asOf);
  wb.modified = new Date(model.asOf);
  for (const table of [summaryTable(model), peopleTable(model), violationTable(model, org, tz), feedbackTable(model)]) addSheet(wb, table);
  if (model.recognition) addSheet(wb, recognitionTable(model.recognition));
  return wb;
}

function addSheet(wb: ExcelJS.Workbook, t: Table): void {
  const ws = wb.addWorksheet(t.name, { views: [{ state: 'frozen', ySplit: 1 }] });
  const header = ws.addRow(t.header.map(sheetCell));
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', wrapText: true };
  for (const r of t.rows) ws.addRow(r.map(sheetCell));
  if (t.totals) ws.addRow(t.totals.map(sheetCell)).font = { bold: true };
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

/** Writes the workbook to `path` (the directory must exist). */
export async function writeAssessmentXlsx(model: MonthlyAssessment, org: Org, tz: string, path: string): Promise<void> {
  await (await assessmentWorkbook(model, org, tz)).xlsx.writeFile(path);
}

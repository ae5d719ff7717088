/**
 * The monthly assessment as an XLSX workbook: sheets 汇总 (per department), 人员 (per person),
 * 违规明细 (every violation with tier, fine, waiver and reason) and 信息反馈 (feedback figures per
 * department concerned, no text and no names), each with a header row and a bold 合计 totals row.
 * Numbers are stored as numbers so Excel can sum and filter them. The columns come from
 * `domain/report/assessment-view.ts`, shared with the CSV; text cells that would start a formula
 * are neutralised by the same rule (src/domain/spreadsheet.ts). The workbook itself is written by
 * xlsx-tables.ts (exceljs).
 *
 * `writeAssessmentXlsx` with `thread` writes the file in a short-lived thread of its own
 * (assessment-xlsx-thread.ts): exceljs, ~27 MB once loaded, is freed with the thread instead of
 * staying in a server that needs it once a month — a fresh database's first tick writes last
 * month's assessment, which kept the idle server 10–13 MB larger (issue 14).
 */
import type ExcelJS from 'exceljs';
import type { Org } from '../../domain/org.js';
import { feedbackTable, peopleTable, summaryTable, violationTable, type Table } from '../../domain/report/assessment-view.js';
import { recognitionTable } from '../../domain/report/recognition-view.js';
import type { MonthlyAssessment } from '../../domain/report/monthly-assessment.js';
import { sheetCell } from '../../domain/spreadsheet.js';
import { runThread, siblingModule, threadModuleExists } from '../thread.js';
import { tablesWorkbook, type SheetTable, type WorkbookMeta, type XlsxJob } from './xlsx-tables.js';

export const XLSX_THREAD_MODULE = siblingModule(import.meta.url, 'assessment-xlsx-thread');

/** The assessment's sheets, every cell as it is stored. */
export function assessmentSheets(model: MonthlyAssessment, org: Org, tz: string): SheetTable[] {
  const tables: Table[] = [summaryTable(model), peopleTable(model), violationTable(model, org, tz), feedbackTable(model)];
  if (model.recognition) tables.push(recognitionTable(model.recognition));
  return tables.map((t) => ({
    name: t.name,
    header: t.header.map(sheetCell),
    rows: t.rows.map((r) => r.map(sheetCell)),
    ...(t.totals ? { totals: t.totals.map(sheetCell) } : {}),
  }));
}

/** Fixed from the model, not the clock, so the same data gives the same workbook. */
function metaOf(model: MonthlyAssessment): WorkbookMeta {
  return { title: `月度考评 ${model.month}`, company: model.company, asOf: model.asOf };
}

/** Builds the workbook in memory. */
export function assessmentWorkbook(model: MonthlyAssessment, org: Org, tz: string): Promise<ExcelJS.Workbook> {
  return tablesWorkbook(assessmentSheets(model, org, tz), metaOf(model));
}

/**
 * Writes the workbook to `path` (the directory must exist); with `thread`, in a thread that ends
 * when the file is written (inline when the build has no such module beside this one).
 */
export async function writeAssessmentXlsx(model: MonthlyAssessment, org: Org, tz: string, path: string, opts: { thread?: boolean } = {}): Promise<void> {
  const job: XlsxJob = { sheets: assessmentSheets(model, org, tz), meta: metaOf(model), path };
  if (opts.thread && threadModuleExists(XLSX_THREAD_MODULE)) {
    await runThread(XLSX_THREAD_MODULE, job);
    return;
  }
  await (await tablesWorkbook(job.sheets, job.meta)).xlsx.writeFile(path);
}

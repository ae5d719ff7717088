/**
 * The monthly assessment's violation detail as CSV: UTF-8 with a byte-order mark (without it
 * Excel on Chinese Windows reads UTF-8 as GBK and garbles every name), CRLF line ends, RFC 4180
 * quoting and formula-starting cells neutralised (the one rule, src/domain/spreadsheet.ts). The
 * columns are those of the XLSX sheet 违规明细, totals row included.
 */
import { writeFile } from 'node:fs/promises';
import type { Org } from '../../domain/org.js';
import { violationTable } from '../../domain/report/assessment-view.js';
import type { MonthlyAssessment } from '../../domain/report/monthly-assessment.js';
import { toCsv } from '../../domain/spreadsheet.js';

/** The CSV text, BOM first. */
export function assessmentCsv(model: MonthlyAssessment, org: Org, tz: string): string {
  const t = violationTable(model, org, tz);
  const rows = [t.header, ...t.rows, ...(t.totals ? [t.totals] : [])];
  return toCsv(rows);
}

/** Writes the CSV to `path` (the directory must exist). */
export async function writeAssessmentCsv(model: MonthlyAssessment, org: Org, tz: string, path: string): Promise<void> {
  await writeFile(path, assessmentCsv(model, org, tz), 'utf8');
}

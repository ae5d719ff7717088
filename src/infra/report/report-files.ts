/**
 * `ReportFiles` on the file system: the monthly assessment goes to `<dir>/月度考评-<YYYY-MM>.xlsx`
 * and `.csv` (the directory is created). Writing a month again replaces its files. Each file is
 * written to a temporary name and renamed, so a reader never sees half a workbook.
 */
import { mkdir, rename } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { ReportFiles } from '../../app/ports.js';
import type { Org } from '../../domain/org.js';
import type { MonthlyAssessment } from '../../domain/report/monthly-assessment.js';
import { writeAssessmentCsv } from './assessment-csv.js';
import { writeAssessmentXlsx } from './assessment-xlsx.js';

/** The default reports directory, relative to the working directory. */
export const REPORTS_DIR_DEFAULT = 'data/reports';

/**
 * Options: the directory (default `data/reports`), the org and timezone the files name people and
 * times in, and whether the XLSX is written in a thread of its own (see assessment-xlsx.ts).
 */
export interface ReportFilesOptions {
  dir?: string;
  org: Org;
  timezone: string;
  xlsxThread?: boolean;
}

/** The default file name of a month's assessment (without extension). */
export function assessmentBaseName(month: string): string {
  return `月度考评-${month}`;
}

/** Writes the XLSX at `xlsx` and the CSV at `csv` (directories created); returns the absolute paths. */
export async function writeAssessmentFiles(model: MonthlyAssessment, org: Org, timezone: string, xlsx: string, csv: string, opts: { xlsxThread?: boolean } = {}): Promise<{ xlsx: string; csv: string }> {
  const out = { xlsx: resolve(xlsx), csv: resolve(csv) };
  for (const p of [out.xlsx, out.csv]) await mkdir(dirname(p), { recursive: true });
  const tmp = (p: string) => `${p}.${process.pid}.tmp`;
  await writeAssessmentXlsx(model, org, timezone, tmp(out.xlsx), { thread: opts.xlsxThread === true });
  await rename(tmp(out.xlsx), out.xlsx);
  await writeAssessmentCsv(model, org, timezone, tmp(out.csv));
  await rename(tmp(out.csv), out.csv);
  return out;
}

/** The file-system `ReportFiles` for `AppDeps.reportFiles`. */
export function createReportFiles(opts: ReportFilesOptions): ReportFiles {
  const dir = opts.dir ?? REPORTS_DIR_DEFAULT;
  return {
    writeAssessment: (model) => {
      const base = join(dir, assessmentBaseName(model.month));
      return writeAssessmentFiles(model, opts.org, opts.timezone, `${base}.xlsx`, `${base}.csv`, { xlsxThread: opts.xlsxThread === true });
    },
  };
}

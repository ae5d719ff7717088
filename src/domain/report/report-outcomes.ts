/**
 * 汇报制度 in the monthly assessment (issue 16 part 2): what became of each reporter's report of a
 * period whose due time falls in the month, read at `asOf` — on time (submitted by the due time),
 * late (迟交, submitted after it), missing (缺交, not submitted and past due), open (未到期).
 * Kept apart from monthly-assessment.ts so that its figures are one small, separate section.
 */
import type { WorkReport } from '../work-report/work-report.js';

export type ReportOutcome = 'onTime' | 'late' | 'missing' | 'open';

/** Report figures of one assessment row. */
export type ReportFigures = Record<ReportOutcome, number>;

export const zeroReportFigures = (): ReportFigures => ({ onTime: 0, late: 0, missing: 0, open: 0 });

export function reportOutcome(r: WorkReport, asOf: number): ReportOutcome {
  if (r.state === 'submitted' && r.submittedAt !== undefined && r.submittedAt <= asOf) return r.submittedAt > r.dueAt ? 'late' : 'onTime';
  return asOf > r.dueAt ? 'missing' : 'open';
}

export function reportTotal(f: ReportFigures): number {
  return f.onTime + f.late + f.missing + f.open;
}

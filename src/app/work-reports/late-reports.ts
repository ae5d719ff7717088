/**
 * The work reports submitted late since the previous digest (汇报制度), for the daily digest: from
 * the same time on the previous working day (the previous digest, whatever day that was) to now.
 */
import type { LateReport } from '../../domain/report/overdue-digest.js';
import { reportTitle } from '../../domain/work-report/report-label.js';
import type { AppDeps } from '../deps.js';
import type { Tx } from '../ports.js';

const DAY = 86_400_000;

export async function lateReportsSince(tx: Tx, deps: Pick<AppDeps, 'calendar' | 'policy'>, now: number): Promise<LateReport[]> {
  if (!deps.policy.reports.length) return [];
  let since = now - DAY;
  // At most a month back: a calendar with no working day at all has no previous digest either.
  for (let k = 1; k <= 31 && !deps.calendar.isWorkday(since); k++) since -= DAY;
  const rows = await tx.workReports.submittedLateBetween(since, now);
  return rows.map((r) => {
    const def = deps.policy.reports.find((d) => d.key === r.reportKey) ?? { name: r.reportKey };
    return { person: r.person, title: reportTitle(def, r.period), submittedAt: r.submittedAt!, lateMs: r.lateMs ?? 0 };
  });
}

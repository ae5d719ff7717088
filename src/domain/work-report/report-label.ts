/** How a report's period reads in messages: `2026年第40周 09-28~10-04`, `2026年10月`. */
import { TWR } from '../../texts/work-reports.js';
import { periodDates } from './report-period.js';
import type { ReportDefinition } from './work-report.js';

export function periodLabel(period: string): string {
  if (!/-W\d{2}$/.test(period)) return TWR.monthLabel(period);
  const { first, last } = periodDates(period);
  return TWR.weekLabel(period, first, last);
}

/** The title of a period's report in every message: `周报(2026年第40周 09-28~10-04)`. */
export function reportTitle(def: Pick<ReportDefinition, 'name'>, period: string): string {
  return `${def.name}(${periodLabel(period)})`;
}

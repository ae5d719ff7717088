/**
 * 导出反馈: the rows of an export of items the caller may see (the access rule is applied before),
 * as a table and as CSV (src/domain/spreadsheet.ts: UTF-8 with BOM, CRLF, RFC 4180 quoting, and
 * cells that would start a formula neutralised). The submitter column says 匿名 for anonymous items: no export can name
 * their sender, because nothing the export reads knows who it is.
 */
import { formatLocal } from '../local-time.js';
import { personName, type Org } from '../org.js';
import { TF2 } from '../../texts/feedback-reports.js';
import { CATEGORY_ZH, FEEDBACK_STATE_ZH, PRIORITY_ZH, type FeedbackItem } from './feedback.js';
import { submitterLabel } from './feedback-views.js';

export function feedbackExportRows(items: readonly FeedbackItem[], org: Org, tz: string): string[][] {
  const t = (ms: number | undefined) => (ms === undefined ? '' : formatLocal(ms, tz));
  const rows = items.map((i) => [
    i.number,
    CATEGORY_ZH[i.category],
    FEEDBACK_STATE_ZH[i.state],
    PRIORITY_ZH[i.priority],
    org.deptByCode.get(i.dept)?.name ?? i.dept,
    submitterLabel(org, i),
    i.owner ? personName(org, i.owner) : '',
    t(i.registeredAt),
    t(i.firstResponseAt),
    t(i.resolvedAt),
    t(i.closedAt),
    i.satisfaction === undefined ? '' : String(i.satisfaction),
    i.description,
    i.details.resolution ?? i.details.reason ?? '',
    i.details.improvement ?? i.details.suggestion ?? '',
  ]);
  return [[...TF2.exportHeader], ...rows];
}

/** The rows as CSV text (the one spreadsheet rule). */
export { toCsv } from '../spreadsheet.js';

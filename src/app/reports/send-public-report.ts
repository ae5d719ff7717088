/**
 * 公示: the monthly public timeliness report (SPEC §5), posted to the company channel
 * (`publicReportRecipient`: 总经办's channel until the org file names a company channel). Key
 * `public:<YYYY-MM>` makes it once per month.
 */
import { isMonth, monthRange } from '../../domain/report/period.js';
import { publicFeedbackSection, publicReportRecipient, publicReportView, timeliness, type ResolvedFeedbackItem } from '../../domain/report/timeliness.js';
import type { AppDeps } from '../deps.js';
import { readMonth } from './build-monthly-assessment.js';
import { enqueueOnce } from './enqueue-once.js';
import { publicFeedbackItems } from '../feedback/public-items.js';

/** Posts `month`'s (`YYYY-MM`) 公示 at `now`; `sent` is 1 the first time, then 0. Throws on a bad month. */
export async function sendPublicReport(deps: AppDeps, month: string, now: number): Promise<{ sent: number }> {
  if (!isMonth(month)) throw new Error(`month must be YYYY-MM, got "${month}"`);
  const { from, to } = monthRange(month, deps.policy.timezone);
  const key = `public:${month}`;
  return deps.store.transaction(async (tx) => {
    if ((await tx.outbox.presentKeys([key])).length) return { sent: 0 };
    const data = await readMonth(tx, month, from, to);
    const createdDuties = await tx.duties.createdBetween(from, to);
    const report = timeliness({ org: deps.org, calendar: deps.calendar, month, asOf: now, createdDuties, ...data });
    // Feedback (SPEC §2): the month's resolved items of public categories, without any submitter.
    const resolvedFeedback: ResolvedFeedbackItem[] = await publicFeedbackItems(tx, deps, from, to);
    const view = publicReportView(report, publicFeedbackSection(resolvedFeedback));
    const sent = await enqueueOnce(tx, [{ key, to: publicReportRecipient(deps.org), view }], now);
    await tx.audit.append([{ at: now, actor: 'system', action: 'report.public', entity: 'system', entityId: key, after: { sent } }]);
    return { sent };
  });
}

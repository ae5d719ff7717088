/**
 * The 公示's feedback part (SPEC §2 "Public report"): the items concluded as resolved in the
 * period whose category is public (the access rule's `isPublicResolved`), each as number,
 * category, a short summary and its improvement — never a submitter, never the history.
 * Plugged into `sendPublicReport` (src/app/reports/send-public-report.ts).
 */
import { isPublicResolved } from '../../domain/feedback/feedback-access.js';
import { CATEGORY_ZH } from '../../domain/feedback/feedback.js';
import { summaryOf } from '../../domain/feedback/feedback-views.js';
import type { ResolvedFeedbackItem } from '../../domain/report/timeliness.js';
import type { AppDeps } from '../deps.js';
import type { Tx } from '../ports.js';

/** Items resolved in `[from, to)` that may be made public, in number order. */
export async function publicFeedbackItems(tx: Tx, deps: AppDeps, from: number, to: number): Promise<ResolvedFeedbackItem[]> {
  const items = await tx.feedback.list({ resolvedFrom: from, resolvedTo: to });
  return items
    .filter((i) => isPublicResolved(deps.policy, i))
    .sort((a, b) => a.number.localeCompare(b.number))
    .map((i) => ({
      number: i.number,
      category: CATEGORY_ZH[i.category],
      summary: summaryOf(i.description, 40),
      ...(i.details.improvement ?? i.details.resolution ? { improvement: i.details.improvement ?? i.details.resolution } : {}),
    }));
}

/**
 * 反馈统计 and 导出反馈 for a month (policy timezone): the items registered in it that the person
 * may see — statistics count nothing else and exports contain nothing else (SPEC §2 "Every read
 * and export goes through that check").
 */
import { mayReadStatistics } from '../../domain/feedback/feedback-access.js';
import { feedbackExportRows, toCsv } from '../../domain/feedback/feedback-export.js';
import { feedbackStatistics, statisticsView } from '../../domain/feedback/feedback-stats.js';
import type { FeedbackItem } from '../../domain/feedback/feedback.js';
import { monthRange } from '../../domain/report/period.js';
import { TF } from '../../texts/feedback.js';
import { TF2 } from '../../texts/feedback-reports.js';
import type { AppDeps, Reply } from '../deps.js';
import type { FeedbackActor } from './feedback-lookup.js';
import { visibleItems } from './visible-items.js';

/** The month's (`YYYY-MM`) items visible to the person, in registration order. */
export async function visibleInMonth(deps: AppDeps, actor: FeedbackActor, month: string): Promise<FeedbackItem[]> {
  const { from, to } = monthRange(month, deps.policy.timezone);
  const found = await deps.store.transaction((tx) => visibleItems(tx, deps, actor.person, { registeredFrom: from, registeredTo: to }));
  return found.map((x) => x.item);
}

export async function feedbackStats(deps: AppDeps, actor: FeedbackActor, month: string): Promise<Reply> {
  if (!mayReadStatistics(deps.org, actor.person)) return { refused: true, lines: [TF.notAllowedStats] };
  const items = await visibleInMonth(deps, actor, month);
  return statisticsView(feedbackStatistics(items, deps.clock.now()), deps.org, month);
}

/** The export as CSV text (for files and tests) and as a chat reply. */
export async function exportFeedback(deps: AppDeps, actor: FeedbackActor, month: string): Promise<{ csv: string; reply: Reply }> {
  const items = await visibleInMonth(deps, actor, month);
  const rows = feedbackExportRows(items, deps.org, deps.policy.timezone);
  const csv = toCsv(rows);
  const reply: Reply = items.length
    ? { title: TF2.exportTitle(month), lines: [TF2.exportCount(items.length), ...csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n')] }
    : { title: TF2.exportTitle(month), lines: [TF2.nothingFound] };
  return { csv, reply };
}

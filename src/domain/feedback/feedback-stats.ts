/**
 * 反馈统计 (SPEC §2 "for leaders"; §5 timeliness): counts by category, department and state, the
 * on-time rates of first response and resolution, and the average satisfaction, over items the
 * caller has already passed through the access rule. Pure.
 *
 * On time: a first response (triage) no later than `responseDueAt`; a conclusion (resolved or
 * unresolvable) no later than `resolutionDueAt`. An item still waiting counts as late once its
 * target has passed and is not counted before.
 */
import type { MessageView } from '../message.js';
import type { Org } from '../org.js';
import { TF2 } from '../../texts/feedback-reports.js';
import { CATEGORY_ZH, FEEDBACK_CATEGORIES, FEEDBACK_STATE_ZH, FEEDBACK_STATES, type FeedbackCategory, type FeedbackItem, type FeedbackState } from './feedback.js';

/** An on-time rate: how many were on time out of how many were counted. */
export interface Rate {
  onTime: number;
  counted: number;
}

/** The figures of 反馈统计 over a set of items. */
export interface FeedbackStatistics {
  total: number;
  byCategory: Record<FeedbackCategory, number>;
  byDept: Map<string, number>;
  byState: Record<FeedbackState, number>;
  firstResponse: Rate;
  resolution: Rate;
  /** Sum and number of ratings (1–5). */
  satisfaction: { sum: number; count: number };
}

const zero = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

export function feedbackStatistics(items: readonly FeedbackItem[], now: number): FeedbackStatistics {
  const s: FeedbackStatistics = {
    total: items.length,
    byCategory: zero(FEEDBACK_CATEGORIES),
    byDept: new Map(),
    byState: zero(FEEDBACK_STATES),
    firstResponse: { onTime: 0, counted: 0 },
    resolution: { onTime: 0, counted: 0 },
    satisfaction: { sum: 0, count: 0 },
  };
  for (const i of items) {
    s.byCategory[i.category] += 1;
    s.byState[i.state] += 1;
    s.byDept.set(i.dept, (s.byDept.get(i.dept) ?? 0) + 1);
    count(s.firstResponse, i.firstResponseAt, i.responseDueAt, now);
    if (i.resolutionDueAt !== undefined) count(s.resolution, i.resolvedAt, i.resolutionDueAt, now);
    if (i.satisfaction !== undefined) {
      s.satisfaction.sum += i.satisfaction;
      s.satisfaction.count += 1;
    }
  }
  return s;
}

function count(rate: Rate, doneAt: number | undefined, dueAt: number, now: number): void {
  if (doneAt !== undefined) {
    rate.counted += 1;
    if (doneAt <= dueAt) rate.onTime += 1;
  } else if (now > dueAt) rate.counted += 1;
}

/** The rate as `92%(12/13)`, or `—` when nothing was counted. */
export function rateText(r: Rate): string {
  return r.counted ? `${Math.round((r.onTime / r.counted) * 100)}%(${r.onTime}/${r.counted})` : '—';
}

/** The chat view of the figures for `period` (a month or a range as the caller writes it). */
export function statisticsView(s: FeedbackStatistics, org: Org, period: string): MessageView {
  const nonzero = <K extends string>(rec: Record<K, number>, label: (k: K) => string) =>
    (Object.entries(rec) as Array<[K, number]>).filter(([, n]) => n > 0).map(([k, n]) => `${label(k)} ${n}`).join(',') || '—';
  const depts = [...s.byDept].sort((a, b) => b[1] - a[1]).map(([d, n]) => `${org.deptByCode.get(d)?.name ?? d} ${n}`).join(',') || '—';
  const avg = s.satisfaction.count ? (s.satisfaction.sum / s.satisfaction.count).toFixed(1) : '—';
  return {
    title: TF2.statsTitle(period),
    lines: s.total
      ? [
          TF2.statsTotal(s.total),
          TF2.statsByCategory(nonzero(s.byCategory, (k) => CATEGORY_ZH[k])),
          TF2.statsByDept(depts),
          TF2.statsByState(nonzero(s.byState, (k) => FEEDBACK_STATE_ZH[k])),
          TF2.statsRates(rateText(s.firstResponse), rateText(s.resolution)),
          TF2.statsSatisfaction(avg, s.satisfaction.count),
          TF2.statsScope,
        ]
      : [TF2.statsNothing, TF2.statsScope],
  };
}

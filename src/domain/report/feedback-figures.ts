/**
 * The 信息反馈 sheet of the monthly assessment (issue 13): per department concerned (`item.dept`),
 * the items registered in the month, first response on time, resolved on time, average
 * satisfaction, reopened items and the most repeated topics. Pure.
 *
 * Confidentiality: figures only. No description, no submitter, no owner: anonymous items are
 * counted (and counted apart), never named. A repeated topic is a group of linked (similar) items
 * of the month, shown by category and size with the numbers of its items; items of a restricted
 * category (举报) are counted in their group's size but their numbers are not listed.
 */
import { feedbackStatistics, type Rate } from '../feedback/feedback-stats.js';
import { CATEGORY_ZH, type FeedbackCategory, type FeedbackItem } from '../feedback/feedback.js';
import type { DeptCode, Org } from '../org.js';
import { TR } from '../../texts/reports.js';

/** One department's (or the company's) feedback figures. */
export interface FeedbackFigures {
  key: DeptCode;
  label: string;
  received: number;
  anonymous: number;
  firstResponse: Rate;
  resolution: Rate;
  /** Average rating 1-5 of the rated items, and how many were rated. */
  satisfaction?: number;
  rated: number;
  reopened: number;
  /** Up to three repeated topics, the largest first: `问题×3(FK…、FK…)`. */
  topics: string[];
}

/** Groups of linked items among `items` (links outside the month are ignored), two or more each. */
function repeatGroups(items: readonly FeedbackItem[]): FeedbackItem[][] {
  const byId = new Map(items.map((i) => [i.id, i]));
  const seen = new Set<number>();
  const groups: FeedbackItem[][] = [];
  for (const start of items) {
    if (seen.has(start.id)) continue;
    const group: FeedbackItem[] = [];
    const stack = [start];
    seen.add(start.id);
    while (stack.length) {
      const i = stack.pop()!;
      group.push(i);
      for (const id of i.links) {
        const j = byId.get(id);
        if (j && !seen.has(j.id)) {
          seen.add(j.id);
          stack.push(j);
        }
      }
      for (const j of items) {
        if (!seen.has(j.id) && j.links.includes(i.id)) {
          seen.add(j.id);
          stack.push(j);
        }
      }
    }
    if (group.length > 1) groups.push(group.sort((a, b) => a.registeredAt - b.registeredAt || a.id - b.id));
  }
  return groups.sort((a, b) => b.length - a.length || a[0]!.registeredAt - b[0]!.registeredAt);
}

function topicText(group: FeedbackItem[], restricted: (c: FeedbackCategory) => boolean): string {
  const counts = new Map<FeedbackCategory, number>();
  for (const i of group) counts.set(i.category, (counts.get(i.category) ?? 0) + 1);
  const category = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
  const numbers = group.filter((i) => !restricted(i.category)).map((i) => i.number);
  return `${CATEGORY_ZH[category]}×${group.length}${numbers.length ? `(${numbers.join('、')})` : ''}`;
}

function figuresOf(key: DeptCode, label: string, items: readonly FeedbackItem[], asOf: number, restricted: (c: FeedbackCategory) => boolean): FeedbackFigures {
  const s = feedbackStatistics(items, asOf);
  return {
    key,
    label,
    received: items.length,
    anonymous: items.filter((i) => i.anonymous).length,
    firstResponse: s.firstResponse,
    resolution: s.resolution,
    ...(s.satisfaction.count ? { satisfaction: s.satisfaction.sum / s.satisfaction.count } : {}),
    rated: s.satisfaction.count,
    reopened: items.filter((i) => i.reopenCount > 0).length,
    topics: repeatGroups(items).slice(0, 3).map((g) => topicText(g, restricted)),
  };
}

/** Every department of the org (zeros included) in org order, then the company's totals. */
export function feedbackFigures(items: readonly FeedbackItem[], org: Org, asOf: number, restricted: (c: FeedbackCategory) => boolean): { departments: FeedbackFigures[]; totals: FeedbackFigures } {
  const departments = org.departments.map((d) => figuresOf(d.code, d.name, items.filter((i) => i.dept === d.code), asOf, restricted));
  return { departments, totals: figuresOf('', TR.totalsLabel, items, asOf, restricted) };
}

/**
 * 反馈列表, 我的反馈, 搜索反馈 (SPEC §2 "Feedback database … searchable by number, category,
 * department, state and text"): the repository narrows by the indexed criteria, the text words
 * are matched in code (substrings: Chinese needs no word splitting), and `visibleItems` applies
 * the access rule before anything is shown or counted.
 */
import { OPEN_FEEDBACK_STATES, PRIORITY_RANK, type FeedbackCategory, type FeedbackItem, type FeedbackState } from '../../domain/feedback/feedback.js';
import { feedbackListLine } from '../../domain/feedback/feedback-views.js';
import type { DeptCode } from '../../domain/org.js';
import { TF2 } from '../../texts/feedback-reports.js';
import type { AppDeps, Reply } from '../deps.js';
import type { FeedbackActor } from './feedback-lookup.js';
import { visibleItems } from './visible-items.js';

/** What 搜索反馈 asks for; every given criterion must hold. Times are `[from, to)` of registration. */
export interface FeedbackSearch {
  number?: string;
  categories?: FeedbackCategory[];
  states?: FeedbackState[];
  dept?: DeptCode;
  from?: number;
  to?: number;
  words: string[];
}

/** Lines shown at most; the count says how many there were. */
export const MAX_LINES = 30;

function textOf(i: FeedbackItem): string {
  const d = i.details;
  return [i.description, d.timeNode, d.expected, d.resolution, d.improvement, d.reason, d.suggestion].filter(Boolean).join('\n').toLowerCase();
}

type Found = Awaited<ReturnType<typeof visibleItems>>;

/** The list; `confidential` when it shows the person an anonymous item of their own. */
function listReply(deps: AppDeps, title: string, found: Found, order: (a: FeedbackItem, b: FeedbackItem) => number): Reply {
  const items = found.map((x) => x.item).sort(order);
  if (!items.length) return { title, lines: [TF2.nothingFound] };
  const shown = items.slice(0, MAX_LINES);
  const reply: Reply = { title, lines: [TF2.found(items.length, shown.length), ...shown.map((i) => feedbackListLine(i, deps.org, deps.policy.timezone))] };
  return found.some((x) => x.item.anonymous && x.roles.has('submitter')) ? { ...reply, confidential: true } : reply;
}

const newestFirst = (a: FeedbackItem, b: FeedbackItem) => b.registeredAt - a.registeredAt || b.id - a.id;
const byPriority = (a: FeedbackItem, b: FeedbackItem) => PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] || a.registeredAt - b.registeredAt;

/** The visible items meeting every criterion of `s`. */
async function searched(deps: AppDeps, actor: FeedbackActor, s: FeedbackSearch): Promise<Found> {
  const words = s.words.map((w) => w.toLowerCase()).filter(Boolean);
  const found = await deps.store.transaction((tx) =>
    visibleItems(tx, deps, actor.person, {
      ...(s.number ? { number: s.number } : {}),
      ...(s.categories ? { categories: s.categories } : {}),
      ...(s.states ? { states: s.states } : {}),
      ...(s.dept ? { dept: s.dept } : {}),
      ...(s.from !== undefined ? { registeredFrom: s.from } : {}),
      ...(s.to !== undefined ? { registeredTo: s.to } : {}),
    }),
  );
  return found.filter((x) => words.every((w) => textOf(x.item).includes(w)));
}

export async function searchFeedback(deps: AppDeps, actor: FeedbackActor, s: FeedbackSearch): Promise<Reply> {
  return listReply(deps, TF2.searchTitle, await searched(deps, actor, s), newestFirst);
}

/**
 * Open items the person may see, most pressing first (triagers' and leaders' work list), narrowed
 * by `filter` (the criteria of 搜索反馈: `反馈列表 举报`); states given in it replace "open".
 */
export async function listFeedback(deps: AppDeps, actor: FeedbackActor, filter: FeedbackSearch = { words: [] }): Promise<Reply> {
  const found = await searched(deps, actor, { ...filter, states: filter.states ?? [...OPEN_FEEDBACK_STATES] });
  return listReply(deps, TF2.listTitle, found, byPriority);
}

/** Items the person submitted (anonymous ones included, found by their sealed address) or owns. */
export async function myFeedback(deps: AppDeps, actor: FeedbackActor): Promise<Reply> {
  const found = await deps.store.transaction((tx) => visibleItems(tx, deps, actor.person, {}));
  return listReply(deps, TF2.mineTitle, found.filter((x) => x.roles.has('submitter') || x.roles.has('owner')), newestFirst);
}

/**
 * 搜索反馈 arguments → a `FeedbackSearch`: each word is tried as a number, a category, a state, a
 * department code, a month (`YYYY-MM`) or a period (`YYYY-MM-DD~YYYY-MM-DD`, or one day), and is
 * otherwise a text word that must occur in the item.
 */
import type { FeedbackSearch } from '../app/feedback/feedback-queries.js';
import { localInstant } from '../domain/local-time.js';
import type { Org } from '../domain/org.js';
import { isMonth, monthRange } from '../domain/report/period.js';
import { TF } from '../texts/feedback.js';
import { CATEGORY_WORDS, lookup, STATE_WORDS } from './feedback-words.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const NEXT_DAY = 86_400_000;

export function parseSearch(org: Org, tz: string, text: string): FeedbackSearch | { message: string } {
  const s: FeedbackSearch = { words: [] };
  for (const token of text.split(/\s+/).filter(Boolean)) {
    const upper = token.toUpperCase();
    const category = lookup(CATEGORY_WORDS, token);
    const states = lookup(STATE_WORDS, token);
    if (/^FK\d{8}-\d{3,}$/.test(upper)) s.number = upper;
    else if (category) s.categories = [...(s.categories ?? []), category];
    else if (states) s.states = [...(s.states ?? []), ...states];
    else if (/^[A-Z]{2,5}$/.test(token) && org.deptByCode.has(token)) s.dept = token;
    else if (/^\d{4}-\d{1,2}$/.test(token)) {
      const month = token.replace(/-(\d)$/, '-0$1');
      if (!isMonth(month)) return { message: TF.badMonth(token) };
      const r = monthRange(month, tz);
      s.from = r.from;
      s.to = r.to;
    } else if (/^\d{4}-\d{2}-\d{2}(?:~\d{4}-\d{2}-\d{2})?$/.test(token)) {
      const [a, b = a] = token.split('~') as [string, string?];
      if (!DAY.test(a) || !DAY.test(b)) return { message: TF.badMonth(token) };
      s.from = localInstant(`${a} 00:00`, tz);
      s.to = localInstant(`${b} 00:00`, tz) + NEXT_DAY;
    } else s.words.push(token);
  }
  return s;
}

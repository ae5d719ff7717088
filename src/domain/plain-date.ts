/**
 * Dates as people write them for a 期限 (issue 18): besides `YYYY-MM-DD [HH:mm]`, `今天` / `明天` /
 * `后天`, `周三` / `星期三` (this week's, or next week's once it has passed) and `下周一`,
 * `12/04`, `12-04` and `12月4日` (this year's, or next year's once it has passed), each with an
 * optional ` HH:mm`. Without a time it is the end of that day's working hours, as for a bare
 * date. Pure: `now` is passed in. The reply shows the absolute date back.
 */
import dayjs from 'dayjs';
import { parseLocalDateTime } from './local-time.js';
import type { Policy } from './policy.js';

const WEEKDAY: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7 };
const REL_DAY: Record<string, number> = { 今天: 0, 明天: 1, 后天: 2 };
const pad = (n: number) => String(n).padStart(2, '0');

/** The instant `text` names, or undefined when it is not a date (see the module comment). */
export function parseDeadline(text: string, policy: Policy, now: number): number | undefined {
  const t = text.trim();
  const direct = parseLocalDateTime(t, policy);
  if (direct !== undefined) return direct;
  const m = /^(\S+?)(?:\s*(\d{1,2}:\d{2}))?$/.exec(t);
  if (!m) return undefined;
  const day = plainDay(m[1]!, policy.timezone, now);
  return day ? parseLocalDateTime(m[2] ? `${day} ${m[2]}` : day, policy) : undefined;
}

/** `YYYY-MM-DD` of a plain-language day, or undefined. */
function plainDay(word: string, tz: string, now: number): string | undefined {
  const today = dayjs(now).tz(tz);
  const ymd = (d: dayjs.Dayjs) => d.format('YYYY-MM-DD');
  if (word in REL_DAY) return ymd(today.add(REL_DAY[word]!, 'day'));
  const w = /^(下)?(?:周|星期|礼拜)([一二三四五六日天])$/.exec(word);
  if (w) {
    const isoToday = ((today.day() + 6) % 7) + 1; // Monday 1 … Sunday 7
    const target = WEEKDAY[w[2]!]!;
    const diff = w[1] ? 7 - isoToday + target : (target - isoToday + 7) % 7;
    return ymd(today.add(diff, 'day'));
  }
  const md = /^(\d{1,2})(?:\/|-|月)(\d{1,2})(?:日|号)?$/.exec(word);
  if (md) {
    const [mo, d] = [Number(md[1]), Number(md[2])];
    for (const y of [today.year(), today.year() + 1]) {
      const text = `${y}-${pad(mo)}-${pad(d)}`;
      const parsed = dayjs.tz(text, 'YYYY-MM-DD', tz);
      if (!parsed.isValid() || parsed.format('YYYY-MM-DD') !== text) return undefined;
      if (text >= ymd(today)) return text;
    }
  }
  return undefined;
}

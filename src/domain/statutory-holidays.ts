/**
 * The statutory holidays (法定节假日) the law fixes for any year: 《全国年节及纪念日放假办法》 as
 * revised effective 2025 — 元旦 1 day; 春节 4 days, 除夕 to 初三; 清明 1 day; 劳动节 1-2 May;
 * 端午 1 day; 中秋 1 day; 国庆 1-3 October. Its article 6 adds that a holiday falling on a Saturday
 * or Sunday is made up (补假) on a workday; we take the next Monday-Friday after the holiday that
 * is not itself a holiday, which is what every State Council notice has done. Bridging days and
 * 调休 make-up workdays are decided each year by the State Council's notice and cannot be known
 * in advance: a year with only this data is "statutory only" (see `work-calendar.ts`).
 *
 * Lunar dates and 清明 come from `chinese-days` (`getSolarDateFromLunar`, `getSolarTermDate`).
 * Both read and write dates with the process's local time zone; the calls below are written so
 * that the answer is the same in every zone (tested with TZ west and east of UTC).
 */
import chineseDays from 'chinese-days';
import { BoundedCache } from './bounded-cache.js';

/** One statutory day off. `makeUp` marks a 补假 day (the holiday itself fell on a weekend). */
export interface StatutoryDay {
  date: string;
  name: string;
  makeUp: boolean;
}

const DAY = 86_400_000;
/** One entry per year asked for: at most the 199 years of the lunar table's range. */
const cache = new BoundedCache<number, StatutoryDay[]>(199);

/** The statutory days off of `year`, sorted by date. Years 1901-2099 (the lunar table's range). */
export function statutoryDays(year: number): StatutoryDay[] {
  if (!Number.isInteger(year) || year < 1901 || year > 2099) throw new RangeError(`statutory holidays: year ${year} is outside 1901-2099`);
  let days = cache.get(year);
  if (!days) {
    days = computeStatutoryDays(year);
    cache.set(year, days);
  }
  return days;
}

/** `statutoryDays` without the cache (tests compare it across process time zones). */
export function computeStatutoryDays(year: number): StatutoryDay[] {
  const newYear = lunarToSolar(year, 1, 1);
  const blocks: Array<{ name: string; dates: string[] }> = [
    { name: '元旦', dates: [key(year, 1, 1)] },
    { name: '春节', dates: [-1, 0, 1, 2].map((n) => addDays(newYear, n)) },
    { name: '清明节', dates: [qingming(year)] },
    { name: '劳动节', dates: [key(year, 5, 1), key(year, 5, 2)] },
    { name: '端午节', dates: [lunarToSolar(year, 5, 5)] },
    { name: '中秋节', dates: [lunarToSolar(year, 8, 15)] },
    { name: '国庆节', dates: [key(year, 10, 1), key(year, 10, 2), key(year, 10, 3)] },
  ];
  const off = new Map<string, StatutoryDay>();
  for (const b of blocks) for (const date of b.dates) off.set(date, { date, name: b.name, makeUp: false });
  for (const b of blocks) {
    let owed = b.dates.filter(isWeekend).length;
    let cursor = b.dates[b.dates.length - 1]!;
    while (owed > 0) {
      cursor = addDays(cursor, 1);
      if (isWeekend(cursor) || off.has(cursor)) continue;
      off.set(cursor, { date: cursor, name: b.name, makeUp: true });
      owed--;
    }
  }
  return [...off.values()].sort((a, b) => a.date.localeCompare(b.date));
}

/** The solar date of a lunar date in `year`'s lunar year. A local `Date` in, so the library's local getters read it right. */
function lunarToSolar(year: number, month: number, day: number): string {
  return chineseDays.getSolarDateFromLunar(new Date(year, month - 1, day)).date;
}

/**
 * 清明 (the solar term pure_brightness) in April. The library computes the day number, then
 * formats UTC midnight of it with local getters: west of UTC that is the previous day, so add it back.
 */
function qingming(year: number): string {
  const text = chineseDays.getSolarTermDate(year, 4, 'pure_brightness');
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getTimezoneOffset() > 0 ? addDays(text, 1) : text;
}

function key(y: number, m: number, d: number): string {
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** `YYYY-MM-DD` plus `n` days (UTC arithmetic on the date itself, zone-free). */
export function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday, of a `YYYY-MM-DD`. */
export function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

function isWeekend(date: string): boolean {
  const w = weekdayOf(date);
  return w === 0 || w === 6;
}

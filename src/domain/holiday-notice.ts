/**
 * Reads the State Council's yearly notice (国务院办公厅关于YYYY年部分节假日安排的通知) into the
 * year's days off and 调休 make-up workdays. Pure: text in, arrangement or problems out.
 *
 * Each item line reads like
 *   `一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。`
 *   `一、元旦：1月1日（周三）放假1天，不调休。`
 * Half-width punctuation and spaces are accepted. Every item line must be read entirely, every
 * weekday in parentheses must match its date, every `共N天` the length of its range, and all
 * seven festivals must appear; otherwise nothing is returned but the problems, each with its
 * line and what was expected. Lines outside the items (title, salutation, closing, signature)
 * are skipped unless they look like an arrangement.
 */
import { TCAL, TNOTICE } from '../texts/calendar.js';
import { addDays, weekdayOf } from './statutory-holidays.js';

export const FESTIVALS = ['元旦', '春节', '清明节', '劳动节', '端午节', '中秋节', '国庆节'] as const;
export type Festival = (typeof FESTIVALS)[number];

/** One item of the notice. */
export interface NoticeItem {
  line: number;
  festivals: Festival[];
  holidays: string[];
  workdays: string[];
}

/** A whole notice: its year, items, and all days off and make-up workdays, sorted. */
export interface HolidayArrangement {
  year: number;
  items: NoticeItem[];
  holidays: string[];
  workdays: string[];
}

/** Something the parser could not read: the line (1-based; 0 = the whole text), its text, what was expected. */
export interface NoticeProblem {
  line: number;
  text: string;
  expected: string;
}

export type NoticeResult = { ok: true; arrangement: HolidayArrangement } | { ok: false; problems: NoticeProblem[] };

const NUMERAL = '[一二三四五六七八九十]+';
const ITEM = new RegExp(`^(${NUMERAL})、([^：]+)：(.+)$`);
const DATE = '(?:(\\d{4})年)?(\\d{1,2})月(\\d{1,2})日';
const PAREN = '(?:（([^）]*)）)?';
const HOLIDAY = new RegExp(`^${DATE}${PAREN}(?:至(?:(?:(\\d{4})年)?(\\d{1,2})月)?(\\d{1,2})日${PAREN})?放假(?:调休)?(?:，共(\\d+)天|(\\d+)天)?(?:，不调休)?$`);
const ONE_DAY = new RegExp(`^${DATE}${PAREN}$`);
const WEEKDAY_IN = /周([一二三四五六日天])/;
const WEEKDAY_NUM: Record<string, number> = { 日: 0, 天: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6 };
const FESTIVAL_ALIAS: Record<string, Festival> = { 清明: '清明节', 劳动: '劳动节', 五一: '劳动节', 端午: '端午节', 中秋: '中秋节', 国庆: '国庆节' };

/** Full-width punctuation, no spaces: the notice's own typography, whatever was pasted. */
function normalize(line: string): string {
  return line
    .replace(/[\s\u3000]+/g, '')
    .replace(/\(/g, '（')
    .replace(/\)/g, '）')
    .replace(/:/g, '：')
    .replace(/,/g, '，')
    .replace(/;/g, '；')
    .replace(/\./g, '。');
}

/** Parses the notice text; see the file comment for what is accepted. */
export function parseHolidayNotice(text: string): NoticeResult {
  const lines = text.split(/\r?\n/).map(normalize);
  const problems: NoticeProblem[] = [];
  const year = findYear(lines);
  if (year === undefined) return { ok: false, problems: [{ line: 0, text: '', expected: TNOTICE.noYear }] };
  const items: NoticeItem[] = [];
  lines.forEach((line, i) => {
    if (line === '') return;
    const raw = text.split(/\r?\n/)[i]!.trim();
    const problem = (expected: string) => problems.push({ line: i + 1, text: raw, expected });
    const m = ITEM.exec(line);
    if (!m) {
      // A dated day with its weekday next to 放假/上班 is an arrangement; the intro's "自2025年1月1日起" is not.
      if (/\d{1,2}日（[^）]*周[一二三四五六日天]/.test(line) && /放假|上班/.test(line)) problem(TNOTICE.stray);
      return;
    }
    const item = readItem(year, i + 1, m[2]!, m[3]!);
    if ('expected' in item) problem(item.expected);
    else items.push(item);
  });
  if (problems.length) return { ok: false, problems };
  if (!items.length) return { ok: false, problems: [{ line: 0, text: '', expected: TNOTICE.noItems }] };
  return assemble(year, items);
}

function findYear(lines: string[]): number | undefined {
  for (const line of lines) {
    const m = /(\d{4})年部分节假日安排/.exec(line) ?? /现将(\d{4})年/.exec(line);
    if (m) return Number(m[1]);
  }
  return undefined;
}

/** One item's body: the holiday sentence, then any workday sentences. */
function readItem(year: number, line: number, names: string, body: string): NoticeItem | { expected: string } {
  const festivals: Festival[] = [];
  for (const name of names.split(/、|和|及/)) {
    const f = (FESTIVALS as readonly string[]).includes(name) ? (name as Festival) : FESTIVAL_ALIAS[name];
    if (!f) return { expected: TNOTICE.unknownFestival(name) };
    festivals.push(f);
  }
  const sentences = body.split('。').filter((s) => s !== '');
  const [first, ...rest] = sentences;
  const h = first ? HOLIDAY.exec(first) : null;
  if (!h) return { expected: first ? TNOTICE.badHoliday(first) : TNOTICE.badItem };
  const start = dateOf(h[1] ?? String(year), h[2]!, h[3]!, h[4]);
  if (typeof start !== 'string') return start;
  let holidays = [start];
  if (h[7] !== undefined) {
    const endYear = h[5] ?? start.slice(0, 4);
    const end = dateOf(endYear, h[6] ?? start.slice(5, 7), h[7], h[8]);
    if (typeof end !== 'string') return end;
    if (end <= start) return { expected: TNOTICE.endBeforeStart };
    holidays = [];
    for (let d = start; d <= end; d = addDays(d, 1)) holidays.push(d);
  }
  const said = h[9] ?? h[10];
  if (said !== undefined && Number(said) !== holidays.length) return { expected: TNOTICE.wrongCount(Number(said), holidays.length) };
  const workdays: string[] = [];
  for (const sentence of rest) {
    if (!sentence.endsWith('上班')) return { expected: TNOTICE.badWorkdays(sentence) };
    for (const part of sentence.slice(0, -2).split('、')) {
      const d = ONE_DAY.exec(part);
      if (!d) return { expected: TNOTICE.badWorkdays(sentence) };
      const date = dateOf(d[1] ?? String(year), d[2]!, d[3]!, d[4]);
      if (typeof date !== 'string') return date;
      workdays.push(date);
    }
  }
  return { line, festivals, holidays, workdays };
}

/** `YYYY-MM-DD`, checking that it exists and that a `周X` in `paren` is its weekday. */
function dateOf(y: string, m: string, d: string, paren: string | undefined): string | { expected: string } {
  const key = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const parsed = new Date(`${key}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== key) return { expected: TNOTICE.badDate(`${y}年${m}月${d}日`) };
  const w = paren ? WEEKDAY_IN.exec(paren) : null;
  if (w && WEEKDAY_NUM[w[1]!] !== weekdayOf(key)) return { expected: TNOTICE.wrongWeekday(key, `周${w[1]}`, TCAL.weekday(weekdayOf(key))) };
  return key;
}

/** The whole year: every festival present, no date twice or both off and on. */
function assemble(year: number, items: NoticeItem[]): NoticeResult {
  const problems: NoticeProblem[] = [];
  const seen = new Map<string, 'off' | 'on'>();
  for (const item of items) {
    for (const [dates, kind] of [[item.holidays, 'off'], [item.workdays, 'on']] as const) {
      for (const d of dates) {
        const before = seen.get(d);
        if (before) problems.push({ line: item.line, text: d, expected: before === kind ? TNOTICE.repeated(d) : TNOTICE.both(d) });
        seen.set(d, kind);
      }
    }
  }
  const named = new Set(items.flatMap((i) => i.festivals));
  const missing = FESTIVALS.filter((f) => !named.has(f));
  if (missing.length) problems.push({ line: 0, text: '', expected: TNOTICE.missingFestival(missing) });
  if (problems.length) return { ok: false, problems };
  const all = [...seen.entries()].sort(([a], [b]) => a.localeCompare(b));
  return {
    ok: true,
    arrangement: {
      year,
      items,
      holidays: all.filter(([, k]) => k === 'off').map(([d]) => d),
      workdays: all.filter(([, k]) => k === 'on').map(([d]) => d),
    },
  };
}

/**
 * Years without official data (issue 13): the statutory holidays the law fixes, checked against
 * chinese-days' tables for 2025 and 2026; the State Council notice parser, whose reading of the
 * real 2025 and 2026 notices must equal chinese-days day for day; and the calendar of 2027.
 */
import { readFileSync } from 'node:fs';
import cnData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';
import { describe, expect, it } from 'vitest';
import { parseHolidayNotice, type NoticeProblem } from '../../src/domain/holiday-notice.js';
import type { WorkingTime } from '../../src/domain/policy.js';
import { computeStatutoryDays, statutoryDays } from '../../src/domain/statutory-holidays.js';
import { createWorkCalendar } from '../../src/domain/work-calendar.js';
import { stringContaining } from '../helpers/matchers.js';

dayjs.extend(utc);
dayjs.extend(timezone);

const TZ = 'Asia/Shanghai';
const MIN = 60_000;
const CN = cnData as { holidays: Record<string, string>; workdays: Record<string, string> };
const ofYear = (table: Record<string, string>, year: number) => Object.keys(table).filter((d) => d.startsWith(`${year}-`)).sort();
const hours = (over: Partial<Extract<WorkingTime, { kind: 'hours' }>> = {}): WorkingTime => ({
  kind: 'hours',
  intervals: [[480, 720], [810, 1050]],
  calendar: 'cn',
  holidays: [],
  workdays: [],
  ...over,
});
const at = (local: string) => dayjs.tz(local, 'YYYY-MM-DD HH:mm', TZ).valueOf();
const fmt = (ms: number) => dayjs(ms).tz(TZ).format('YYYY-MM-DD HH:mm');
const notice = (year: number) => readFileSync(`test/fixtures/calendar/notice-${year}.txt`, 'utf8');

describe('statutory holidays (《全国年节及纪念日放假办法》, effective 2025)', () => {
  it.each([2025, 2026])('%i: every statutory day and 补假 is a day off in chinese-days, and each festival has its day', (year) => {
    const days = statutoryDays(year);
    const off = new Set(ofYear(CN.holidays, year));
    for (const d of days) expect(off.has(d.date), `${d.date} ${d.name}`).toBe(true);
    // 13 statutory days, plus one 补假 for each that falls on a weekend.
    expect(days.filter((d) => !d.makeUp)).toHaveLength(13);
  });

  it('2025 and 2026 by name: 除夕 to 初三, 清明, 端午, 中秋 from the lunar calendar and the solar term', () => {
    const names = (year: number) => statutoryDays(year).filter((d) => !d.makeUp).map((d) => `${d.date.slice(5)} ${d.name}`);
    expect(names(2025)).toEqual([
      '01-01 元旦', '01-28 春节', '01-29 春节', '01-30 春节', '01-31 春节', '04-04 清明节',
      '05-01 劳动节', '05-02 劳动节', '05-31 端午节', '10-01 国庆节', '10-02 国庆节', '10-03 国庆节', '10-06 中秋节',
    ]);
    expect(names(2026)).toEqual([
      '01-01 元旦', '02-16 春节', '02-17 春节', '02-18 春节', '02-19 春节', '04-05 清明节',
      '05-01 劳动节', '05-02 劳动节', '06-19 端午节', '09-25 中秋节', '10-01 国庆节', '10-02 国庆节', '10-03 国庆节',
    ]);
  });

  it('2027: the weekend holidays are made up on the following workdays', () => {
    expect(statutoryDays(2027).map((d) => `${d.date.slice(5)}${d.makeUp ? '补' : ''}`)).toEqual([
      '01-01', '02-05', '02-06', '02-07', '02-08', '02-09补', '02-10补', '04-05',
      '05-01', '05-02', '05-03补', '05-04补', '06-09', '09-15', '10-01', '10-02', '10-03', '10-04补', '10-05补',
    ]);
  });

  it('does not depend on the process time zone (chinese-days formats with local time)', () => {
    const saved = process.env.TZ;
    const expected = [2027, 2031].map(computeStatutoryDays);
    try {
      for (const zone of ['America/New_York', 'Pacific/Kiritimati', 'UTC']) {
        process.env.TZ = zone;
        expect([2027, 2031].map(computeStatutoryDays), zone).toEqual(expected);
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});

describe('the State Council notice', () => {
  it.each([2025, 2026])('the real %i notice reads exactly as chinese-days’ table for that year, day for day', (year) => {
    const r = parseHolidayNotice(notice(year));
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.arrangement.year).toBe(year);
    expect(r.arrangement.holidays).toEqual(ofYear(CN.holidays, year));
    expect(r.arrangement.workdays).toEqual(ofYear(CN.workdays, year));
  });

  it('accepts half-width punctuation and spaces, as pasted from a web page', () => {
    const text = notice(2026).replace(/（/g, '(').replace(/）/g, ')').replace(/：/g, ':').replace(/，/g, ',').replace(/　/g, '  ');
    const r = parseHolidayNotice(text);
    expect(r.ok && r.arrangement.holidays).toEqual(ofYear(CN.holidays, 2026));
  });

  /** The problems of the 2026 notice with `from` replaced by `to`. */
  const problemsWith = (from: string, to: string): NoticeProblem[] => {
    const text = notice(2026);
    expect(text).toContain(from);
    const r = parseHolidayNotice(text.replace(from, to));
    if (r.ok) throw new Error('expected a refusal');
    return r.problems;
  };

  it.each([
    ['1月4日（周日）上班', '1月4日（周一）上班', 7, '2026-01-04 是周日,原文写的是周一'],
    ['放假调休，共9天', '放假调休，共8天', 9, '写的是共 8 天,但日期范围是 9 天'],
    ['5月9日（周六）上班', '5月9日（周六）补班', 13, '无法读取「5月9日（周六）补班」'],
    ['四、劳动节', '四、五四青年节', 13, '不认识的节日「五四青年节」'],
    ['6月19日（周五）至21日（周日）', '6月19日（周五）至2l日（周日）', 15, '无法读取'],
    ['9月25日（周五）', '9月31日（周五）', 17, '「2026年9月31日」不是有效日期'],
  ])('refuses %s → %s, naming line and expectation', (from, to, line, expected) => {
    const [p, ...more] = problemsWith(from, to);
    expect(more).toEqual([]);
    expect(p!.line).toBe(line);
    expect(p!.text).toContain(to);
    expect(p!.expected).toContain(expected);
  });

  it('refuses an arrangement outside the numbered items, a missing festival, a missing year', () => {
    const stray = problemsWith('鼓励单位和个人', '另：12月31日（周四）放假。鼓励单位和个人');
    expect(stray[0]).toMatchObject({ line: 21, expected: stringContaining('不在「一、……」这样的条目里') });
    const missing = problemsWith('　　五、端午节：6月19日（周五）至21日（周日）放假，共3天。\n', '');
    expect(missing).toEqual([{ line: 0, text: '', expected: stringContaining('缺少节日:端午节') }]);
    const noYear = parseHolidayNotice('一、元旦：1月1日（周四）放假1天，不调休。');
    expect(!noYear.ok && noYear.problems[0]!.expected).toContain('找不到年份');
    const both = problemsWith('5月9日（周六）上班', '5月5日（周二）上班');
    expect(both[0]!.expected).toContain('2026-05-05 既是放假日又是上班日');
  });
});

describe('a statutory-only year on the work calendar (2027, chinese-days 1.5.7)', () => {
  const cal = createWorkCalendar(hours(), TZ);

  it('a notice at 17:20 on 2026-12-31 is due at 08:20 on 2027-01-04, not on New Year’s Day', () => {
    expect(fmt(cal.addWorkingTime(at('2026-12-31 17:20'), 30 * MIN))).toBe('2027-01-04 08:20');
  });

  it.each([
    ['2027-02-04 17:20', '2027-02-11 08:20'], // 除夕 Fri to 初三 Mon, 补假 Tue and Wed
    ['2027-04-02 17:20', '2027-04-06 08:20'], // 清明 Monday
    ['2027-04-30 17:20', '2027-05-05 08:20'], // 劳动节 Sat/Sun, 补假 Mon/Tue
    ['2027-06-08 17:20', '2027-06-10 08:20'], // 端午 Wednesday
    ['2027-09-30 17:20', '2027-10-06 08:20'], // 国庆 Fri-Sun, 补假 Mon/Tue
  ])('across 2027’s holidays: %s + 30 min → %s', (start, end) => {
    expect(fmt(cal.addWorkingTime(at(start), 30 * MIN))).toBe(end);
  });

  it('an imported 2027 arrangement replaces the statutory days: its 调休 Saturday works, its bridge day does not', () => {
    // A made-up 2027 arrangement in the shape import writes: 元旦 1-3 off, Saturday 01-09 works.
    const imported = createWorkCalendar(hours({ holidays: ['2027-01-01', '2027-01-02', '2027-01-03'], workdays: ['2027-01-09'], officialYears: [2027] }), TZ);
    expect(imported.isWorkday(at('2027-01-09 10:00'))).toBe(true);
    expect(imported.describeDay('2027-01-09')).toMatchObject({ kind: 'policy_workday', hours: [[480, 720], [810, 1050]] });
    // Without official data for 2027, 02-09 is a 补假; once imported, only the notice's days are off.
    expect(cal.describeDay('2027-02-09')).toMatchObject({ workday: false, kind: 'statutory_makeup', name: '春节', hours: [] });
    expect(imported.describeDay('2027-02-09')).toMatchObject({ workday: true, kind: 'workday' });
  });
});

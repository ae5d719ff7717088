import { describe, it, expect } from 'vitest';
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc.js';
import timezone from 'dayjs/plugin/timezone.js';
import { createWorkCalendar } from '../../src/domain/work-calendar.js';
import type { WorkingTime } from '../../src/domain/policy.js';

dayjs.extend(utc);
dayjs.extend(timezone);

const TZ = 'Asia/Shanghai';
const MIN = 60_000;
const HOUR = 60 * MIN;
/** 08:00-12:00 and 13:30-17:30. */
const INTERVALS: Array<[number, number]> = [
  [480, 720],
  [810, 1050],
];

function hours(over: Partial<Extract<WorkingTime, { kind: 'hours' }>> = {}): WorkingTime {
  return { kind: 'hours', intervals: INTERVALS, calendar: 'cn', holidays: [], workdays: [], ...over };
}
/** The instant of local time `YYYY-MM-DD HH:mm` in `zone` (dayjs, independent of the code under test). */
function at(local: string, zone = TZ): number {
  return dayjs.tz(local, 'YYYY-MM-DD HH:mm', zone).valueOf();
}
/** An instant as local `YYYY-MM-DD HH:mm` in `zone`. */
function fmt(instant: number, zone = TZ): string {
  return dayjs(instant).tz(zone).format('YYYY-MM-DD HH:mm');
}

const cn = createWorkCalendar(hours(), TZ);
/** Local end of a window of `ms` working time starting at local `start`. */
const addCn = (start: string, ms: number): string => fmt(cn.addWorkingTime(at(start), ms));

describe('work calendar, hours 08:00-12:00 13:30-17:30, cn, Asia/Shanghai', () => {
  it('crosses lunch: 30 min from 11:50 ends at 13:50', () => {
    expect(addCn('2026-11-16 11:50', 30 * MIN)).toBe('2026-11-16 13:50');
  });

  it('crosses a normal weekend: Friday 17:20 + 30 min is Monday 08:20', () => {
    expect(addCn('2026-11-20 17:20', 30 * MIN)).toBe('2026-11-23 08:20');
  });

  it('ends exactly at the end of an interval rather than the start of the next one', () => {
    expect(addCn('2026-11-16 11:30', 30 * MIN)).toBe('2026-11-16 12:00');
    expect(addCn('2026-11-16 17:00', 30 * MIN)).toBe('2026-11-16 17:30');
    expect(addCn('2026-11-16 08:00', 8 * HOUR)).toBe('2026-11-16 17:30');
  });

  it.each([
    ['2026-11-16 06:00', '2026-11-16 08:30'],
    ['2026-11-16 12:00', '2026-11-16 14:00'],
    ['2026-11-16 12:30', '2026-11-16 14:00'],
    ['2026-11-16 20:00', '2026-11-17 08:30'],
    ['2026-11-21 10:00', '2026-11-23 08:30'], // Saturday
  ])('starting outside hours at %s counts from the next working moment → %s', (start, end) => {
    expect(addCn(start, 30 * MIN)).toBe(end);
  });

  it('12 h from Monday 09:00 is Tuesday 14:30 (3 h + 4 h + 4 h + 1 h)', () => {
    expect(addCn('2026-11-16 09:00', 12 * HOUR)).toBe('2026-11-17 14:30');
  });

  it('a duration of 0 returns the start unchanged, even outside hours', () => {
    for (const s of ['2026-11-16 09:00', '2026-11-16 20:00', '2026-10-03 10:00']) {
      expect(cn.addWorkingTime(at(s), 0)).toBe(at(s));
    }
  });

  // chinese-days 2026 (国办 2025-11): 国庆节 10-01 (Thu) … 10-07 (Wed) off; 调休 workdays 09-20 (Sun)
  // and 10-10 (Sat). 中秋节 09-25 (Fri) … 09-27 (Sun) off.
  describe('国庆节 and 中秋节 2026', () => {
    it('knows the holiday and the 调休 days', () => {
      for (const d of ['10-01', '10-02', '10-05', '10-07', '09-25']) expect(cn.isWorkday(at(`2026-${d} 10:00`))).toBe(false);
      for (const d of ['09-20', '09-30', '10-08', '10-10']) expect(cn.isWorkday(at(`2026-${d} 10:00`))).toBe(true);
      expect(cn.isWorkingTime(at('2026-10-10 09:00'))).toBe(true);
      expect(cn.isWorkingTime(at('2026-10-01 09:00'))).toBe(false);
    });

    it('a window from the last workday before the holiday ends after it', () => {
      expect(addCn('2026-09-30 17:20', 30 * MIN)).toBe('2026-10-08 08:20');
      expect(addCn('2026-09-30 17:00', 1 * HOUR)).toBe('2026-10-08 08:30');
      expect(cn.workingTimeBetween(at('2026-09-30 17:00'), at('2026-10-08 08:30'))).toBe(1 * HOUR);
    });

    it('a 调休 Saturday and Sunday are workdays', () => {
      expect(addCn('2026-10-10 09:00', 30 * MIN)).toBe('2026-10-10 09:30');
      expect(addCn('2026-10-09 17:20', 30 * MIN)).toBe('2026-10-10 08:20');
      expect(addCn('2026-09-19 10:00', 30 * MIN)).toBe('2026-09-20 08:30');
    });

    it('中秋 Friday plus the weekend are skipped', () => {
      expect(addCn('2026-09-24 17:20', 30 * MIN)).toBe('2026-09-28 08:20');
    });
  });

  it('company overrides win: a Wednesday holiday is skipped, a Sunday workday counts', () => {
    const company = createWorkCalendar(hours({ holidays: ['2026-11-18'], workdays: ['2026-11-22', '2026-10-05'] }), TZ);
    const add = (s: string, ms: number): string => fmt(company.addWorkingTime(at(s), ms));
    expect(add('2026-11-17 17:20', 30 * MIN)).toBe('2026-11-19 08:20');
    expect(add('2026-11-20 17:20', 30 * MIN)).toBe('2026-11-22 08:20');
    expect(add('2026-10-04 10:00', 30 * MIN)).toBe('2026-10-05 08:30'); // over a 国庆 day too
    expect(company.isWorkday(at('2026-11-18 10:00'))).toBe(false);
  });

  it('workingTimeBetween round-trips addWorkingTime', () => {
    const starts = ['2026-11-16 06:00', '2026-11-16 11:50', '2026-11-16 12:00', '2026-11-20 17:30', '2026-09-30 17:20', '2026-10-03 12:00'];
    const durations = [0, 1, 10 * MIN, 30 * MIN, 4 * HOUR, 8 * HOUR, 12 * HOUR, 40 * HOUR, 333 * HOUR + 7 * MIN];
    for (const s of starts) {
      for (const d of durations) {
        expect(cn.workingTimeBetween(at(s), cn.addWorkingTime(at(s), d)), `${s} + ${d}`).toBe(d);
      }
    }
    expect(cn.workingTimeBetween(at('2026-11-16 12:00'), at('2026-11-16 08:00'))).toBe(0);
    expect(cn.workingTimeBetween(at('2026-11-16 00:00'), at('2026-11-17 00:00'))).toBe(8 * HOUR);
  });

  it('a 2000-working-hour window ends on a working instant', () => {
    const start = at('2026-11-16 09:00');
    const end = cn.addWorkingTime(start, 2000 * HOUR);
    expect(cn.isWorkingTime(end)).toBe(true);
    expect(fmt(end).slice(11)).toBe('09:00'); // 250 whole working days of 8 h
    expect(cn.workingTimeBetween(start, end)).toBe(2000 * HOUR);
  });

  describe('coverageWarning', () => {
    it('warns on start when this year or the next has only statutory data', () => {
      const text = cn.coverageWarning(at('2099-06-01 10:00'));
      expect(text).toContain('2099、2100 年尚无国务院放假安排');
      expect(text).toContain('Work calendar: 2099、2100 has only the statutory holidays');
      expect(cn.coverageWarning(at('2025-06-01 10:00'))).toBeUndefined(); // 2025 and 2026 are covered
    });

    it('warns in 2026: chinese-days 1.5.7 covers 2004-2026 only, not 2027', () => {
      // Upgrading chinese-days to a release with 2027 data makes this undefined; update the test then.
      expect(cn.coverageWarning(at('2026-03-24 10:00'))).toContain('2027 年');
      // The digest's form: the next year only from 1 November.
      expect(cn.coverageWarning(at('2026-10-31 23:00'), { nextYear: 'from_november' })).toBeUndefined();
      expect(cn.coverageWarning(at('2026-11-01 00:00'), { nextYear: 'from_november' })).toContain('2027 年');
      // A company day off in 2027 is not the official arrangement; official_years is.
      expect(createWorkCalendar(hours({ holidays: ['2027-01-01'] }), TZ).coverageWarning(at('2026-11-24 10:00'))).toContain('2027');
      const imported = createWorkCalendar(hours({ officialYears: [2027] }), TZ);
      expect(imported.coverageWarning(at('2026-11-24 10:00'))).toBeUndefined();
      expect(imported.yearData(2027)).toBe('official');
      expect(cn.yearData(2027)).toBe('statutory');
      expect(cn.yearData(2026)).toBe('official');
    });

    it('is silent for weekends and always calendars', () => {
      expect(createWorkCalendar(hours({ calendar: 'weekends' }), TZ).coverageWarning(at('2099-01-01 10:00'))).toBeUndefined();
      expect(createWorkCalendar({ kind: 'always' }, TZ).coverageWarning(at('2099-01-01 10:00'))).toBeUndefined();
    });
  });
});

describe('other calendars and zones', () => {
  it("'always' adds wall time", () => {
    const always = createWorkCalendar({ kind: 'always' }, TZ);
    expect(fmt(always.addWorkingTime(at('2026-10-01 23:50'), 30 * MIN))).toBe('2026-10-02 00:20');
    expect(always.workingTimeBetween(at('2026-10-01 00:00'), at('2026-10-02 00:00'))).toBe(24 * HOUR);
    expect(always.isWorkingTime(at('2026-10-03 03:00'))).toBe(true);
  });

  it("'weekends' skips Saturday and Sunday but not Chinese holidays or 调休", () => {
    const weekends = createWorkCalendar(hours({ calendar: 'weekends' }), TZ);
    expect(fmt(weekends.addWorkingTime(at('2026-09-30 17:20'), 30 * MIN))).toBe('2026-10-01 08:20');
    expect(fmt(weekends.addWorkingTime(at('2026-10-09 17:20'), 30 * MIN))).toBe('2026-10-12 08:20');
    expect(weekends.isWorkday(at('2026-09-20 10:00'))).toBe(false);
  });

  it('counts real elapsed time across DST changes (America/New_York)', () => {
    const ny = 'America/New_York';
    const wk = createWorkCalendar(hours({ calendar: 'weekends' }), ny);
    expect(fmt(wk.addWorkingTime(at('2026-03-06 17:20', ny), 30 * MIN), ny)).toBe('2026-03-09 08:20');
    // Whole-day hours on the Sundays clocks change: 23 h on 2026-03-08, 25 h on 2026-11-01.
    const allDay = createWorkCalendar(hours({ calendar: 'weekends', intervals: [[0, 1440]], workdays: ['2026-03-08', '2026-11-01'] }), ny);
    expect(allDay.workingTimeBetween(at('2026-03-08 00:00', ny), at('2026-03-09 00:00', ny))).toBe(23 * HOUR);
    expect(allDay.workingTimeBetween(at('2026-11-01 00:00', ny), at('2026-11-02 00:00', ny))).toBe(25 * HOUR);
    expect(fmt(allDay.addWorkingTime(at('2026-03-07 12:00', ny), 23 * HOUR), ny)).toBe('2026-03-09 00:00');
  });

  it('does not depend on the process time zone (chinese-days functions do)', () => {
    const saved = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      expect(new Date(Date.UTC(2026, 9, 8)).getDate()).toBe(7); // the change took effect
      const c = createWorkCalendar(hours(), TZ);
      expect(c.isWorkday(at('2026-10-08 10:00'))).toBe(true);
      expect(c.isWorkday(at('2026-10-07 10:00'))).toBe(false);
      expect(c.isWorkday(at('2026-11-21 10:00'))).toBe(false);
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('rejects bad configuration with clear errors', () => {
    expect(() => createWorkCalendar(hours(), 'Mars/Olympus')).toThrow(/Unknown timezone/);
    expect(() => createWorkCalendar(hours({ intervals: [[480, 720], [700, 800]] }), TZ)).toThrow(/overlapping/);
    expect(() => createWorkCalendar(hours({ intervals: [] }), TZ)).toThrow(/at least one interval/);
    expect(() => createWorkCalendar(hours({ holidays: ['2026-02-30'] }), TZ)).toThrow(/YYYY-MM-DD/);
    expect(() => createWorkCalendar(hours({ holidays: ['2026-11-18'], workdays: ['2026-11-18'] }), TZ)).toThrow(/both/);
    expect(() => cn.addWorkingTime(at('2026-11-16 09:00'), -1)).toThrow(RangeError);
  });

  it('throws instead of looping when there is no working day within 10 years', () => {
    const days: string[] = [];
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2038, 0, 1); t += 24 * HOUR) days.push(new Date(t).toISOString().slice(0, 10));
    const never = createWorkCalendar(hours({ calendar: 'weekends', holidays: days }), TZ);
    expect(() => never.addWorkingTime(at('2026-01-01 09:00'), 30 * MIN)).toThrow(/no working time within 10 years/);
  });
});

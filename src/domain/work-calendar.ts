/**
 * The work calendar (SPEC §4): acknowledgement windows count working time only. Built from the
 * policy's `WorkingTime` and IANA timezone; pure (instants in, instants out, no clock).
 *
 * Holiday data: the static table that `chinese-days` ships (`dist/chinese-days.json`). Its
 * functions (`isWorkday`, `getDayDetail` …) are not used because they read dates with the
 * process's local time zone: in a process west of UTC (TZ=America/New_York) they answer for the
 * wrong day, even for `YYYY-MM-DD` strings. The JSON table is keyed by date and has no such bias.
 *
 * A year the table lacks (2027 and later with chinese-days 1.5.7) and that the policy does not
 * list in `working_time.official_years` is "statutory only": its statutory holidays and 补假
 * (`statutory-holidays.ts`) are days off, never Monday-Friday by default, and `coverageWarning`
 * says that the bridging days and 调休 of that year are not known yet.
 */
import cnData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import type { CalendarDay, CoverageOptions, WorkCalendar, YearData } from './calendar.js';
import type { WorkingTime } from './policy.js';
import { statutoryDays, weekdayOf } from './statutory-holidays.js';
import { TCAL } from '../texts/calendar.js';
import { zoneClock } from './zone-clock.js';
import { BoundedCache } from './bounded-cache.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Days without any working time after which a search gives up (10 years). */
const MAX_IDLE_DAYS = 3_660;
/** Spans longer than this (about 110 years) are summed day by day instead of kept as running totals. */
const MAX_RUNNING_DAYS = 40_000;
/** Days a calendar keeps worked out at most, the oldest going first (about 137 years of distinct days). */
const MAX_CACHED_DAYS = 50_000;
const DATE_KEY = /^\d{4}-\d{2}-\d{2}$/;

type HoursTime = Extract<WorkingTime, { kind: 'hours' }>;
/** One local day: its working segments as [start, end) instants, sorted, and their total. */
interface DayHours {
  segments: Array<[number, number]>;
  total: number;
}

/** chinese-days' table: `YYYY-MM-DD` → description; `workdays` are 调休 make-up days. */
const CN = readCnTable(cnData);
/** Years with at least one public holiday in the table: the years it covers. */
const CN_YEARS = new Set(Object.keys(CN.holidays).map((k) => Number(k.slice(0, 4))));

/**
 * Builds the calendar for a policy. `always` counts wall time; `hours` counts the minute-of-day
 * `intervals` in `timezone` on working days (per `calendar`, then the company's `holidays` and
 * `workdays`, which win). Throws on an unknown timezone or malformed intervals or dates.
 */
export function createWorkCalendar(workingTime: WorkingTime, timezone: string): WorkCalendar {
  return workingTime.kind === 'always' ? ALWAYS : createHoursCalendar(workingTime, timezone);
}

/** Wall time: every moment works. */
const ALWAYS: WorkCalendar = {
  addWorkingTime: (start, durationMs) => {
    checkInstant(start);
    checkDuration(durationMs);
    return start + durationMs;
  },
  workingTimeBetween: (from, to) => {
    checkInstant(from);
    checkInstant(to);
    return Math.max(0, to - from);
  },
  isWorkday: () => true,
  isWorkingTime: () => true,
  yearData: () => 'none',
  describeDay: (date) => ({ date: checkDateKey(date, 'date'), weekday: weekdayOf(date), workday: true, kind: 'always', hours: [[0, 1440]] }),
  coverageWarning: () => undefined,
};

function createHoursCalendar(wt: HoursTime, timezone: string): WorkCalendar {
  checkIntervals(wt.intervals);
  const offHolidays = new Set(wt.holidays.map((d) => checkDateKey(d, 'holidays')));
  const onWorkdays = new Set(wt.workdays.map((d) => checkDateKey(d, 'workdays')));
  const both = [...offHolidays].filter((d) => onWorkdays.has(d));
  if (both.length > 0) throw new Error(`working_time: ${both.join(', ')} listed both as holiday and as workday`);
  const zone = zoneClock(timezone);
  const officialYears = new Set([...(wt.calendar === 'cn' ? CN_YEARS : []), ...(wt.officialYears ?? [])]);
  const yearData = (year: number): YearData => (wt.calendar !== 'cn' ? 'none' : officialYears.has(year) ? 'official' : 'statutory');
  const statutoryCache = new BoundedCache<number, Map<string, { name: string; makeUp: boolean }>>(199);
  /** The statutory day off on `key`, when its year is statutory only. */
  const statutoryOn = (key: string): { name: string; makeUp: boolean } | undefined => {
    const year = Number(key.slice(0, 4));
    if (yearData(year) !== 'statutory' || year < 1901 || year > 2099) return undefined;
    let days = statutoryCache.get(year);
    if (!days) {
      days = new Map(statutoryDays(year).map((d) => [d.date, { name: d.name, makeUp: d.makeUp }]));
      statutoryCache.set(year, days);
    }
    return days.get(key);
  };
  // A calendar lives as long as its policy, and any date can be asked about: its caches are bounded.
  const workdayCache = new BoundedCache<string, boolean>(MAX_CACHED_DAYS);
  const dayCache = new BoundedCache<number, DayHours>(MAX_CACHED_DAYS);

  /** Whether a local date (`YYYY-MM-DD`) is a working day; company overrides first. */
  const isWorkdayKey = (key: string): boolean => {
    let answer = workdayCache.get(key);
    if (answer === undefined) {
      answer = describeKey(key).workday;
      workdayCache.set(key, answer);
    }
    return answer;
  };

  /** What a local date is, and why: company overrides, then chinese-days, then the law, then the week. */
  const describeKey = (key: string): Omit<CalendarDay, 'hours'> => {
    const weekday = weekdayOf(key);
    const weekend = weekday === 0 || weekday === 6;
    const base = { date: key, weekday };
    if (offHolidays.has(key)) return { ...base, workday: false, kind: 'policy_holiday' };
    if (onWorkdays.has(key)) return { ...base, workday: true, kind: 'policy_workday' };
    if (wt.calendar === 'cn' && key in CN.workdays) return { ...base, workday: true, kind: 'adjusted_workday', name: cnName(CN.workdays[key]!) }; // 调休: works even on a weekend
    if (wt.calendar === 'cn' && key in CN.holidays) return { ...base, workday: false, kind: 'holiday', name: cnName(CN.holidays[key]!) };
    const statutory = statutoryOn(key);
    if (statutory) return { ...base, workday: false, kind: statutory.makeUp ? 'statutory_makeup' : 'statutory', name: statutory.name };
    return { ...base, workday: !weekend, kind: weekend ? 'weekend' : 'workday' };
  };

  /** Local day number `day` (days since 1970-01-01 on the local wall clock) as instants. */
  const dayHours = (day: number): DayHours => {
    let hours = dayCache.get(day);
    if (hours === undefined) {
      const segments: Array<[number, number]> = [];
      if (isWorkdayKey(dayKey(day))) {
        for (const [a, b] of wt.intervals) {
          const s = zone.fromWall(day * DAY + a * MINUTE);
          const e = zone.fromWall(day * DAY + b * MINUTE);
          if (e > s) segments.push([s, e]); // a DST gap can swallow an interval
        }
      }
      hours = { segments, total: segments.reduce((sum, [s, e]) => sum + e - s, 0) };
      dayCache.set(day, hours);
    }
    return hours;
  };
  const localDay = (instant: number): number => Math.floor(zone.toWall(instant) / DAY);
  /** Working time of `day` that falls in [from, to). */
  const partOfDay = (day: number, from: number, to: number): number =>
    dayHours(day).segments.reduce((sum, [s, e]) => sum + Math.max(0, Math.min(e, to) - Math.max(s, from)), 0);
  /**
   * Running totals of whole days' working time from `anchor` (`running[i]` = days anchor … anchor+i−1),
   * grown on demand, so a span of months costs two look-ups instead of a walk over its days.
   */
  let anchor = 0;
  let running: number[] = [];
  const runningTo = (day: number): number => {
    if (running.length === 0 || day < anchor) {
      anchor = day - 366;
      running = [0];
    }
    while (anchor + running.length - 1 < day) running.push(running[running.length - 1]! + dayHours(anchor + running.length - 1).total);
    return running[day - anchor]!;
  };
  /** Working time of the whole days `a` … `b` (inclusive). */
  const fullDays = (a: number, b: number): number => {
    if (b - a > MAX_RUNNING_DAYS) {
      let sum = 0;
      for (let day = a; day <= b; day++) sum += dayHours(day).total;
      return sum;
    }
    runningTo(a);
    return runningTo(b + 1) - runningTo(a);
  };

  return {
    addWorkingTime(start, durationMs) {
      checkInstant(start);
      checkDuration(durationMs);
      if (durationMs === 0) return start;
      let remaining = durationMs;
      let idle = 0;
      // Starts a day early: around a DST change the previous day's last segment may reach `start`.
      for (let day = localDay(start) - 1; ; day++) {
        const { segments, total } = dayHours(day);
        if (total === 0) {
          if (++idle > MAX_IDLE_DAYS) {
            throw new Error(
              `Work calendar: no working time within 10 years after ${new Date(start).toISOString()}; ` +
                'check working_time (hours, calendar, holidays) in policy.yaml',
            );
          }
          continue;
        }
        idle = 0;
        // A whole day after `start` that cannot hold the rest is skipped in one step.
        if (segments[0]![0] >= start && remaining > total) {
          remaining -= total;
          continue;
        }
        for (const [s, e] of segments) {
          if (e <= start) continue;
          const from = Math.max(s, start);
          // `<=`: a window that ends exactly at an interval's end ends there (12:00, not 13:30).
          if (remaining <= e - from) return from + remaining;
          remaining -= e - from;
        }
      }
    },

    workingTimeBetween(from, to) {
      checkInstant(from);
      checkInstant(to);
      if (to <= from) return 0;
      let sum = 0;
      const last = localDay(to);
      let first = localDay(from) - 1;
      // The whole days strictly between the two ends come from the running totals in one step.
      const inner = [localDay(from) + 1, last - 1] as const;
      if (inner[1] - inner[0] > 4) {
        for (let day = first; day < inner[0]; day++) sum += partOfDay(day, from, to);
        sum += fullDays(inner[0], inner[1]);
        first = inner[1] + 1;
      }
      for (let day = first; day <= last; day++) {
        const { segments, total } = dayHours(day);
        if (total === 0) continue;
        if (segments[0]![0] >= from && segments[segments.length - 1]![1] <= to) {
          sum += total;
          continue;
        }
        for (const [s, e] of segments) sum += Math.max(0, Math.min(e, to) - Math.max(s, from));
      }
      return sum;
    },

    isWorkday: (instant) => isWorkdayKey(dayKey(localDay(instant))),

    /** Intervals are half-open: 08:00 is working time, 12:00 is not. */
    isWorkingTime: (instant) => dayHours(localDay(instant)).segments.some(([s, e]) => s <= instant && instant < e),

    yearData,

    describeDay(date) {
      const info = describeKey(checkDateKey(date, 'date'));
      const day = Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY);
      const hours: Array<[number, number]> = info.workday
        ? dayHours(day).segments.map(([s, e]) => [minuteOf(zone.toWall(s), day), minuteOf(zone.toWall(e), day)])
        : [];
      return { ...info, hours };
    },

    coverageWarning(now, opts: CoverageOptions = {}) {
      if (wt.calendar !== 'cn') return undefined;
      const wall = new Date(zone.toWall(now));
      const year = wall.getUTCFullYear();
      // The next year is announced from 1 November (the notice usually comes out in November).
      const withNext = opts.nextYear !== 'from_november' || wall.getUTCMonth() >= 10;
      const missing = [year, ...(withNext ? [year + 1] : [])].filter((y) => yearData(y) === 'statutory');
      return missing.length ? TCAL.statutoryOnly(missing) : undefined;
    },
  };
}

function readCnTable(data: unknown): { holidays: Record<string, string>; workdays: Record<string, string> } {
  const d = data as { holidays?: unknown; workdays?: unknown } | null;
  if (!d || typeof d.holidays !== 'object' || typeof d.workdays !== 'object' || !d.holidays || !d.workdays) {
    throw new Error('chinese-days/dist/chinese-days.json no longer has { holidays, workdays }; check the package version');
  }
  return { holidays: d.holidays as Record<string, string>, workdays: d.workdays as Record<string, string> };
}

/** `YYYY-MM-DD` of a local day number. */
function dayKey(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

/** chinese-days' description `Name,中文名,days` → `中文名`. */
function cnName(text: string): string {
  return text.split(',')[1] ?? text;
}

/** Minute of local day `day` of a wall time (1440 for the next midnight). */
function minuteOf(wall: number, day: number): number {
  return Math.round((wall - day * DAY) / MINUTE);
}

function checkDateKey(key: string, field: string): string {
  const parsed = new Date(`${key}T00:00:00Z`);
  if (!DATE_KEY.test(key) || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== key) {
    throw new Error(`working_time.${field}: "${key}" is not a date YYYY-MM-DD`);
  }
  return key;
}

/** Intervals must be whole minutes within the day, non-empty, sorted and disjoint (touching is fine). */
function checkIntervals(intervals: Array<[number, number]>): void {
  if (intervals.length === 0) throw new Error('working_time: hours must list at least one interval');
  let prevEnd = 0;
  for (const [a, b] of intervals) {
    if (!Number.isInteger(a) || !Number.isInteger(b) || a < prevEnd || b <= a || b > 1440) {
      throw new Error(`working_time: interval [${a}, ${b}] (minutes of day) is empty, out of order or overlapping`);
    }
    prevEnd = b;
  }
}

function checkDuration(ms: number): void {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`Working-time duration must be >= 0 ms, got ${ms}`);
}

function checkInstant(ms: number): void {
  if (!Number.isFinite(ms)) throw new RangeError(`Not an instant: ${ms}`);
}

/**
 * The work calendar (SPEC §4): acknowledgement windows count working time only. Built from the
 * policy's `WorkingTime` and IANA timezone; pure (instants in, instants out, no clock).
 *
 * Holiday data: the static table that `chinese-days` ships (`dist/chinese-days.json`). Its
 * functions (`isWorkday`, `getDayDetail` …) are not used because they read dates with the
 * process's local time zone: in a process west of UTC (TZ=America/New_York) they answer for the
 * wrong day, even for `YYYY-MM-DD` strings. The JSON table is keyed by date and has no such bias.
 */
import cnData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import type { WorkCalendar } from './calendar.js';
import type { WorkingTime } from './policy.js';
import { zoneClock } from './zone-clock.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Days without any working time after which a search gives up (10 years). */
const MAX_IDLE_DAYS = 3_660;
/** Cached days before the cache is dropped (bounds memory in a long-running process). */
const MAX_CACHED_DAYS = 50_000;
const DATE_KEY = /^\d{4}-\d{2}-\d{2}$/;

type HoursTime = Extract<WorkingTime, { kind: 'hours' }>;
/** One local day: its working segments as [start, end) instants, sorted, and their total. */
interface DayHours {
  segments: Array<[number, number]>;
  total: number;
}

/** chinese-days' table: `YYYY-MM-DD` → description; `workdays` are 调休 make-up days. */
const CN = readCnTable(cnData as unknown);
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
  coverageWarning: () => undefined,
};

function createHoursCalendar(wt: HoursTime, timezone: string): WorkCalendar {
  checkIntervals(wt.intervals);
  const offHolidays = new Set(wt.holidays.map((d) => checkDateKey(d, 'holidays')));
  const onWorkdays = new Set(wt.workdays.map((d) => checkDateKey(d, 'workdays')));
  const both = [...offHolidays].filter((d) => onWorkdays.has(d));
  if (both.length > 0) throw new Error(`working_time: ${both.join(', ')} listed both as holiday and as workday`);
  const zone = zoneClock(timezone);
  const workdayCache = new Map<string, boolean>();
  const dayCache = new Map<number, DayHours>();

  /** Whether a local date (`YYYY-MM-DD`) is a working day; company overrides first. */
  const isWorkdayKey = (key: string): boolean => {
    let answer = workdayCache.get(key);
    if (answer === undefined) {
      if (offHolidays.has(key)) answer = false;
      else if (onWorkdays.has(key)) answer = true;
      else if (wt.calendar === 'cn' && key in CN.workdays) answer = true; // 调休: works even on a weekend
      else if (wt.calendar === 'cn' && key in CN.holidays) answer = false;
      else answer = isMonToFri(key);
      workdayCache.set(key, answer);
    }
    return answer;
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
      if (dayCache.size >= MAX_CACHED_DAYS) {
        dayCache.clear();
        workdayCache.clear();
      }
      dayCache.set(day, hours);
    }
    return hours;
  };
  const localDay = (instant: number): number => Math.floor(zone.toWall(instant) / DAY);

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
      for (let day = localDay(from) - 1; day <= last; day++) {
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

    coverageWarning(now) {
      if (wt.calendar !== 'cn') return undefined;
      const year = new Date(zone.toWall(now)).getUTCFullYear() + 1;
      // Company holidays for that year count as the data having been supplied by hand.
      if (CN_YEARS.has(year) || [...offHolidays].some((d) => d.startsWith(`${year}-`))) return undefined;
      return (
        `工作日历缺少 ${year} 年的节假日数据(chinese-days),请升级该依赖或在 policy.yaml 的 ` +
        `working_time.holidays / workdays 中补充。 Work calendar has no holiday data for ${year} ` +
        '(chinese-days); upgrade it or add working_time.holidays / workdays in policy.yaml.'
      );
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

function isMonToFri(key: string): boolean {
  const weekday = new Date(`${key}T00:00:00Z`).getUTCDay();
  return weekday >= 1 && weekday <= 5;
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

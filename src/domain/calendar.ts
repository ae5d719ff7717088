/**
 * The work calendar contract (SPEC §4): windows count working time only. Implemented by
 * `createWorkCalendar` in `work-calendar.ts` from the policy's `WorkingTime` and timezone.
 * Instants are epoch milliseconds; the calendar never reads the clock.
 */
export interface WorkCalendar {
  /** The instant when `durationMs` of working time has passed after `start`. */
  addWorkingTime(start: number, durationMs: number): number;
  /** Working time between two instants (0 when `to` <= `from`). */
  workingTimeBetween(from: number, to: number): number;
  /** Whether the local date of `instant` is a working day. */
  isWorkday(instant: number): boolean;
  /** Whether `instant` falls inside working hours on a working day. */
  isWorkingTime(instant: number): boolean;
  /** Where a year's days off come from (`official`: chinese-days or an imported notice). */
  yearData(year: number): YearData;
  /** One local date (`YYYY-MM-DD`): working or not, why, and its working hours. */
  describeDay(date: string): CalendarDay;
  /**
   * A warning when `now`'s year, or the next year, has only statutory data (no bridging days or
   * 调休 known); else undefined. With `nextYear: 'from_november'` the next year counts only from
   * 1 November (the digest); by default it always counts (start-up).
   */
  coverageWarning(now: number, opts?: CoverageOptions): string | undefined;
}

/** `official`: the year's whole arrangement is known; `statutory`: only the law's holidays; `none`: the calendar has no holidays. */
export type YearData = 'official' | 'statutory' | 'none';

export interface CoverageOptions {
  nextYear?: 'always' | 'from_november';
}

/**
 * Why a day is what it is: `holiday` / `adjusted_workday` from chinese-days (调休 上班);
 * `statutory` / `statutory_makeup` (补假) computed for a statutory-only year; `policy_holiday` /
 * `policy_workday` from policy.yaml (company days and imported notices); else the week.
 */
export type CalendarDayKind =
  | 'workday'
  | 'weekend'
  | 'holiday'
  | 'adjusted_workday'
  | 'statutory'
  | 'statutory_makeup'
  | 'policy_holiday'
  | 'policy_workday'
  | 'always';

export interface CalendarDay {
  date: string;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  workday: boolean;
  kind: CalendarDayKind;
  /** The festival, when known (春节, 国庆节 …). */
  name?: string;
  /** Working hours of the day as minute-of-day intervals; empty on a day off. */
  hours: Array<[number, number]>;
}

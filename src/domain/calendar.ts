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
  /** A warning text when the holiday data does not cover the year after `now`'s year; else undefined. */
  coverageWarning(now: number): string | undefined;
}

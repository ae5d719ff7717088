/**
 * Periods of a recurring report (pure): which period an instant falls in, when it opens, and when
 * its report is due on the work calendar.
 *
 * - A weekly period is an ISO week, Monday to Sunday (`2026-W40`); a monthly one a calendar month
 *   (`2026-10`), in the policy's timezone.
 * - The due day is the definition's (`friday`, the 25th, the last working day). When it is not a
 *   working day (a weekend, a public holiday), the report is due at the same time on the last
 *   working day before it in the same period (a 调休 Saturday counts as a working day). A period
 *   with no working day up to its due day owes no report.
 * - A period opens at the start of working hours on its first working day (never after its due
 *   time): the duty is created then, and its reminders are planned from then.
 */
import type { WorkCalendar } from '../calendar.js';
import { localDate, localInstant } from '../local-time.js';
import type { ReportDefinition } from './work-report.js';

export interface ReportPeriod {
  /** `2026-W40` or `2026-10`. */
  period: string;
  /** First and last local date of the period, `YYYY-MM-DD`. */
  first: string;
  last: string;
  /** The due day as the definition names it, and the working day it moved to. */
  nominalDueDate: string;
  dueDate: string;
  openAt: number;
  dueAt: number;
}

const DAY = 86_400_000;
const pad = (n: number) => String(n).padStart(2, '0');
const toUtc = (date: string) => Date.parse(`${date}T00:00:00Z`);
const fromUtc = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const addDays = (date: string, n: number) => fromUtc(toUtc(date) + n * DAY);
/** 1 = Monday … 7 = Sunday. */
const isoWeekday = (date: string) => ((new Date(toUtc(date)).getUTCDay() + 6) % 7) + 1;

/** `YYYY-Www` of a date (ISO 8601: the week belongs to the year of its Thursday). */
export function isoWeek(date: string): string {
  const thursday = toUtc(date) + (4 - isoWeekday(date)) * DAY;
  const year = new Date(thursday).getUTCFullYear();
  const week = 1 + Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * DAY));
  return `${year}-W${pad(week)}`;
}

/** The period of `def` that `now` falls in: its id, first and last local date, and the due day as named. */
export function periodBounds(def: Pick<ReportDefinition, 'due'>, now: number, tz: string): Pick<ReportPeriod, 'period' | 'first' | 'last' | 'nominalDueDate'> {
  const today = localDate(now, tz);
  if (def.due.every === 'week') {
    const first = addDays(today, 1 - isoWeekday(today));
    return { period: isoWeek(first), first, last: addDays(first, 6), nominalDueDate: addDays(first, def.due.weekday - 1) };
  }
  const first = `${today.slice(0, 7)}-01`;
  const last = addDays(`${fromUtc(toUtc(first) + 32 * DAY).slice(0, 7)}-01`, -1);
  const days = Number(last.slice(8));
  const nominalDueDate = def.due.day === 'last_workday' ? last : `${today.slice(0, 7)}-${pad(Math.min(def.due.day, days))}`;
  return { period: today.slice(0, 7), first, last, nominalDueDate };
}

/** The period of `def` that `now` falls in, with its opening and due instants; undefined when it owes no report. */
export function periodAt(def: ReportDefinition, now: number, cal: WorkCalendar, tz: string): ReportPeriod | undefined {
  const b = periodBounds(def, now, tz);
  const dueDate = lastWorkdayFrom(b.nominalDueDate, b.first, cal);
  if (!dueDate) return undefined;
  const dueAt = atMinute(dueDate, def.due.minute, tz);
  const openDate = firstWorkdayFrom(b.first, dueDate, cal)!;
  const openMinute = cal.describeDay(openDate).hours[0]?.[0] ?? 0;
  const openAt = Math.min(atMinute(openDate, openMinute, tz), dueAt);
  return { ...b, dueDate, openAt, dueAt };
}

/** The period after the one `now` falls in begins at `last + 1 day`: its first instant (the console's scheduler). */
export function nextPeriodStart(p: Pick<ReportPeriod, 'last'>, tz: string): number {
  return localInstant(`${addDays(p.last, 1)} 00:00`, tz);
}

function lastWorkdayFrom(date: string, notBefore: string, cal: WorkCalendar): string | undefined {
  for (let d = date; d >= notBefore; d = addDays(d, -1)) if (cal.describeDay(d).workday) return d;
  return undefined;
}

function firstWorkdayFrom(date: string, notAfter: string, cal: WorkCalendar): string | undefined {
  for (let d = date; d <= notAfter; d = addDays(d, 1)) if (cal.describeDay(d).workday) return d;
  return undefined;
}

function atMinute(date: string, minute: number, tz: string): number {
  return localInstant(`${date} ${pad(Math.floor(minute / 60))}:${pad(minute % 60)}`, tz);
}

/** First and last local date of a period id (`2026-W40` → 2026-09-28 … 2026-10-04; `2026-10` → the month). */
export function periodDates(period: string): { first: string; last: string } {
  const w = /^(\d{4})-W(\d{2})$/.exec(period);
  if (w) {
    const jan4 = `${w[1]}-01-04`;
    const first = addDays(addDays(jan4, 1 - isoWeekday(jan4)), 7 * (Number(w[2]) - 1));
    return { first, last: addDays(first, 6) };
  }
  const first = `${period}-01`;
  return { first, last: addDays(`${fromUtc(toUtc(first) + 32 * DAY).slice(0, 7)}-01`, -1) };
}

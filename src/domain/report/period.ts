/**
 * Report periods: calendar months (`YYYY-MM`) and days in the policy timezone, as half-open
 * instant ranges. Pure; the instant to start from is always passed in.
 */
import { localInstant, localMonth } from '../local-time.js';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** Whether `text` is a month written `YYYY-MM` (two-digit month, 01–12). */
export function isMonth(text: string): boolean {
  return MONTH.test(text);
}

/**
 * The instants `[from, to)` of a month in the timezone: local midnight of the 1st up to local
 * midnight of the next month's 1st. Throws on a malformed month (validate with `isMonth` first).
 */
export function monthRange(month: string, tz: string): { from: number; to: number } {
  const m = MONTH.exec(month);
  if (!m) throw new Error(`not a month YYYY-MM: ${month}`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const next = mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
  return { from: localInstant(`${month}-01 00:00`, tz), to: localInstant(`${next}-01 00:00`, tz) };
}

/** The month before the one `now` falls in (the monthly jobs on the 1st report on it). */
export function previousMonth(now: number, tz: string): string {
  const [y, m] = localMonth(now, tz).split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

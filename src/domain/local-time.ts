/**
 * Local wall-clock reading and writing in the policy's timezone. Pure: every function takes the
 * instant (epoch ms) it works on; none reads the clock.
 */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc.js';
import timezone from 'dayjs/plugin/timezone.js';
import type { Policy } from './policy.js';

dayjs.extend(utc);
dayjs.extend(timezone);

/**
 * One `Intl.DateTimeFormat` per timezone, reused: building one is what makes dayjs' timezone
 * formatting slow, and pages format hundreds of instants (the dashboard's tables).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** `YYYY-MM-DD HH:mm` of the instant in the timezone (24-hour clock). */
function localStamp(ms: number, tz: string): string {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(tz, f);
  }
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(ms)) p[part.type] = part.value;
  return `${p['year']}-${p['month']}-${p['day']} ${p['hour']}:${p['minute']}`;
}

/** `YYYY-MM-DD HH:mm` in the timezone. */
export function formatLocal(ms: number, tz: string): string {
  return localStamp(ms, tz);
}

/** `YYYY-MM` of the instant in the timezone: the month violations and form numbers belong to. */
export function localMonth(ms: number, tz: string): string {
  return localStamp(ms, tz).slice(0, 7);
}

/** `YYYYMM`, as used in form numbers. */
export function localYyyymm(ms: number, tz: string): string {
  return localStamp(ms, tz).slice(0, 7).replace('-', '');
}

/** `YYYY-MM-DD` of the instant in the timezone. */
export function localDate(ms: number, tz: string): string {
  return localStamp(ms, tz).slice(0, 10);
}

const DATE_TIME = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2}))?$/;

/**
 * Reads `YYYY-MM-DD` or `YYYY-MM-DD HH:mm` as local time. A bare date means the end of that day's
 * working hours (17:30 with the default hours), or 23:59 when working time is `always`.
 * Returns undefined for anything that is not a real date.
 */
export function parseLocalDateTime(text: string, policy: Policy): number | undefined {
  const m = DATE_TIME.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  let minutes: number;
  if (m[4] !== undefined) {
    const h = Number(m[4]);
    const mi = Number(m[5]);
    if (h > 23 || mi > 59) return undefined;
    minutes = h * 60 + mi;
  } else {
    const wt = policy.workingTime;
    minutes = wt.kind === 'hours' && wt.intervals.length ? wt.intervals[wt.intervals.length - 1]![1] : 23 * 60 + 59;
  }
  const pad = (n: number) => String(n).padStart(2, '0');
  const local = `${y}-${pad(mo)}-${pad(d)} ${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
  const parsed = dayjs.tz(local, 'YYYY-MM-DD HH:mm', policy.timezone);
  if (!parsed.isValid() || parsed.format('YYYY-MM-DD HH:mm') !== local) return undefined;
  return parsed.valueOf();
}

/** The instant a local `YYYY-MM-DD HH:mm` names; for tests, the console's `--now` and reports. */
export function localInstant(text: string, tz: string): number {
  const d = dayjs.tz(text, tz);
  if (!d.isValid()) throw new Error(`not a local time: ${text}`);
  return d.valueOf();
}

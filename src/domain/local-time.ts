/**
 * Local wall-clock reading and writing in the policy's timezone. Pure: every function takes the
 * instant (epoch ms) it works on; none reads the clock.
 */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc.js';
import timezone from 'dayjs/plugin/timezone.js';
import type { Policy } from './policy.js';
import { zoneClock } from './zone-clock.js';
import { BoundedCache } from './bounded-cache.js';

dayjs.extend(utc);
dayjs.extend(timezone);

/**
 * The wall-clock fields of an instant in the timezone, zero-padded. Read from the zone clock's
 * cached offsets (zone-clock.ts), not dayjs's `tz()`, which builds a formatter on every call and
 * was most of the sweep's time.
 */
function wall(ms: number, tz: string): { y: string; mo: string; d: string; h: string; mi: string } {
  const w = new Date(zoneClock(tz).toWall(ms));
  const pad = (n: number) => String(n).padStart(2, '0');
  return { y: String(w.getUTCFullYear()).padStart(4, '0'), mo: pad(w.getUTCMonth() + 1), d: pad(w.getUTCDate()), h: pad(w.getUTCHours()), mi: pad(w.getUTCMinutes()) };
}

/** `YYYY-MM-DD HH:mm` in the timezone. */
export function formatLocal(ms: number, tz: string): string {
  const w = wall(ms, tz);
  return `${w.y}-${w.mo}-${w.d} ${w.h}:${w.mi}`;
}

/** `YYYY-MM` of the instant in the timezone: the month violations and form numbers belong to. */
export function localMonth(ms: number, tz: string): string {
  const w = wall(ms, tz);
  return `${w.y}-${w.mo}`;
}

/** `YYYYMM`, as used in form numbers. */
export function localYyyymm(ms: number, tz: string): string {
  const w = wall(ms, tz);
  return `${w.y}${w.mo}`;
}

/** `YYYY-MM-DD` of the instant in the timezone. */
export function localDate(ms: number, tz: string): string {
  const w = wall(ms, tz);
  return `${w.y}-${w.mo}-${w.d}`;
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
  // dayjs' zone conversion costs about a millisecond; the answer for a zone and a local time never changes.
  const key = `${policy.timezone}|${local}`;
  if (localInstants.has(key)) return localInstants.get(key);
  const parsed = dayjs.tz(local, 'YYYY-MM-DD HH:mm', policy.timezone);
  const at = !parsed.isValid() || parsed.format('YYYY-MM-DD HH:mm') !== local ? undefined : parsed.valueOf();
  localInstants.set(key, at);
  return at;
}

/** `parseLocalDateTime`'s answers by zone and local time (bounded: the oldest go first). */
const localInstants = new BoundedCache<string, number | undefined>(10_000);

/** The instant a local `YYYY-MM-DD HH:mm` names; for tests, the console's `--now` and reports. */
export function localInstant(text: string, tz: string): number {
  const d = dayjs.tz(text, tz);
  if (!d.isValid()) throw new Error(`not a local time: ${text}`);
  return d.valueOf();
}

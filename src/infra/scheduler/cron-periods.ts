/**
 * When a cron expression last fired, computed from the expression itself rather than from
 * node-cron's timers: the catch-up after downtime must know which periods were missed while no
 * timer was running. Expressions are node-cron's (5 or 6 fields, `L`, `W`, `#` …) read in an
 * IANA timezone; the authority on whether an instant matches is node-cron's own matcher, so the
 * catch-up and the live ticks can never disagree.
 */
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';
import cron, { type ParsedFields, type ScheduledTask } from 'node-cron';
import { BoundedCache } from '../../domain/bounded-cache.js';

dayjs.extend(utc);
dayjs.extend(timezone);

/** How far back `latestFiring` looks for a firing (a yearly expression still fits). */
const MAX_DAYS_BACK = 400;

interface Matcher {
  fields: ParsedFields;
  task: ScheduledTask;
}

/**
 * One never-started node-cron task per expression and timezone, used only for `match(date)`.
 * The set of expressions is the policy's, so the cache stays a handful of entries (bounded all the
 * same: a policy reloaded with new expressions adds its own).
 */
const matchers = new BoundedCache<string, Matcher>(256);

function matcherFor(expr: string, tz: string): Matcher {
  const key = `${tz} ${expr}`;
  let m = matchers.get(key);
  if (!m) {
    const task = cron.createTask(expr, () => undefined, { timezone: tz, name: `shoudao-matcher ${key}` });
    // node-cron keeps every task it creates in a registry of its own until it is destroyed: destroyed
    // at once, the task is held only by this cache, and its matcher still answers (it needs no timer).
    void task.destroy();
    m = { fields: cron.parse(expr), task };
    matchers.set(key, m);
  }
  return m;
}

/** The latest second-of-day ≤ `cutoff` that the time fields allow, or undefined. */
function latestTimeOfDay(f: ParsedFields, cutoff: number): number | undefined {
  const desc = (xs: number[]) => [...xs].sort((a, b) => b - a);
  const [hours, minutes, seconds] = [desc(f.hour), desc(f.minute), desc(f.second)];
  for (const h of hours) {
    if (h * 3600 > cutoff) continue;
    for (const m of minutes) {
      if (h * 3600 + m * 60 > cutoff) continue;
      for (const s of seconds) {
        const t = h * 3600 + m * 60 + s;
        if (t <= cutoff) return t;
      }
    }
  }
  return undefined;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The latest instant ≤ `now` at which `expr` fires in `tz` and whose day `dayOk` accepts (for
 * example "is a workday" for the digest), searching back up to 400 days; undefined when none.
 */
export function latestFiring(expr: string, tz: string, now: number, dayOk?: (instant: number) => boolean): number | undefined {
  const { fields, task } = matcherFor(expr, tz);
  const local = dayjs(now).tz(tz);
  const [y, mo, d] = [local.year(), local.month(), local.date()];
  const nowCutoff = local.hour() * 3600 + local.minute() * 60 + local.second();
  for (let back = 0; back <= MAX_DAYS_BACK; back++) {
    const day = new Date(Date.UTC(y, mo, d - back));
    if (!fields.month.includes(day.getUTCMonth() + 1)) continue;
    const t = latestTimeOfDay(fields, back === 0 ? nowCutoff : 86_399);
    if (t === undefined) continue;
    const text = `${day.toISOString().slice(0, 10)} ${pad(Math.floor(t / 3600))}:${pad(Math.floor(t / 60) % 60)}:${pad(t % 60)}`;
    const instant = dayjs.tz(text, 'YYYY-MM-DD HH:mm:ss', tz).valueOf();
    if (instant > now || !task.match(new Date(instant))) continue;
    if (dayOk && !dayOk(instant)) continue;
    return instant;
  }
  return undefined;
}

/** How a job catches up: only the latest missed period, or every missed period oldest first. */
export type CatchUp = 'latest' | 'each';

/** What `duePeriods` needs to know about a job. */
export interface PeriodRule {
  cron: string;
  timezone: string;
  /** The period a firing at `instant` stands for (`YYYY-MM-DD`, `YYYY-MM`). */
  period(instant: number): string;
  catchUp: CatchUp;
  dayOk?: (instant: number) => boolean;
}

/**
 * The periods of a job that are due at `now` and later than `last` (the last one completed),
 * oldest first. With `catchUp: 'latest'`, or before the first completed period, only the most
 * recent one; with `'each'`, every period whose firing was missed, at most `max` (the newest).
 */
export function duePeriods(rule: PeriodRule, now: number, last: string | undefined, max = 12): string[] {
  const found: string[] = [];
  let t = now;
  while (found.length < max) {
    const fired = latestFiring(rule.cron, rule.timezone, t, rule.dayOk);
    if (fired === undefined) break;
    const p = rule.period(fired);
    if (last !== undefined && p <= last) break;
    if (!found.includes(p)) found.push(p);
    if (last === undefined || rule.catchUp === 'latest') break;
    t = fired - 1;
  }
  return found.reverse();
}

/** `YYYY-MM-DD` of `instant` in `tz`. */
export function localDay(instant: number, tz: string): string {
  return dayjs(instant).tz(tz).format('YYYY-MM-DD');
}

/** `YYYY-MM` of the month before the one `instant` falls in, in `tz`. */
export function monthBefore(instant: number, tz: string): string {
  const local = dayjs(instant).tz(tz);
  const y = local.year();
  const m = local.month(); // 0-based: this month's index is the previous month's number
  return m === 0 ? `${y - 1}-12` : `${y}-${pad(m)}`;
}

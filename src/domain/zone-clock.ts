/**
 * Conversions between instants and a zone's wall clock, written as epoch ms "as if UTC"
 * (`wall = instant + offset`). Offsets come from Intl, so any IANA zone and its DST rules work.
 *
 * `Intl.DateTimeFormat#formatToParts` costs microseconds a call, and the sweep asks for offsets
 * many times per duty, so offsets are cached per quarter hour: a quarter whose first and last
 * second have the same offset has it throughout (no zone changes its offset twice within 15
 * minutes); a quarter with a change in it is computed exactly every time. The cache is bounded.
 */
import { BoundedCache } from './bounded-cache.js';
const DAY = 86_400_000;
const QUARTER = 15 * 60_000;
/** Quarters cached per zone at most, the oldest going first (about a year of distinct quarters). */
export const MAX_CACHED_QUARTERS = 40_000;

export interface ZoneClock {
  /** Wall time minus instant at `instant`, in ms (whole seconds). */
  offsetAt(instant: number): number;
  toWall(instant: number): number;
  /**
   * The instant of a wall time. One that exists twice (clocks back) gives the earlier instant; one
   * skipped by clocks going forward is moved forward by the gap (like Temporal's "compatible").
   */
  fromWall(wall: number): number;
  /** Quarters whose offset is cached (bounded; for the test that proves it). */
  cachedQuarters(): number;
}

const clocks = new BoundedCache<string, ZoneClock>(64);

/** The clock of an IANA zone (one per zone, shared); throws on an unknown zone. */
export function zoneClock(timezone: string): ZoneClock {
  let clock = clocks.get(timezone);
  if (!clock) {
    clock = createZoneClock(timezone);
    clocks.set(timezone, clock);
  }
  return clock;
}

function createZoneClock(timezone: string): ZoneClock {
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    throw new Error(`Unknown timezone "${timezone}": expected an IANA name such as Asia/Shanghai`);
  }
  const exact = (instant: number): number => {
    const p: Record<string, number> = {};
    for (const part of fmt.formatToParts(instant)) p[part.type] = Number(part.value);
    const wall = Date.UTC(p.year!, p.month! - 1, p.day, p.hour, p.minute, p.second);
    return wall - Math.floor(instant / 1000) * 1000;
  };
  /** Quarter → its offset, or NaN when the offset changes within it. */
  const cache = new BoundedCache<number, number>(MAX_CACHED_QUARTERS);
  const offsetAt = (instant: number): number => {
    const q = Math.floor(instant / QUARTER);
    let o = cache.get(q);
    if (o === undefined) {
      const first = exact(q * QUARTER);
      o = first === exact(q * QUARTER + QUARTER - 1000) ? first : NaN;
      cache.set(q, o);
    }
    return Number.isNaN(o) ? exact(instant) : o;
  };
  return {
    offsetAt,
    cachedQuarters: () => cache.size,
    toWall: (instant) => instant + offsetAt(instant),
    fromWall(wall) {
      const before = offsetAt(wall - DAY);
      const after = offsetAt(wall + DAY);
      let best: number | undefined;
      for (const o of before === after ? [before] : [before, after]) {
        const t = wall - o;
        if (offsetAt(t) === o && (best === undefined || t < best)) best = t;
      }
      return best ?? wall - before;
    },
  };
}

/**
 * The local-time formatters read the zone clock's cached offsets (src/domain/zone-clock.ts); they
 * must agree with dayjs's `tz()` — the formatter they replaced — at every instant, including the
 * minutes around DST changes in zones that have them, and in zones with half-hour offsets.
 */
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';
import { describe, expect, it } from 'vitest';
import { formatLocal, localDate, localMonth, localYyyymm } from '../../../src/domain/local-time.js';
import { MAX_CACHED_QUARTERS, zoneClock } from '../../../src/domain/zone-clock.js';

dayjs.extend(utc);
dayjs.extend(timezone);

const ZONES = ['Asia/Shanghai', 'America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe', 'Asia/Kolkata', 'UTC'];
const MIN = 60_000;

/** Instants every 17 minutes 13 seconds through 2026's spring and autumn DST changes, plus random ones. */
function instants(): number[] {
  const out: number[] = [];
  for (const start of [Date.UTC(2026, 2, 7), Date.UTC(2026, 2, 27), Date.UTC(2026, 9, 24), Date.UTC(2026, 9, 31), Date.UTC(2026, 3, 4)]) {
    for (let t = start; t < start + 3 * 86_400_000; t += 17 * MIN + 13_000) out.push(t);
  }
  let seed = 42;
  for (let i = 0; i < 600; i += 1) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    out.push(Date.UTC(2000, 0, 1) + Math.floor((seed / 2 ** 31) * 40 * 365 * 86_400_000));
  }
  return out;
}

describe('local time in a zone', () => {
  it.each(ZONES)('agrees with dayjs tz() in %s', (tz) => {
    for (const t of instants()) {
      const d = dayjs(t).tz(tz);
      expect([formatLocal(t, tz), localMonth(t, tz), localYyyymm(t, tz), localDate(t, tz)]).toEqual([
        d.format('YYYY-MM-DD HH:mm'), d.format('YYYY-MM'), d.format('YYYYMM'), d.format('YYYY-MM-DD'),
      ]);
    }
  });

  it('gives the exact offset inside a quarter hour that holds a DST change', () => {
    const clock = zoneClock('America/New_York');
    // 2026-03-08 07:00 UTC: clocks jump from 02:00 EST to 03:00 EDT.
    const change = Date.UTC(2026, 2, 8, 7, 0, 0);
    expect(clock.offsetAt(change - 1000)).toBe(-5 * 3600_000);
    expect(clock.offsetAt(change)).toBe(-4 * 3600_000);
    // Lord Howe moves by 30 minutes at 02:00 local (15:00 UTC the day before).
    const lh = zoneClock('Australia/Lord_Howe');
    const back = Date.UTC(2026, 3, 4, 15, 0, 0);
    expect(lh.offsetAt(back - 1000) - lh.offsetAt(back)).toBe(30 * MIN);
  });

  it('rejects an unknown zone', () => {
    expect(() => zoneClock('Mars/Olympus')).toThrow(/Unknown timezone "Mars\/Olympus"/);
  });
});

describe('the zone clock cache', () => {
  it('stays within its bound however many instants it is asked about, and still answers right', () => {
    const clock = zoneClock('Europe/Paris');
    const start = Date.UTC(2030, 0, 1);
    // One instant in each of 1.5 × the cap's quarter hours: more than a year of distinct quarters.
    for (let q = 0; q < MAX_CACHED_QUARTERS * 1.5; q += 1) clock.offsetAt(start + q * 15 * MIN);
    expect(clock.cachedQuarters()).toBeLessThanOrEqual(MAX_CACHED_QUARTERS);
    expect(clock.cachedQuarters()).toBeGreaterThan(0);
    const t = Date.UTC(2030, 6, 1, 12);
    expect(formatLocal(t, 'Europe/Paris')).toBe(dayjs(t).tz('Europe/Paris').format('YYYY-MM-DD HH:mm'));
  });
});

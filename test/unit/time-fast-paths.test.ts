/**
 * The cached-Intl formatting of local times (src/domain/local-time.ts) agrees with dayjs' timezone
 * plugin on every kind of instant: across a year in steps that hit every hour and minute, DST
 * changes (America/New_York, Europe/Berlin), midnight and the far past and future.
 */
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';
import { describe, expect, it } from 'vitest';
import { formatLocal, localDate, localMonth, localYyyymm } from '../../src/domain/local-time.js';

dayjs.extend(utc);
dayjs.extend(timezone);

describe('local time formatting', () => {
  it.each(['Asia/Shanghai', 'America/New_York', 'Europe/Berlin', 'UTC', 'Asia/Kolkata'])('matches dayjs in %s', (tz) => {
    const start = Date.UTC(2026, 0, 1);
    for (let ms = start - 86_400_000; ms < start + 366 * 86_400_000; ms += 7 * 3_600_000 + 13 * 60_000 + 17_000) {
      expect(formatLocal(ms, tz)).toBe(dayjs(ms).tz(tz).format('YYYY-MM-DD HH:mm'));
    }
    for (const ms of [0, Date.UTC(2026, 11, 31, 16, 0), Date.UTC(2026, 11, 31, 15, 59, 59), Date.UTC(2099, 5, 1, 12)]) {
      expect(formatLocal(ms, tz)).toBe(dayjs(ms).tz(tz).format('YYYY-MM-DD HH:mm'));
      expect(localDate(ms, tz)).toBe(dayjs(ms).tz(tz).format('YYYY-MM-DD'));
      expect(localMonth(ms, tz)).toBe(dayjs(ms).tz(tz).format('YYYY-MM'));
      expect(localYyyymm(ms, tz)).toBe(dayjs(ms).tz(tz).format('YYYYMM'));
    }
  });
});

describe('workingTimeBetween over long spans (running totals)', () => {
  it('is additive: a long span equals the sum of its short pieces, across holidays and 调休', async () => {
    const { createWorkCalendar } = await import('../../src/domain/work-calendar.js');
    const { DEFAULT_POLICY } = await import('../../src/config/policy-file.js');
    const cal = createWorkCalendar(DEFAULT_POLICY.workingTime, 'Asia/Shanghai');
    const start = Date.UTC(2025, 11, 20, 3, 17);
    const step = 29 * 3_600_000 + 41 * 60_000; // short pieces take the day-by-day path
    let total = 0;
    let t = start;
    for (let i = 0; i < 300; i += 1) {
      total += cal.workingTimeBetween(t, t + step);
      t += step;
      if (i % 37 === 0) expect(cal.workingTimeBetween(start, t)).toBe(total);
    }
    expect(cal.workingTimeBetween(start, t)).toBe(total);
    // Asked backwards in time after the totals were anchored later: still the same.
    expect(cal.workingTimeBetween(start - 400 * 86_400_000, start) + total).toBe(cal.workingTimeBetween(start - 400 * 86_400_000, t));
  });
});

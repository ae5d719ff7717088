/**
 * The catch-up's notion of "which period should have run by now", computed from the policy's cron
 * expressions in the policy's timezone, independently of node-cron's timers.
 */
import cron from 'node-cron';
import { describe, expect, it } from 'vitest';
import { localInstant } from '../../../src/domain/local-time.js';
import { createWorkCalendar } from '../../../src/domain/work-calendar.js';
import { duePeriods, latestFiring, localDay, monthBefore, type PeriodRule } from '../../../src/infra/scheduler/cron-periods.js';
import { policyWith, TZ } from '../../helpers/app.js';

const at = (local: string) => localInstant(local, TZ);
const calendar = createWorkCalendar(policyWith().workingTime, TZ);
const digest: PeriodRule = { cron: '0 9 * * 1-5', timezone: TZ, catchUp: 'latest', period: (i) => localDay(i, TZ), dayOk: (i) => calendar.isWorkday(i) };
const monthly: PeriodRule = { cron: '0 9 1 * *', timezone: TZ, catchUp: 'each', period: (i) => monthBefore(i, TZ) };

describe('latestFiring', () => {
  it("leaves no task behind in node-cron's registry, however many expressions it reads", () => {
    const before = cron.getTasks().size;
    for (let minute = 0; minute < 60; minute += 1) {
      for (const hour of [7, 8, 9, 10, 11]) expect(latestFiring(`${minute} ${hour} * * *`, TZ, at('2026-11-23 12:00'))).toBe(at(`2026-11-23 ${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`));
    }
    expect(cron.getTasks().size).toBe(before);
  });

  it('finds the latest firing at or before now, in the timezone', () => {
    expect(latestFiring('0 9 * * 1-5', TZ, at('2026-11-23 10:00'))).toBe(at('2026-11-23 09:00'));
    expect(latestFiring('0 9 * * 1-5', TZ, at('2026-11-23 09:00'))).toBe(at('2026-11-23 09:00'));
    expect(latestFiring('0 9 * * 1-5', TZ, at('2026-11-23 08:59'))).toBe(at('2026-11-20 09:00')); // Friday
    expect(latestFiring('0 9 1 * *', TZ, at('2026-11-23 10:00'))).toBe(at('2026-11-01 09:00'));
    expect(latestFiring('0 9 L * *', TZ, at('2026-11-23 10:00'))).toBe(at('2026-10-31 09:00'));
    expect(latestFiring('*/1 * * * * *', TZ, at('2026-11-23 10:00') + 1500)).toBe(at('2026-11-23 10:00') + 1000);
  });

  it('skips the days a filter refuses (the digest on the 国庆 holiday and its 调休 days)', () => {
    // 2026-10-01..07 are holidays; the first workday after is Thursday 2026-10-08.
    expect(latestFiring('0 9 * * 1-5', TZ, at('2026-10-07 12:00'), (i) => calendar.isWorkday(i))).toBe(at('2026-09-30 09:00'));
    expect(latestFiring('0 9 * * *', TZ, at('2026-10-08 12:00'), (i) => calendar.isWorkday(i))).toBe(at('2026-10-08 09:00'));
  });

  it('with the default daily cron, a 调休 working Saturday gets its digest and a plain Saturday does not', () => {
    const workday = (i: number) => calendar.isWorkday(i);
    expect(latestFiring('0 9 * * *', TZ, at('2026-10-10 10:00'), workday)).toBe(at('2026-10-10 09:00')); // 调休 Saturday
    expect(latestFiring('0 9 * * *', TZ, at('2026-11-21 10:00'), workday)).toBe(at('2026-11-20 09:00')); // plain Saturday
  });
});

describe('duePeriods', () => {
  it('the digest catches up with the latest day only', () => {
    expect(duePeriods(digest, at('2026-11-23 10:00'), '2026-11-17')).toEqual(['2026-11-23']);
    expect(duePeriods(digest, at('2026-11-23 08:00'), '2026-11-19')).toEqual(['2026-11-20']);
    expect(duePeriods(digest, at('2026-11-23 08:00'), '2026-11-20')).toEqual([]);
    expect(duePeriods(digest, at('2026-11-23 10:00'), undefined)).toEqual(['2026-11-23']);
  });

  it('monthly jobs catch up every missed month, oldest first; before the first run, the latest only', () => {
    expect(duePeriods(monthly, at('2026-11-23 10:00'), '2026-07')).toEqual(['2026-08', '2026-09', '2026-10']);
    expect(duePeriods(monthly, at('2026-11-23 10:00'), '2026-10')).toEqual([]);
    expect(duePeriods(monthly, at('2026-11-01 08:59'), '2026-09')).toEqual([]);
    expect(duePeriods(monthly, at('2026-11-01 09:00'), '2026-09')).toEqual(['2026-10']);
    expect(duePeriods(monthly, at('2027-01-01 09:00'), '2026-11')).toEqual(['2026-12']);
    expect(duePeriods(monthly, at('2026-11-23 10:00'), undefined)).toEqual(['2026-10']);
    expect(duePeriods({ ...monthly, cron: '0 9 1 1,4,7,10 *' }, at('2026-11-23 10:00'), '2025-12')).toEqual(['2026-03', '2026-06', '2026-09']);
  });
});

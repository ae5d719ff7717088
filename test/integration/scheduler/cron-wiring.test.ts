/**
 * The live scheduler on real node-cron timers: a sweep cron with a seconds field fires ticks that
 * call the sweep with the clock's `now`, then the due jobs, then one dispatcher pass; ticks never
 * overlap; `alive()` follows the timers; `stop()` ends them. (The only test that waits in real
 * time: about two seconds.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SweepResult } from '../../../src/app/sweep.js';
import { localInstant } from '../../../src/domain/local-time.js';
import { createLogger } from '../../../src/infra/log.js';
import { periodicJobs, type ReportFunctions } from '../../../src/infra/scheduler/jobs.js';
import { startScheduler, type Scheduler } from '../../../src/infra/scheduler/scheduler.js';
import { createTestApp, TZ, type TestApp } from '../../helpers/app.js';

let app: TestApp | undefined;
let scheduler: Scheduler | undefined;
afterEach(async () => {
  await scheduler?.stop();
  await app?.close();
  scheduler = undefined;
  app = undefined;
});

const until = async (cond: () => boolean, ms: number) => {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return cond();
};

describe('startScheduler', () => {
  it('ticks every second with a seconds field, calling the sweep with the clock’s now', async () => {
    app = await createTestApp('2026-11-20 10:00');
    const events: string[] = [];
    const sweeps: number[] = [];
    let busy = false;
    let overlapped = false;
    const sweep = async (_d: unknown, now: number): Promise<SweepResult> => {
      if (busy) overlapped = true;
      busy = true;
      sweeps.push(now);
      events.push('sweep');
      await new Promise((r) => setTimeout(r, 50));
      busy = false;
      return { claimed: 2, steps: 3 };
    };
    const reports: ReportFunctions = {
      sendOverdueDigest: async (_d, now) => events.push(`digest ${now}`),
      sendMonthlyAssessment: async (_d, month) => events.push(`assessment ${month}`),
      sendPublicReport: async (_d, month) => events.push(`public ${month}`),
    };
    const observed: number[] = [];
    scheduler = startScheduler({
      deps: app,
      clock: app.clock,
      jobs: periodicJobs(app, reports),
      log: createLogger({ level: 'silent' }),
      sweep,
      sweepCron: '*/1 * * * * *',
      tickOnStart: false,
      dispatcher: { dispatchOnce: async () => events.push('dispatch') },
      observer: { sweepDone: (_s, r) => observed.push(r.claimed) },
    });
    expect(scheduler.lastTick).toBeUndefined();
    const t0 = app.clock.now();
    expect(await until(() => sweeps.length >= 1 && events.includes('dispatch'), 6000)).toBe(true);
    expect(sweeps[0]).toBe(t0); // the virtual clock's now, not the wall clock's
    expect(scheduler.lastTick).toBe(t0);
    expect(scheduler.alive()).toBe(true);
    expect(events.slice(0, 5)).toEqual(['sweep', `digest ${t0}`, 'assessment 2026-10', 'public 2026-10', 'dispatch']);
    app.clock.advance(60_000);
    expect(await until(() => sweeps.includes(t0 + 60_000), 6000)).toBe(true);
    expect(events.filter((e) => e.startsWith('digest'))).toHaveLength(1); // once per period
    expect(observed.every((n) => n === 2)).toBe(true);
    expect(overlapped).toBe(false);
    await scheduler.stop();
    expect(scheduler.alive()).toBe(false);
    const count = sweeps.length;
    await new Promise((r) => setTimeout(r, 1200));
    expect(sweeps.length).toBe(count);
  });

  it('runs a catch-up tick on start, and folds wake-ups during a tick into one more tick', async () => {
    app = await createTestApp('2026-11-23 10:00');
    let calls = 0;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const sweep = async (): Promise<SweepResult> => {
      calls += 1;
      if (calls === 1) await gate;
      return { claimed: 0, steps: 0 };
    };
    scheduler = startScheduler({ deps: app, clock: app.clock, jobs: [], log: createLogger({ level: 'silent' }), sweep, sweepCron: '0 0 1 1 *' });
    expect(calls).toBe(1); // the start-up tick is running
    const wakeUps = [scheduler.tickNow(), scheduler.tickNow(), scheduler.tickNow()];
    release();
    await Promise.all(wakeUps);
    expect(calls).toBe(2);
    expect(scheduler.lastTick).toBe(localInstant('2026-11-23 10:00', TZ));
  });
});

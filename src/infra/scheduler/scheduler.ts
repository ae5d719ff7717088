/**
 * The live scheduler: node-cron timers that wake `runTick` (tick.ts) at the policy's times — the
 * sweep's cron (every minute by default, a seconds field allowed) and each periodic job's — in
 * the policy's timezone. Timers carry no state: whichever cron fires, the tick does all that is
 * due by `clock.now()`, and one tick also runs at start, which is the catch-up after downtime.
 * Ticks never overlap in one process: a wake-up during a tick is folded into one more tick after
 * it. Errors are logged; nothing here ever crashes the process.
 */
import cron, { type ScheduledTask } from 'node-cron';
import type { Clock } from '../../app/ports.js';
import { errorFields } from '../log.js';
import { latestFiring } from './cron-periods.js';
import { runTick, type TickContext, type TickResult } from './tick.js';

/** How late a cron firing may be before the scheduler counts as not alive (ms, real time). */
const LATE_TICK_MS = 60_000;
/** A single tick running longer than this counts as hung (ms, real time). */
const HUNG_TICK_MS = 10 * 60_000;

/** Options of `startScheduler`: the tick context plus the clock that gives each tick its `now`. */
export interface SchedulerOptions extends TickContext {
  clock: Clock;
  /** The sweep's cron; default `deps.policy.schedule.sweep`. */
  sweepCron?: string;
  /** Run one tick right away (the catch-up); default true. */
  tickOnStart?: boolean;
  /** Called after every tick (tests, metrics). */
  onTick?: (result: TickResult) => void;
}

/**
 * A running scheduler. `alive()` is false once stopped, when a tick has hung, or when the
 * sweep's latest firing (more than a minute ago) produced no tick. `lastTick` is the `now` of
 * the latest tick started (clock time). `tickNow()` runs a tick at once (folded like a firing).
 */
export interface Scheduler {
  stop(): Promise<void>;
  alive(): boolean;
  readonly lastTick: number | undefined;
  tickNow(): Promise<void>;
}

/** Starts the cron timers (and, unless told otherwise, one catch-up tick); see the module comment. */
export function startScheduler(opts: SchedulerOptions): Scheduler {
  const { clock, log } = opts;
  const tz = opts.deps.policy.timezone;
  const sweepCron = opts.sweepCron ?? opts.deps.policy.schedule.sweep;
  const crons = [...new Set([sweepCron, ...opts.jobs.map((j) => j.cron)])];
  const startedAt = Date.now();
  let stopped = false;
  let running: Promise<void> | undefined;
  let runningSince: number | undefined;
  let again = false;
  let lastTickReal: number | undefined;
  let lastTick: number | undefined;

  const tickLoop = async (): Promise<void> => {
    do {
      again = false;
      runningSince = Date.now();
      lastTickReal = runningSince;
      const now = clock.now();
      lastTick = now;
      try {
        const result = await runTick(opts, now);
        opts.onTick?.(result);
      } catch (err) {
        log.error({ ...errorFields(err) }, 'tick failed');
      }
    } while (again && !stopped);
    runningSince = undefined;
  };

  const requestTick = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = tickLoop().finally(() => {
      running = undefined;
    });
    return running;
  };

  const cronLogger = {
    info: (m: string) => log.debug({ source: 'node-cron' }, m),
    warn: (m: string) => log.warn({ source: 'node-cron' }, m),
    error: (m: string | Error, e?: Error) => log.error({ source: 'node-cron', ...errorFields(e ?? m) }, 'node-cron error'),
    debug: (m: string | Error) => log.debug({ source: 'node-cron' }, String(m)),
  };
  const tasks: ScheduledTask[] = crons.map((expr) =>
    cron.schedule(expr, () => requestTick(), { timezone: tz, noOverlap: true, name: `shoudao ${expr}`, logger: cronLogger, suppressMissedWarning: true }),
  );
  log.info({ crons, timezone: tz }, 'scheduler started');
  if (opts.tickOnStart ?? true) void requestTick();

  return {
    get lastTick() {
      return lastTick;
    },
    alive(): boolean {
      if (stopped) return false;
      const real = Date.now();
      if (runningSince !== undefined) return real - runningSince < HUNG_TICK_MS;
      const expected = latestFiring(sweepCron, tz, real - LATE_TICK_MS);
      return expected === undefined || (lastTickReal ?? startedAt) >= expected - 1000 || startedAt > expected;
    },
    tickNow: requestTick,
    async stop(): Promise<void> {
      stopped = true;
      for (const task of tasks) {
        await task.stop();
        await task.destroy();
      }
      await running;
      log.info('scheduler stopped');
    },
  };
}

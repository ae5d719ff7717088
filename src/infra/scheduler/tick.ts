/**
 * One tick of the scheduler, whatever cron fired it: the sweep (due reminders, violations and
 * escalations, ARCHITECTURE rule 3), then the periodic jobs that are due (digest, monthly
 * reports), then one dispatcher pass that sends what they stored. Every step works from the
 * database and `now`, so a tick after hours of downtime catches up by itself, and a tick on a
 * second instance finds nothing left to do. A failing step is logged; the others still run.
 */
import type { AppDeps } from '../../app/deps.js';
import { sweep as appSweep, type SweepResult } from '../../app/sweep.js';
import { failpoint } from '../failpoint.js';
import { errorFields } from '../log.js';
import { runDueJobs, type JobRun, type JobRunnerContext } from './run-jobs.js';

/**
 * Sends due outbox rows. The outbox dispatcher (`src/infra/outbox/dispatcher.ts`) implements it;
 * the scheduler only asks for one pass after each tick.
 */
export interface Dispatcher {
  dispatchOnce(now: number): Promise<unknown>;
}

/** Where the tick reports its measurements (`src/infra/http/metrics.ts` implements it). */
export interface TickObserver {
  sweepDone(seconds: number, result: SweepResult): void;
}

/** Everything a tick needs; `sweep` defaults to the app's `sweep` (tests replace it). */
export interface TickContext extends JobRunnerContext {
  sweep?: (deps: AppDeps, now: number) => Promise<SweepResult>;
  dispatcher?: Dispatcher;
  observer?: TickObserver;
  /** Housekeeping after each tick: the inbox's retention, idle rate buckets, platform polling. */
  maintenance?: (now: number) => Promise<void>;
}

/** What one tick did; a step that failed has no result and its error message. */
export interface TickResult {
  now: number;
  sweep?: SweepResult;
  jobs: JobRun[];
  dispatched?: unknown;
  errors: string[];
}

/** The app's sweep, with the crash tests' fail points at its batches' edges. */
const defaultSweep = (deps: AppDeps, now: number) =>
  appSweep(deps, now, undefined, { written: () => failpoint('sweep.batch.written'), committed: () => failpoint('sweep.batch.committed') });

/** Runs one tick at `now`: sweep, due jobs, one dispatch pass. Never throws. */
export async function runTick(ctx: TickContext, now: number): Promise<TickResult> {
  const result: TickResult = { now, jobs: [], errors: [] };
  const fail = (step: string, err: unknown) => {
    const fields = errorFields(err);
    ctx.log.error({ step, ...fields }, `${step} failed`);
    result.errors.push(`${step}: ${fields.error}`);
  };
  const started = performance.now();
  try {
    result.sweep = await (ctx.sweep ?? defaultSweep)(ctx.deps, now);
    const seconds = (performance.now() - started) / 1000;
    ctx.observer?.sweepDone(seconds, result.sweep);
    if (result.sweep.claimed > 0) ctx.log.info({ ...result.sweep, ms: Math.round(seconds * 1000) }, 'sweep');
  } catch (err) {
    fail('sweep', err);
  }
  result.jobs = await runDueJobs(ctx, now);
  for (const run of result.jobs) if (run.outcome === 'failed') result.errors.push(`${run.job} ${run.period}: ${run.error}`);
  if (ctx.dispatcher) {
    try {
      result.dispatched = await ctx.dispatcher.dispatchOnce(now);
    } catch (err) {
      fail('dispatch', err);
    }
  }
  if (ctx.maintenance) {
    try {
      await ctx.maintenance(now);
    } catch (err) {
      fail('maintenance', err);
    }
  }
  return result;
}

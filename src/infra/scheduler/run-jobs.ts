/**
 * Runs the periodic jobs that are due: for each job, the periods missed since the last one
 * completed (see `duePeriods`), oldest first, each claimed in `job_state` before it runs and
 * marked complete after. A period another instance holds is left to it (and the job's later
 * periods wait for the next tick, keeping their order); a failed run is released and retried
 * at the next tick. Errors are logged and reported, never thrown.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { AppDeps } from '../../app/deps.js';
import { errorFields, type Log } from '../log.js';
import { duePeriods } from './cron-periods.js';
import type { PeriodicJob } from './jobs.js';

/** How long a claimed period is held before another instance may take it over (a crashed run). */
export const DEFAULT_LEASE_MS = 15 * 60_000;

/** What `runDueJobs` works with. `owner` names this process in `job_state` (default: host, pid, random). */
export interface JobRunnerContext {
  deps: AppDeps;
  jobs: PeriodicJob[];
  log: Log;
  owner?: string;
  leaseMs?: number;
}

/** The outcome of one period: run (`ok`), held by another instance (`busy`), or `failed`. */
export interface JobRun {
  job: string;
  period: string;
  outcome: 'ok' | 'busy' | 'failed';
  result?: unknown;
  error?: string;
}

/** A process-wide owner id for job leases: `host:pid:random`. */
export function defaultOwner(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`.slice(0, 128);
}

const processOwner = defaultOwner();

/** Runs every due period of every job at `now`, in table order; see the module comment. */
export async function runDueJobs(ctx: JobRunnerContext, now: number): Promise<JobRun[]> {
  const runs: JobRun[] = [];
  for (const job of ctx.jobs) {
    try {
      runs.push(...(await runJob(ctx, job, now)));
    } catch (err) {
      // Reading or claiming failed (the database is down): try again at the next tick.
      ctx.log.error({ job: job.name, ...errorFields(err) }, 'job state unavailable');
    }
  }
  return runs;
}

async function runJob(ctx: JobRunnerContext, job: PeriodicJob, now: number): Promise<JobRun[]> {
  const { store } = ctx.deps;
  const owner = ctx.owner ?? processOwner;
  const claim = { owner, leaseMs: ctx.leaseMs ?? DEFAULT_LEASE_MS };
  const last = await store.transaction((tx) => tx.jobs.lastPeriod(job.name));
  const runs: JobRun[] = [];
  for (const period of duePeriods(job, now, last)) {
    if (!(await store.transaction((tx) => tx.jobs.claim(job.name, period, now, claim)))) {
      ctx.log.debug({ job: job.name, period }, 'job period held elsewhere or done');
      runs.push({ job: job.name, period, outcome: 'busy' });
      break;
    }
    const started = Date.now();
    try {
      const result = await job.run(ctx.deps, now, period);
      await store.transaction((tx) => tx.jobs.complete(job.name, period, now));
      ctx.log.info({ job: job.name, period, previous: last ?? null, result, ms: Date.now() - started }, 'job done');
      runs.push({ job: job.name, period, outcome: 'ok', result });
    } catch (err) {
      ctx.log.error({ job: job.name, period, ...errorFields(err) }, 'job failed; retried at the next tick');
      await store.transaction((tx) => tx.jobs.release(job.name, period, owner)).catch(() => undefined);
      runs.push({ job: job.name, period, outcome: 'failed', error: errorFields(err).error });
      break;
    }
  }
  return runs;
}

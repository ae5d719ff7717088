/**
 * `job_state` and `runDueJobs` on each dialect: a period is claimed by one caller only, completed
 * periods never go backwards, a failed run is released for the next tick, a crashed run's lease
 * expires, and two store instances on one database (two processes) run each period once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildDeps } from '../../../src/app/build-deps.js';
import type { AppDeps } from '../../../src/app/deps.js';
import type { Store, Tx } from '../../../src/app/ports.js';
import { localInstant } from '../../../src/domain/local-time.js';
import { VirtualClock } from '../../../src/infra/clock.js';
import { createStore } from '../../../src/infra/db/create-store.js';
import { createLogger } from '../../../src/infra/log.js';
import { periodicJobs, type ReportFunctions } from '../../../src/infra/scheduler/jobs.js';
import { runDueJobs } from '../../../src/infra/scheduler/run-jobs.js';
import { testDialects, type TestDatabase } from '../../helpers/databases.js';
import { demoOrg, policyWith, TZ } from '../../helpers/app.js';

const log = createLogger({ level: 'silent' });
const at = (local: string) => localInstant(local, TZ);
const claimBy = (owner: string) => ({ owner, leaseMs: 60_000 });

describe.each(testDialects())('job state on $name', (dialect) => {
  let db: TestDatabase;
  let stores: Store[];
  beforeEach(async () => {
    db = await dialect.create();
    stores = [await createStore(db.url), await createStore(db.url)];
  });
  afterEach(async () => {
    for (const s of stores) await s.close();
    await db.drop();
  });
  /** A transaction on instance `i` (0 or 1). */
  const tx = <T>(work: (t: Tx) => Promise<T>, i = 0) => stores[i]!.transaction(work);

  it('claims a period once, completes it, and never goes backwards', async () => {
    const t = at('2026-11-23 09:00');
    expect(await tx((x) => x.jobs.lastPeriod('digest'))).toBeUndefined();
    expect(await tx((x) => x.jobs.claim('digest', '2026-11-23', t, claimBy('a')))).toBe(true);
    expect(await tx((x) => x.jobs.claim('digest', '2026-11-23', t, claimBy('b')), 1)).toBe(false);
    await tx((x) => x.jobs.complete('digest', '2026-11-23', t));
    expect(await tx((x) => x.jobs.lastPeriod('digest'), 1)).toBe('2026-11-23');
    expect(await tx((x) => x.jobs.claim('digest', '2026-11-23', t, claimBy('b')))).toBe(false);
    expect(await tx((x) => x.jobs.claim('digest', '2026-11-20', t, claimBy('b')))).toBe(false);
    await tx((x) => x.jobs.complete('digest', '2026-11-20', t));
    expect(await tx((x) => x.jobs.lastPeriod('digest'))).toBe('2026-11-23');
    expect(await tx((x) => x.jobs.lastPeriod('public_report'))).toBeUndefined();
  });

  it('a released claim can be taken at once; an abandoned one once its lease has passed', async () => {
    const t = at('2026-11-23 09:00');
    expect(await tx((x) => x.jobs.claim('digest', '2026-11-23', t, claimBy('a')))).toBe(true);
    await tx((x) => x.jobs.release('digest', '2026-11-23', 'someone-else'));
    expect(await tx((x) => x.jobs.claim('digest', '2026-11-23', t + 1, claimBy('b')))).toBe(false);
    await tx((x) => x.jobs.release('digest', '2026-11-23', 'a'));
    expect(await tx((x) => x.jobs.claim('digest', '2026-11-23', t + 2, claimBy('b')))).toBe(true);
    // b crashes while running: nobody can take it until the lease (60 s) has passed.
    expect(await tx((x) => x.jobs.claim('digest', '2026-11-23', t + 59_000, claimBy('c')), 1)).toBe(false);
    expect(await tx((x) => x.jobs.claim('digest', '2026-11-23', t + 60_002, claimBy('c')), 1)).toBe(true);
  });

  it('runs each due period once across two instances racing, and retries a failed run next tick', async () => {
    const calls: string[] = [];
    let failDigest = true;
    const reports: ReportFunctions = {
      async sendOverdueDigest(_d, now) {
        calls.push(`digest@${now}`);
        if (failDigest) {
          failDigest = false;
          throw new Error('boom');
        }
      },
      async sendMonthlyAssessment(_d, month) {
        calls.push(`assessment ${month}`);
        await new Promise((r) => setTimeout(r, 5));
      },
      async sendPublicReport(_d, month) {
        calls.push(`public ${month}`);
      },
    };
    const deps: AppDeps[] = stores.map((s) => buildDeps(s, new VirtualClock(0), demoOrg(), policyWith()));
    const ctx = (i: number) => ({ deps: deps[i]!, jobs: periodicJobs(deps[i]!, reports), log, owner: `instance-${i}` });
    // Last run in July: August, September and October are due at once, oldest first.
    await tx((x) => x.jobs.claim('monthly_assessment', '2026-07', 0, claimBy('old')));
    await tx((x) => x.jobs.complete('monthly_assessment', '2026-07', 0));
    const now = at('2026-11-23 10:00');
    const first = await Promise.all([runDueJobs(ctx(0), now), runDueJobs(ctx(1), now)]);
    const failed = first.flat().filter((r) => r.outcome === 'failed');
    expect(failed).toEqual([expect.objectContaining({ job: 'digest', period: '2026-11-23', error: 'Error: boom' })]);
    for (let i = 0; i < 5; i++) await Promise.all([runDueJobs(ctx(0), now + i * 60_000), runDueJobs(ctx(1), now + i * 60_000)]);
    expect(calls.filter((c) => c.startsWith('digest'))).toHaveLength(2); // the failure, then one retry
    // Within a job, periods run in order; separate jobs may interleave across instances.
    expect(calls.filter((c) => c.startsWith('assessment'))).toEqual(['assessment 2026-08', 'assessment 2026-09', 'assessment 2026-10']);
    expect(calls.filter((c) => c.startsWith('public'))).toEqual(['public 2026-10']);
    expect(await tx((x) => x.jobs.lastPeriod('digest'))).toBe('2026-11-23');
    expect(await tx((x) => x.jobs.lastPeriod('monthly_assessment'))).toBe('2026-10');
  });
});

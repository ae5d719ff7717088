/**
 * Times the real `sweep(deps, now)` on a loaded database at one tick (scenario.ts) with
 * `performance.now()`. Every run must claim and step exactly DUE duties and leave the store as
 * the app would (checked outside the timed part), or the benchmark fails loudly.
 */
import { performance } from 'node:perf_hooks';
import type { AppDeps } from '../../src/app/deps.js';
import { sweep } from '../../src/app/sweep.js';
import type { VirtualClock } from '../../src/infra/clock.js';
import type { TypeormStore } from '../../src/infra/db/create-store.js';
import { TypeormDutyRepo } from '../../src/infra/db/repositories/duty-repo.js';
import { DUE, tickAt, type Layout } from './scenario.js';

/** `sql` with `?` placeholders, on either dialect; returns the first column of the first row as a number. */
async function scalar(store: TypeormStore, sql: string, params: unknown[] = []): Promise<number> {
  let i = 0;
  const text = store.dialect === 'postgres' ? sql.replace(/\?/g, () => `$${++i}`) : sql;
  const rows = await store.dataSource.query<Array<Record<string, unknown>>>(text, params);
  const first = rows[0] ? Object.values(rows[0])[0] : undefined;
  return Number(first);
}

function expectEqual(what: string, actual: number, expected: number): void {
  if (actual !== expected) throw new Error(`benchmark check failed: ${what} is ${actual}, expected ${expected}`);
}

/** Before any sweep: n open duties, and exactly DUE more of them due at each successive tick. */
export async function checkLoaded(store: TypeormStore, l: Layout): Promise<void> {
  expectEqual('open duties', await scalar(store, "SELECT COUNT(*) FROM duty WHERE status = 'open'"), l.n);
  for (let r = 0; r < l.ticks; r += 1) {
    expectEqual(`duties due by tick ${r}`, await scalar(store, 'SELECT COUNT(*) FROM duty_next_step WHERE at <= ?', [tickAt(r)]), (r + 1) * DUE);
  }
  expectEqual('outbox rows', await scalar(store, 'SELECT COUNT(*) FROM outbox'), 0);
}

/**
 * Runs the sweep at tick `r` and returns its time. Fails unless it claimed and stepped exactly DUE
 * duties, left none due, and wrote one reminder and one audit row for each (checked untimed).
 */
export async function sweepTick(store: TypeormStore, deps: AppDeps & { clock: VirtualClock }, l: Layout, r: number): Promise<{ claimed: number; ms: number }> {
  const now = tickAt(r);
  deps.clock.set(now);
  const started = performance.now();
  const result = await sweep(deps, now);
  const ms = performance.now() - started;
  expectEqual(`claimed at tick ${r}`, result.claimed, DUE);
  expectEqual(`steps run at tick ${r}`, result.steps, DUE);
  expectEqual(`duties still due after tick ${r}`, await scalar(store, 'SELECT COUNT(*) FROM duty_next_step WHERE at <= ?', [now]), 0);
  // Every duty is still open (none is settled here) and has its next step queued.
  expectEqual(`next steps queued after tick ${r}`, await scalar(store, 'SELECT COUNT(*) FROM duty_next_step'), l.n);
  expectEqual(`reminders sent after tick ${r}`, await scalar(store, 'SELECT COUNT(*) FROM outbox'), (r + 1) * DUE);
  expectEqual(`audit rows after tick ${r}`, await scalar(store, "SELECT COUNT(*) FROM audit_log WHERE action = 'duty.remind'"), (r + 1) * DUE);
  return { claimed: result.claimed, ms };
}

/** Thrown to roll a transaction back on purpose. */
class Rollback extends Error {}

/**
 * The claim alone: median time of `claimDue(tick r, 500)` (the sweep's first batch) in `reps`
 * transactions that are rolled back, so the rows stay due. Run before tick r's sweep, which then
 * finds them in the cache; so use it on the warm-up tick.
 */
export async function timeClaim(store: TypeormStore, r: number, reps = 5): Promise<number> {
  const times: number[] = [];
  // One more than asked: the first, which also warms up TypeORM's query building, is not counted.
  for (let i = 0; i <= reps; i += 1) {
    await store
      .transaction(async (tx) => {
        const started = performance.now();
        const claimed = await tx.duties.claimDue(tickAt(r), 500);
        if (i > 0) times.push(performance.now() - started);
        expectEqual(`rows claimed by the claim alone at tick ${r}`, claimed.duties.length, 500);
        throw new Rollback();
      })
      .catch((err: unknown) => {
        if (!(err instanceof Rollback)) throw err;
      });
  }
  return median(times);
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The planner's plan for the sweep's claim (first batch of 500 at the first tick), one line per node. */
export async function claimPlan(store: TypeormStore): Promise<string[]> {
  const [sql, params] = new TypeormDutyRepo({ em: store.dataSource.manager, dialect: store.dialect })
    .claimDueQuery(tickAt(0), 500)
    .getQueryAndParameters();
  if (store.dialect === 'postgres') {
    const rows = await store.dataSource.query<Array<{ 'QUERY PLAN': string }>>(`EXPLAIN ${sql}`, params);
    return rows.map((r) => r['QUERY PLAN']);
  }
  const rows = await store.dataSource.query<Array<{ detail: string }>>(`EXPLAIN QUERY PLAN ${sql}`, params);
  return rows.map((r) => r.detail);
}

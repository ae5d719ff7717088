/**
 * The durable inbox's working side (issue 9 §2): claims committed events and processes each
 * exactly once, in order per sender, on any instance.
 *
 * A pass claims up to `batch` sender heads (urgent ones first) with up to `perSender` events each,
 * under a lease (`working`, owner, `lease_until`). Then one transaction holds, for each event of
 * a batch (several senders' events, each sender's in order; one event per transaction on
 * PostgreSQL by default): the event's effects (its use case's state, duties, audit and outbox rows
 * — the reply included) in a savepoint and the inbox row marked done (fenced by the owner); and,
 * before it commits, the attempt count of the next batch's events. A crash anywhere rolls that
 * transaction back: its events are processed again from the start by whoever claims them after
 * the lease, and their effects exist once. An event whose processing throws is rolled back to its
 * savepoint alone and retried later with back-off; its sender's later events wait (order), the
 * other senders' events of the batch commit, and after `maxAttempts` it is parked with an alert
 * to the admins (never its text), so it does not block them for ever. An attempt is counted
 * before processing starts, so an event that kills the process also ends parked; an event tried
 * before is processed alone, so it never uses up the attempts of events batched with it.
 *
 * After each commit the adapter's `afterCommit` effect runs (a modal for a trigger that lives
 * 3 s) and the dispatcher is woken: the reply goes out at once. Timers are only the worker's
 * sleep between passes (a retry's due time, or `idleMs` to pick up other instances' rows).
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Clock, InboxRow, Store, Tx } from '../../app/ports.js';
import type { InboxCrypto } from '../crypto/inbox-crypto.js';
import type { Log } from '../log.js';

/** What processing one event did: a short result to keep, and an effect to run after the commit. */
export interface Processed {
  result?: string;
  afterCommit?: () => Promise<void>;
}

/** Processes one event inside `tx` (the caller's transaction; use it for every write). */
export type ProcessEvent = (event: { row: InboxRow; payload: unknown }, tx: Tx) => Promise<Processed>;

/** What the worker is built from. */
export interface InboxWorkerOptions {
  store: Store;
  crypto: InboxCrypto;
  clock: Clock;
  log: Pick<Log, 'info' | 'warn' | 'error'>;
  process: ProcessEvent;
  /** Writes the admins' alert about a parked event (outbox rows) in `tx`. */
  parked: (tx: Tx, row: InboxRow, reason: string) => Promise<void>;
  /** After every commit that processed an event (wakes the dispatcher). */
  committed?: () => void;
  /** Attempts before an event is parked (default 5). */
  maxAttempts?: number;
  /** Wait before retry n (default 1 s · 4^(n−1), at most 5 min). */
  retryDelayMs?: (attempt: number) => number;
  /** How long a claim lasts before another worker may take it over (default 30 s). */
  leaseMs?: number;
  /** Sender heads per claim (default 50) and events per sender per claim (default 20). */
  batch?: number;
  perSender?: number;
  /**
   * Events per transaction at most (default 64 on SQLite, where each commit is a file sync and
   * transactions run one at a time anyway; 1 on PostgreSQL, whose concurrent workers would hold
   * each other's row locks for a whole batch). A batch also ends after about `batchBudgetMs`
   * (default 25 ms) of work, so the inbox writer's commit never waits long behind it.
   */
  maxBatch?: number;
  batchBudgetMs?: number;
  /** Only events of these platforms are claimed (the ones this instance has adapters for). */
  platforms?: string[];
  /** Passes running at once in this process (default 1; PostgreSQL can take more). */
  concurrency?: number;
  /**
   * One more loop that claims only urgent events (interactions: a trigger lives 3 s), one at a
   * time, so a button pressed during a burst does not wait for the pass in progress — up to
   * `batch` × `perSender` events — to end. Its transactions take turns with the others'. Default off.
   */
  urgentLane?: boolean;
  /** Longest sleep between passes (default 1 s): rows of other instances, expired leases. */
  idleMs?: number;
  /** This process's instance id (src/server/heartbeat.ts); claims are `<instance>:<n>`. */
  instance?: string;
}

/** A running worker. */
export interface InboxWorker {
  /** Start a pass now (after a local commit of new events). */
  wake(): void;
  /** Resolves when no claimable event is left (tests, benches). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

const defaultDelay = (attempt: number) => Math.min(5 * 60_000, 1000 * 4 ** Math.max(0, attempt - 1));

export function startInboxWorker(opts: InboxWorkerOptions): InboxWorker {
  const { store, crypto, clock, log } = opts;
  const maxAttempts = opts.maxAttempts ?? 5;
  const delay = opts.retryDelayMs ?? defaultDelay;
  const leaseMs = opts.leaseMs ?? 30_000;
  const batch = opts.batch ?? 50;
  const perSender = opts.perSender ?? 20;
  const idleMs = opts.idleMs ?? 1_000;
  const instance = opts.instance ?? randomBytes(6).toString('hex');
  const maxBatch = Math.max(1, opts.maxBatch ?? (store.dialect === 'sqlite' ? 64 : 1));
  const budgetMs = opts.batchBudgetMs ?? 25;
  /** Events in the next batch: as many as fit in the time budget at the last batch's pace. */
  let size = Math.min(8, maxBatch);
  const adapt = (current: number, msPerEvent: number) => Math.max(1, Math.min(maxBatch, Math.floor(budgetMs / Math.max(0.01, msPerEvent)), current * 2));
  let claims = 0;
  let stopped = false;
  const idleWaiters: Array<() => void> = [];
  let busy = 0;

  /**
   * Works off one claim. Events are taken round-robin over the claim's senders (each sender's in
   * its order) and processed in batches: one transaction holds up to `maxBatch` events, each in
   * its own savepoint, and counts the attempt of the next batch's events before it commits. A
   * sender whose event fails stops there (its later events are handed back, their counted
   * attempt taken back); the other senders' events in the batch go on. When a batch's
   * transaction itself fails, nothing of it committed: its events are retried one by one. An
   * event tried before (a failure, or a crash mid-batch) is always processed alone, so an event
   * that kills the process never uses up its batch-mates' attempts.
   */
  async function runClaim(chains: InboxRow[][], owner: string): Promise<void> {
    const cs: Chain[] = chains.map((rows) => ({ rows, next: 0, stopped: false }));
    let solo = maxBatch <= 1;
    /** Committed attempt counts of rows not processed yet. */
    const carried = new Map<number, number>();
    const pick = (n: number): Item[] => {
      const out: Item[] = [];
      for (let level = 0; out.length < n; level++) {
        let any = false;
        for (const c of cs) {
          const row = c.stopped ? undefined : c.rows[c.next + level];
          if (!row) continue;
          any = true;
          if (solo || row.attempts > 0) return out.length ? out : [{ c, row }];
          out.push({ c, row });
          if (out.length >= n) break;
        }
        if (!any) break;
      }
      return out;
    };
    const beginAll = async (tx: Tx, items: Item[]) => {
      const ids = items.map((it) => it.row.id).filter((id) => !carried.has(id));
      return ids.length ? tx.inbox.beginMany(ids, owner) : new Map<number, number>();
    };
    let batch = pick(size);
    while (batch.length) {
      if (batch.some((it) => !carried.has(it.row.id))) {
        // The first batch, or one after a failed transaction: its attempts are counted (and committed) first.
        try {
          const counted = await store.transaction((tx) => beginAll(tx, batch));
          for (const [id, n] of counted) carried.set(id, n);
        } catch (err) {
          log.error({ err: err instanceof Error ? err.name : String(err) }, 'inbox: transaction failed');
          return; // the lease runs out and the events are claimed again
        }
      }
      const snapshot = cs.map((c) => ({ next: c.next, stopped: c.stopped }));
      const afters: Array<{ id: number; run: () => Promise<void> }> = [];
      const used = new Set<number>();
      let begun = new Map<number, number>();
      let next: Item[] = [];
      const started = performance.now();
      try {
        await store.transaction(async (tx) => {
          for (const { c, row } of batch) {
            if (c.stopped) continue; // an earlier event of this sender failed in this batch
            const attempts = carried.get(row.id);
            if (attempts === undefined) {
              c.stopped = true; // the claim was taken over: leave the rest to its new owner
              continue;
            }
            used.add(row.id);
            c.next += 1;
            const failed = await processOne(tx, row, owner, attempts, afters);
            if (failed) {
              c.stopped = true;
              const rest = c.rows.slice(c.next).map((r) => r.id);
              const counted = rest.filter((id) => carried.has(id));
              for (const id of counted) used.add(id);
              await tx.inbox.uncount(counted, owner);
              await tx.inbox.release(rest, owner);
            }
          }
          if (!solo && used.size) size = adapt(size, (performance.now() - started) / used.size);
          next = pick(size);
          begun = await beginAll(tx, next);
        });
      } catch (err) {
        for (const [k, c] of cs.entries()) Object.assign(c, snapshot[k]);
        if (!(err instanceof LostClaim)) log.error({ inbox: batch[0]!.row.id, platform: batch[0]!.row.platform, err: err instanceof Error ? err.name : String(err) }, 'inbox: transaction failed');
        if (batch.length === 1) batch[0]!.c.stopped = true; // rolled back: the lease runs out and the event is claimed again
        solo = true; // the batch's events one by one, with the attempts already counted
        batch = pick(1);
        continue;
      }
      for (const id of used) carried.delete(id);
      for (const [id, n] of begun) carried.set(id, n);
      if (used.size) opts.committed?.();
      for (const a of afters) await a.run().catch((err: unknown) => log.warn({ inbox: a.id, err: err instanceof Error ? err.name : String(err) }, 'inbox: after-commit effect failed'));
      batch = next;
    }
  }

  /** One event in the batch's transaction (its effects in a savepoint); true when it failed. */
  async function processOne(tx: Tx, row: InboxRow, owner: string, attempts: number, afters: Array<{ id: number; run: () => Promise<void> }>): Promise<boolean> {
    if (attempts > maxAttempts) {
      await park(tx, row, owner, 'too many attempts (the process may have died while working on it)');
      return false;
    }
    const payload = crypto.open(row.payload);
    if (payload === undefined) {
      await park(tx, row, owner, 'payload cannot be opened (SHOUDAO_SECRET changed?)');
      return false;
    }
    try {
      const done = await tx.savepoint(() => opts.process({ row, payload }, tx));
      if (!(await tx.inbox.complete(row.id, owner, clock.now(), done.result))) throw new LostClaim();
      if (done.afterCommit) afters.push({ id: row.id, run: done.afterCommit });
      return false;
    } catch (err) {
      if (err instanceof LostClaim) throw err;
      const name = err instanceof Error ? err.name : 'error';
      log.warn({ inbox: row.id, platform: row.platform, attempts, err: name }, 'inbox: processing an event failed');
      if (attempts >= maxAttempts) await park(tx, row, owner, `failed ${attempts} times (${name})`);
      else await tx.inbox.fail(row.id, owner, { retryAt: clock.now() + delay(attempts) }, name);
      return true;
    }
  }

  async function park(tx: Tx, row: InboxRow, owner: string, reason: string): Promise<void> {
    if (!(await tx.inbox.fail(row.id, owner, { parked: true }, reason))) throw new LostClaim();
    await opts.parked(tx, row, reason);
    log.error({ inbox: row.id, platform: row.platform, reason }, 'inbox: event parked');
  }

  /** One claim and its processing; the number of events claimed. */
  async function pass(urgentOnly: boolean): Promise<number> {
    const owner = `${instance}:${++claims}`;
    const now = clock.now();
    const lane = urgentOnly ? { limit: 1, perSender: 1, urgentOnly: true } : { limit: batch, perSender };
    const chains = await store.transaction((tx) => tx.inbox.claim(now, { ...lane, owner, leaseUntil: now + leaseMs, ...(opts.platforms ? { platforms: opts.platforms } : {}) }));
    await runClaim(chains, owner);
    return chains.reduce((n, c) => n + c.length, 0);
  }

  async function nextWait(): Promise<number> {
    const at = await store.transaction((tx) => tx.inbox.nextReadyAt()).catch(() => undefined);
    return at === undefined ? idleMs : Math.min(idleMs, Math.max(20, at - clock.now()));
  }

  /** Each loop's sleep; `wake` cuts them all short. */
  const sleepers = new Set<() => void>();
  let wakes = 0;

  const loop = async (urgentOnly = false) => {
    while (!stopped) {
      const seen = wakes;
      let claimed = 0;
      busy += 1;
      try {
        claimed = await pass(urgentOnly);
      } catch (err) {
        log.error({ err: err instanceof Error ? err.name : String(err) }, 'inbox: claiming events failed');
      } finally {
        busy -= 1;
      }
      if (claimed > 0 || wakes !== seen || stopped) continue;
      if (busy === 0) for (const w of idleWaiters.splice(0)) w();
      const wait = await nextWait();
      if (stopped || wakes !== seen) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, wait);
        function done() {
          clearTimeout(timer);
          sleepers.delete(done);
          resolve();
        }
        sleepers.add(done);
      });
    }
  };
  const loops = Array.from({ length: Math.max(1, opts.concurrency ?? 1) }, () => loop());
  if (opts.urgentLane) loops.push(loop(true));

  const wake = () => {
    wakes += 1;
    for (const s of [...sleepers]) s();
  };
  return {
    wake,
    idle() {
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        wake();
      });
    },
    async stop() {
      stopped = true;
      wake();
      await Promise.all(loops);
      for (const w of idleWaiters.splice(0)) w();
    },
  };
}

/** A claimed sender's events and how far the worker got with them. */
interface Chain {
  rows: InboxRow[];
  next: number;
  stopped: boolean;
}
interface Item {
  c: Chain;
  row: InboxRow;
}

/** Our claim on a row was taken over (our lease expired): roll back, leave it to the new owner. */
class LostClaim extends Error {
  constructor() {
    super('inbox claim lost');
    this.name = 'LostClaim';
  }
}

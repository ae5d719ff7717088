/**
 * The durable inbox's working side (issue 9 §2): claims committed events and processes each
 * exactly once, in order per sender, on any instance.
 *
 * A pass claims up to `batch` sender heads (urgent ones first) with up to `perSender` events each,
 * under a lease (`working`, owner, `lease_until`). Then, per event, ONE transaction holds:
 * the event's effects (its use case's state, duties, audit and outbox rows — the reply included),
 * the inbox row marked done (fenced by the owner), and the attempt count of the sender's next
 * event. A crash anywhere rolls that transaction back: the event is processed again from the
 * start by whoever claims it after the lease, and its effects exist once. An event whose
 * processing throws is rolled back to a savepoint and retried later with back-off; its sender's
 * later events wait (order), and after `maxAttempts` it is parked with an alert to the admins
 * (never its text), so it does not block them for ever. An attempt is counted before processing
 * starts, so an event that kills the process also ends parked.
 *
 * After each commit the adapter's `afterCommit` effect runs (a modal for a trigger that lives
 * 3 s) and the dispatcher is woken: the reply goes out at once. Timers are only the worker's
 * sleep between passes (a retry's due time, or `idleMs` to pick up other instances' rows).
 */
import { randomBytes } from 'node:crypto';
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
  let claims = 0;
  let stopped = false;
  const idleWaiters: Array<() => void> = [];
  let busy = 0;

  /** Processes one sender's claimed events in order; stops at the first failure. */
  async function runChain(chain: InboxRow[], owner: string): Promise<void> {
    let attempts: number | undefined = await store.transaction((tx) => tx.inbox.begin(chain[0]!.id, owner));
    for (let i = 0; i < chain.length; i++) {
      const row = chain[i]!;
      if (attempts === undefined) return; // the claim was taken over: leave the rest to its new owner
      const next = chain[i + 1];
      let after: (() => Promise<void>) | undefined;
      let failed = false;
      try {
        attempts = await store.transaction(async (tx) => {
          if (attempts! > maxAttempts) {
            await park(tx, row, owner, 'too many attempts (the process may have died while working on it)');
          } else {
            const payload = crypto.open(row.payload);
            if (payload === undefined) {
              await park(tx, row, owner, 'payload cannot be opened (SHOUDAO_SECRET changed?)');
            } else {
              try {
                const done = await tx.savepoint(() => opts.process({ row, payload }, tx));
                if (!(await tx.inbox.complete(row.id, owner, clock.now(), done.result))) throw new LostClaim();
                after = done.afterCommit;
              } catch (err) {
                if (err instanceof LostClaim) throw err;
                failed = true;
                const name = err instanceof Error ? err.name : 'error';
                log.warn({ inbox: row.id, platform: row.platform, attempts, err: name }, 'inbox: processing an event failed');
                if (attempts! >= maxAttempts) await park(tx, row, owner, `failed ${attempts} times (${name})`);
                else await tx.inbox.fail(row.id, owner, { retryAt: clock.now() + delay(attempts!) }, name);
                await tx.inbox.release(chain.slice(i + 1).map((r) => r.id), owner);
                return undefined;
              }
            }
          }
          return next ? tx.inbox.begin(next.id, owner) : undefined;
        });
      } catch (err) {
        if (!(err instanceof LostClaim)) log.error({ inbox: row.id, platform: row.platform, err: err instanceof Error ? err.name : String(err) }, 'inbox: transaction failed');
        return; // rolled back: the lease runs out and the events are claimed again
      }
      opts.committed?.();
      if (after) await after().catch((err: unknown) => log.warn({ inbox: row.id, err: err instanceof Error ? err.name : String(err) }, 'inbox: after-commit effect failed'));
      if (failed) return;
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
    for (const chain of chains) await runChain(chain, owner);
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

/** Our claim on a row was taken over (our lease expired): roll back, leave it to the new owner. */
class LostClaim extends Error {
  constructor() {
    super('inbox claim lost');
    this.name = 'LostClaim';
  }
}

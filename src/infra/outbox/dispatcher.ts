/**
 * The outbox dispatcher (issue 3): sends committed outbox rows through the adapter of each
 * recipient's platform — in order within each conversation, within each platform's rate limits,
 * with retries, and safely from several instances at once.
 *
 * One pass (`dispatchOnce(now)`):
 * 1. read the conversation heads (the oldest unsent row of each conversation) that are ready;
 * 2. resolve each recipient to a platform address and take a rate-limit token for it — a head
 *    whose bucket is empty waits for a later pass;
 * 3. claim those rows in one short transaction (`sending`, a lease, `attempts + 1`; PostgreSQL
 *    `FOR UPDATE SKIP LOCKED`) and commit, so no lock is held while talking to a platform;
 * 4. send each claimed row outside any transaction; a row taken over from an expired lease is in
 *    doubt, and the sender is first asked whether the platform already has it;
 * 5. record each outcome in its own transaction, fenced by the claim (`complete`): `sent` with the
 *    platform's message id; back to `pending` with `nextAttemptAt` after exponential back-off with
 *    full jitter, or after the platform's `Retry-After` (which also pauses the bucket); or `dead` —
 *    a permanent error, or `maxAttempts` used up — together with a notice to the admins.
 *
 * There are no timers here: the scheduler calls `dispatchOnce` on its tick and after commits, and
 * `nextWakeAt` says when the next pass can do something (see `runLoop` for a loop that sleeps
 * until then). Crash safety and the one duplicate window are explained in ./README.md.
 */
import type { Clock, OutboxRow, Store } from '../../app/ports.js';
import type { RateLimitSpec } from '../../chat/sending.js';
import type { Platform, PersonId } from '../../domain/org.js';
import type { AddressResolver } from './address-resolver.js';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
import { deadNotices } from './dead-letter.js';
import { asSendError, type PlatformAddress, type PlatformSender } from './platform-sender.js';
import { bucketsOf, pausedBy, scrub } from './rate-buckets.js';

/** Where the dispatcher reports; never given message text (it may be confidential). */
export interface DispatchLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** What the dispatcher is built from; only `store`, `senders`, `resolve` and `clock` are required. */
export interface DispatcherOptions {
  store: Store;
  senders: Partial<Record<Platform, PlatformSender>>;
  resolve: AddressResolver;
  clock: Clock;
  /**
   * Each platform's send limits (its adapter's `limits`); a platform without an entry is not
   * limited. The buckets live in the database, shared by every instance (rate-buckets.ts).
   */
  limits?: Partial<Record<Platform, RateLimitSpec>>;
  /** Turns a conversation id into its bucket key (a keyed hash in production; default: as is). */
  hideKey?: (id: string) => string;
  /** Attempts before a retryable failure goes dead (default 8). */
  maxAttempts?: number;
  backoff?: BackoffOptions;
  /** How long a claim lasts before another dispatcher may take the row over (default 2 min). */
  leaseMs?: number;
  /** Heads read per pass (default 200). */
  batchSize?: number;
  /** Sends in flight at once within a pass — each to a different conversation (default 8). */
  concurrency?: number;
  /** Uniform in [0, 1); default Math.random. Injected so tests are repeatable. */
  random?: () => number;
  log?: DispatchLogger;
  /** Who is told about dead messages (`adminRecipients(org)`: the gm_office leaders); a getter follows a reloaded org. */
  admins?: PersonId[] | (() => PersonId[]);
  /** Called after a row went dead (metrics, logs). */
  onDead?: (row: OutboxRow, reason: string) => void;
  /**
   * This process's instance id (src/server/heartbeat.ts), recorded on each claim: if the process
   * is killed, another instance takes its claims over as soon as its heartbeat stops.
   */
  instance?: string;
}

/** What one pass did: rows claimed, and how their attempts ended (`lost`: our lease was taken over). */
export interface DispatchResult {
  claimed: number;
  sent: number;
  failed: number;
  dead: number;
  lost: number;
}

/** A dispatcher bound to one store; see the file comment. */
export interface Dispatcher {
  dispatchOnce(now: number): Promise<DispatchResult>;
  /**
   * When a pass can next send something — the soonest a head is ready and its rate-limit buckets
   * allow it; a time already past means "at once". Undefined when nothing is left to send.
   */
  nextWakeAt(): Promise<number | undefined>;
}

type Target = { ok: true; address: PlatformAddress; sender: PlatformSender } | { ok: false; reason: string };
type Outcome =
  | { kind: 'sent'; messageId: string }
  | { kind: 'retry'; at: number; error: string; inDoubt: boolean; pause?: { until: number; scope: 'conversation' | 'app' } }
  | { kind: 'dead'; reason: string };

const readyAt = (row: OutboxRow): number => (row.status === 'sending' ? (row.leaseUntil ?? 0) : row.nextAttemptAt);
const clip = (text: string): string => text.slice(0, 500);

/** Runs `fn` over `items` with at most `limit` running at once; results in input order. */
async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}

export function createDispatcher(opts: DispatcherOptions): Dispatcher {
  const { store, clock } = opts;
  const maxAttempts = opts.maxAttempts ?? 8;
  const backoff = opts.backoff ?? DEFAULT_BACKOFF;
  const leaseMs = opts.leaseMs ?? 2 * 60_000;
  const batchSize = opts.batchSize ?? 200;
  const concurrency = opts.concurrency ?? 8;
  const random = opts.random ?? Math.random;
  const adminsOpt = opts.admins ?? [];
  const admins = typeof adminsOpt === 'function' ? adminsOpt : () => adminsOpt;
  const limits = opts.limits ?? {};
  const buckets = (address: PlatformAddress) => bucketsOf(limits, address, opts.hideKey);

  /** The address and sender of a row; undefined when resolving failed for now (retried next pass). */
  async function target(row: OutboxRow): Promise<Target | undefined> {
    try {
      const r = await opts.resolve.resolve(row.to);
      if (!r.ok) return r;
      const sender = opts.senders[r.address.platform];
      if (!sender) return { ok: false, reason: `平台 ${r.address.platform} 未启用 — no sender for this platform` };
      return { ok: true, address: r.address, sender };
    } catch (err) {
      opts.log?.error({ id: row.id, key: row.key, err: String(err) }, 'outbox: resolving the recipient failed');
      return undefined;
    }
  }

  async function attempt(row: OutboxRow, t: Target): Promise<Outcome> {
    if (!t.ok) return { kind: 'dead', reason: t.reason };
    let inDoubt = row.inDoubt === true;
    try {
      if (inDoubt && t.sender.wasDelivered) {
        const found = await t.sender.wasDelivered(t.address, row);
        if (found) return { kind: 'sent', messageId: t.address.sealed ? 'sealed' : found.messageId };
        inDoubt = false;
      }
      const sent = await t.sender.send(t.address, row.view, row);
      // A sealed recipient's message id could be joined to the same person's other messages.
      return { kind: 'sent', messageId: t.address.sealed ? 'sealed' : sent.messageId };
    } catch (err) {
      const e = asSendError(err);
      const now = clock.now();
      // An anonymous sender's address never reaches a log line or a stored error (SPEC §2).
      const message = t.address.sealed ? scrub(e.message, t.address) : e.message;
      const pause = e.retryAfterMs !== undefined && e.pause ? { until: now + e.retryAfterMs, scope: e.pause } : undefined;
      if (e.permanent) return { kind: 'dead', reason: message };
      if (row.attempts >= maxAttempts) {
        return { kind: 'dead', reason: `${row.attempts} 次尝试均失败 — gave up after ${row.attempts} attempts: ${message}` };
      }
      const wait = Math.max(e.retryAfterMs ?? 0, backoffDelay(row.attempts, backoff, random));
      return { kind: 'retry', at: now + wait, error: message, inDoubt: inDoubt || e.maybeDelivered, ...(pause ? { pause } : {}) };
    }
  }

  /** Records the outcome (fenced by the claim); a dead row's admin notices commit with it. */
  async function finish(row: OutboxRow, outcome: Outcome, t: Target): Promise<Outcome['kind'] | 'lost'> {
    const now = clock.now();
    const base: OutboxRow = { ...row, leaseUntil: undefined, inDoubt: undefined };
    const next: OutboxRow =
      outcome.kind === 'sent'
        ? { ...base, status: 'sent', sentAt: now, platformMessageId: outcome.messageId }
        : outcome.kind === 'retry'
          ? { ...base, status: 'pending', nextAttemptAt: outcome.at, lastError: clip(outcome.error), inDoubt: outcome.inDoubt || undefined }
          : { ...base, status: 'dead', lastError: clip(outcome.reason) };
    const kept = await store.transaction(async (tx) => {
      if (!(await tx.outbox.complete(next))) return false;
      if (outcome.kind === 'retry' && outcome.pause && t.ok) {
        const held = pausedBy(buckets(t.address), outcome.pause.scope, t.address.platform);
        if (held.length) await tx.rateBuckets.pause(held, outcome.pause.until);
      }
      if (outcome.kind === 'dead') await tx.outbox.enqueue(deadNotices(next, outcome.reason, admins()), now);
      return true;
    });
    const facts = { id: row.id, key: row.key, attempts: row.attempts };
    if (!kept) {
      opts.log?.warn(facts, 'outbox: lease lost to another dispatcher; outcome not recorded');
      return 'lost';
    }
    if (outcome.kind === 'retry') opts.log?.warn({ ...facts, error: outcome.error, retryAt: outcome.at }, 'outbox: send failed, will retry');
    if (outcome.kind === 'dead') {
      opts.log?.error({ ...facts, reason: outcome.reason }, 'outbox: message dead');
      opts.onDead?.(next, outcome.reason);
    }
    return outcome.kind;
  }

  return {
    async dispatchOnce(now) {
      const result: DispatchResult = { claimed: 0, sent: 0, failed: 0, dead: 0, lost: 0 };
      const heads = await store.transaction((tx) => tx.outbox.heads(batchSize, now));
      const plan = new Map<number, Target>();
      for (const row of heads) {
        if (readyAt(row) > now) break; // heads come soonest-ready first
        const t = await target(row);
        if (t) plan.set(row.id, t);
      }
      if (plan.size === 0) return result;
      // Tokens and claims in one transaction: a head whose buckets are empty waits for a later pass.
      const claimed = await store.transaction(async (tx) => {
        const ids = [...plan.keys()];
        const waits = await tx.rateBuckets.take(ids.map((id) => { const t = plan.get(id)!; return t.ok ? buckets(t.address) : []; }), now);
        return tx.outbox.claim(ids.filter((_, i) => waits[i] === 0), now, leaseMs, opts.instance);
      });
      result.claimed = claimed.length;
      const kinds = await mapLimit(claimed, concurrency, async (row) => {
        const t = plan.get(row.id)!;
        return finish(row, await attempt(row, t), t);
      });
      for (const kind of kinds) {
        if (kind === 'sent') result.sent += 1;
        else if (kind === 'retry') result.failed += 1;
        else if (kind === 'dead') result.dead += 1;
        else result.lost += 1;
      }
      return result;
    },

    async nextWakeAt() {
      const heads = await store.transaction((tx) => tx.outbox.heads(batchSize, clock.now()));
      const targets = await Promise.all(heads.map((row) => target(row)));
      const frees = await store.transaction((tx) => tx.rateBuckets.freeAt(targets.map((t) => (t?.ok ? buckets(t.address) : []))));
      let next: number | undefined;
      heads.forEach((row, i) => {
        const at = Math.max(readyAt(row), frees[i] ?? -Infinity);
        next = next === undefined ? at : Math.min(next, at);
      });
      return next;
    },
  };
}

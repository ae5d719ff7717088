/**
 * The outbox dispatcher (issue 3): sends committed outbox rows through the adapter of each
 * recipient's platform — in order within each conversation, within each platform's rate limits,
 * with retries, and safely from several instances at once.
 *
 * One pass (`dispatchOnce(now)`):
 * 1. read the conversation heads (the oldest unsent row of each conversation) that are ready;
 * 2. resolve each recipient to a platform address and take a rate-limit token for it — a head
 *    whose bucket is empty waits for a later pass, deferred (`nextAttemptAt`) until its bucket
 *    allows it, so that the next passes read the heads that can go;
 * 3. claim those rows in one short transaction (`sending`, a lease, `attempts + 1`; PostgreSQL
 *    `FOR UPDATE SKIP LOCKED`) and commit, so no lock is held while talking to a platform;
 * 4. send each claimed row outside any transaction; a row taken over from an expired lease is in
 *    doubt, and the sender is first asked whether the platform already has it. With `lookAheadMs`
 *    (the server's `LOOK_AHEAD_MS`), steps 1–3 also take the heads due, and allowed by their buckets,
 *    within that window — tokens taken at that instant — and a row waits for its instant here;
 * 5. record each outcome, fenced by the claim (`completeMany`), in a group commit — one transaction
 *    for the outcomes that finished while the previous one committed; a sender does not wait for
 *    its outcome's commit unless 4 × `concurrency` outcomes are unrecorded (a crash's in-doubt
 *    rows are capped at that): `sent` with the platform's message id (and the rows behind it to the
 *    same recipient held until its bucket allows the next, so no pass reads them as ready before);
 *    back to `pending` with `nextAttemptAt` after exponential back-off with full jitter, or after
 *    the platform's `Retry-After` (which also pauses the bucket); or `dead` — a permanent error, or
 *    `maxAttempts` used up — together with a notice to the admins.
 *
 * The only timer here is the look-ahead's wait of at most `lookAheadMs` before a send: the scheduler
 * calls `dispatchOnce` on its tick and after commits, and `nextWakeAt` says when the next pass can do
 * something — right after a pass, from what that pass read, without another query (see `runLoop`
 * for a loop that sleeps until then). Crash safety and the one duplicate window are explained in
 * ./README.md.
 */
import type { Clock, OutboxRow, Store, Tx } from '../../app/ports.js';
import type { RateLimitSpec } from '../../chat/sending.js';
import type { Platform, PersonId } from '../../domain/org.js';
import type { AddressResolver } from './address-resolver.js';
import { DEFAULT_DELIVERY_RETRY } from '../../domain/policy.js';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
import { deadNotices } from './dead-letter.js';
import { asSendError, type PlatformAddress, type PlatformSender } from './platform-sender.js';
import { bucketsOf, conversationFreeAfter, pausedBy, scrub } from './rate-buckets.js';

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
  /** Attempts before a retryable failure goes dead (default: the policy's built-in 20, `DEFAULT_DELIVERY_RETRY`). */
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
   * What a dead message leaves undone, in the transaction that marks it dead (the server passes
   * `settleUndeliveredNotices`: a notice that never arrived is not owed), so the row's end and its
   * consequences commit together.
   */
  undelivered?: (tx: Tx, dead: OutboxRow[], now: number) => Promise<void>;
  /**
   * This process's instance id (src/server/heartbeat.ts), recorded on each claim: if the process
   * is killed, another instance takes its claims over as soon as its heartbeat stops.
   */
  instance?: string;
  /**
   * How far a pass looks ahead (ms; default 0, the server uses `LOOK_AHEAD_MS`): a head due, and
   * whose buckets allow it, within this window is claimed now and sent at that instant, instead of
   * waiting for a pass that starts after it. Needs a clock that moves by itself.
   */
  lookAheadMs?: number;
  /** Waits `ms` before a send the pass looked ahead to (default a timer). */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * The server's look-ahead. Without it, each message to a rate-limited conversation went out some
 * 20–70 ms after its bucket allowed it (the rest of the running pass, then the next one's reads and
 * claim), and because a bucket counts from when a message went out, that lag added up message by
 * message: PostgreSQL kept 0.88–0.90 of the limits (issue 14). A pass now lasts up to this much
 * longer when rate limits hold a backlog, so a message committed meanwhile may wait as long.
 */
export const LOOK_AHEAD_MS = 50;

/**
 * What one pass did: rows claimed, and how their attempts ended (`lost`: our lease was taken
 * over); `deferred`: heads put back until their rate-limit buckets allow them.
 */
export interface DispatchResult {
  claimed: number;
  deferred?: number;
  sent: number;
  failed: number;
  dead: number;
  lost: number;
}

/**
 * Told once a pass has claimed its rows, before it sends them: `more` when it read a full batch of
 * heads, so more may be ready — a loop may then start the next pass while this one sends.
 */
export type OnClaimed = (pass: { claimed: number; more: boolean }) => void;

/** A dispatcher bound to one store; see the file comment. */
export interface Dispatcher {
  dispatchOnce(now: number, onClaimed?: OnClaimed): Promise<DispatchResult>;
  /**
   * When a pass can next send something — the soonest a head is ready and its rate-limit buckets
   * allow it, less the look-ahead; a time already past means "at once". Undefined when nothing is
   * left to send.
   */
  nextWakeAt(): Promise<number | undefined>;
}

type Target = { ok: true; address: PlatformAddress; sender: PlatformSender } | { ok: false; reason: string };
type Outcome =
  | { kind: 'sent'; messageId: string; startedAt: number }
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
  const maxAttempts = opts.maxAttempts ?? DEFAULT_DELIVERY_RETRY.maxAttempts;
  const backoff = opts.backoff ?? DEFAULT_BACKOFF;
  const leaseMs = opts.leaseMs ?? 2 * 60_000;
  const batchSize = opts.batchSize ?? 200;
  const concurrency = opts.concurrency ?? 8;
  const random = opts.random ?? Math.random;
  const adminsOpt = opts.admins ?? [];
  const admins = typeof adminsOpt === 'function' ? adminsOpt : () => adminsOpt;
  const limits = opts.limits ?? {};
  const buckets = (address: PlatformAddress) => bucketsOf(limits, address, opts.hideKey);
  const ahead = Math.max(0, opts.lookAheadMs ?? 0);
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  /** Until `at` by the clock; a few timer turns at most, so a clock that does not move cannot hold a pass. */
  const waitUntil = async (at: number) => {
    for (let turn = 0; turn < 3 && clock.now() < at; turn += 1) await sleep(Math.min(ahead, at - clock.now()));
  };

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
        if (found) return { kind: 'sent', messageId: t.address.sealed ? 'sealed' : found.messageId, startedAt: -Infinity };
        inDoubt = false;
      }
      const startedAt = clock.now();
      const sent = await t.sender.send(t.address, row.view, row);
      // A sealed recipient's message id could be joined to the same person's other messages.
      return { kind: 'sent', messageId: t.address.sealed ? 'sealed' : sent.messageId, startedAt };
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

  /** The row as its outcome leaves it. */
  function outcomeRow(row: OutboxRow, outcome: Outcome, now: number): OutboxRow {
    const base: OutboxRow = { ...row, leaseUntil: undefined, inDoubt: undefined };
    return outcome.kind === 'sent'
      ? { ...base, status: 'sent', sentAt: now, platformMessageId: outcome.messageId }
      : outcome.kind === 'retry'
        ? { ...base, status: 'pending', nextAttemptAt: outcome.at, lastError: clip(outcome.error), inDoubt: outcome.inDoubt || undefined }
        : { ...base, status: 'dead', lastError: clip(outcome.reason) };
  }

  /**
   * Records a group of outcomes in one transaction, each fenced by its claim; a dead row's admin
   * notices and a pause commit with it. Returns each one's kind, or `lost` when another dispatcher
   * took the row over.
   */
  async function finishGroup(group: Array<{ row: OutboxRow; outcome: Outcome; t: Target }>): Promise<Array<Outcome['kind'] | 'lost'>> {
    const now = clock.now();
    const nexts = group.map(({ row, outcome }) => outcomeRow(row, outcome, now));
    const kept = await store.transaction(async (tx) => {
      const ok = await tx.outbox.completeMany(nexts);
      // A token was taken at its pass's start, the message went out a little later: its buckets
      // count from when it went out, so the platform never sees two sends closer than the limit.
      const sentAt = group.flatMap(({ row, outcome, t }, i) =>
        ok[i] && outcome.kind === 'sent' && t.ok && outcome.startedAt > -Infinity ? [{ row, platform: t.address.platform, buckets: buckets(t.address), at: outcome.startedAt }] : [],
      );
      await tx.rateBuckets.restamp(sentAt);
      // The next rows to the same recipient wait for the bucket this send emptied, so that the next
      // pass does not read each of them as a ready head only to find the bucket empty and defer it.
      await tx.outbox.holdBehind(sentAt.flatMap(({ row, platform, buckets: b, at }) => {
        const until = conversationFreeAfter(b, platform, at);
        return until !== undefined && until > now ? [{ id: row.id, until }] : [];
      }));
      for (const [i, { outcome, t }] of group.entries()) {
        if (!ok[i]) continue;
        if (outcome.kind === 'retry' && outcome.pause && t.ok) {
          const held = pausedBy(buckets(t.address), outcome.pause.scope, t.address.platform);
          if (held.length) await tx.rateBuckets.pause(held, outcome.pause.until);
        }
        if (outcome.kind === 'dead') await tx.outbox.enqueue(deadNotices(nexts[i]!, outcome.reason, admins()), now);
      }
      const dead = nexts.filter((row, i) => ok[i] && row.status === 'dead');
      if (dead.length && opts.undelivered) await opts.undelivered(tx, dead, now);
      return ok;
    });
    return group.map(({ row, outcome }, i) => {
      const facts = { id: row.id, key: row.key, attempts: row.attempts };
      if (!kept[i]) {
        opts.log?.warn(facts, 'outbox: lease lost to another dispatcher; outcome not recorded');
        return 'lost';
      }
      if (outcome.kind === 'retry') opts.log?.warn({ ...facts, error: outcome.error, retryAt: outcome.at }, 'outbox: send failed, will retry');
      if (outcome.kind === 'dead') {
        opts.log?.error({ ...facts, reason: outcome.reason }, 'outbox: message dead');
        opts.onDead?.(nexts[i]!, outcome.reason);
      }
      return outcome.kind;
    });
  }

  /**
   * Outcomes waiting to be recorded, and the commit recording them: each finished send joins the
   * queue, and one transaction records everything queued (a group commit), so a pass of 200 sends
   * costs a few commits, not 200, and an outcome waits no longer than one commit for its record.
   */
  type Pending = { row: OutboxRow; outcome: Outcome; t: Target; done: (kind: Outcome['kind'] | 'lost') => void; fail: (err: unknown) => void };
  let queue: Pending[] = [];
  let committing = false;
  async function commitQueued(): Promise<void> {
    committing = true;
    try {
      while (queue.length) {
        const group = queue;
        queue = [];
        try {
          const kinds = await finishGroup(group);
          group.forEach((p, i) => p.done(kinds[i]!));
        } catch (err) {
          for (const p of group) p.fail(err);
        }
      }
    } finally {
      committing = false;
    }
  }
  /** Outcomes sent but not yet recorded: a crash leaves these in doubt, so they are capped. */
  let unrecorded = 0;
  const maxUnrecorded = 4 * concurrency;
  const record = (row: OutboxRow, outcome: Outcome, t: Target) => {
    unrecorded += 1;
    return new Promise<Outcome['kind'] | 'lost'>((done, fail) => {
      queue.push({ row, outcome, t, done, fail });
      if (!committing) void commitQueued();
    }).finally(() => {
      unrecorded -= 1;
    });
  };

  /** A pass that looks ahead starts that much before a head is ready, so it is claimed by then. */
  const early = (at: number | undefined) => (at === undefined ? undefined : at - ahead);
  /** When the last pass says the next can do something; consumed by `nextWakeAt`. */
  let wakeFromPass: { at: number | undefined } | undefined;

  return {
    async dispatchOnce(now, onClaimed) {
      const result: DispatchResult = { claimed: 0, sent: 0, failed: 0, dead: 0, lost: 0 };
      let wake: number | undefined;
      const soon = (at: number) => {
        wake = wake === undefined ? at : Math.min(wake, at);
      };
      const horizon = now + ahead;
      const heads = await store.transaction((tx) => tx.outbox.heads(batchSize, horizon));
      // Heads come soonest-ready first, up to the first that is not ready: those this pass did not
      // read are ready no sooner than its last.
      if (heads.length === batchSize) soon(readyAt(heads[heads.length - 1]!));
      const plan = new Map<number, Target>();
      for (const row of heads) {
        if (readyAt(row) > horizon) {
          soon(readyAt(row));
          break;
        }
        // A lease is taken over only once it has run out, not ahead of time.
        if (row.status === 'sending' && readyAt(row) > now) {
          soon(readyAt(row));
          continue;
        }
        const t = await target(row);
        if (t) plan.set(row.id, t);
        else soon(readyAt(row));
      }
      wakeFromPass = { at: early(wake) };
      if (plan.size === 0) {
        onClaimed?.({ claimed: 0, more: false });
        return result;
      }
      // Tokens and claims in one transaction: a head whose buckets are empty within the look-ahead
      // window waits for a later pass, and is deferred until its buckets allow it, so the next
      // passes read the heads that can go instead of the same blocked ones; the others are sent at
      // the instant they are due and their buckets allow them (`sendAt`).
      const sendAt = new Map<number, number>();
      const claimed = await store.transaction(async (tx) => {
        const ids = [...plan.keys()];
        const dueAt = new Map(heads.map((row) => [row.id, readyAt(row)]));
        const waits = await tx.rateBuckets.take(
          ids.map((id) => { const t = plan.get(id)!; return t.ok ? buckets(t.address) : []; }),
          now,
          { ms: ahead, notBefore: ids.map((id) => dueAt.get(id) ?? now) },
        );
        const blocked = ids.flatMap((id, i) => (waits[i]! > ahead ? [{ id, until: now + waits[i]! }] : []));
        for (const b of blocked) soon(b.until);
        await tx.outbox.defer(blocked);
        result.deferred = blocked.length;
        ids.forEach((id, i) => {
          if (waits[i]! <= ahead) sendAt.set(id, now + waits[i]!);
        });
        return tx.outbox.claim([...sendAt.keys()], now, leaseMs, opts.instance, horizon);
      });
      claimed.sort((a, b) => sendAt.get(a.id)! - sendAt.get(b.id)! || a.id - b.id);
      result.claimed = claimed.length;
      // The claimed conversations' next rows are heads now, not yet checked against their buckets.
      if (claimed.length) soon(now);
      wakeFromPass = { at: early(wake) };
      onClaimed?.({ claimed: claimed.length, more: claimed.length > 0 && heads.length === batchSize });
      // A sender goes on to its next row while its outcome waits for the group commit, unless
      // `maxUnrecorded` outcomes are waiting already (they are what a crash would leave in doubt).
      const records = await mapLimit(claimed, concurrency, async (row) => {
        const t = plan.get(row.id)!;
        await waitUntil(sendAt.get(row.id)!);
        const recorded = record(row, await attempt(row, t), t);
        // Handled here too, so a failed commit is not an unhandled rejection before it is awaited below.
        recorded.catch(() => undefined);
        if (unrecorded > maxUnrecorded) await recorded;
        return { recorded };
      });
      const kinds = await Promise.all(records.map((r) => r.recorded));
      for (const kind of kinds) {
        if (kind === 'sent') result.sent += 1;
        else if (kind === 'retry') result.failed += 1;
        else if (kind === 'dead') result.dead += 1;
        else result.lost += 1;
      }
      return result;
    },

    async nextWakeAt() {
      // Right after a pass, its own reading answers; otherwise (no pass yet, or asked twice) the store.
      const fromPass = wakeFromPass;
      wakeFromPass = undefined;
      if (fromPass) return fromPass.at;
      const heads = await store.transaction((tx) => tx.outbox.heads(batchSize));
      const targets = await Promise.all(heads.map((row) => target(row)));
      const frees = await store.transaction((tx) => tx.rateBuckets.freeAt(targets.map((t) => (t?.ok ? buckets(t.address) : []))));
      let next: number | undefined;
      heads.forEach((row, i) => {
        const at = Math.max(readyAt(row), frees[i] ?? -Infinity);
        next = next === undefined ? at : Math.min(next, at);
      });
      return early(next);
    },
  };
}

/**
 * An optional dispatch loop for a long-running process: a pass, then a sleep until the dispatcher's
 * `nextWakeAt` (a retry's or a rate limit's wait — the only use of a timer, ARCHITECTURE rule 3),
 * at most `idleMs` so rows committed by other instances are picked up too. `wake()` cuts the sleep
 * short (call it after a commit that enqueued messages).
 *
 * While a backlog lasts, a pass that claimed a full batch lets the next pass read and claim while
 * it sends and records: at most two passes at once, the next waits for the older one to finish,
 * and once the older one has, another pass follows at once (what it sent changed the heads).
 * On PostgreSQL a pass's reads and claim were about a third of its time (measured: 15–20 and 40–55
 * ms of ~175 ms for 200 heads), with no send going out meanwhile, and one slow pass held up every
 * conversation behind it (issue 14; the README has the side-by-side runs). The two passes never
 * hold the same conversation — a conversation whose row is being sent has no head — and they share
 * the rate buckets and the claims through the database, exactly as two instances do.
 */
import type { Clock } from '../../app/ports.js';
import type { DispatchLogger, Dispatcher } from './dispatcher.js';

/** A running loop; `stop` resolves once the passes running have finished. */
export interface RunLoop {
  wake(): void;
  stop(): Promise<void>;
}

export function runLoop(dispatcher: Dispatcher, clock: Clock, opts: { idleMs?: number; log?: DispatchLogger } = {}): RunLoop {
  const idleMs = opts.idleMs ?? 5_000;
  let stopped = false;
  /** Set by `wake`; a wake that arrives during a pass makes the next pass start at once. */
  let woken = false;
  let timer: NodeJS.Timeout | undefined;
  let resolveSleep: (() => void) | undefined;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      resolveSleep = resolve;
      timer = setTimeout(resolve, ms);
    });

  const failed = (err: unknown) => opts.log?.error({ err: String(err) }, 'outbox: dispatch pass failed');
  /** The pass still sending while the next one reads and claims. */
  let sending: Promise<void> | undefined;
  const done = (async () => {
    while (!stopped) {
      woken = false;
      let wait = idleMs;
      try {
        let more!: () => void;
        const claimedFull = new Promise<'more'>((resolve) => (more = () => resolve('more')));
        const running = dispatcher.dispatchOnce(clock.now(), (c) => {
          if (c.more) more();
        });
        const first = await Promise.race([running, claimedFull]);
        if (first === 'more') {
          await sending;
          sending = running.then(() => undefined, failed);
          continue;
        }
        if (sending) {
          // The older pass sent while this one read: its conversations' next rows are heads this
          // pass did not see, so its reading (and its wake time) is stale — the next pass follows at once.
          await sending;
          sending = undefined;
          continue;
        }
        const pass = first;
        const next = await dispatcher.nextWakeAt();
        // A due head that the pass could not take (say, locked by another instance) must not spin;
        // a pass that sent or deferred heads changed what the next one reads, so it follows at once.
        const floor = pass.claimed > 0 || (pass.deferred ?? 0) > 0 ? 0 : 50;
        if (next !== undefined) wait = Math.min(idleMs, Math.max(floor, next - clock.now()));
      } catch (err) {
        failed(err);
      }
      if (!stopped && !woken) await sleep(wait);
    }
    await sending;
  })();

  const wake = () => {
    woken = true;
    if (timer) clearTimeout(timer);
    resolveSleep?.();
  };
  return {
    wake,
    async stop() {
      stopped = true;
      wake();
      await done;
    },
  };
}

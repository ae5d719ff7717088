/**
 * An optional dispatch loop for a long-running process: a pass, then a sleep until the dispatcher's
 * `nextWakeAt` (a retry's or a rate limit's wait — the only use of a timer, ARCHITECTURE rule 3),
 * at most `idleMs` so rows committed by other instances are picked up too. `wake()` cuts the sleep
 * short (call it after a commit that enqueued messages). Passes never overlap.
 */
import type { Clock } from '../../app/ports.js';
import type { DispatchLogger, Dispatcher } from './dispatcher.js';

/** A running loop; `stop` resolves once the current pass has finished. */
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

  const done = (async () => {
    while (!stopped) {
      woken = false;
      let wait = idleMs;
      try {
        const pass = await dispatcher.dispatchOnce(clock.now());
        const next = await dispatcher.nextWakeAt();
        // A due head that the pass could not take (say, locked by another instance) must not spin;
        // a pass that sent or deferred heads changed what the next one reads, so it follows at once.
        const floor = pass.claimed > 0 || (pass.deferred ?? 0) > 0 ? 0 : 50;
        if (next !== undefined) wait = Math.min(idleMs, Math.max(floor, next - clock.now()));
      } catch (err) {
        opts.log?.error({ err: String(err) }, 'outbox: dispatch pass failed');
      }
      if (!stopped && !woken) await sleep(wait);
    }
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

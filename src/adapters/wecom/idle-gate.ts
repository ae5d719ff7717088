/**
 * When a callback's work runs: after the answers. WeCom wants its 200 within 5 s and retries when
 * it gets none, and answering costs tens of microseconds while the work behind a callback (router,
 * database, the reply through the API) costs about a millisecond. So during a burst the event loop
 * should answer first and work in the gaps: a callback's work starts once no callback has arrived
 * for `quietMs` (default 5 ms), or once it has waited `maxDeferMs` (default 1 s) since its callback
 * arrived, whichever comes first. (A flood still has holes of 1–3 ms where its sender is not
 * scheduled; starting a millisecond of work in each would take a tenth of the answering time.
 * Real WeCom traffic, even a burst of replies to one notice, is ms to seconds apart: no wait.) Under sustained load every waiting callback is soon a second old
 * and the work runs back to back, as it would without the gate; it only ever delays work, by at
 * most `maxDeferMs`, never drops or reorders it.
 *
 * Times are real (a monotonic clock), not the app's clock: this is about the event loop's load.
 */

export interface IdleGateOptions {
  quietMs?: number;
  maxDeferMs?: number;
  /** Monotonic milliseconds; default `performance.now`. */
  now?: () => number;
}

export const DEFAULT_QUIET_MS = 5;
export const DEFAULT_MAX_DEFER_MS = 1_000;

export class IdleGate {
  private readonly quietMs: number;
  private readonly maxDeferMs: number;
  private readonly now: () => number;
  private last = Number.NEGATIVE_INFINITY;
  private waiters: Array<{ due: number; go: () => void }> = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(opts: IdleGateOptions = {}) {
    this.quietMs = opts.quietMs ?? DEFAULT_QUIET_MS;
    this.maxDeferMs = opts.maxDeferMs ?? DEFAULT_MAX_DEFER_MS;
    this.now = opts.now ?? (() => performance.now());
  }

  /** The current time on the gate's clock (for `ready`'s `arrivedAt`). */
  time(): number {
    return this.now();
  }

  /** Notes that a callback arrived (every POST, answered or refused). */
  arrived(): void {
    this.last = this.now();
  }

  /** Resolves when the work of a callback that arrived at `arrivedAt` (`time()`) may start. */
  ready(arrivedAt: number): Promise<void> {
    const t = this.now();
    const due = arrivedAt + this.maxDeferMs;
    if (t - this.last >= this.quietMs || t >= due) return Promise.resolve();
    return new Promise((go) => {
      this.waiters.push({ due, go });
      this.arm();
    });
  }

  /** Callbacks whose work is waiting for a gap. */
  get waiting(): number {
    return this.waiters.length;
  }

  private arm(): void {
    if (this.timer || this.waiters.length === 0) return;
    let next = this.last + this.quietMs;
    for (const w of this.waiters) next = Math.min(next, w.due);
    this.timer = setTimeout(() => this.fire(), Math.max(0, Math.ceil(next - this.now())));
  }

  private fire(): void {
    this.timer = undefined;
    const t = this.now();
    const quiet = t - this.last >= this.quietMs;
    const go: Array<() => void> = [];
    this.waiters = this.waiters.filter((w) => {
      if (!quiet && t < w.due) return true;
      go.push(w.go);
      return false;
    });
    for (const g of go) g();
    this.arm();
  }
}

/**
 * An async mutex with two lanes: `run(fn)` starts `fn` once nothing else runs; among the waiters,
 * those queued with `{ first: true }` start before the others, each lane in its own arrival order.
 * A running `fn` is never interrupted. Used to serialise SQLite transactions (see `create-store.ts`
 * for why); the first lane is the inbox writer's, so the commit a platform's acknowledgement waits
 * for is not queued behind processing and delivery transactions (issue 9). Processing cannot
 * starve: the writer commits everything waiting as one group, and then the other lane goes on.
 */
export class AsyncMutex {
  private busy = false;
  private readonly lanes: { first: Array<() => void>; normal: Array<() => void> } = { first: [], normal: [] };

  /** Runs `fn` alone; its result or error is passed through, and the next waiter starts after. */
  async run<T>(fn: () => Promise<T>, opts: { first?: boolean } = {}): Promise<T> {
    if (this.busy) await new Promise<void>((resolve) => (opts.first ? this.lanes.first : this.lanes.normal).push(resolve));
    this.busy = true;
    try {
      return await fn();
    } finally {
      const next = this.lanes.first.shift() ?? this.lanes.normal.shift();
      // The lock passes straight to the next waiter (busy stays true), so no newcomer slips in between.
      if (next) next();
      else this.busy = false;
    }
  }
}

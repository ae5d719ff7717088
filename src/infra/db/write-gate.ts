/**
 * The inbox writer's first lane across threads (issue 9): with the processing thread on its own
 * SQLite connection (src/server/processing-thread.ts), the receive thread's inbox commit and the
 * processing thread's transactions take SQLite's one write lock in turn. SQLite has no queue for
 * it — a writer that just committed would usually win the lock again before a waiting one tries —
 * so the receive thread *raises* this gate while it has a commit waiting, and the processing
 * thread's next transaction does not begin until the gate is down again (the one already running
 * finishes first; it is never interrupted). What the platforms wait for is therefore never queued
 * behind processing, and processing only waits for the few milliseconds of a group commit.
 *
 * Two counters on a `SharedArrayBuffer`: commits raised and commits done. The receive thread never
 * blocks (it raises and lowers); the processing thread blocks with `Atomics.wait` only for the
 * commits already waiting when it looks, at most `maxWaitMs` in all, so a receive thread that died
 * with the gate raised cannot hold it for ever.
 */
export class WriteGate {
  /** [0]: commits that raised the gate so far; [1]: those done. Both only grow (wrapping is harmless: compared by difference). */
  private readonly counts: Int32Array;

  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(8)) {
    this.counts = new Int32Array(buffer);
  }

  /** A commit is waiting for the write lock (receive thread). */
  raise(): void {
    Atomics.add(this.counts, 0, 1);
  }

  /** That commit is done (receive thread). */
  lower(): void {
    Atomics.add(this.counts, 1, 1);
    Atomics.notify(this.counts, 1);
  }

  /**
   * Blocks until every commit waiting *now* is done, or `maxWaitMs` passed (processing thread,
   * before BEGIN). Commits raised later do not hold it: under a steady stream of requests
   * processing still takes its turn after each group, and acknowledged work never waits for a lull.
   */
  pass(maxWaitMs = 2_000): void {
    const target = Atomics.load(this.counts, 0);
    const end = Date.now() + maxWaitMs;
    for (let done = Atomics.load(this.counts, 1); target - done > 0; done = Atomics.load(this.counts, 1)) {
      const left = end - Date.now();
      if (left <= 0) return;
      Atomics.wait(this.counts, 1, done, Math.min(left, 50));
    }
  }
}

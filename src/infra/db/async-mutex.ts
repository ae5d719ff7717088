/**
 * A first-come, first-served async mutex: `run(fn)` starts `fn` only after every earlier `run`
 * has settled. Used to serialise SQLite transactions (see `create-store.ts` for why).
 */
export class AsyncMutex {
  private tail: Promise<void> = Promise.resolve();

  /** Runs `fn` alone; its result or error is passed through, and the next caller starts after. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

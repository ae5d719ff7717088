/**
 * Work done after the acknowledgement (issue 5 §1): Slack gets its answer at once and the bot's
 * work runs afterwards, one task at a time per key (a Slack user), so a person's messages are
 * handled in the order they were sent while different people proceed side by side. A task's
 * failure is reported and never stops the queue.
 */

/** Runs tasks serially per key; `idle()` resolves when everything queued so far is done. */
export interface SerialQueue {
  push(key: string, task: () => Promise<void>): void;
  idle(): Promise<void>;
  /** Tasks queued or running. */
  readonly size: number;
}

/** A queue whose failed tasks are passed to `onError`. */
export function createSerialQueue(onError: (err: unknown, key: string) => void): SerialQueue {
  const tails = new Map<string, Promise<void>>();
  const pending = new Set<Promise<void>>();
  return {
    push(key, task) {
      const run = (tails.get(key) ?? Promise.resolve()).then(task).catch((err: unknown) => onError(err, key));
      tails.set(key, run);
      pending.add(run);
      void run.finally(() => {
        pending.delete(run);
        if (tails.get(key) === run) tails.delete(key);
      });
    },
    async idle() {
      while (pending.size) await Promise.all([...pending]);
    },
    get size() {
      return pending.size;
    },
  };
}

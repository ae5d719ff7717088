import { describe, expect, it } from 'vitest';
import { SystemClock } from '../../../src/infra/clock.js';
import type { Dispatcher } from '../../../src/infra/outbox/dispatcher.js';
import { runLoop } from '../../../src/infra/outbox/run-loop.js';

const idle = { claimed: 0, sent: 0, failed: 0, dead: 0, lost: 0 };
const tick = () => new Promise((r) => setTimeout(r, 20));

/**
 * A dispatcher whose first pass claims a full batch and sends until `release()`; every later pass
 * finds nothing, and no wake time is ever known.
 */
function oneFullPass() {
  let release: (() => void) | undefined;
  let passes = 0;
  let sent = false;
  const dispatcher: Dispatcher = {
    async dispatchOnce(_now, onClaimed) {
      passes += 1;
      if (passes > 1) return idle;
      onClaimed?.({ claimed: 200, more: true });
      await new Promise<void>((r) => (release = r));
      sent = true;
      return { ...idle, claimed: 200, sent: 200 };
    },
    async nextWakeAt() {
      return undefined;
    },
  };
  return { dispatcher, release: () => release!(), passes: () => passes, sent: () => sent };
}

describe('runLoop', () => {
  it('runs a pass at once, another when woken — even mid-pass — and stops cleanly', async () => {
    let passes = 0;
    let release: (() => void) | undefined;
    const d: Dispatcher = {
      async dispatchOnce() {
        passes += 1;
        if (passes === 2) await new Promise<void>((r) => (release = r)); // the second pass hangs until released
        return idle;
      },
      async nextWakeAt() {
        return undefined; // nothing to do: sleep idleMs
      },
    };
    const loop = runLoop(d, new SystemClock(), { idleMs: 60_000 });
    await new Promise((r) => setTimeout(r, 20));
    expect(passes).toBe(1);
    loop.wake();
    await new Promise((r) => setTimeout(r, 20));
    expect(passes).toBe(2);
    loop.wake(); // arrives while pass 2 runs
    release!();
    await new Promise((r) => setTimeout(r, 20));
    expect(passes).toBe(3);
    await loop.stop();
    expect(passes).toBe(3);
  });

  it('lets the next pass read and claim while a full pass sends, never more than two at once', async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const release = new Map<number, () => void>();
    let running = 0;
    let most = 0;
    const d: Dispatcher = {
      async dispatchOnce(_now, onClaimed) {
        const n = started.length + 1;
        started.push(n);
        running += 1;
        most = Math.max(most, running);
        // Passes 1–3 claim a full batch, then send until released; later passes find nothing.
        onClaimed?.({ claimed: n <= 3 ? 200 : 0, more: n <= 3 });
        if (n <= 3) await new Promise<void>((r) => release.set(n, r));
        running -= 1;
        finished.push(n);
        return { ...idle, claimed: n <= 3 ? 200 : 0, sent: n <= 3 ? 200 : 0 };
      },
      async nextWakeAt() {
        return undefined;
      },
    };
    const loop = runLoop(d, new SystemClock(), { idleMs: 60_000 });
    await tick();
    expect(started).toEqual([1, 2]); // pass 2 reads and claims while pass 1 sends
    release.get(2)!(); // pass 2 is done first: pass 3 still waits for pass 1
    await tick();
    expect(started).toEqual([1, 2]);
    release.get(1)!();
    await tick();
    // Pass 3 claims a full batch, so pass 4 reads while it sends; pass 4 finds nothing.
    expect(started).toEqual([1, 2, 3, 4]);
    expect(finished).toEqual([2, 1, 4]);
    release.get(3)!();
    await tick();
    // Pass 4 read before pass 3 had sent, so pass 5 reads again; it finds nothing and the loop sleeps.
    expect(started).toEqual([1, 2, 3, 4, 5]);
    await loop.stop();
    expect(started).toEqual([1, 2, 3, 4, 5]);
    expect(finished.sort()).toEqual([1, 2, 3, 4, 5]);
    expect(most).toBe(2);
  });

  it('runs the next pass at once after an older pass finishes sending, whatever the newer one read', async () => {
    // Pass 2 finds nothing (every conversation is in flight in pass 1) and reads no wake time; once
    // pass 1 has sent, its conversations' next rows are heads, so pass 3 must not wait for idleMs.
    const full = oneFullPass();
    const loop = runLoop(full.dispatcher, new SystemClock(), { idleMs: 60_000 });
    await tick();
    expect(full.passes()).toBe(2);
    full.release();
    await tick();
    expect(full.passes()).toBe(3);
    await loop.stop();
  });

  it('waits for a pass still sending before it stops', async () => {
    const full = oneFullPass();
    const loop = runLoop(full.dispatcher, new SystemClock(), { idleMs: 60_000 });
    await tick();
    const stopped = loop.stop();
    let resolved = false;
    void stopped.then(() => (resolved = true));
    await tick();
    expect(resolved).toBe(false);
    full.release();
    await stopped;
    expect(full.sent()).toBe(true);
  });

  it('sleeps until the next wake time, not the idle time', async () => {
    const clock = new SystemClock();
    let passes = 0;
    const d: Dispatcher = {
      async dispatchOnce() {
        passes += 1;
        return { ...idle, claimed: 1 };
      },
      async nextWakeAt() {
        return passes < 3 ? clock.now() + 10 : undefined;
      },
    };
    const loop = runLoop(d, clock, { idleMs: 60_000 });
    await new Promise((r) => setTimeout(r, 150));
    expect(passes).toBe(3);
    await loop.stop();
  });
});

import { describe, expect, it } from 'vitest';
import { SystemClock } from '../../../src/infra/clock.js';
import type { Dispatcher } from '../../../src/infra/outbox/dispatcher.js';
import { runLoop } from '../../../src/infra/outbox/run-loop.js';

const idle = { claimed: 0, sent: 0, failed: 0, dead: 0, lost: 0 };

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

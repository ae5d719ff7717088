/**
 * The SQLite transaction mutex (src/infra/db/async-mutex.ts): one at a time; waiters in arrival
 * order, except that the `first` lane (the inbox writer's commits) starts before the others.
 */
import { describe, expect, it } from 'vitest';
import { AsyncMutex } from '../../../src/infra/db/async-mutex.js';

const tick = () => new Promise((r) => setImmediate(r));

describe('AsyncMutex', () => {
  it('runs one at a time and passes results and errors through', async () => {
    const m = new AsyncMutex();
    let running = 0;
    let most = 0;
    const job = (v: number) => m.run(async () => {
      running += 1;
      most = Math.max(most, running);
      await tick();
      running -= 1;
      if (v === 3) throw new Error('three');
      return v;
    });
    const results = await Promise.allSettled([job(1), job(2), job(3), job(4)]);
    expect(most).toBe(1);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([1, 2, 'three', 4]);
  });

  it('starts first-lane waiters before earlier normal ones, each lane in arrival order, never interrupting the running one', async () => {
    const m = new AsyncMutex();
    const order: string[] = [];
    let release!: () => void;
    const holding = m.run(() => new Promise<void>((r) => (release = () => { order.push('held'); r(); })));
    const all = [
      m.run(async () => void order.push('n1')),
      m.run(async () => void order.push('n2')),
      m.run(async () => void order.push('f1'), { first: true }),
      m.run(async () => void order.push('f2'), { first: true }),
    ];
    await tick();
    expect(order).toEqual([]); // nobody starts while one runs
    release();
    await Promise.all([holding, ...all]);
    expect(order).toEqual(['held', 'f1', 'f2', 'n1', 'n2']);
  });

  it('lets no newcomer slip in between a release and the next waiter', async () => {
    const m = new AsyncMutex();
    const order: string[] = [];
    const a = m.run(async () => {
      await tick();
      order.push('a');
    });
    const b = m.run(async () => void order.push('b'));
    await a; // a released; b was handed the lock before this line runs
    const c = m.run(async () => void order.push('c'), { first: true });
    await Promise.all([b, c]);
    expect(order).toEqual(['a', 'b', 'c']);
  });
});

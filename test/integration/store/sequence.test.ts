/**
 * Gapless form numbers: `nextSequence` under 50 concurrent issuing transactions hands out exactly
 * 1..50, and a transaction that took a number and rolled back leaves no gap.
 */
import { describe, expect, it } from 'vitest';
import { testDialects } from '../../helpers/databases.js';
import { aForm } from './fixtures.js';
import { useStore } from './store-fixture.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const formNumber = (n: number) => `SCB202611${String(n).padStart(3, '0')}`;
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe.each(testDialects())('form numbering on $name', (dialect) => {
  const store = useStore(dialect);

  it('50 concurrent issuing transactions get exactly 1..50: no gap, no duplicate', async () => {
    let active = 0;
    let maxActive = 0;
    const numbers = await Promise.all(
      range(50).map(() =>
        store().transaction(async (tx) => {
          maxActive = Math.max(maxActive, ++active);
          try {
            const n = await tx.forms.nextSequence('SCB', '202611');
            await sleep(1); // hold the counter lock a little, so waiting transactions really queue
            await tx.forms.insert(aForm({ state: 'issued', number: formNumber(n) }));
            return n;
          } finally {
            active--;
          }
        }),
      ),
    );
    expect([...numbers].sort((a, b) => a - b)).toEqual(range(50));
    const stored = (await store().transaction((tx) => tx.forms.list({}))).map((f) => f.number).sort();
    expect(stored).toEqual(range(50).map(formNumber));
    // PostgreSQL ran them concurrently through the pool; SQLite ran them one at a time (the mutex).
    if (dialect.name === 'postgres') expect(maxActive).toBeGreaterThan(1);
    else expect(maxActive).toBe(1);
  });

  it('a transaction that takes a number and throws leaves no gap', async () => {
    const next = () => store().transaction((tx) => tx.forms.nextSequence('SCB', '202611'));
    expect(await next()).toBe(1);
    await expect(
      store().transaction(async (tx) => {
        expect(await tx.forms.nextSequence('SCB', '202611')).toBe(2);
        throw new Error('issue failed');
      }),
    ).rejects.toThrow('issue failed');
    expect(await next()).toBe(2);
    expect(await next()).toBe(3);
  });

  it('counts each department and month separately', async () => {
    await store().transaction(async (tx) => {
      expect(await tx.forms.nextSequence('SCB', '202611')).toBe(1);
      expect(await tx.forms.nextSequence('SCB', '202611')).toBe(2);
      expect(await tx.forms.nextSequence('SCB', '202612')).toBe(1);
      expect(await tx.forms.nextSequence('RXB', '202611')).toBe(1);
    });
  });
});

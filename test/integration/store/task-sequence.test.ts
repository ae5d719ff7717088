/**
 * Gapless task numbers (RW202612-001): concurrent assigning transactions get exactly 1..n, a
 * transaction that took a number and rolled back leaves no gap, and months count separately.
 */
import { describe, expect, it } from 'vitest';
import { taskNumber, type NewTask } from '../../../src/domain/task/task.js';
import { testDialects } from '../../helpers/databases.js';
import { useStore } from './store-fixture.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
const aTask = (): NewTask => ({
  from: 'zhao', text: '盘点', dueAt: 2_000, createdAt: 1_000, state: 'open',
  assignees: [{ person: 'zheng', state: 'working', history: [] }],
});

describe.each(testDialects())('task numbering on $name', (dialect) => {
  const store = useStore(dialect);

  it('20 concurrent transactions get exactly 1..20, stored under their numbers', async () => {
    const numbers = await Promise.all(
      range(20).map(() =>
        store().transaction(async (tx) => {
          const n = await tx.tasks.nextSequence('202612');
          await tx.tasks.insert(aTask(), taskNumber('202612', n));
          return n;
        }),
      ),
    );
    expect([...numbers].sort((a, b) => a - b)).toEqual(range(20));
    const found = await store().transaction((tx) => tx.tasks.byNumber('rw202612-020'));
    expect(found).toMatchObject({ number: 'RW202612-020', from: 'zhao', assignees: [{ person: 'zheng', state: 'working' }] });
  });

  // The store is shared by the file's tests: this one counts November (the first counted December).
  it('a rolled-back transaction leaves no gap; months count separately', async () => {
    const next = (m: string) => store().transaction((tx) => tx.tasks.nextSequence(m));
    expect(await next('202611')).toBe(1);
    await expect(store().transaction(async (tx) => {
      await tx.tasks.nextSequence('202611');
      throw new Error('assign failed');
    })).rejects.toThrow('assign failed');
    expect(await next('202611')).toBe(2);
    expect(await next('202701')).toBe(1);
  });
});

/**
 * The similar-item search's candidates are read once per transaction and kept up to date by the
 * repository (src/infra/db/repositories/candidate-window.ts): whatever the transaction does in
 * between — inserts beyond the limit, an insert rolled back with its savepoint (SQLite then hands
 * its id to the next insert), a category changed, a window that starts later — every answer is
 * the one a fresh read would give, on both dialects; and a batch of intakes reads once.
 */
import { describe, expect, it, vi } from 'vitest';
import type { Tx } from '../../../src/app/ports.js';
import type { FeedbackItem } from '../../../src/domain/feedback/feedback.js';
import { testDialects } from '../../helpers/databases.js';
import { useStore } from './store-fixture.js';

const T0 = Date.parse('2026-11-24T01:00:00Z');
const HOUR = 3_600_000;
let seq = 0;

function anItem(description: string, over: Partial<Omit<FeedbackItem, 'id'>> = {}): Omit<FeedbackItem, 'id'> {
  seq += 1;
  return {
    number: `FK20261124-${String(seq).padStart(3, '0')}`,
    category: 'suggestion',
    state: 'registered',
    priority: 'normal',
    description,
    dept: 'SCB',
    details: {},
    anonymous: false,
    submitter: 'zheng',
    source: { platform: 'console', channel: 'dm' },
    links: [],
    registeredAt: T0,
    responseDueAt: T0 + HOUR,
    reopenCount: 0,
    ...over,
  };
}

/** What a fresh read answers: the latest `limit` items of the window and side, oldest first. */
async function truth(tx: Tx, from: number, anonymous: boolean, limit: number) {
  const all = await tx.feedback.list({ registeredFrom: from, anonymous });
  return all.slice(-limit).map((f) => ({ id: f.id, category: f.category, anonymous: f.anonymous, description: f.description }));
}

const shape = (cs: Array<{ id: number; category: string; anonymous: boolean; description: string }>) =>
  cs.map(({ id, category, anonymous, description }) => ({ id, category, anonymous, description }));

describe.each(testDialects())('similar-item candidates within one transaction on $name', (dialect) => {
  const store = useStore(dialect, ['feedback_item']);

  /** The candidate reads the store runs while `work` does. */
  async function countingReads<T>(work: () => Promise<T>): Promise<{ result: T; reads: number }> {
    const runner = store().dataSource.driver.createQueryRunner('master');
    const spy = vi.spyOn(Object.getPrototypeOf(runner) as { query: (...a: unknown[]) => unknown }, 'query');
    try {
      const result = await work();
      const reads = spy.mock.calls.filter((c) => String(c[0]).includes('FROM feedback_item WHERE registered_at >=')).length;
      return { result, reads };
    } finally {
      spy.mockRestore();
      if (dialect.name !== 'sqlite') await runner.release();
    }
  }

  it('answers as a fresh read would through inserts past the limit, a rolled-back insert, a changed category and a later window, and reads once while nothing else changes', async () => {
    await store().transaction(async (tx) => {
      for (const d of ['食堂饭菜太咸', '车间照明不足', '宿舍热水不稳定']) await tx.feedback.insert(anItem(d));
    });
    const { reads } = await countingReads(() =>
      store().transaction(async (tx) => {
        const first = await tx.feedback.similarCandidates(T0 - HOUR, false, 3);
        expect(shape(first)).toEqual(await truth(tx, T0 - HOUR, false, 3));
        // Two inserts beyond the limit of 3: the oldest fall out, the newest come in.
        await tx.feedback.insert(anItem('仓库消防通道堵塞', { registeredAt: T0 + 1000 }));
        await tx.feedback.insert(anItem('停车场标识不清', { registeredAt: T0 + 2000 }));
        expect(shape(await tx.feedback.similarCandidates(T0 - HOUR, false, 3))).toEqual(await truth(tx, T0 - HOUR, false, 3));
        return first;
      }),
    );
    expect(reads).toBe(1);

    await store().transaction(async (tx) => {
      const before = await tx.feedback.similarCandidates(T0 - HOUR, false, 10);
      expect(before.map((c) => c.description)).toEqual(['食堂饭菜太咸', '车间照明不足', '宿舍热水不稳定', '仓库消防通道堵塞', '停车场标识不清']);
      // An insert rolled back with its savepoint: gone from the answer; on SQLite the next insert takes its id.
      let undone = 0;
      await expect(
        tx.savepoint(async () => {
          undone = (await tx.feedback.insert(anItem('会被撤销的反馈', { registeredAt: T0 + 3000 }))).id;
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect(shape(await tx.feedback.similarCandidates(T0 - HOUR, false, 10))).toEqual(await truth(tx, T0 - HOUR, false, 10));
      const next = await tx.feedback.insert(anItem('喷涂线通风太差', { registeredAt: T0 + 4000 }));
      if (dialect.name === 'sqlite') expect(next.id).toBe(undone);
      const after = await tx.feedback.similarCandidates(T0 - HOUR, false, 10);
      expect(after.map((c) => c.description)).not.toContain('会被撤销的反馈');
      expect(shape(after)).toEqual(await truth(tx, T0 - HOUR, false, 10));
      // A category changed by triage.
      await tx.feedback.update({ ...(await tx.feedback.byId(before[0]!.id))!, category: 'complaint' });
      const changed = await tx.feedback.similarCandidates(T0 - HOUR, false, 10);
      expect(changed[0]).toMatchObject({ id: before[0]!.id, category: 'complaint' });
      expect(shape(changed)).toEqual(await truth(tx, T0 - HOUR, false, 10));
      // A window that starts later, kept answer not cut at its limit: filtered.
      expect(shape(await tx.feedback.similarCandidates(T0 + 1500, false, 10))).toEqual(await truth(tx, T0 + 1500, false, 10));
    });

    // A window that starts later when the kept answer was cut at its limit: read again, still right.
    await store().transaction(async (tx) => {
      expect(shape(await tx.feedback.similarCandidates(T0 - HOUR, false, 2))).toEqual(await truth(tx, T0 - HOUR, false, 2));
      expect(shape(await tx.feedback.similarCandidates(T0 + 2500, false, 2))).toEqual(await truth(tx, T0 + 2500, false, 2));
    });
  });

  it('keeps anonymous and named candidates apart', async () => {
    await store().transaction(async (tx) => {
      await tx.feedback.insert(anItem('食堂饭菜太咸'));
      await tx.feedback.insert(anItem('食堂饭菜太油', { anonymous: true, submitter: undefined }));
      const named = await tx.feedback.similarCandidates(T0 - HOUR, false, 10);
      const anonymous = await tx.feedback.similarCandidates(T0 - HOUR, true, 10);
      await tx.feedback.insert(anItem('食堂饭菜偏咸', { anonymous: true, submitter: undefined, registeredAt: T0 + 1 }));
      expect(named.map((c) => c.description)).toEqual(['食堂饭菜太咸']);
      expect(anonymous.map((c) => c.description)).toEqual(['食堂饭菜太油']);
      expect(shape(await tx.feedback.similarCandidates(T0 - HOUR, true, 10))).toEqual(await truth(tx, T0 - HOUR, true, 10));
      expect(shape(await tx.feedback.similarCandidates(T0 - HOUR, false, 10))).toEqual(await truth(tx, T0 - HOUR, false, 10));
    });
  });
});

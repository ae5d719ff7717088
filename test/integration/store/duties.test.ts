/** DutyRepo round-trips and queries on SQLite and PostgreSQL (claiming is in claim-due.test.ts). */
import { describe, expect, it } from 'vitest';
import type { Duty } from '../../../src/domain/duty/duty.js';
import { testDialects } from '../../helpers/databases.js';
import { aDuty, MIN, T0 } from './fixtures.js';
import { useStore } from './store-fixture.js';

describe.each(testDialects())('duties on $name', (dialect) => {
  const store = useStore(dialect);

  it('inserts open with its position as given; absent fields stay absent; reads give the duty without its position', async () => {
    const saved = await store().transaction((tx) => tx.duties.insert({ ...aDuty(), step: 0 }));
    expect(saved).toStrictEqual({ ...aDuty(), id: saved.id, status: 'open', step: 0 });
    expect(await store().transaction((tx) => tx.duties.byId(saved.id))).toStrictEqual({ ...aDuty(), id: saved.id, status: 'open' });

    const withNext = await store().transaction((tx) => tx.duties.insert({ ...aDuty(), step: 2, nextActionAt: T0 + MIN }));
    expect(withNext).toMatchObject({ step: 2, nextActionAt: T0 + MIN });
    expect(await store().transaction((tx) => tx.duties.byId(withNext.id))).toStrictEqual({ ...aDuty(), id: withNext.id, status: 'open' });
    // The position is the queued next step: claimed back as it was inserted.
    expect((await store().transaction((tx) => tx.duties.claimDue(T0 + MIN, 10))).duties).toStrictEqual([withNext]);
  });

  it('updates every field, and clears optional ones', async () => {
    const { step: _step, nextActionAt: _next, ...saved } = await store().transaction((tx) => tx.duties.insert({ ...aDuty(), step: 0, nextActionAt: T0 }));
    const done: Duty = { ...saved, status: 'done', doneAt: T0 + 5 * MIN, violationId: 7 };
    await store().transaction((tx) => tx.duties.update(done));
    expect(await store().transaction((tx) => tx.duties.byId(saved.id))).toStrictEqual(done);
    await expect(store().transaction((tx) => tx.duties.update({ ...done, id: 999_999 }))).rejects.toThrow(/not found/);
  });

  it('inserts many duties at once, in order, past one statement\'s size, each as insert would', async () => {
    const many = Array.from({ length: 1203 }, (_, i) => ({ ...aDuty({ person: `console:p${i}`, dueAt: T0 + i }), step: i % 3, ...(i % 2 ? { nextActionAt: T0 + i } : {}) }));
    const saved = await store().transaction((tx) => tx.duties.insertMany(many));
    expect(saved.map((d) => d.person)).toEqual(many.map((d) => d.person));
    expect(saved.map((d) => d.id)).toEqual([...saved.map((d) => d.id)].sort((a, b) => a - b));
    for (const i of [0, 1, 500, 1202]) {
      expect(saved[i]).toStrictEqual({ ...many[i], id: saved[i]!.id, status: 'open' });
      const { step: _step, nextActionAt: _next, ...duty } = saved[i]!;
      expect(await store().transaction((tx) => tx.duties.byId(saved[i]!.id))).toStrictEqual(duty);
    }
    // One queued next step per duty that has one (the odd ones), at its time and step.
    const claimed = await store().transaction((tx) => tx.duties.claimDue(T0 + 1203, 2000));
    expect(claimed.duties).toStrictEqual(saved.filter((_, i) => i % 2));
  });

  // Two transactions at once: SQLite runs them one after the other, so only PostgreSQL can show it.
  it.skipIf(dialect.name !== 'postgres')('writes only the columns that changed since the transaction read the duty', async () => {
    const saved = await store().transaction((tx) => tx.duties.insert({ ...aDuty(), step: 0, nextActionAt: T0 }));
    let readDone!: () => void;
    const read = new Promise<void>((r) => (readDone = r));
    let otherDone!: () => void;
    const other = new Promise<void>((r) => (otherDone = r));
    const mine = store().transaction(async (tx) => {
      const d = (await tx.duties.byId(saved.id))!;
      readDone();
      await other;
      await tx.duties.update({ ...d, status: 'done', doneAt: T0 });
    });
    await read;
    // Meanwhile another transaction changes the title and commits.
    await store().transaction(async (tx) => tx.duties.update({ ...(await tx.duties.byId(saved.id))!, title: '别人改的标题' }));
    otherDone();
    await mine;
    // A whole-row write would have put the old title back.
    expect(await store().transaction((tx) => tx.duties.byId(saved.id))).toMatchObject({ status: 'done', doneAt: T0, title: '别人改的标题' });
  });

  it('finds open duties by person and by subject; overdue ones by due time', async () => {
    const [a, b, c, d] = await store().transaction(async (tx) => [
      await tx.duties.insert({ ...aDuty({ dueAt: T0 + 20 * MIN }), step: 0 }),
      await tx.duties.insert({ ...aDuty({ dueAt: T0 + 10 * MIN }), step: 0 }),
      await tx.duties.insert({ ...aDuty({ person: 'console:li', subject: { kind: 'form', id: 1, ref: 'SCB202611001' } }), step: 0 }),
      await tx.duties.insert({ ...aDuty({ dueAt: T0 }), step: 0 }),
    ]);
    await store().transaction((tx) => tx.duties.update({ ...d, status: 'done', doneAt: T0 }));
    const ids = (ds: Duty[]) => ds.map((x) => x.id);
    await store().transaction(async (tx) => {
      expect(ids(await tx.duties.openForPerson('console:wang'))).toEqual([b.id, a.id]);
      expect(ids(await tx.duties.openForPerson('console:nobody'))).toEqual([]);
      expect(ids(await tx.duties.openForSubject('notice', 1))).toEqual([a.id, b.id]);
      expect(ids(await tx.duties.openForSubject('form', 1))).toEqual([c.id]);
      expect(ids(await tx.duties.openForSubject('form', 2))).toEqual([]);
      expect(ids(await tx.duties.overdue(T0 + 20 * MIN))).toEqual([b.id]);
      expect(ids(await tx.duties.overdue(T0 + 31 * MIN))).toEqual([b.id, a.id, c.id]);
    });
  });
});

/**
 * The store queries the report jobs use, on SQLite and PostgreSQL: forms by issue range (from
 * inclusive, to exclusive, drafts never), duties and events of many subjects (IN lists longer than
 * one chunk), duties by creation range, and which outbox keys are stored.
 */
import { describe, expect, it } from 'vitest';
import { IN_CHUNK } from '../../../src/infra/db/repositories/chunks.js';
import { testDialects } from '../../helpers/databases.js';
import { aDuty, aForm, MIN, T0 } from './fixtures.js';
import { useStore } from './store-fixture.js';

describe.each(testDialects())('report queries on $name', (dialect) => {
  const store = useStore(dialect);

  it('lists forms issued in [from, to), never drafts', async () => {
    const ids = await store().transaction(async (tx) => {
      const at = [T0 - 1, T0, T0 + 10 * MIN, T0 + 60 * MIN];
      const issued = [];
      for (const [i, t] of at.entries()) issued.push((await tx.forms.insert(aForm({ state: 'issued', number: `SCB2026110${i}`, issuedAt: t }))).id);
      await tx.forms.insert(aForm()); // a draft: no issuedAt
      return issued;
    });
    const found = await store().transaction((tx) => tx.forms.list({ issuedFrom: T0, issuedTo: T0 + 60 * MIN }));
    expect(found.map((f) => f.id)).toEqual([ids[1], ids[2]]);
    expect(await store().transaction((tx) => tx.forms.list({ issuedFrom: T0, issuedTo: T0 + 61 * MIN, states: ['closed'] }))).toEqual([]);
  });

  it('reads the duties and events of more subjects than one IN chunk holds', async () => {
    const n = IN_CHUNK + 3;
    await store().transaction(async (tx) => {
      for (let id = 1; id <= n; id++) {
        await tx.duties.insert({ ...aDuty({ subject: { kind: 'form', id, ref: `F${id}` }, rule: 'liaison_form' }), step: 0 });
        await tx.formEvents.append({ formId: id, at: T0, actor: 'console:zhang', kind: 'issued', text: `e${id}` });
      }
      await tx.duties.insert({ ...aDuty({ subject: { kind: 'notice', id: 1, ref: 'TZ1' } }), step: 0 });
    });
    const ids = [...Array.from({ length: n }, (_, i) => i + 1), 1, 2, 9999]; // duplicates and a miss
    const duties = await store().transaction((tx) => tx.duties.forSubjects('form', ids));
    expect(duties).toHaveLength(n);
    expect(duties.every((d, i) => d.subject.kind === 'form' && (i === 0 || d.id > duties[i - 1]!.id))).toBe(true);
    const events = await store().transaction((tx) => tx.formEvents.forForms(ids));
    expect(events.map((e) => e.text)).toEqual(Array.from({ length: n }, (_, i) => `e${i + 1}`));
    expect(await store().transaction((tx) => tx.duties.forSubjects('form', []))).toEqual([]);
    expect(await store().transaction((tx) => tx.formEvents.forForms([]))).toEqual([]);
  });

  it('lists duties created in [from, to) whatever their status', async () => {
    await store().transaction(async (tx) => {
      for (const t of [T0 - 1, T0, T0 + 5 * MIN, T0 + 10 * MIN]) {
        const d = await tx.duties.insert({ ...aDuty({ createdAt: t, title: String(t - T0) }), step: 0 });
        if (t === T0) await tx.duties.update({ ...d, status: 'done', doneAt: t + MIN });
      }
    });
    const found = await store().transaction((tx) => tx.duties.createdBetween(T0, T0 + 10 * MIN));
    expect(found.map((d) => [d.title, d.status])).toEqual([['0', 'done'], [String(5 * MIN), 'open']]);
  });

  it('lists the duties of some rules due in [from, to), whatever their status', async () => {
    await store().transaction(async (tx) => {
      // Created long before the range (a window across a long holiday) still counts: the due time decides.
      const rows: Array<[dueAt: number, rule: 'superior_notice' | 'liaison_form', status: 'open' | 'done' | 'cancelled']> = [
        [T0 - 1, 'superior_notice', 'open'],
        [T0, 'superior_notice', 'done'],
        [T0 + 5 * MIN, 'liaison_form', 'open'],
        [T0 + 6 * MIN, 'superior_notice', 'cancelled'],
        [T0 + 10 * MIN, 'superior_notice', 'open'],
      ];
      for (const [dueAt, rule, status] of rows) {
        const d = await tx.duties.insert({ ...aDuty({ createdAt: T0 - 60 * 24 * 60 * MIN, dueAt, rule }), step: 0 });
        if (status !== 'open') await tx.duties.update({ ...d, status, ...(status === 'done' ? { doneAt: dueAt } : {}) });
      }
    });
    const due = (rules: Array<'superior_notice' | 'liaison_form'>) => store().transaction((tx) => tx.duties.dueBetween(T0, T0 + 10 * MIN, rules));
    const [done, cancelled, ...rest] = await due(['superior_notice']);
    expect(rest).toEqual([]);
    expect(done).toEqual({ id: done!.id, person: 'console:wang', rule: 'superior_notice', status: 'done', dueAt: T0, doneAt: T0 });
    expect(cancelled).toEqual({ id: cancelled!.id, person: 'console:wang', rule: 'superior_notice', status: 'cancelled', dueAt: T0 + 6 * MIN });
    expect((await due(['superior_notice', 'liaison_form'])).map((d) => d.dueAt - T0)).toEqual([0, 5 * MIN, 6 * MIN]);
    expect(await due([])).toEqual([]);
  });

  it('says which outbox keys are stored, across chunks', async () => {
    const keys = Array.from({ length: IN_CHUNK + 2 }, (_, i) => `digest:2026-11-24:p${i}`);
    await store().transaction((tx) =>
      tx.outbox.enqueue([keys[0]!, keys[IN_CHUNK + 1]!].map((key) => ({ key, to: { kind: 'person', person: 'x' }, view: { lines: ['x'] } })), T0),
    );
    const present = await store().transaction((tx) => tx.outbox.presentKeys([...keys, 'other']));
    expect(present.sort()).toEqual([keys[0], keys[IN_CHUNK + 1]].sort());
    expect(await store().transaction((tx) => tx.outbox.presentKeys([]))).toEqual([]);
  });
});

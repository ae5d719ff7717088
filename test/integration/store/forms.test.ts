/** FormRepo and FormEventRepo round-trips on SQLite and PostgreSQL. */
import { describe, expect, it } from 'vitest';
import type { FormQuery } from '../../../src/app/ports.js';
import type { LiaisonForm } from '../../../src/domain/form/form.js';
import { testDialects } from '../../helpers/databases.js';
import { aForm, aFullForm, MIN, T0 } from './fixtures.js';
import { useStore } from './store-fixture.js';

describe.each(testDialects())('forms on $name', (dialect) => {
  const store = useStore(dialect);

  it('round-trips a form with every optional field absent: absent stays absent, numbers stay numbers', async () => {
    const input = aForm();
    const saved = await store().transaction((tx) => tx.forms.insert(input));
    expect(saved).toStrictEqual({ ...input, id: saved.id });
    const read = await store().transaction((tx) => tx.forms.byId(saved.id));
    expect(read).toStrictEqual(saved);
    expect(Object.keys(read!)).not.toContain('number');
    expect(typeof read!.deadline).toBe('number');
    expect(typeof read!.urgent).toBe('boolean');
  });

  it('round-trips a form with every field set, and update clears fields back to absent', async () => {
    const saved = await store().transaction((tx) => tx.forms.insert(aFullForm()));
    expect(await store().transaction((tx) => tx.forms.byNumber('SCB202611001'))).toStrictEqual(saved);
    expect(await store().transaction((tx) => tx.forms.getForUpdate(saved.id))).toStrictEqual(saved);

    const { changeRequest: _c, result: _r, evaluation: _e, closedAt: _x, ...rest } = saved;
    const cleared: LiaisonForm = { ...rest, state: 'signed', followUps: 3, deadline: T0 + 99 * MIN };
    await store().transaction((tx) => tx.forms.update(cleared));
    expect(await store().transaction((tx) => tx.forms.byId(saved.id))).toStrictEqual(cleared);
  });

  it('misses return undefined; updating a missing form throws', async () => {
    await store().transaction(async (tx) => {
      expect(await tx.forms.byId(999)).toBeUndefined();
      expect(await tx.forms.byNumber('NOPE')).toBeUndefined();
      expect(await tx.forms.getForUpdate(999)).toBeUndefined();
    });
    await expect(store().transaction((tx) => tx.forms.update({ ...aForm(), id: 999 }))).rejects.toThrow(/not found/);
  });

  it('lists by state, departments, issuer and implementer, in id order', async () => {
    const [a, b, c] = await store().transaction(async (tx) => [
      await tx.forms.insert(aForm({ state: 'issued', implementers: ['console:wang'] })),
      await tx.forms.insert(aForm({ state: 'draft', issuingDept: 'RXB', receivingDept: 'SCB', issuer: 'console:li' })),
      await tx.forms.insert(aForm({ state: 'signed', implementers: ['console:li-si', 'console:wang2'] })),
    ]);
    const ids = async (q: FormQuery) =>
      (await store().transaction((tx) => tx.forms.list(q))).map((f) => f.id);
    expect(await ids({})).toEqual([a.id, b.id, c.id]);
    expect(await ids({ states: ['issued', 'signed'] })).toEqual([a.id, c.id]);
    expect(await ids({ states: [] })).toEqual([]);
    expect(await ids({ issuingDept: 'RXB' })).toEqual([b.id]);
    expect(await ids({ receivingDept: 'RXB' })).toEqual([a.id, c.id]);
    expect(await ids({ issuer: 'console:li' })).toEqual([b.id]);
    expect(await ids({ implementer: 'console:wang' })).toEqual([a.id]);
    // `_` is a LIKE wildcard, so the SQL pre-filter matches `li-si` here; the exact check must drop it.
    expect(await ids({ implementer: 'console:li_si' })).toEqual([]);
    expect(await ids({ implementer: 'console:li-si', states: ['signed'] })).toEqual([c.id]);
  });

  it('appends form events and reads them back in order', async () => {
    const form = await store().transaction((tx) => tx.forms.insert(aForm()));
    await store().transaction(async (tx) => {
      const first = await tx.formEvents.append({ formId: form.id, at: T0, actor: 'console:zhang', kind: 'drafted', text: '' });
      expect(first.id).toEqual(expect.any(Number));
      await tx.formEvents.append({ formId: form.id, at: T0 + MIN, actor: 'console:boss', kind: 'approved', text: '同意' });
    });
    const events = await store().transaction((tx) => tx.formEvents.forForm(form.id));
    expect(events.map(({ id: _id, ...e }) => e)).toStrictEqual([
      { formId: form.id, at: T0, actor: 'console:zhang', kind: 'drafted', text: '' },
      { formId: form.id, at: T0 + MIN, actor: 'console:boss', kind: 'approved', text: '同意' },
    ]);
    expect(await store().transaction((tx) => tx.formEvents.forForm(form.id + 1))).toEqual([]);
  });
});

/**
 * `Store.transaction` is one real database transaction: everything a throwing callback wrote is
 * gone, concurrent callers never share a transaction, and transactions do not nest. `Tx.savepoint`
 * undoes only its own work when that throws, at any depth, and the transaction goes on.
 */
import { describe, expect, it } from 'vitest';
import type { Tx } from '../../../src/app/ports.js';
import { testDialects } from '../../helpers/databases.js';
import { aDuty, aForm, aFullForm, aNotice, T0 } from './fixtures.js';
import { useStore } from './store-fixture.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(testDialects())('transactions on $name', (dialect) => {
  const store = useStore(dialect);

  const counts = () =>
    store().transaction(async (tx) => ({
      forms: (await tx.forms.list({})).length,
      duties: (await tx.duties.openForPerson('console:wang')).length,
      audit: (await tx.audit.list({})).length,
      outbox: await tx.outbox.count('pending'),
      dialogue: await tx.dialogues.get('console:wang'),
    }));

  it('a callback that throws leaves nothing behind, and its error comes out unchanged', async () => {
    const boom = new Error('boom');
    let noticeId = 0;
    await expect(
      store().transaction(async (tx) => {
        const form = await tx.forms.insert(aForm());
        await tx.formEvents.append({ formId: form.id, at: T0, actor: 'console:zhang', kind: 'drafted', text: '' });
        await tx.duties.insert({ ...aDuty(), step: 0, nextActionAt: T0 });
        noticeId = (await tx.notices.insert(aNotice())).id;
        await tx.audit.append([{ at: T0, actor: 'console:zhang', action: 'form.draft', entity: 'form', entityId: String(form.id) }]);
        await tx.outbox.enqueue([{ key: 'k1', to: { kind: 'person', person: 'console:wang' }, view: { lines: ['hi'] } }], T0);
        await tx.dialogues.put({ person: 'console:wang', kind: 'x', data: {}, updatedAt: T0 });
        expect((await tx.forms.list({})).length).toBe(1); // visible inside…
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(await counts()).toEqual({ forms: 0, duties: 0, audit: 0, outbox: 0, dialogue: undefined }); // …gone after.
    expect(await store().transaction((tx) => tx.notices.byId(noticeId))).toBeUndefined();
    expect(await store().transaction((tx) => tx.duties.claimDue(T0, 10))).toEqual({ claimed: 0, duties: [] });
  });

  it('a rollback does not take a concurrent transaction down with it', async () => {
    const failing = store().transaction(async (tx) => {
      await tx.forms.insert(aForm({ subject: 'rolled back' }));
      await sleep(20);
      throw new Error('fail');
    });
    const passing = store().transaction(async (tx) => {
      await tx.forms.insert(aForm({ subject: 'kept' }));
      await sleep(5);
    });
    await expect(failing).rejects.toThrow('fail');
    await passing;
    const forms = await store().transaction((tx) => tx.forms.list({}));
    expect(forms.map((f) => f.subject)).toEqual(['kept']);
  });

  it('returns the callback value; a nested transaction is refused', async () => {
    expect(await store().transaction(async () => 42)).toBe(42);
    await expect(store().transaction(() => store().transaction(async () => 1))).rejects.toThrow(/do not nest/);
    // The refusal did not wedge the store (on SQLite the mutex was released).
    expect(await store().transaction(async () => 'ok')).toBe('ok');
  });

  const audit = (tx: Tx, action: string) => tx.audit.append([{ at: T0, actor: 'console:zhang', action, entity: 'form', entityId: '1' }]);
  const actions = () => store().transaction(async (tx) => (await tx.audit.list({})).map((a) => a.action).sort());

  it('a savepoint that throws undoes only its own writes, at any depth; the transaction goes on', async () => {
    const boom = new Error('boom');
    const value = await store().transaction(async (tx) => {
      await audit(tx, 'a.before');
      await expect(
        tx.savepoint(async () => {
          await audit(tx, 'b.undone');
          throw boom;
        }),
      ).rejects.toBe(boom);
      const kept = await tx.savepoint(async () => {
        await audit(tx, 'c.kept');
        // A failed statement inside a nested savepoint (a second form of the same number breaks
        // the unique index): on PostgreSQL it aborts the transaction, which only the rollback to
        // the savepoint repairs.
        await tx.forms.insert(aFullForm());
        await expect(tx.savepoint(() => tx.forms.insert(aFullForm()))).rejects.toThrow(/unique|duplicate/i);
        await expect(
          tx.savepoint(async () => {
            await audit(tx, 'd.undone');
            await tx.savepoint(async () => audit(tx, 'e.undone with its parent'));
            throw new Error('inner');
          }),
        ).rejects.toThrow('inner');
        await audit(tx, 'f.kept');
        return 'inner value';
      });
      await audit(tx, 'g.after');
      return kept;
    });
    expect(value).toBe('inner value');
    expect(await actions()).toEqual(['a.before', 'c.kept', 'f.kept', 'g.after']);
  });

  it('a savepoint that throws still lets its transaction roll back whole', async () => {
    await expect(
      store().transaction(async (tx) => {
        await tx.savepoint(async () => audit(tx, 'a.in savepoint'));
        await audit(tx, 'b.outside');
        throw new Error('all of it');
      }),
    ).rejects.toThrow('all of it');
    expect(await actions()).toEqual([]);
  });
});

/**
 * `Store.transaction` is one real database transaction: everything a throwing callback wrote is
 * gone, concurrent callers never share a transaction, and transactions do not nest.
 */
import { describe, expect, it } from 'vitest';
import { testDialects } from '../../helpers/databases.js';
import { aDuty, aForm, aNotice, T0 } from './fixtures.js';
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
});

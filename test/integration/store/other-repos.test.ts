/** Round-trips for the violation, notice, audit, outbox and dialogue repositories on both dialects. */
import { describe, expect, it } from 'vitest';
import type { OutboxRow } from '../../../src/app/ports.js';
import type { Violation } from '../../../src/domain/duty/violation.js';
import type { OutgoingMessage } from '../../../src/domain/message.js';
import { testDialects } from '../../helpers/databases.js';
import { aNotice, aViolation, MIN, T0 } from './fixtures.js';
import { useStore } from './store-fixture.js';

const msg = (key: string, line = key): OutgoingMessage => ({
  key,
  to: { kind: 'thread', formId: 3, formNumber: 'SCB202611003', person: 'console:wang' },
  view: { title: '联络单', lines: [line], fields: [['期限', '11-05']], buttons: [{ label: '签收', command: '签收 SCB202611003' }] },
});

describe.each(testDialects())('other repositories on $name', (dialect) => {
  const store = useStore(dialect);

  it('violations: insert, read, update (set and clear optional fields), query by person/rule/month', async () => {
    const v = await store().transaction((tx) => tx.violations.insert(aViolation({ fine: 12.5 })));
    expect(await store().transaction((tx) => tx.violations.byId(v.id))).toStrictEqual(v);
    const waived: Violation = { ...v, waived: true, waivedBy: 'console:hr', waiveReason: '系统故障', resolvedAt: T0 + 40 * MIN, lateMs: 600_000 };
    await store().transaction((tx) => tx.violations.update(waived));
    expect(await store().transaction((tx) => tx.violations.byId(v.id))).toStrictEqual(waived);
    await store().transaction((tx) => tx.violations.update(v));
    expect(await store().transaction((tx) => tx.violations.byId(v.id))).toStrictEqual(v);

    await store().transaction(async (tx) => {
      const w = await tx.violations.insert(aViolation({ dutyId: 2, dueAt: T0, tier: 2 }));
      const other = await tx.violations.insert(aViolation({ dutyId: 3, rule: 'missed_call' }));
      const dec = await tx.violations.insert(aViolation({ dutyId: 4, month: '2026-12', person: 'console:li' }));
      await tx.violations.lockTier('console:wang', 'superior_notice', '2026-11');
      const ids = (vs: Violation[]) => vs.map((x) => x.id);
      expect(ids(await tx.violations.forPersonRuleMonth('console:wang', 'superior_notice', '2026-11'))).toEqual([w.id, v.id]);
      expect(ids(await tx.violations.list({ month: '2026-11' }))).toEqual([w.id, v.id, other.id]);
      expect(ids(await tx.violations.list({ person: 'console:li' }))).toEqual([dec.id]);
      expect(ids(await tx.violations.list({}))).toHaveLength(4);
      expect(await tx.violations.byId(999_999)).toBeUndefined();
    });
    // One violation per duty.
    await expect(store().transaction((tx) => tx.violations.insert(aViolation()))).rejects.toThrow();
  });

  it('notices: ref is TZ<id>, found by ref (any case) and id; absent dept stays absent', async () => {
    const n = await store().transaction((tx) => tx.notices.insert(aNotice()));
    expect(n).toStrictEqual({ ...aNotice(), id: n.id, ref: `TZ${n.id}` });
    expect(await store().transaction((tx) => tx.notices.byRef(`TZ${n.id}`))).toStrictEqual(n);
    expect(await store().transaction((tx) => tx.notices.byRef(` tz${n.id} `))).toStrictEqual(n);
    expect(await store().transaction((tx) => tx.notices.byId(n.id))).toStrictEqual(n);
    const inGroup = await store().transaction((tx) => tx.notices.insert(aNotice({ kind: 'email', dept: 'SCB' })));
    expect(await store().transaction((tx) => tx.notices.byId(inGroup.id))).toStrictEqual(inGroup);
    expect(await store().transaction((tx) => tx.notices.byRef('TZ999999'))).toBeUndefined();
  });

  it('audit: appends in order; absent before/after stay absent, JSON null stays null', async () => {
    const entries = [
      { at: T0, actor: 'console:zhang', action: 'form.draft', entity: 'form' as const, entityId: '1', after: { state: 'draft', n: 1 } },
      { at: T0 + 1, actor: 'system', action: 'form.approve', entity: 'form' as const, entityId: '1', before: null, after: 'x' },
      { at: T0 + 2, actor: 'system', action: 'tick', entity: 'system' as const, entityId: '-' },
    ];
    await store().transaction((tx) => tx.audit.append(entries));
    await store().transaction((tx) => tx.audit.append([]));
    const all = await store().transaction((tx) => tx.audit.list({}));
    expect(all).toStrictEqual(entries);
    expect(await store().transaction((tx) => tx.audit.list({ entity: 'form', entityId: '1' }))).toStrictEqual(entries.slice(0, 2));
    expect(await store().transaction((tx) => tx.audit.list({ entityId: '2' }))).toEqual([]);
  });

  it('outbox: enqueue dedupes by key (stored and within a batch); due, update and count', async () => {
    await store().transaction((tx) => tx.outbox.enqueue([msg('a'), msg('b'), msg('a', 'dup in batch')], T0));
    await store().transaction((tx) => tx.outbox.enqueue([msg('b', 'again'), msg('c')], T0 + MIN));
    await store().transaction((tx) => tx.outbox.enqueue([], T0));
    const due = await store().transaction((tx) => tx.outbox.due(T0 + MIN, 10));
    expect(due.map((r) => [r.key, r.view.lines[0]])).toEqual([['a', 'a'], ['b', 'b'], ['c', 'c']]);
    const first = due[0]!;
    expect(first).toStrictEqual({
      id: first.id, key: 'a', to: msg('a').to, view: msg('a').view, createdAt: T0, status: 'pending', attempts: 0, nextAttemptAt: T0,
    });
    expect((await store().transaction((tx) => tx.outbox.due(T0, 10))).map((r) => r.key)).toEqual(['a', 'b']);
    expect(await store().transaction((tx) => tx.outbox.due(T0 + MIN, 1))).toHaveLength(1);

    const sent: OutboxRow = { ...first, status: 'sent', attempts: 1, sentAt: T0 + 2 * MIN, platformMessageId: 'ts.123' };
    const retry: OutboxRow = { ...due[1]!, attempts: 1, nextAttemptAt: T0 + 5 * MIN, lastError: 'HTTP 429' };
    await store().transaction(async (tx) => {
      await tx.outbox.update(sent);
      await tx.outbox.update(retry);
    });
    expect(await store().transaction((tx) => tx.outbox.due(T0 + 4 * MIN, 10))).toStrictEqual([due[2]]);
    expect(await store().transaction((tx) => tx.outbox.due(T0 + 5 * MIN, 10))).toStrictEqual([retry, due[2]]);
    await store().transaction(async (tx) => {
      expect(await tx.outbox.count('pending')).toBe(2);
      expect(await tx.outbox.count('sent')).toBe(1);
      expect(await tx.outbox.count('dead')).toBe(0);
    });
  });

  it('dialogues: put creates and replaces, get, delete (also of nothing)', async () => {
    const d = { person: 'console:wang', kind: 'new_form', data: { step: 2, subject: '盘点', nested: { a: [1, null] } }, updatedAt: T0 };
    await store().transaction((tx) => tx.dialogues.put(d));
    expect(await store().transaction((tx) => tx.dialogues.get('console:wang'))).toStrictEqual(d);
    const d2 = { ...d, data: { step: 3 }, updatedAt: T0 + MIN };
    await store().transaction((tx) => tx.dialogues.put(d2));
    expect(await store().transaction((tx) => tx.dialogues.get('console:wang'))).toStrictEqual(d2);
    await store().transaction((tx) => tx.dialogues.delete('console:wang'));
    await store().transaction((tx) => tx.dialogues.delete('console:wang'));
    expect(await store().transaction((tx) => tx.dialogues.get('console:wang'))).toBeUndefined();
  });
});

/** The outbox repository's claim queries on both dialects: heads, claims, leases, fencing. */
import { describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../../../src/domain/message.js';
import { testDialects } from '../../helpers/databases.js';
import { useStore } from '../store/store-fixture.js';
import { T0 } from './outbox-fixture.js';

const to = (person: string): OutgoingMessage['to'] => ({ kind: 'person', person });
const msg = (key: string, person: string): OutgoingMessage => ({ key, to: to(person), view: { lines: [key] } });

describe.each(testDialects())('outbox claims on $name', (dialect) => {
  const store = useStore(dialect);
  const heads = () => store().transaction((tx) => tx.outbox.heads(100));

  it('only the oldest unsent row of each conversation is a head; a sending row blocks, a dead one does not', async () => {
    await store().transaction((tx) => tx.outbox.enqueue([msg('a1', 'a'), msg('b1', 'b'), msg('a2', 'a'), msg('a3', 'a')], T0));
    expect((await heads()).map((r) => r.key)).toEqual(['a1', 'b1']);
    const first = (await heads())[0]!.id;
    const [a1] = await store().transaction((tx) => tx.outbox.claim([first], T0, 1000));
    expect(a1).toMatchObject({ key: 'a1', status: 'sending', attempts: 1, leaseUntil: T0 + 1000, firstAttemptAt: T0 });
    expect(a1!.inDoubt).toBeUndefined();
    expect((await heads()).map((r) => r.key)).toEqual(['b1', 'a1']); // ready at the lease's end
    // a2 is not a head, so it cannot be claimed even by id.
    const all = await store().transaction((tx) => tx.outbox.due(T0, 10));
    const a2 = all.find((r) => r.key === 'a2')!;
    expect(await store().transaction((tx) => tx.outbox.claim([a2.id], T0, 1000))).toEqual([]);
    expect(await store().transaction((tx) => tx.outbox.complete({ ...a1!, status: 'dead', leaseUntil: undefined }))).toBe(true);
    expect((await heads()).map((r) => r.key)).toEqual(['b1', 'a2']);
  });

  it('a sending row is claimable again only after its lease, and then comes back in doubt', async () => {
    await store().transaction((tx) => tx.outbox.enqueue([msg('x', 'x')], T0));
    const id = (await heads())[0]!.id;
    await store().transaction((tx) => tx.outbox.claim([id], T0, 1000));
    expect(await store().transaction((tx) => tx.outbox.claim([id], T0 + 999, 1000))).toEqual([]);
    const [again] = await store().transaction((tx) => tx.outbox.claim([id], T0 + 1000, 1000));
    expect(again).toMatchObject({ attempts: 2, inDoubt: true, firstAttemptAt: T0, leaseUntil: T0 + 2000 });
    // The first claim (attempts 1) can no longer record an outcome; the second can.
    expect(await store().transaction((tx) => tx.outbox.complete({ ...again!, attempts: 1, status: 'sent' }))).toBe(false);
    expect(await store().transaction((tx) => tx.outbox.complete({ ...again!, status: 'sent', sentAt: T0 + 1500, inDoubt: undefined }))).toBe(true);
    expect(await heads()).toEqual([]);
    expect(await store().transaction((tx) => tx.outbox.count('sent'))).toBe(1);
  });

  it('with readyBy, reads the heads ready by then and the first one that is not, no further', async () => {
    await store().transaction((tx) => tx.outbox.enqueue(['a', 'b', 'c', 'd'].map((p) => msg(p, p)), T0));
    const [a, b, c, d] = await heads();
    // b and d wait for their rate limits (as the dispatcher defers them), c is claimed (ready at its lease's end).
    await store().transaction((tx) => tx.outbox.defer([{ id: b!.id, until: T0 + 5000 }, { id: d!.id, until: T0 + 9000 }]));
    await store().transaction((tx) => tx.outbox.claim([c!.id], T0, 7000));
    expect((await heads()).map((r) => r.key)).toEqual(['a', 'b', 'c', 'd']);
    const readyBy = (t: number) => store().transaction(async (tx) => (await tx.outbox.heads(100, t)).map((r) => r.key));
    expect(await readyBy(T0)).toEqual(['a', 'b']);
    expect(await readyBy(T0 + 5000)).toEqual(['a', 'b', 'c']);
    expect(await readyBy(T0 + 9000)).toEqual(['a', 'b', 'c', 'd']);
    expect(await readyBy(T0 - 1)).toEqual(['a']);
    expect(a!.key).toBe('a');
  });

  it('defer moves a held conversation on as a whole; its later rows never come before the head', async () => {
    await store().transaction((tx) => tx.outbox.enqueue([msg('a1', 'a'), msg('a2', 'a'), msg('a3', 'a'), msg('b1', 'b')], T0));
    const [a1] = await heads();
    await store().transaction((tx) => tx.outbox.defer([{ id: a1!.id, until: T0 + 5000 }]));
    const due = async (t: number) => (await store().transaction((tx) => tx.outbox.due(t, 10))).map((r) => r.key);
    expect(await due(T0)).toEqual(['b1']);
    expect(await due(T0 + 5000)).toEqual(['a1', 'a2', 'a3', 'b1']);
    // Never back: a shorter wait leaves the later one.
    await store().transaction((tx) => tx.outbox.defer([{ id: a1!.id, until: T0 + 1000 }]));
    expect(await due(T0 + 4999)).toEqual(['b1']);
    const readyBy = (t: number) => store().transaction(async (tx) => (await tx.outbox.heads(100, t)).map((r) => r.key));
    expect(await readyBy(T0)).toEqual(['b1', 'a1']);
  });

  it('enqueues thousands of messages in one call (in slices under the parameter limit)', async () => {
    const many = Array.from({ length: 4000 }, (_, i) => msg(`m${i}`, `p${i % 7}`));
    await store().transaction((tx) => tx.outbox.enqueue(many, T0));
    expect(await store().transaction((tx) => tx.outbox.count('pending'))).toBe(4000);
    expect((await store().transaction((tx) => tx.outbox.heads(100))).map((r) => r.key)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6']);
  });
});

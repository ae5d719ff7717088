/**
 * The dispatcher's store calls added for issue 14, on both dialects: rate buckets with a
 * fractional interval (WeCom's daily quota), `restamp` (never lowers a bucket), the outbox's
 * `defer` (never moves a row back) and `completeMany` (fenced by the claim); and for the
 * dispatcher's look-ahead, `take` within a window and `holdBehind` (same recipient only).
 */
import { describe, expect, it } from 'vitest';
import type { BucketUse, OutboxRow } from '../../../src/app/ports.js';
import { testDialects } from '../../helpers/databases.js';
import { T0 } from './fixtures.js';
import { useStore } from './store-fixture.js';

/** WeCom's app bucket for a 100-member account: 20,000 a day after a burst of 833, a fractional interval. */
const daily: BucketUse = { key: 'wecom:app:0', intervalMs: 86_400_000 / (20_000 - 833), burst: 833 };
const conv: BucketUse = { key: 'slack:to:C1', intervalMs: 1000, burst: 1 };

describe.each(testDialects())('rate buckets and outbox deferral on $name', (dialect) => {
  const store = useStore(dialect);

  it('takes tokens from a bucket with a fractional interval and stores whole milliseconds, rounded up', async () => {
    const waits = await store().transaction((tx) => tx.rateBuckets.take([[daily], [daily], [conv], [conv]], T0));
    expect(waits.slice(0, 3)).toEqual([0, 0, 0]);
    expect(waits[3]).toBe(1000);
    const [free] = await store().transaction((tx) => tx.rateBuckets.freeAt([[daily]]));
    // Two tokens of 4,507.7… ms each, rounded up once per take, minus the burst's allowance.
    expect(free).toBe(Math.ceil(Math.ceil(T0 + daily.intervalMs) + daily.intervalMs) - 832 * daily.intervalMs);
  });

  it('restamps a bucket from the send time, and never lowers it', async () => {
    await store().transaction((tx) => tx.rateBuckets.take([[conv]], T0));
    await store().transaction((tx) => tx.rateBuckets.restamp([{ buckets: [conv], at: T0 + 300 }]));
    expect(await store().transaction((tx) => tx.rateBuckets.freeAt([[conv]]))).toEqual([T0 + 1300]);
    await store().transaction((tx) => tx.rateBuckets.restamp([{ buckets: [conv], at: T0 }]));
    expect(await store().transaction((tx) => tx.rateBuckets.freeAt([[conv]]))).toEqual([T0 + 1300]);
  });

  it('defers pending rows without counting an attempt, never back; completes only claims still held', async () => {
    const rows = await store().transaction(async (tx) => {
      await tx.outbox.enqueue([1, 2, 3].map((i) => ({ key: `k${i}`, to: { kind: 'person' as const, person: `console:p${i}` }, view: { lines: [`${i}`] } })), T0);
      return tx.outbox.heads(10);
    });
    const [a, b, c] = rows.map((r) => r.id) as [number, number, number];
    await store().transaction((tx) => tx.outbox.defer([{ id: a, until: T0 + 5000 }, { id: b, until: T0 + 900.2 }]));
    await store().transaction((tx) => tx.outbox.defer([{ id: a, until: T0 + 10 }]));
    const heads = await store().transaction((tx) => tx.outbox.heads(10));
    expect(heads.map((h) => [h.id, h.nextAttemptAt, h.attempts])).toEqual([[c, T0, 0], [b, T0 + 901, 0], [a, T0 + 5000, 0]]);

    const [claimed] = await store().transaction((tx) => tx.outbox.claim([c], T0, 60_000));
    const sent: OutboxRow = { ...claimed!, status: 'sent', sentAt: T0 + 1, platformMessageId: 'm1', leaseUntil: undefined };
    const stale: OutboxRow = { ...sent, id: b };
    expect(await store().transaction((tx) => tx.outbox.completeMany([sent, stale]))).toEqual([true, false]);
    expect(await store().transaction((tx) => tx.outbox.count('sent'))).toBe(1);
    expect(await store().transaction((tx) => tx.outbox.completeMany([sent]))).toEqual([false]);
  });

  it('takes ahead: within the window at the instant the bucket allows (not before notBefore), beyond it not at all', async () => {
    // Buckets outlive a test here (the store is shared), so this one is its own.
    const conv: BucketUse = { key: 'slack:to:C3', intervalMs: 1000, burst: 1 };
    await store().transaction((tx) => tx.rateBuckets.take([[conv]], T0));
    // The bucket allows the next at T0 + 1000: 40 ms after T0 + 960, inside a 50 ms window, so it is taken then.
    expect(await store().transaction((tx) => tx.rateBuckets.take([[conv]], T0 + 960, { ms: 50, notBefore: [T0 + 960] }))).toEqual([40]);
    expect(await store().transaction((tx) => tx.rateBuckets.freeAt([[conv]]))).toEqual([T0 + 2000]);
    // 100 ms away is outside the window: a wait, and the bucket is left as it was.
    expect(await store().transaction((tx) => tx.rateBuckets.take([[conv]], T0 + 1900, { ms: 50, notBefore: [T0 + 1900] }))).toEqual([100]);
    expect(await store().transaction((tx) => tx.rateBuckets.freeAt([[conv]]))).toEqual([T0 + 2000]);
    // A row due later than its bucket allows counts from when it is due.
    const fresh: BucketUse = { key: 'slack:to:C2', intervalMs: 1000, burst: 1 };
    expect(await store().transaction((tx) => tx.rateBuckets.take([[fresh]], T0, { ms: 50, notBefore: [T0 + 30] }))).toEqual([30]);
    expect(await store().transaction((tx) => tx.rateBuckets.freeAt([[fresh]]))).toEqual([T0 + 1030]);
  });

  it('takes ahead from a shared bucket one interval apart, in request order, never two at one instant', async () => {
    const app: BucketUse = { key: 'dingtalk:app:0', intervalMs: 20, burst: 1 };
    const ahead = { ms: 50, notBefore: [T0, T0, T0, T0] };
    expect(await store().transaction((tx) => tx.rateBuckets.take([[app], [app], [app], [app]], T0, ahead))).toEqual([0, 20, 40, 60]);
    // The fourth was outside the window, so it took nothing: the next is free at T0 + 60.
    expect(await store().transaction((tx) => tx.rateBuckets.freeAt([[app]]))).toEqual([T0 + 60]);
  });

  it('holds the rows behind a sent one that go to the same recipient, and leaves another recipient of the conversation alone', async () => {
    const person = { kind: 'person' as const, person: 'console:p1' };
    const reply = { kind: 'reply' as const, platform: 'slack' as const, user: 'U1', person: 'console:p1', replyTo: { channel: 'C9' } };
    const rows = await store().transaction(async (tx) => {
      await tx.outbox.enqueue([
        { key: 'h1', to: person, view: { lines: ['1'] } },
        { key: 'h2', to: person, view: { lines: ['2'] } },
        { key: 'h3', to: reply, view: { lines: ['3'] } },
        { key: 'h4', to: person, view: { lines: ['4'] } },
      ], T0);
      return tx.outbox.heads(10);
    });
    const [first] = await store().transaction((tx) => tx.outbox.claim([rows[0]!.id], T0, 60_000));
    await store().transaction(async (tx) => {
      await tx.outbox.completeMany([{ ...first!, status: 'sent', sentAt: T0, platformMessageId: 'm1', leaseUntil: undefined }]);
      await tx.outbox.holdBehind([{ id: first!.id, until: T0 + 1000 }]);
    });
    const due = await store().transaction((tx) => tx.outbox.heads(10, T0 + 5000));
    expect(due.map((h) => [h.key, h.nextAttemptAt])).toEqual([['h2', T0 + 1000]]);
    const state = await store().transaction(async (tx) => (await tx.outbox.due(T0 + 5000, 10)).map((r) => [r.key, r.nextAttemptAt]));
    expect(state).toEqual([['h2', T0 + 1000], ['h3', T0], ['h4', T0 + 1000]]);
  });
});

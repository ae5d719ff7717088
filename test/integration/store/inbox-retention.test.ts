/**
 * The inbox's retention (issues 9 and 14: nothing grows without bound). A processed event keeps
 * its row — and so its dedupe key — for `INBOX_RETENTION_MS`, longer than any platform redelivers;
 * a parked one for `PARKED_RETENTION_MS`, for an administrator; then the server's housekeeping
 * (`serve.ts`, after each scheduler tick) purges it. Pending and working rows are never purged.
 * Under a steady flow the table therefore holds at most the retention window's worth of events.
 */
import { describe, expect, it } from 'vitest';
import type { NewInboxRow, Store } from '../../../src/app/ports.js';
import { INBOX_RETENTION_MS, PARKED_RETENTION_MS } from '../../../src/server/serve.js';
import { testDialects } from '../../helpers/databases.js';
import { useStore } from './store-fixture.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 11, 1);
const row = (key: string, receivedAt: number): NewInboxRow => ({ platform: 'wecom', dedupeHash: `d:${key}`, orderHash: `o:${key}`, payload: 'sealed', urgent: false, receivedAt });

/** Stores the events, claims them at `now` and finishes each: done, or parked for those named. */
async function receiveAndFinish(store: Store, keys: string[], now: number, parked: string[] = []): Promise<void> {
  await store.transaction(async (tx) => {
    expect(await tx.inbox.insert(keys.map((k) => row(k, now)))).toEqual(keys.map(() => true));
    const claimed = (await tx.inbox.claim(now, { limit: keys.length, perSender: 1, owner: 'w', leaseUntil: now + 30_000 })).flat();
    expect(claimed).toHaveLength(keys.length);
    await tx.inbox.beginMany(claimed.map((r) => r.id), 'w');
    for (const [i, r] of claimed.entries()) {
      const done = parked.includes(keys[i]!) ? await tx.inbox.fail(r.id, 'w', { parked: true }, 'Error') : await tx.inbox.complete(r.id, 'w', now);
      expect(done).toBe(true);
    }
  });
}

describe.each(testDialects())('inbox retention on $name', (dialect) => {
  const store = useStore(dialect);
  const purge = (now: number) => store().transaction((tx) => tx.inbox.purge(now - INBOX_RETENTION_MS, now - PARKED_RETENTION_MS));
  const total = async () => Object.values(await store().transaction((tx) => tx.inbox.counts())).reduce((a, b) => a + b, 0);

  it('purges done rows past the window and parked rows past theirs, never pending or working ones', async () => {
    await receiveAndFinish(store(), ['old-done', 'old-parked'], T0, ['old-parked']);
    await receiveAndFinish(store(), ['new-done', 'new-parked'], T0 + INBOX_RETENTION_MS, ['new-parked']);
    await store().transaction(async (tx) => {
      await tx.inbox.insert([row('pending', T0), row('working', T0)]);
      await tx.inbox.claim(T0, { limit: 1, perSender: 1, owner: 'w', leaseUntil: T0 + 30_000 });
    });
    // Past the old done row's window, within every other row's.
    expect(await purge(T0 + INBOX_RETENTION_MS + 1)).toBe(1);
    expect(await store().transaction((tx) => tx.inbox.counts())).toEqual({ pending: 1, working: 1, done: 1, parked: 2 });
    // Past the old parked row's window too.
    expect(await purge(T0 + PARKED_RETENTION_MS + 1)).toBe(2);
    expect(await store().transaction((tx) => tx.inbox.counts())).toEqual({ pending: 1, working: 1, done: 0, parked: 1 });
    // A dedupe key is kept as long as its row: a redelivery within the window is refused, after it stored anew.
    expect(await store().transaction((tx) => tx.inbox.insert([row('new-parked', T0), row('old-done', T0)]))).toEqual([false, true]);
  });

  it('stays bounded under a steady flow: a week of hourly events, purged every hour as the server does', async () => {
    const perHour = 10;
    const bound = perHour * (INBOX_RETENTION_MS / HOUR + 1);
    // The store is shared by this file's tests: count from what the one before left (pending rows stay).
    const before = await total();
    let most = 0;
    for (let h = 0; h < 7 * 24; h += 1) {
      const now = T0 + h * HOUR;
      await receiveAndFinish(store(), Array.from({ length: perHour }, (_, i) => `h${h}-${i}`), now);
      await purge(now);
      most = Math.max(most, (await total()) - before);
    }
    expect(most).toBeLessThanOrEqual(bound);
    // It does fill the window (the bound is met, not vacuous): two days of events are kept.
    expect(most).toBeGreaterThanOrEqual(perHour * (INBOX_RETENTION_MS / HOUR));
  });
});

/**
 * The inbox worker's batches (issue 9, processing speed): several senders' events share one
 * transaction, each in its own savepoint. On a real database:
 * - every event's effect exists exactly once, in each sender's order, and far fewer transactions
 *   ran than there were events;
 * - an event that fails is rolled back alone: its sender's later events wait (handed back with
 *   their counted attempt taken back), the other senders' events in the same batch commit;
 * - an event tried before is processed in a transaction of its own, so a poison event never uses
 *   up its batch-mates' attempts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Tx } from '../../../src/app/ports.js';
import { createInboxCrypto } from '../../../src/infra/crypto/inbox-crypto.js';
import { openTypeormStore, type TypeormStore } from '../../../src/infra/db/create-store.js';
import { startInboxWorker, type InboxWorker } from '../../../src/infra/inbox/inbox-worker.js';
import { createInboxWriter } from '../../../src/infra/inbox/inbox-writer.js';
import { testDialects, type TestDatabase } from '../../helpers/databases.js';

const SENDERS = 6;
const EACH = 5;
const crypto = createInboxCrypto('batching-test-secret-0123456789');
const silent = { info: () => {}, warn: () => {}, error: () => {} };

describe.each(testDialects())('inbox worker batches on $name', (dialect) => {
  let db: TestDatabase;
  let store: TypeormStore;
  let worker: InboxWorker | undefined;
  let now = 1_000_000;
  const clock = { now: () => now };

  beforeEach(async () => {
    db = await dialect.create();
    store = await openTypeormStore(db.url);
  });
  afterEach(async () => {
    await worker?.stop();
    worker = undefined;
    await store.close();
    await db.drop();
  });

  async function fill(): Promise<void> {
    const writer = createInboxWriter({ store, crypto, clock });
    const all: Array<Promise<unknown>> = [];
    // Interleaved arrival, as a burst from several people arrives.
    for (let n = 0; n < EACH; n++) for (let s = 0; s < SENDERS; s++) all.push(writer.accept({ platform: 'wecom', dedupeKey: `e${s}-${n}`, orderKey: `s${s}`, payload: { s, n } }));
    await Promise.all(all);
    await writer.flushed();
  }

  const effects = async () =>
    store.dataSource.query<Array<{ entity_id: string }>>(`SELECT entity_id FROM audit_log WHERE action = 'test.event' ORDER BY id`);
  const inbox = async () =>
    store.dataSource.query<Array<{ id: number; status: string; attempts: number }>>('SELECT id, status, attempts FROM inbox ORDER BY id');

  it('commits several senders per transaction; a failure rolls back that event alone and holds back only its sender', async () => {
    await fill();
    let failing = true;
    const txOf = new Map<string, Tx>();
    let commits = 0;
    worker = startInboxWorker({
      store, crypto, clock, log: silent, maxBatch: 16, batchBudgetMs: 60_000, idleMs: 50, retryDelayMs: () => 60_000,
      parked: async () => {},
      committed: () => void (commits += 1),
      process: async ({ payload }, tx) => {
        const { s, n } = payload as { s: number; n: number };
        txOf.set(`${s}-${n}`, tx);
        // The effect is written first, so a failure after it must be rolled back by the savepoint.
        await tx.audit.append([{ at: now, actor: 'test', action: 'test.event', entity: 'system', entityId: `${s}-${n}` }]);
        if (failing && s === 0 && n === 0) throw new Error('boom');
        return {};
      },
    });
    await worker.idle();

    const done = (await effects()).map((r) => r.entity_id);
    // Sender 0 stopped at its first event: neither it nor the rest of that sender's are done; everyone else's are.
    const expected = Array.from({ length: SENDERS }, (_, s) => Array.from({ length: EACH }, (_, n) => `${s}-${n}`)).flat().filter((k) => !k.startsWith('0-'));
    expect([...done].sort()).toEqual([...expected].sort());
    expect(new Set(done).size).toBe(done.length);
    for (let s = 0; s < SENDERS; s++) {
      const mine = done.filter((k) => k.startsWith(`${s}-`)).map((k) => Number(k.split('-')[1]));
      expect(mine).toEqual([...mine].sort((a, b) => a - b));
    }
    // Batched: far fewer commits than events, and the failed event shared its transaction with others.
    expect(commits).toBeLessThan(done.length / 3);
    expect([...txOf.entries()].filter(([k, tx]) => k !== '0-0' && tx === txOf.get('0-0')).length).toBeGreaterThan(0);
    const rows = await inbox();
    const pendingRows = rows.filter((r) => r.status === 'pending');
    expect(pendingRows.length).toBe(EACH);
    // The failed event counted one attempt; the events held back behind it none (the one that was
    // already counted for the same batch got its attempt back).
    expect(pendingRows.map((r) => Number(r.attempts)).sort()).toEqual([0, 0, 0, 0, 1]);

    // Its retry is due: it now succeeds, in a transaction of its own, and the sender goes on in order.
    failing = false;
    txOf.clear();
    now += 61_000;
    worker.wake();
    await worker.idle();
    const after = (await effects()).map((r) => r.entity_id);
    expect(after.filter((k) => k.startsWith('0-'))).toEqual(['0-0', '0-1', '0-2', '0-3', '0-4']);
    expect(after.length).toBe(SENDERS * EACH);
    const retried = txOf.get('0-0');
    expect([...txOf.entries()].filter(([k, tx]) => k !== '0-0' && tx === retried)).toEqual([]);
    expect((await inbox()).every((r) => r.status === 'done')).toBe(true);
  });

  it('an event that keeps failing parks after the limit while its batch-mates keep their attempts', async () => {
    await fill();
    const parked: number[] = [];
    worker = startInboxWorker({
      store, crypto, clock, log: silent, maxBatch: 16, batchBudgetMs: 60_000, idleMs: 50, maxAttempts: 3, retryDelayMs: () => 1_000,
      parked: async (_tx, row) => void parked.push(row.id),
      process: async ({ payload }, tx) => {
        const { s, n } = payload as { s: number; n: number };
        await tx.audit.append([{ at: now, actor: 'test', action: 'test.event', entity: 'system', entityId: `${s}-${n}` }]);
        if (s === 4 && n === 0) throw new Error('poison');
        return {};
      },
    });
    for (let round = 0; round < 4; round++) {
      await worker.idle();
      now += 2_000;
      worker.wake();
    }
    await worker.idle();
    expect(parked.length).toBe(1);
    const done = (await effects()).map((r) => r.entity_id);
    expect(new Set(done).size).toBe(done.length);
    expect(done.length).toBe(SENDERS * EACH - 1);
    const rows = await inbox();
    expect(rows.filter((r) => r.status === 'parked').length).toBe(1);
    // Everyone else was processed on the first try.
    expect(rows.filter((r) => r.status === 'done').every((r) => Number(r.attempts) === 1)).toBe(true);
  });
});

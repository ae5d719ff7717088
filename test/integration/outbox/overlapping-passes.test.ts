/**
 * `runLoop` lets the next pass read and claim while a pass that claimed a full batch still sends
 * (issue 14). On both dialects, with a batch of 4 heads and 14 conversations, the passes do
 * overlap, and still every message goes out once, every conversation in order, every row `sent`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../../../src/domain/message.js';
import { VirtualClock } from '../../../src/infra/clock.js';
import { openTypeormStore, type TypeormStore } from '../../../src/infra/db/create-store.js';
import type { Dispatcher } from '../../../src/infra/outbox/dispatcher.js';
import { runLoop } from '../../../src/infra/outbox/run-loop.js';
import { testDialects, type TestDatabase } from '../../helpers/databases.js';
import { FakeSlack } from '../../fakes/fake-slack.js';
import { enqueue, rowsByKey, slackRig, T0 } from './outbox-fixture.js';

const PEOPLE = ['wang', 'chen', 'liu', 'zhao', 'lin', 'han'];
const EACH = 5;

describe.each(testDialects())('overlapping dispatch passes on $name', (dialect) => {
  let db: TestDatabase;
  let store: TypeormStore;
  let fake: FakeSlack;
  const clock = new VirtualClock(T0);
  beforeAll(async () => {
    db = await dialect.create();
    store = await openTypeormStore(db.url);
    fake = await new FakeSlack(() => clock.now()).start();
  });
  afterAll(async () => {
    await fake.stop();
    await store.close();
    await db.drop();
  });

  it('overlaps passes over a backlog and still sends each message once, in order', async () => {
    const messages: OutgoingMessage[] = [];
    for (let r = 0; r < EACH; r++) {
      for (const person of PEOPLE) messages.push({ key: `ov:${person}:${r}`, to: { kind: 'person', person }, view: { lines: [`#${r}`] } });
      for (let formId = 1; formId <= 8; formId++) {
        messages.push({ key: `ov:form${formId}:${r}`, to: { kind: 'thread', formId, formNumber: `F${formId}`, person: 'wang' }, view: { lines: [`#${r}`] } });
      }
    }
    await enqueue(store, messages, T0);
    // No rate limits: the virtual clock stands still, and every head is ready at once.
    const inner = slackRig(store, fake, clock, { limits: {}, batchSize: 4, concurrency: 2 }).dispatcher;
    let running = 0;
    let most = 0;
    const counted: Dispatcher = {
      async dispatchOnce(now, onClaimed) {
        running += 1;
        most = Math.max(most, running);
        try {
          return await inner.dispatchOnce(now, onClaimed);
        } finally {
          running -= 1;
        }
      },
      nextWakeAt: () => inner.nextWakeAt(),
    };
    const errors: string[] = [];
    const loop = runLoop(counted, clock, { idleMs: 50, log: { warn: () => undefined, error: (o) => errors.push(JSON.stringify(o)) } });
    const deadline = Date.now() + 20_000;
    while (fake.messages.length < messages.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await loop.stop();

    expect(errors).toEqual([]);
    expect(most).toBe(2);
    const rows = await rowsByKey(store);
    for (const m of messages) {
      expect(fake.byKey(m.key), m.key).toHaveLength(1);
      expect(rows.get(m.key)?.status, m.key).toBe('sent');
    }
    const byTs = [...fake.messages].sort((p, q) => Number(p.ts) - Number(q.ts));
    for (const prefix of [...PEOPLE, ...Array.from({ length: 8 }, (_, i) => `form${i + 1}`)]) {
      const seqs = byTs.map((m) => String(m.metadata?.event_payload['key'])).filter((k) => k.startsWith(`ov:${prefix}:`)).map((k) => Number(k.split(':')[2]));
      expect(seqs, prefix).toEqual(Array.from({ length: EACH }, (_, i) => i));
    }
  });
});

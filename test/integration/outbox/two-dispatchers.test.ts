/**
 * Two dispatchers — two stores with their own connection pools, as two instances would have — on
 * one PostgreSQL database, passing at the same instants with no rate limit to slow them, never send
 * a row twice: claims use `FOR UPDATE SKIP LOCKED` and commit before sending, outcomes are fenced
 * by the claim, and conversations stay in order across both.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { OutgoingMessage } from '../../../src/domain/message.js';
import { VirtualClock } from '../../../src/infra/clock.js';
import { openTypeormStore, type TypeormStore } from '../../../src/infra/db/create-store.js';
import { createPgDatabase, describeIfPg, type TestDatabase } from '../../helpers/databases.js';
import { FakeSlack } from '../../fakes/fake-slack.js';
import { seededRandom } from '../../fakes/seeded-random.js';
import { CHAOS_MAX_ATTEMPTS, enqueue, rowsByKey, slackRig, T0 } from './outbox-fixture.js';

const PEOPLE = ['wang', 'chen', 'liu', 'zhao', 'lin', 'han'];

describeIfPg('two dispatchers on one PostgreSQL database', () => {
  let db: TestDatabase;
  let a: TypeormStore;
  let b: TypeormStore;
  let fake: FakeSlack;
  const clock = new VirtualClock(T0);
  beforeAll(async () => {
    db = await createPgDatabase();
    a = await openTypeormStore(db.url);
    b = await openTypeormStore(db.url);
    fake = await new FakeSlack(() => clock.now()).start();
  });
  afterAll(async () => {
    await fake.stop();
    await a.close();
    await b.close();
    await db.drop();
  });

  it('never sends a row twice, and keeps every conversation in order', async () => {
    const messages: OutgoingMessage[] = [];
    for (let r = 0; r < 10; r++) {
      for (const person of PEOPLE) messages.push({ key: `two:${person}:${r}`, to: { kind: 'person', person }, view: { lines: [`#${r}`] } });
      for (let formId = 1; formId <= 8; formId++) {
        messages.push({ key: `two:form${formId}:${r}`, to: { kind: 'thread', formId, formNumber: `F${formId}`, person: 'wang' }, view: { lines: [`#${r}`] } });
      }
    }
    await enqueue(a, messages, T0);
    fake.chaos = { rate: 0.2, random: seededRandom(42), retryAfterSec: 1, storeThenFail: 0.3 };
    const opts = { limits: {}, backoff: { baseMs: 1000, capMs: 5000 }, concurrency: 16, maxAttempts: CHAOS_MAX_ATTEMPTS };
    const one = slackRig(a, fake, clock, { ...opts, random: seededRandom(1) }).dispatcher;
    const two = slackRig(b, fake, clock, { ...opts, random: seededRandom(2) }).dispatcher;

    const claimed = { one: 0, two: 0 };
    for (let pass = 0; pass < 2_000; pass++) {
      const [x, y] = await Promise.all([one.dispatchOnce(clock.now()), two.dispatchOnce(clock.now())]);
      claimed.one += x.claimed;
      claimed.two += y.claimed;
      expect(x.lost + y.lost).toBe(0);
      const next = [await one.nextWakeAt(), await two.nextWakeAt()].filter((t): t is number => t !== undefined);
      if (next.length === 0) break;
      clock.set(Math.max(clock.now(), Math.min(...next)));
    }

    expect(claimed.one).toBeGreaterThan(0);
    expect(claimed.two).toBeGreaterThan(0);
    const rows = await rowsByKey(a);
    for (const m of messages) {
      expect(fake.byKey(m.key), m.key).toHaveLength(1);
      expect(rows.get(m.key)?.status).toBe('sent');
    }
    const byTs = [...fake.messages].sort((p, q) => Number(p.ts) - Number(q.ts));
    for (const prefix of [...PEOPLE, ...Array.from({ length: 8 }, (_, i) => `form${i + 1}`)]) {
      const seqs = byTs.map((m) => String(m.metadata?.event_payload['key'])).filter((k) => k.startsWith(`two:${prefix}:`)).map((k) => Number(k.split(':')[2]));
      expect(seqs, prefix).toEqual(Array.from({ length: 10 }, (_, i) => i));
    }
  });
});

/**
 * The dispatcher's look-ahead (issue 14): a head whose bucket allows it within `lookAheadMs` is
 * claimed by the pass that sees it and sent at that instant — not before, and not a pass later —
 * and the rows behind a sent message to the same person wait for its bucket instead of being read
 * as ready heads. The injected `sleep` moves the virtual clock, so nothing here waits for real.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../../../src/domain/message.js';
import { VirtualClock } from '../../../src/infra/clock.js';
import { testDialects } from '../../helpers/databases.js';
import type { FakeSlack } from '../../fakes/fake-slack.js';
import { useStore } from '../store/store-fixture.js';
import { enqueue, rowsByKey, runUntilIdle, slackRig, T0, useFakeSlack } from './outbox-fixture.js';

const to = (person: string) => (i: number): OutgoingMessage => ({ key: `la:${person}:${i}`, to: { kind: 'person', person }, view: { lines: [`第 ${i} 条`] } });

describe.each(testDialects())('outbox look-ahead on $name', (dialect) => {
  const store = useStore(dialect);
  let fake: FakeSlack;
  const clock = new VirtualClock(T0);
  const slack = useFakeSlack(clock);
  beforeEach(() => {
    fake = slack();
  });
  const postedAt = () => fake.calls.filter((c) => c.method === 'chat.postMessage').map((c) => c.at - T0);

  it('sends a held message the moment its bucket allows it, from the pass that looked ahead', async () => {
    await enqueue(store(), [1, 2, 3].map(to('lin')), T0);
    const sleeps: number[] = [];
    const { dispatcher } = slackRig(store(), fake, clock, { lookAheadMs: 50, sleep: async (ms) => { sleeps.push(ms); clock.advance(ms); } });
    expect(await dispatcher.dispatchOnce(clock.now())).toMatchObject({ claimed: 1, sent: 1 });
    // A pass that sent asks for the next at once (the conversations it sent to have new heads).
    expect(await dispatcher.nextWakeAt()).toBeLessThanOrEqual(T0);
    // The rows behind it wait for lin's bucket (one a second), so that pass reads none of them as
    // ready, and says to come back 50 ms before.
    expect((await store().transaction((tx) => tx.outbox.due(T0 + 5000, 10))).map((r) => r.nextAttemptAt - T0)).toEqual([1000, 1000]);
    expect(await dispatcher.dispatchOnce(clock.now())).toMatchObject({ claimed: 0, sent: 0 });
    expect(await dispatcher.nextWakeAt()).toBe(T0 + 1000 - 50);

    clock.set(T0 + 950);
    expect(await dispatcher.dispatchOnce(clock.now())).toMatchObject({ claimed: 1, sent: 1, deferred: 0 });
    expect(sleeps).toEqual([50]);
    expect(postedAt()).toEqual([0, 1000]);

    // 100 ms before the bucket allows the third, it is outside a 50 ms window: not claimed, no sleep.
    clock.set(T0 + 1900);
    expect(await dispatcher.dispatchOnce(clock.now())).toMatchObject({ claimed: 0, sent: 0 });
    expect(sleeps).toEqual([50]);
    await runUntilIdle(dispatcher, clock);
    expect(postedAt()).toEqual([0, 1000, 2000]);
    expect([...(await rowsByKey(store())).values()].map((r) => [r.key, r.status, r.attempts])).toEqual([['la:lin:1', 'sent', 1], ['la:lin:2', 'sent', 1], ['la:lin:3', 'sent', 1]]);
  });

  it('a clock that does not move cannot hold a pass: it sends after a few turns, and the bucket still counts from the instant taken', async () => {
    // zhao, not lin: the rate buckets outlive a test in the shared store.
    await enqueue(store(), [1, 2].map(to('zhao')), T0);
    let turns = 0;
    const { dispatcher } = slackRig(store(), fake, clock, { lookAheadMs: 50, sleep: async () => { turns += 1; } });
    await dispatcher.dispatchOnce(clock.now());
    clock.set(T0 + 980);
    expect(await dispatcher.dispatchOnce(clock.now())).toMatchObject({ claimed: 1, sent: 1 });
    expect(turns).toBe(3);
    expect(await store().transaction((tx) => tx.rateBuckets.freeAt([[{ key: 'slack:to:U0ZHAO', intervalMs: 1000, burst: 1 }]]))).toEqual([T0 + 2000]);
  });
});

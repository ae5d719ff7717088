/**
 * A crash between the platform accepting a message and our commit: the row is left `sending`
 * with a lease that expires. The next dispatcher asks Slack (by the outbox key in the message
 * metadata) before sending again, so a message Slack already has is marked sent without a second
 * post, and one it does not have is sent once. The same holds for a form's thread root, and for a
 * 500 that arrived after Slack stored the message.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { OutboxRow } from '../../../src/app/ports.js';
import type { OutgoingMessage } from '../../../src/domain/message.js';
import { VirtualClock } from '../../../src/infra/clock.js';
import { testDialects } from '../../helpers/databases.js';
import type { FakeSlack } from '../../fakes/fake-slack.js';
import { useStore } from '../store/store-fixture.js';
import { enqueue, rowsByKey, runUntilIdle, slackRig, T0, type SlackRig, useFakeSlack } from './outbox-fixture.js';

const MIN = 60_000;
const LEASE = MIN;
const dm = (key: string, person = 'wang'): OutgoingMessage => ({ key, to: { kind: 'person', person }, view: { lines: [key] } });
const inThread = (key: string, formId = 7): OutgoingMessage => ({
  key,
  to: { kind: 'thread', formId, formNumber: `F${formId}`, person: 'han' },
  view: { lines: [key] },
});

describe.each(testDialects())('outbox crash window on $name', (dialect) => {
  const store = useStore(dialect);
  let fake: FakeSlack;
  let rig: SlackRig;
  const clock = new VirtualClock(T0);
  const slack = useFakeSlack(clock);
  beforeEach(() => {
    fake = slack();
    rig = slackRig(store(), fake, clock, { leaseMs: LEASE });
  });

  /** Enqueues and claims rows at `T0 - 5 min` (a dispatcher that then crashed); the lease ends 4 min before T0. */
  async function claimAndCrash(messages: OutgoingMessage[]): Promise<OutboxRow[]> {
    await enqueue(store(), messages, T0 - 10 * MIN);
    const heads = await store().transaction((tx) => tx.outbox.heads(100));
    const ids = heads.filter((h) => messages.some((m) => m.key === h.key)).map((h) => h.id);
    return store().transaction((tx) => tx.outbox.claim(ids, T0 - 5 * MIN, LEASE));
  }

  const posts = () => fake.calls.filter((c) => c.method === 'chat.postMessage' && c.status === 200);

  it('marks a DM that Slack already has as sent without posting it again', async () => {
    const [row] = await claimAndCrash([dm('crash:dm:delivered')]);
    clock.set(T0 - 5 * MIN);
    const earlier = await rig.sender.send({ platform: 'slack', kind: 'user', id: 'U0WANG' }, row!.view, row!);
    clock.set(T0);
    await runUntilIdle(rig.dispatcher, clock);
    expect(posts()).toHaveLength(1); // the one from before the crash
    expect(fake.byKey('crash:dm:delivered')).toHaveLength(1);
    expect((await rowsByKey(store())).get('crash:dm:delivered')).toMatchObject({ status: 'sent', attempts: 2, platformMessageId: earlier.messageId });
    expect(fake.calls.map((c) => c.method)).toEqual(['chat.postMessage', 'conversations.open', 'conversations.history']);
  });

  it('sends a DM that Slack does not have exactly once', async () => {
    await claimAndCrash([dm('crash:dm:lost')]);
    await runUntilIdle(rig.dispatcher, clock);
    expect(fake.byKey('crash:dm:lost')).toHaveLength(1);
    expect(posts()).toHaveLength(1);
    expect((await rowsByKey(store())).get('crash:dm:lost')).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('recovers a thread root posted before the crash, and replies in that thread', async () => {
    await claimAndCrash([inThread('crash:root')]);
    await enqueue(store(), [inThread('crash:reply')], T0 - 9 * MIN);
    // Slack took the root, but neither the row nor platform_thread was written.
    const root = fake.seed({ channel: 'C0XSB', text: 'root', metadata: { event_type: 'shoudao_outbox', event_payload: { key: 'crash:root' } } });
    await runUntilIdle(rig.dispatcher, clock);
    expect(fake.byKey('crash:root')).toHaveLength(1);
    expect(fake.byKey('crash:reply')).toEqual([expect.objectContaining({ channel: 'C0XSB', thread_ts: root.ts })]);
    expect(await store().transaction((tx) => tx.platformThreads.get(7, 'slack'))).toMatchObject({ channel: 'C0XSB', rootId: root.ts });
    const rows = await rowsByKey(store());
    expect(rows.get('crash:root')).toMatchObject({ status: 'sent', platformMessageId: `C0XSB:${root.ts}` });
    expect(rows.get('crash:reply')?.status).toBe('sent');
  });

  it('finds a thread reply posted before the crash with conversations.replies', async () => {
    await enqueue(store(), [inThread('crash:first', 8)], T0 - 20 * MIN);
    clock.set(T0 - 20 * MIN);
    await runUntilIdle(rig.dispatcher, clock); // creates the root of form 8's thread
    const [row] = await claimAndCrash([inThread('crash:second', 8)]);
    clock.set(T0 - 5 * MIN);
    await rig.sender.send({ platform: 'slack', kind: 'thread', id: 'C0XSB', formId: 8, mention: 'U0HAN' }, row!.view, row!);
    clock.set(T0);
    await runUntilIdle(rig.dispatcher, clock);
    expect(fake.byKey('crash:second')).toHaveLength(1);
    expect(fake.calls.filter((c) => c.method === 'conversations.replies')).toHaveLength(1);
    expect((await rowsByKey(store())).get('crash:second')?.status).toBe('sent');
  });

  it('after a 500 that came once Slack had stored the message, checks instead of posting twice', async () => {
    await enqueue(store(), [dm('crash:500', 'lin')], T0);
    fake.failNext('chat.postMessage', { status: 500, store: true });
    await runUntilIdle(rig.dispatcher, clock);
    expect(fake.byKey('crash:500')).toHaveLength(1);
    expect(fake.calls.filter((c) => c.method === 'chat.postMessage')).toHaveLength(1);
    expect((await rowsByKey(store())).get('crash:500')).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('does not let a dispatcher whose lease was taken over overwrite the new outcome', async () => {
    const [stale] = await claimAndCrash([dm('crash:fenced')]);
    await runUntilIdle(rig.dispatcher, clock); // taken over and sent (attempts 2)
    const late = await store().transaction((tx) => tx.outbox.complete({ ...stale!, status: 'pending', nextAttemptAt: T0 }));
    expect(late).toBe(false);
    expect((await rowsByKey(store())).get('crash:fenced')).toMatchObject({ status: 'sent', attempts: 2 });
  });
});

/**
 * Dead letters: a message that can never be delivered — a person with no account on any enabled
 * platform, a channel Slack does not know — goes dead on its first attempt; one that keeps failing
 * goes dead after `maxAttempts`. Each time the admins (the gm_office leaders: wang) get exactly one
 * notice naming the message and the reason, and a notice that itself dies is not reported again.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../../../src/domain/message.js';
import { VirtualClock } from '../../../src/infra/clock.js';
import { testDialects } from '../../helpers/databases.js';
import type { FakeSlack } from '../../fakes/fake-slack.js';
import { useStore } from '../store/store-fixture.js';
import { enqueue, rowsByKey, runUntilIdle, slackRig, T0, useFakeSlack } from './outbox-fixture.js';

const msg = (key: string, to: OutgoingMessage['to']): OutgoingMessage => ({ key, to, view: { lines: ['机密内容 confidential text'] } });

describe.each(testDialects())('outbox dead letters on $name', (dialect) => {
  const store = useStore(dialect);
  let fake: FakeSlack;
  const clock = new VirtualClock(T0);
  const slack = useFakeSlack(clock);
  beforeEach(() => {
    fake = slack();
  });

  /** The notices delivered to wang (the admin) through Slack. */
  const adminNotices = () => fake.messages.filter((m) => m.channel === 'DU0WANG' && String(m.metadata?.event_payload['key']).startsWith('outbox-dead:'));

  it('a person without an account on any enabled platform: dead at once, one notice with the reason', async () => {
    await enqueue(store(), [msg('dl:sun', { kind: 'person', person: 'sun' })], T0);
    const deadRows: string[] = [];
    const { dispatcher } = slackRig(store(), fake, clock, { onDead: (row) => deadRows.push(row.key) });
    await runUntilIdle(dispatcher, clock);
    const rows = await rowsByKey(store());
    expect(rows.get('dl:sun')).toMatchObject({ status: 'dead', attempts: 1 });
    expect(rows.get('dl:sun')?.lastError).toContain('没有账号');
    expect(deadRows).toEqual(['dl:sun']);
    const notices = adminNotices();
    expect(notices).toHaveLength(1);
    expect(notices[0]!.text).toContain('dl:sun');
    expect(notices[0]!.text).toContain('person has no id on any enabled platform');
    expect(notices[0]!.text).not.toContain('机密'); // never the message text
    expect(fake.calls.filter((c) => c.method === 'chat.postMessage')).toHaveLength(1); // only the notice
  });

  it('a channel Slack does not know (ok:false channel_not_found): dead at once, one notice', async () => {
    fake.channelErrors.set('C0XSB', 'channel_not_found');
    await enqueue(store(), [msg('dl:xsb', { kind: 'dept', dept: 'XSB' })], T0);
    await runUntilIdle(slackRig(store(), fake, clock).dispatcher, clock);
    expect((await rowsByKey(store())).get('dl:xsb')).toMatchObject({ status: 'dead', attempts: 1, lastError: 'slack chat.postMessage: channel_not_found' });
    expect(adminNotices()).toHaveLength(1);
  });

  it('a message that keeps failing: dead after maxAttempts, with back-off between attempts, one notice', async () => {
    fake.failNext('chat.postMessage', { status: 500 }, { status: 500 }, { status: 429, retryAfterSec: 30 });
    await enqueue(store(), [msg('dl:retry', { kind: 'person', person: 'lin' })], T0);
    await runUntilIdle(slackRig(store(), fake, clock, { maxAttempts: 3, random: () => 0.999 }).dispatcher, clock);
    const posts = fake.calls.filter((c) => c.method === 'chat.postMessage');
    expect(posts.map((c) => [c.args['channel'], c.status])).toEqual([['U0LIN', 500], ['U0LIN', 500], ['U0LIN', 429], ['U0WANG', 200]]);
    // Full-jitter back-off (random ≈ 1): about 10 s, then about 20 s (base 10 s, doubling).
    expect(posts[1]!.at - posts[0]!.at).toBeGreaterThanOrEqual(9_900);
    expect(posts[2]!.at - posts[1]!.at).toBeGreaterThanOrEqual(19_900);
    const row = (await rowsByKey(store())).get('dl:retry');
    expect(row).toMatchObject({ status: 'dead', attempts: 3 });
    expect(row?.lastError).toContain('gave up after 3 attempts');
    expect(adminNotices()).toHaveLength(1);
  });

  it('a notice that dies itself is not reported again (no loop)', async () => {
    await enqueue(store(), [msg('dl:nochannel', { kind: 'dept', dept: 'ZJB' })], T0);
    await runUntilIdle(slackRig(store(), fake, clock, { admins: ['sun'] }).dispatcher, clock);
    const rows = [...(await rowsByKey(store())).values()];
    expect(rows.map((r) => [r.key.replace(/:\d+:/, ':N:'), r.status])).toEqual([
      ['dl:nochannel', 'dead'],
      ['outbox-dead:N:sun', 'dead'],
    ]);
    expect(fake.calls).toEqual([]);
  });
});

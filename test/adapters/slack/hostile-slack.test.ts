/**
 * Issue 15 on Slack, over real HTTP into the running bot: row 2 (a NUL in a DM answered
 * 处理这条消息时出错了 on PostgreSQL; now the input layer removes it), row 8 (a signed event whose
 * `event` is null, a string or an array: 200 and ignored, never a 500; row 11, a timestamp 6
 * minutes ahead, is in inbound-guards.test.ts), and properties: the pure decoder over arbitrary
 * payloads never throws and what leaves the input layer is clean; hostile DMs through the running
 * bot are all acknowledged and every answer is readable and clean.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeSlack } from '../../../src/adapters/slack/decode.js';
import { cleanInbound } from '../../../src/chat/input-hygiene.js';
import { testDialects } from '../../helpers/databases.js';
import { FORBIDDEN, fuzz, hostileCommand, hostileText } from '../../fuzz/hostile.js';
import { sign } from './slack-fixtures.js';
import { say, startSlackBot, type SlackBot } from './slack-harness.js';

let bot: SlackBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

const CRASH = /出错了|internal error|^\s+at\s|\[object |undefined|NaN/m;
/** What the bot posted in `channel` (the person's own messages, which `say` adds to the fake, left out). */
const answersTo = (b: SlackBot, channel: string) => b.fake.messages.filter((m) => m.channel === channel && !said.has(m.ts));
const said = new Set<string>();
const sayDm = async (b: SlackBot, text: string) => said.add(await say(b, 'U0ZHENG', 'DU0ZHENG', text));

describe.each(testDialects())('Slack, hostile input, on %s', (dialect) => {
  it('row 2: a NUL in a DM is removed; the feedback is registered, not 出错了', async () => {
    bot = await startSlackBot('http', dialect);
    const before = answersTo(bot, 'DU0ZHENG').length;
    await sayDm(bot, '反馈 建议 食堂\u0000增加\u001b[31m窗口\u202e\n部门: SCB');
    const answer = answersTo(bot, 'DU0ZHENG').slice(before).map((m) => m.text).join('\n');
    expect(answer).toContain('已登记信息反馈');
    expect(answer).not.toMatch(CRASH);
    const [item] = await bot.app.store.transaction((tx) => tx.feedback.list({}));
    expect(item!.description).toBe('食堂增加窗口');
  });
});

describe('Slack, text stored before the layer', () => {
  it('row 4: a message whose stored text holds controls reaches Slack cleaned (the senders\' output rule)', async () => {
    bot = await startSlackBot('http');
    const b = bot;
    await b.app.store.transaction((tx) => tx.outbox.enqueue([{ key: 'old:1', to: { kind: 'person', person: 'zheng' }, view: { title: '旧\u0007通知', lines: ['\u001b[31m请\u0000确认\u202etxt.exe'] } }], b.app.clock.now()));
    await b.deliver();
    const m = b.fake.messages.find((x) => x.text.includes('确认'))!;
    expect(m.text).toContain('请确认txt.exe');
    expect(JSON.stringify(b.fake.callsOf('chat.postMessage').at(-1))).not.toMatch(/\\u000[0-8]|\\u001[0-9a-f]|\u202e/);
  });
});

describe('Slack events that are not events', () => {
  it.each([['null', null], ['a string', 'x'], ['an array', []], ['a number', 7]])('row 8: a signed event_callback whose event is %s: 200 and ignored, nothing stored', async (_n, event) => {
    bot = await startSlackBot('http');
    const body = JSON.stringify({ type: 'event_callback', team_id: 'T1', api_app_id: 'A1', event_id: 'EvNULL', event_time: 1, event });
    const ts = Math.floor(bot.app.clock.now() / 1000);
    const a = await bot.raw({ body, contentType: 'application/json' }, { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sign(body, ts) });
    expect([200, 400]).toContain(a.status);
    await bot.deliver();
    expect(await bot.app.store.transaction((tx) => tx.inbox.counts())).toMatchObject({ pending: 0 });
  });
});

describe('properties', () => {
  const hostile = hostileText();
  const event = fc.record({
    type: fc.constantFrom('message', 'reaction_added', 'app_home_opened', 'x'),
    subtype: fc.option(fc.constantFrom('thread_broadcast', 'file_share', 'message_changed'), { nil: undefined }),
    user: fc.oneof(fc.constantFrom('U0ZHENG', 'U0ZHAO'), hostile), channel: fc.oneof(fc.constantFrom('DU0ZHENG', 'C0SCB'), hostile),
    channel_type: fc.constantFrom('im', 'channel', 'group', 'mpim'), ts: fc.constantFrom('1.0', '2.0'), thread_ts: fc.option(fc.constantFrom('1.0', '0.5'), { nil: undefined }),
    text: fc.oneof(hostileCommand(), fc.constant(null), fc.integer()), reaction: fc.constantFrom('white_check_mark', 'eyes', 'x'),
    item: fc.record({ type: fc.constantFrom('message'), channel: fc.constantFrom('C0SCB'), ts: fc.constantFrom('1.0') }),
  }, { requiredKeys: ['type'] });
  const payload = fc.oneof(
    fc.record({ type: fc.constant('event'), body: fc.record({ type: fc.constant('event_callback'), event_id: hostile, event: fc.oneof(event, fc.anything()) }) }),
    fc.record({ type: fc.constant('command'), body: fc.record({ user_id: hostile, channel_id: hostile, text: hostileCommand(), command: fc.constantFrom('/shoudao', '/x'), trigger_id: hostile }) }),
    fc.record({ type: fc.constant('interactive'), body: fc.anything() }),
    fc.anything(),
  );

  it('the decoder never throws, and what the input layer passes on is clean', async () => {
    await fuzz('slack decode', payload, (p) => {
      const d = cleanInbound(decodeSlack(p, { personOf: (u) => (u === 'U0ZHENG' ? 'zheng' : undefined) }));
      const texts = d.kind === 'message' ? [d.text] : d.kind === 'click' || d.kind === 'submission' ? [d.command, ...Object.values(d.kind === 'submission' ? (d.fields ?? {}) : {})] : [];
      for (const t of texts) expect(t).not.toMatch(FORBIDDEN);
      if (d.kind === 'message') expect(d.text.trim()).not.toBe('');
    }, { numRuns: 300 });
  });

  it('hostile DMs through the running bot: each acknowledged, each answer readable and clean', async () => {
    bot = await startSlackBot('http');
    const b = bot;
    await fuzz('slack DMs (running bot)', hostileCommand(), async (text) => {
      const before = answersTo(b, 'DU0ZHENG').length;
      await sayDm(b, text); // throws unless the event was answered 200
      for (const m of answersTo(b, 'DU0ZHENG').slice(before)) {
        expect(m.text).not.toMatch(CRASH);
        expect(m.text).not.toMatch(FORBIDDEN);
      }
    }, { numRuns: 25 });
  }, 120_000);
});

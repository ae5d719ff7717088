/**
 * Slash commands, the shortcut, modals with errors on their fields, the App Home tab, a form
 * whose receiving department has no channel (its thread is a DM with the leader), and answers
 * that meet a 429 — all through real Bolt over signed HTTP, with the fake Slack Web API.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { blockAction, date, eventBody, messageEvent, select, shortcut, slashCommand, text, viewSubmission } from './slack-fixtures.js';
import { say, startSlackBot, type SlackBot } from './slack-harness.js';
import { press, submitLastModal } from './scenarios.js';
import { stringContaining } from '../../helpers/matchers.js';

let bot: SlackBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

const lastIn = (b: SlackBot, channel: string) => b.fake.messages.filter((m) => m.channel === channel).at(-1)!;

describe('Slack slash commands, shortcut and modals', () => {
  it('answers /shoudao and /联络单 through the response_url, privately', async () => {
    bot = await startSlackBot('http');
    expect((await bot.command(slashCommand('U0ZHAO', 'C0SCB', '我的待办', bot.fake.responseUrl('r1')))).status).toBe(200);
    expect((await bot.command(slashCommand('U0ZHAO', 'DU0ZHAO', '帮助', bot.fake.responseUrl('r2'), '/联络单'))).status).toBe(200);
    expect((await bot.command(slashCommand('U0NOBODY', 'C0SCB', '帮助', bot.fake.responseUrl('r3')))).status).toBe(200);
    await bot.deliver();
    const byId = Object.fromEntries(bot.fake.responses.map((r) => [r.id, r.body]));
    expect(byId['r1']).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(String(byId['r1']!['text'])).toContain('我的待办');
    expect(String(byId['r2']!['text'])).toContain('帮助');
    expect(String(byId['r3']!['text'])).toContain('不在「收到」的通讯录中');
  });

  it('opens the new-form modal (slash command, shortcut); errors show on the field; a good one is a draft', async () => {
    bot = await startSlackBot('http');
    await bot.command(slashCommand('U0ZHENG', 'C0SCB', '', bot.fake.responseUrl('r1')));
    await bot.interactive(shortcut('U0ZHENG', 'shoudao_new_form'));
    await bot.deliver();
    const opened = bot.fake.views.filter((v) => v.method === 'views.open');
    expect(opened.map((v) => v.view['callback_id'])).toEqual(['shoudao_new_form', 'shoudao_new_form']);
    const blocks = (opened[0]!.view['blocks'] as Array<{ block_id: string }>).map((b) => b.block_id);
    expect(blocks).toEqual(['receivingDept', 'subject', 'nature', 'deadline_date', 'deadline_time', 'replyBy_date', 'replyBy_time', 'time', 'place', 'people', 'event', 'requiredResult', 'attachments', 'urgent']);
    expect(JSON.stringify(opened[0]!.view)).not.toContain('"value":"SCB"'); // not to one's own department

    const base = { receivingDept: select('XSB'), subject: text('客户来访接待'), nature: select('工作指令') };
    const past = await bot.interactive(viewSubmission('U0ZHENG', opened[0]!.view, { ...base, deadline_date: date('2026-11-20') }));
    expect(past.body).toMatchObject({ response_action: 'errors', errors: { deadline_date: stringContaining('已经过去') } });
    const late = await bot.interactive(viewSubmission('U0ZHENG', opened[0]!.view, { ...base, deadline_date: date('2026-11-27'), replyBy_date: date('2026-11-28') }));
    expect(late.body).toMatchObject({ response_action: 'errors', errors: { replyBy_date: '回复期限不能晚于完成期限。' } });
    await bot.deliver();
    expect(await bot.app.store.transaction((tx) => tx.forms.list({}))).toEqual([]);

    const ok = await submitLastModal(bot, 'U0ZHENG', { ...base, deadline_date: date('2026-11-27'), place: text('二号会议室'), urgent: { type: 'checkboxes', selected_options: [{ value: '是' }] } });
    expect(ok.body).toBe('');
    const [form] = await bot.app.store.transaction((tx) => tx.forms.list({}));
    expect(form).toMatchObject({ state: 'draft', receivingDept: 'XSB', nature: 'directive', urgent: true, details: { place: '二号会议室' } });
    expect(lastIn(bot, 'DU0ZHENG').text).toContain('#1');
    expect(lastIn(bot, 'DU0ZHAO').text).toContain('请审批');
  });

  it('shows open duties on the App Home tab; its buttons work and the tab refreshes', async () => {
    bot = await startSlackBot('http');
    await say(bot, 'U0WANG', 'DU0WANG', '通知 @zhao 下午三点开会');
    const status = lastIn(bot, 'DU0WANG');
    expect(status.text).toContain('已确认 0/1');
    await bot.event(eventBody({ type: 'app_home_opened', user: 'U0ZHAO', channel: 'DU0ZHAO', tab: 'home', event_ts: '1.1' }));
    await bot.deliver();
    const home = bot.fake.views.at(-1)!;
    expect(home).toMatchObject({ method: 'views.publish', user_id: 'U0ZHAO', view: { type: 'home' } });
    expect(JSON.stringify(home.view)).toContain('"value":"收到 TZ1"');
    await bot.interactive(blockAction('U0ZHAO', '收到 TZ1', { home: true }));
    await bot.deliver();
    expect(lastIn(bot, 'DU0ZHAO').text).toContain('已确认收到 TZ1');
    expect(JSON.stringify(bot.fake.views.at(-1)!.view)).not.toContain('收到 TZ1');
    expect(status.text).toContain('已确认 1/1');
  });
});

describe('a form whose receiving department has no Slack channel', () => {
  it("lives in a DM thread with the receiving leader; the issuer hears by DM", async () => {
    bot = await startSlackBot('http');
    await say(bot, 'U0ZHENG', 'DU0ZHENG', '新建联络单 JSB 2026-11-27 要求协助 二号锅炉图纸确认');
    await press(bot, 'U0ZHAO', lastIn(bot, 'DU0ZHAO'), '同意 #1');
    const root = bot.fake.messages.find((m) => m.channel === 'DU0LIN')!;
    expect(await bot.app.store.transaction((tx) => tx.platformThreads.get(1, 'slack'))).toMatchObject({ channel: 'DU0LIN', rootId: root.ts });
    expect(lastIn(bot, 'DU0ZHENG').text).toContain('审批同意');

    // 有异议 opens a modal for the reason; the issuer is told by DM.
    await press(bot, 'U0LIN', root, '有异议 SCB20261101');
    expect(bot.fake.views.at(-1)!.view['private_metadata']).toContain('有异议');
    await submitLastModal(bot, 'U0LIN', { text: text('期限太紧,需要到 12 月 4 日') });
    expect((await bot.app.store.transaction((tx) => tx.forms.byNumber('SCB20261101')))?.state).toBe('disputed');
    expect(lastIn(bot, 'DU0ZHENG').text).toContain('期限太紧');

    // The issuer revises by DM; 收到 in the DM thread signs the revision.
    await say(bot, 'U0ZHENG', 'DU0ZHENG', '修改 SCB20261101 期限: 2026-12-04');
    await say(bot, 'U0LIN', 'DU0LIN', '收到', { threadTs: root.ts });
    expect((await bot.app.store.transaction((tx) => tx.forms.byNumber('SCB20261101')))?.state).toBe('signed');
    expect(root.text).toContain('已签收');
    expect(bot.fake.messages.filter((m) => m.channel === 'DU0LIN' && m.thread_ts === undefined)).toEqual([root]);
  });
});

describe('answers under rate limits', () => {
  it('waits a short Retry-After out; a long one is the dispatcher\'s: the answer goes out once, after it', async () => {
    bot = await startSlackBot('http');
    bot.fake.failNext('chat.postMessage', { status: 429, retryAfterSec: 1 });
    const t0 = Date.now();
    await say(bot, 'U0ZHENG', 'DU0ZHENG', '帮助');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
    expect(lastIn(bot, 'DU0ZHENG').text).toContain('帮助');

    bot.fake.failNext('chat.postMessage', { status: 429, retryAfterSec: 30 });
    const inDm = () => bot!.fake.messages.filter((m) => m.channel === 'DU0ZHENG').length;
    const before = inDm();
    const ev = messageEvent('U0ZHENG', 'DU0ZHENG', '我的待办');
    expect((await bot.event(eventBody(ev))).status).toBe(200);
    await bot.served.idle();
    bot.served.platforms.wake();
    await waitFor(async () => (await bot!.app.store.transaction((tx) => tx.outbox.due(bot!.app.clock.now() + 60_000, 10))).some((r) => r.key.startsWith('reply:') && r.attempts > 0));
    const [row] = (await bot.app.store.transaction((tx) => tx.outbox.due(bot!.app.clock.now() + 60_000, 10))).filter((r) => r.key.startsWith('reply:'));
    expect(row!.nextAttemptAt).toBeGreaterThanOrEqual(bot.app.clock.now() + 30_000);
    expect(inDm()).toBe(before);
    bot.app.clock.advance(31_000);
    await bot.deliver();
    expect(inDm()).toBe(before + 1);
  });
});

async function waitFor(cond: () => Promise<boolean>, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 20));
  }
}

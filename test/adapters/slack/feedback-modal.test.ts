/**
 * Issue 13 part 4: the 信息反馈 intake modal on Slack — opened by `/shoudao 反馈`, the 信息反馈
 * shortcut and the 用表单填写 button on the guided dialogue's first question; its errors shown on
 * their fields (in Chinese) before anything is stored; a good submission committed to the inbox
 * and registered by the chat intake; an anonymous one sealed exactly as a chat one. All through
 * the real receiver (Bolt's verifier, signed requests) and the fake Slack Web API.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { feedbackModal } from '../../../src/adapters/slack/surfaces/feedback-modal.js';
import { interactiveRequest, select, shortcut, sign, slashCommand, text, viewSubmission } from './slack-fixtures.js';
import { say, startSlackBot, type SlackBot } from './slack-harness.js';
import { outboxRowsByKey } from '../../helpers/app.js';
import { testDialects } from '../../helpers/databases.js';
import { press } from './scenarios.js';
import { stringContaining } from '../../helpers/matchers.js';

let bot: SlackBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

const FK1 = 'FK20261124-001';
const opened = (b: SlackBot) => b.fake.views.filter((v) => v.method === 'views.open');
const lastIn = (b: SlackBot, channel: string) => b.fake.messages.filter((m) => m.channel === channel).at(-1)!;
const blockIds = (view: Record<string, unknown>) => (view['blocks'] as Array<{ block_id?: string }>).map((b) => b.block_id).filter(Boolean);
const ticked = { type: 'checkboxes', selected_options: [{ value: '是' }] };
const items = (b: SlackBot) => b.app.store.transaction((tx) => tx.feedback.list({}));

/** Every table's rows as JSON (migrations aside). */
function dump(b: SlackBot): string {
  const db = new Database(b.dbUrl.replace(/^sqlite:/, ''), { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'migrations'").all() as Array<{ name: string }>;
    return JSON.stringify(Object.fromEntries(tables.map(({ name }) => [name, db.prepare(`SELECT * FROM "${name}"`).all()])));
  } finally {
    db.close();
  }
}

async function openByCommand(b: SlackBot, user: string, textArg = '反馈') {
  expect((await b.command(slashCommand(user, 'C0SCB', textArg, b.fake.responseUrl(`r-${user}`)))).status).toBe(200);
  await b.deliver();
  return opened(b).at(-1)!.view;
}

describe('the feedback intake modal', () => {
  it('opens from /shoudao 反馈 and the shortcut with the six fields; a submission registers the item', async () => {
    bot = await startSlackBot('http');
    const view = await openByCommand(bot, 'U0ZHENG');
    expect(view['callback_id']).toBe('shoudao_new_feedback');
    expect(blockIds(view)).toEqual(['category', 'description', 'dept', 'timeNode', 'expected', 'anonymous']);
    const json = JSON.stringify(view);
    for (const c of ['work_report', 'problem', 'suggestion', 'complaint', 'whistleblowing', 'urgent', 'customer', 'other']) expect(json).toContain(`"value":"${c}"`);
    expect(json).toContain('"value":"CGB"');
    expect(json).toContain('"text":"投诉"');

    await bot.interactive(shortcut('U0ZHENG', 'shoudao_new_feedback'));
    await bot.deliver();
    expect(opened(bot).map((v) => v.view['callback_id'])).toEqual(['shoudao_new_feedback', 'shoudao_new_feedback']);

    const ack = await bot.interactive(viewSubmission('U0ZHENG', view, {
      category: select('suggestion'), description: text('仓库货架标识不清,找料费时'), dept: select('CGB'),
      timeNode: text('11月20日起'), expected: text('统一货架标签'), anonymous: { type: 'checkboxes', selected_options: [] },
    }));
    expect(ack).toEqual({ status: 200, body: '' });
    await bot.deliver();
    const [item] = await items(bot);
    expect(item).toMatchObject({ number: FK1, category: 'suggestion', description: '仓库货架标识不清,找料费时', dept: 'CGB', details: { timeNode: '11月20日起', expected: '统一货架标签' }, anonymous: false, submitter: 'zheng' });
    expect(lastIn(bot, 'DU0ZHENG').text).toContain(`已登记信息反馈 ${FK1}`);
  });

  it('answers mistakes on their fields, in Chinese, and stores nothing', async () => {
    bot = await startSlackBot('http');
    const view = await openByCommand(bot, 'U0ZHENG');
    const before = (await bot.app.store.transaction((tx) => tx.inbox.counts())).pending;
    const missing = await bot.interactive(viewSubmission('U0ZHENG', view, { category: select('complaint') }));
    expect(missing.body).toEqual({ response_action: 'errors', errors: { description: '请写明反馈内容(问题的具体描述)。' } });
    const forged = await bot.interactive(viewSubmission('U0ZHENG', view, { category: select('nonsense'), description: text('x'), dept: select('NOPE') }));
    expect(forged.body).toMatchObject({ response_action: 'errors', errors: { category: stringContaining('类别「nonsense」无效'), dept: stringContaining('找不到部门代码「NOPE」') } });
    const none = await bot.interactive(viewSubmission('U0ZHENG', view, { description: text('x'.repeat(10)), anonymous: { type: 'checkboxes', selected_options: [{ value: '也许' }] } }));
    expect(none.body).toMatchObject({ errors: { category: '请选择类别。' } });
    const long = await bot.interactive(viewSubmission('U0ZHENG', view, { category: select('problem'), description: text('长'.repeat(4001)) }));
    expect(long.body).toMatchObject({ errors: { description: stringContaining('「描述」太长(4001 字)') } });
    const stranger = await bot.interactive(viewSubmission('U0NOBODY', view, { category: select('problem'), description: text('x') }));
    expect(stranger.body).toMatchObject({ errors: { description: stringContaining('不在「收到」的通讯录中') } });
    await bot.deliver();
    expect(await items(bot)).toEqual([]);
    expect((await bot.app.store.transaction((tx) => tx.inbox.counts())).pending).toBe(before);
  });

  it('refuses a forged or stale submission: 401, nothing stored', async () => {
    bot = await startSlackBot('http');
    const view = await openByCommand(bot, 'U0ZHENG');
    const req = interactiveRequest(viewSubmission('U0ZHENG', view, { category: select('problem'), description: text('伪造的反馈') }));
    const now = Math.floor(bot.app.clock.now() / 1000);
    const forged = await bot.raw(req, { 'x-slack-request-timestamp': String(now), 'x-slack-signature': sign(req.body, now, 'not-the-secret') });
    const stale = await bot.raw(req, { 'x-slack-request-timestamp': String(now - 301), 'x-slack-signature': sign(req.body, now - 301) });
    const future = await bot.raw(req, { 'x-slack-request-timestamp': String(now + 301), 'x-slack-signature': sign(req.body, now + 301) });
    expect([forged.status, stale.status, future.status]).toEqual([401, 401, 401]);
    await bot.deliver();
    expect(await items(bot)).toEqual([]);
  });

  it('registers a submission Slack delivers twice once, and works in Socket Mode (errors in the ack)', async () => {
    bot = await startSlackBot('socket');
    const view = await openByCommand(bot, 'U0ZHENG');
    expect(view['callback_id']).toBe('shoudao_new_feedback');
    const bad = await bot.interactive(viewSubmission('U0ZHENG', view, { category: select('problem') }));
    expect(bad.body).toEqual({ response_action: 'errors', errors: { description: '请写明反馈内容(问题的具体描述)。' } });
    const payload = viewSubmission('U0ZHENG', view, { category: select('problem'), description: text('车间照明不足 twice') });
    await bot.interactive(payload);
    await bot.interactive(payload);
    await bot.deliver();
    expect((await items(bot)).map((i) => i.description)).toEqual(['车间照明不足 twice']);
    expect(bot.fake.messages.filter((m) => m.channel === 'DU0ZHENG' && m.text.includes('已登记信息反馈'))).toHaveLength(1);
  });

  it('is offered on the guided dialogue, which keeps working; the form ends the dialogue', async () => {
    bot = await startSlackBot('http');
    await say(bot, 'U0ZHENG', 'DU0ZHENG', '反馈');
    const question = lastIn(bot, 'DU0ZHENG');
    expect(question.text).toContain('第 1 步:请选择类别');
    expect(JSON.stringify(question.blocks)).toContain('"text":"用表单填写"');
    // A press on a category is the dialogue's answer (a click is otherwise never one).
    await press(bot, 'U0ZHENG', question, '投诉');
    expect(lastIn(bot, 'DU0ZHENG').text).toContain('第 2 步');
    await say(bot, 'U0ZHENG', 'DU0ZHENG', '取消');
    await say(bot, 'U0ZHENG', 'DU0ZHENG', '反馈');
    await press(bot, 'U0ZHENG', lastIn(bot, 'DU0ZHENG'), '反馈');
    const view = opened(bot).at(-1)!.view;
    expect(view['callback_id']).toBe('shoudao_new_feedback');
    await bot.interactive(viewSubmission('U0ZHENG', view, { category: select('problem'), description: text('车间照明不足') }));
    await bot.deliver();
    expect(lastIn(bot, 'DU0ZHENG').text).toContain(`已登记信息反馈 ${FK1}`);
    // The dialogue is over: the next message is a command again, not its description.
    await say(bot, 'U0ZHENG', 'DU0ZHENG', '帮助');
    expect(lastIn(bot, 'DU0ZHENG').text).toContain('帮助');
    expect(await items(bot)).toHaveLength(1);
    // The whole dialogue still works by typing.
    await say(bot, 'U0ZHENG', 'DU0ZHENG', '反馈');
    for (const answer of ['建议', '食堂排队太久', '跳过', '跳过', '跳过', '否']) await say(bot, 'U0ZHENG', 'DU0ZHENG', answer);
    expect(lastIn(bot, 'DU0ZHENG').text).toContain('已登记信息反馈 FK20261124-002');
  });

  it('seals an anonymous submission exactly as a chat one: no trace of the sender in any table', async () => {
    bot = await startSlackBot('http');
    const view = await openByCommand(bot, 'U0HE', '匿名反馈');
    expect(view['title']).toMatchObject({ text: '匿名信息反馈' });
    expect(JSON.stringify(view)).toContain('"initial_options"');
    await bot.interactive(viewSubmission('U0HE', view, { category: select('whistleblowing'), description: text('仓库有人私拿物料 modal-anon'), anonymous: ticked }));
    await bot.deliver();
    const [item] = await items(bot);
    expect(item).toMatchObject({ anonymous: true, category: 'whistleblowing', dept: 'ZJB' });
    expect(item!.submitter).toBeUndefined();
    expect(lastIn(bot, 'DU0HE').text).toContain(`已匿名登记信息反馈 ${FK1}`);
    const all = dump(bot);
    expect(all).toContain('modal-anon');
    for (const trace of ['U0HE', 'DU0HE', '"he"', 'console:he', 'slack:he']) expect(all).not.toContain(trace);
    const [row] = new Database(bot.dbUrl.replace(/^sqlite:/, ''), { readonly: true }).prepare(`SELECT recipient, platform_message_id FROM outbox WHERE key LIKE 'reply:%' ORDER BY id DESC LIMIT 1`).all() as Array<{ recipient: string; platform_message_id: string }>;
    expect(JSON.parse(row!.recipient)).toMatchObject({ kind: 'sealed' });
    expect(row!.platform_message_id).toBe('sealed');
    // The sender's later messages still reach the item (the seal is opened for their own messages only).
    await say(bot, 'U0HE', 'DU0HE', '我的反馈');
    expect(lastIn(bot, 'DU0HE').text).toContain(FK1);
    expect(bot.logs.map((l) => JSON.stringify(l.obj)).join('\n')).not.toContain('modal-anon');
  });

  it('offers no anonymity where the deployment cannot seal', () => {
    const org = { departments: [{ code: 'SCB', name: '生产部' }] } as unknown as Parameters<typeof feedbackModal>[0];
    const v = feedbackModal(org, { kind: 'new_feedback', anonymous: false, anonymity: false });
    expect(blockIds(v as unknown as Record<string, unknown>)).toEqual(['category', 'description', 'dept', 'timeNode', 'expected']);
    expect(JSON.stringify(v)).toContain('暂不能匿名反馈');
  });
});

describe.each(testDialects())('the feedback modal on %s', (dialect) => {
  it('registers a signed and an anonymous submission; the anonymous answer is sealed', async () => {
    bot = await startSlackBot('http', dialect);
    const view = await openByCommand(bot, 'U0ZHENG');
    await bot.interactive(viewSubmission('U0ZHENG', view, { category: select('problem'), description: text('车间照明不足'), dept: select('SCB') }));
    await bot.interactive(viewSubmission('U0HE', view, { category: select('complaint'), description: text('报销太慢 db-anon'), anonymous: ticked }));
    await bot.deliver();
    const list = await items(bot);
    // Two senders: nothing orders their events against each other (PostgreSQL works them off side
    // by side), so the items are compared whichever registered first.
    expect(list.map((i) => [i.category, i.submitter ?? null, i.anonymous]).sort()).toEqual([['complaint', null, true], ['problem', 'zheng', false]]);
    const replies = await outboxRowsByKey(bot.app.store, 'reply:');
    const anon = replies.find((r) => r.view.lines.join().includes('已匿名登记'))!;
    expect(anon.to).toMatchObject({ kind: 'sealed' });
    expect(JSON.stringify(replies.filter((r) => r.view.lines.join().includes('FK')))).not.toContain('U0HE');
  });
});

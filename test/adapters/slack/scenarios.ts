/**
 * The two conversations of issue 5's "done when", written once and run over HTTP and in Socket
 * Mode: a form's whole life through thread replies, buttons and modals, and a notice
 * acknowledged by a reaction, a thread reply and a button by three different people.
 */
import { expect } from 'vitest';
import type { FakeMessage } from '../../fakes/fake-slack.js';
import { blockAction, date, eventBody, reactionEvent, text, users, viewSubmission } from './slack-fixtures.js';
import { say, type SlackBot } from './slack-harness.js';

const FORM = 'SCB20261101';
const XSB = 'C0XSB';

/** The last message the bot posted in `channel` (a DM with user U is `DU`). */
const lastIn = (bot: SlackBot, channel: string): FakeMessage => {
  const m = bot.fake.messages.filter((x) => x.channel === channel).at(-1);
  if (!m) throw new Error(`nothing posted in ${channel}`);
  return m;
};
const valuesOf = (m: { blocks?: unknown }): string[] => JSON.stringify(m.blocks ?? []).match(/"value":"[^"]*"/g)?.map((v) => v.slice(9, -1)) ?? [];

/** Presses the button with `value` on message `m` as `user`, and delivers what follows. */
export async function press(bot: SlackBot, user: string, m: FakeMessage, value: string): Promise<void> {
  expect(valuesOf(m)).toContain(value);
  const where = { channel: m.channel, messageTs: m.ts, ...(m.thread_ts && m.thread_ts !== m.ts ? { threadTs: m.thread_ts } : {}) };
  const a = await bot.interactive(blockAction(user, value, where));
  expect(a.status).toBe(200);
  await bot.deliver();
}

/** Submits the modal last opened, with `values`; returns the acknowledgement. */
export async function submitLastModal(bot: SlackBot, user: string, values: Record<string, Record<string, unknown>>) {
  const opened = bot.fake.views.filter((v) => v.method === 'views.open').at(-1)!;
  const a = await bot.interactive(viewSubmission(user, opened.view, values));
  await bot.deliver();
  return a;
}

const formState = async (bot: SlackBot) => (await bot.app.store.transaction((tx) => tx.forms.byNumber(FORM)))?.state;
const lastEphemeralTo = (bot: SlackBot, user: string) => bot.fake.ephemerals.filter((e) => e.user === user).at(-1);

/** A form from 生产部 to 销售部 (channel C0XSB): drafted, approved, signed, assigned, extended, done, closed. */
export async function formLife(bot: SlackBot): Promise<void> {
  await say(bot, 'U0ZHENG', 'DU0ZHENG', '新建联络单 XSB 2026-11-27 要求协助 客户来访接待');
  expect(lastIn(bot, 'DU0ZHENG').text).toContain('#1');
  // The approver's card arrives by DM; 同意 on it issues the form.
  await press(bot, 'U0ZHAO', lastIn(bot, 'DU0ZHAO'), '同意 #1');
  expect(await formState(bot)).toBe('issued');

  // The card is the root of a thread in 销售部's channel, recorded, and kept live.
  const inChannel = bot.fake.messages.filter((m) => m.channel === XSB);
  const root = inChannel[0]!;
  expect(root.thread_ts).toBeUndefined();
  expect(inChannel.slice(1).every((m) => m.thread_ts === root.ts)).toBe(true);
  expect(await bot.app.store.transaction((tx) => tx.platformThreads.get(1, 'slack'))).toMatchObject({ channel: XSB, rootId: root.ts });
  expect(root.text).toContain('待签收');
  expect(valuesOf(root)).toEqual([`签收 ${FORM}`, `有异议 ${FORM}`, `跟催 ${FORM}`]);

  // The issuer may not sign: told privately, with the reason; nothing changes.
  await press(bot, 'U0ZHENG', root, `签收 ${FORM}`);
  expect(lastEphemeralTo(bot, 'U0ZHENG')?.text).toContain('只有接收部门领导可以签收');
  expect(await formState(bot)).toBe('issued');

  // 收到 from the receiving leader in the thread signs it; the bot marks the reply with ✅.
  const ack = await say(bot, 'U0HAN', XSB, '收到', { threadTs: root.ts });
  expect(await formState(bot)).toBe('signed');
  expect(bot.fake.reactions).toContainEqual({ channel: XSB, timestamp: ack, name: 'white_check_mark' });
  expect(root.text).toContain('已签收');

  // A step with a modal is checked before the modal opens: the issuer may not assign.
  const views = bot.fake.views.length;
  await press(bot, 'U0ZHENG', root, `指派 ${FORM}`);
  expect(lastEphemeralTo(bot, 'U0ZHENG')?.text).toContain('只有接收部门领导可以指派实施人');
  expect(bot.fake.views.length).toBe(views);

  // 指派 opens a user picker; 曹阳 is assigned.
  await press(bot, 'U0HAN', root, `指派 ${FORM}`);
  expect(bot.fake.views.at(-1)!.view['callback_id']).toBe('shoudao_step');
  await submitLastModal(bot, 'U0HAN', { people: users(['U0CAO']) });
  expect(await formState(bot)).toBe('in_progress');
  expect(root.text).toContain('曹阳');

  // The implementer asks for more time in a modal; the issuer accepts with the root's button.
  await press(bot, 'U0CAO', root, `申请延期 ${FORM}`);
  await submitLastModal(bot, 'U0CAO', { date: date('2026-11-30'), text: text('客户改期') });
  expect(valuesOf(root)).toContain(`同意 ${FORM}`);
  await press(bot, 'U0ZHENG', root, `同意 ${FORM}`);
  const extended = await bot.app.store.transaction((tx) => tx.forms.byNumber(FORM));
  expect(extended?.changeRequest).toBeUndefined();
  expect(root.text).toContain('2026-11-30');

  // 跟催 is the issuing side's: the implementer is told so, privately.
  await press(bot, 'U0CAO', root, `跟催 ${FORM}`);
  expect(lastEphemeralTo(bot, 'U0CAO')?.text).toContain('只有承办人或发函部门领导可以跟催');

  // A comment and 完成 in the thread, without the number; then the issuer closes it in a modal.
  await say(bot, 'U0ZHENG', XSB, '客户周五到,请准备资料', { threadTs: root.ts });
  await say(bot, 'U0CAO', XSB, '完成 客户已接待完毕', { threadTs: root.ts });
  expect(await formState(bot)).toBe('done');
  await press(bot, 'U0ZHENG', root, `结案 ${FORM}`);
  await submitLastModal(bot, 'U0ZHENG', { text: text('接待顺利,结果良好') });
  expect(await formState(bot)).toBe('closed');

  // The root now reads closed, without buttons; every later message sits in its thread.
  expect(root.text).toContain('已结案');
  expect(valuesOf(root)).toEqual([]);
  const all = bot.fake.messages.filter((m) => m.channel === XSB);
  expect(all.filter((m) => m.thread_ts === undefined)).toEqual([root]);
  expect(all.length).toBeGreaterThan(8);
  const events = await bot.app.store.transaction((tx) => tx.formEvents.forForm(1));
  expect(events.map((e) => e.kind)).toEqual(['drafted', 'issued', 'signed', 'assigned', 'change_requested', 'change_accepted', 'comment', 'done', 'closed']);
  expect(bot.fake.callsOf('chat.update').length).toBeGreaterThanOrEqual(8);
}

/** A notice in 生产部's channel to three people, each acknowledging another way. */
export async function noticeAcks(bot: SlackBot): Promise<void> {
  const notice = await say(bot, 'U0WANG', 'C0SCB', '【通知】 <@U0ZHAO> <@U0LIN> <@U0HAN> 明早八点开安全会');
  const status = lastIn(bot, 'C0SCB');
  expect(status.thread_ts).toBe(notice);
  expect(status.text).toContain('已确认 0/3');
  const duties = async () => bot.app.store.transaction(async (tx) => tx.duties.forSubjects('notice', [1]));
  expect((await duties()).map((d) => d.status)).toEqual(['open', 'open', 'open']);

  // 赵强: a ✅ reaction on the notice.
  await bot.event(eventBody(reactionEvent('U0ZHAO', 'C0SCB', notice, 'white_check_mark')));
  await bot.deliver();
  expect(status.text).toContain('已确认 1/3');
  expect(bot.fake.reactions).toContainEqual({ channel: 'C0SCB', timestamp: notice, name: 'white_check_mark' });

  // 林志华: 收到 in the notice's thread; the bot marks the reply.
  const reply = await say(bot, 'U0LIN', 'C0SCB', '收到', { threadTs: notice });
  expect(status.text).toContain('已确认 2/3');
  expect(bot.fake.reactions).toContainEqual({ channel: 'C0SCB', timestamp: reply, name: 'white_check_mark' });

  // 韩雪: the 收到 button on the card she got by DM.
  const card = lastIn(bot, 'DU0HAN');
  await press(bot, 'U0HAN', card, '收到 TZ1');
  expect(status.text).toContain('已确认 3/3');
  expect(bot.fake.reactions).toContainEqual({ channel: 'DU0HAN', timestamp: card.ts, name: 'white_check_mark' });
  expect((await duties()).map((d) => [d.person, d.status])).toEqual([['zhao', 'done'], ['lin', 'done'], ['han', 'done']]);
  expect(valuesOf(status)).toEqual([]);

  // A 👀 from someone the notice is not for changes nothing.
  await bot.event(eventBody(reactionEvent('U0CHEN', 'C0SCB', notice, 'eyes')));
  await bot.deliver();
  expect(status.text).toContain('已确认 3/3');
}

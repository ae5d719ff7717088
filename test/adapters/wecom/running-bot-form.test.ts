/**
 * Issue 6 "Done when", against the running bot (running-bot.ts: `serve()`, real HTTP on port 0,
 * a SQLite file, the scheduler and the outbox dispatcher, a fake qyapi): URL verification, the
 * official crypto test vector, and a form's whole life — draft, approve, dispute, revise, sign,
 * assign, change request, three follow-ups, done, close — once driven only by text messages and
 * once by card buttons, each click updating the card (`update_template_card`) to say who did what.
 * Every outgoing message is checked at the fake: recipient, msgtype, and the form number and title
 * in its content or card fields.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { decodeButtonKey } from '../../../src/adapters/wecom/wire/button-key.js';
import type { TemplateCard } from '../../../src/adapters/wecom/render.js';
import type { FakeCall } from '../../fakes/fake-wecom.js';
import { contentOf, sentTo, startBot, vectorQuery, type RunningBot } from './running-bot.js';
import { envelope, VECTOR } from './wecom-fixtures.js';

let bot: RunningBot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

const NUMBER = 'SCB20261101';
const TITLE = '《二号锅炉图纸确认》';
const DAY = 24 * 3600_000;

/** Runs `act` and returns the message/send calls it caused. */
async function during(b: RunningBot, act: () => Promise<unknown>): Promise<FakeCall[]> {
  const before = b.fake.sent.length;
  await act();
  return b.fake.sent.slice(before);
}

/** Exactly one of `calls` went to `user` as `msgtype` and contains every string of `has`. */
function one(calls: FakeCall[], user: string, msgtype: string, has: string[], buttons?: string[]): FakeCall {
  const hits = calls.filter((c) => c.body.touser === user && c.body.msgtype === msgtype && has.every((h) => contentOf(c).includes(h)));
  expect(hits, `${user} ${msgtype} ${has.join(' · ')} in\n${calls.map((c) => `${String(c.body.touser)} ${contentOf(c)}`).join('\n')}`).toHaveLength(1);
  const hit = hits[0]!;
  expect(hit.body.agentid).toBe(1000002);
  if (buttons) expect((hit.body.template_card as TemplateCard).button_list.map((b) => decodeButtonKey(b.key))).toEqual(buttons);
  return hit;
}

const markdownOf = (c: FakeCall) => (c.body.markdown as { content: string }).content;

/** The steps 查看 lists, in order (test/console/form-lifecycle.test.ts has the same life). */
function expectHistory(view: string, steps: string[]): void {
  const history = view.split('往来记录:\n')[1]!.split('\n').filter(Boolean);
  expect(history).toHaveLength(steps.length);
  steps.forEach((s, i) => expect(history[i]).toContain(s));
}

describe('the running bot: URL verification and the official vector', () => {
  it('answers GET /wecom/callback with the bare decrypted echostr, and refuses a bad signature', async () => {
    bot = await startBot();
    expect(await bot.verify('random-echo-123')).toEqual({ status: 200, body: 'random-echo-123' });
    expect(await bot.verify('回声 echo 9/+=')).toEqual({ status: 200, body: '回声 echo 9/+=' });
    const res = await fetch(`${bot.callbackUrl}?msg_signature=${'0'.repeat(40)}&timestamp=${Math.floor(bot.clock.now() / 1000)}&nonce=1&echostr=abcd`);
    expect(res.status).toBe(403);
  });

  it('takes the official test vector byte for byte (its token, key, corp id, signature and Encrypt)', async () => {
    // The vector's message is from `mycreate` to agent 218 at 1409659813: run the bot then and so.
    bot = await startBot({ start: Number(VECTOR.timestamp) * 1000, env: { WECOM_AGENT_ID: '218' } });
    const tampered = vectorQuery({ ...VECTOR, msgSignature: VECTOR.msgSignature.replace(/^4/, '5') });
    expect(await bot.postRaw(tampered, envelope(VECTOR.encrypt))).toEqual({ status: 403, body: 'refused' });
    expect(await bot.postRaw(vectorQuery(VECTOR), envelope(VECTOR.encrypt))).toEqual({ status: 200, body: '' });
    await bot.settle();
    // mycreate is not in the org file: the bot tells them so (and nothing else happens).
    const [reply, ...more] = sentTo(bot.fake, 'mycreate');
    expect(more).toHaveLength(0);
    expect(reply!.body).toMatchObject({ msgtype: 'text', agentid: 218 });
    expect(contentOf(reply!)).toContain('不在「收到」的通讯录中');
  });
});

describe('the running bot: a form’s whole life', () => {
  it('by text messages only', async () => {
    const b = (bot = await startBot({ org: 'form' }));
    await b.settle(); // the start-up tick's reports
    const say = (user: string, text: string) => during(b, () => b.say(user, text));

    let out = await say('ZhengWei', '新建联络单 JSB 2026-11-27 要求协助 二号锅炉图纸确认');
    one(out, 'ZhengWei', 'markdown', [`#1${TITLE}`, '已起草', '待审批']);
    one(out, 'ZhaoQiang', 'template_card', [`#1${TITLE}`, '郑伟 起草了联络单,请审批。'], ['同意 #1', '驳回 #1']);

    out = await say('ZhengWei', '修改 #1 地点: 二号车间;事件: 锅炉本体图纸与现场不符');
    one(out, 'ZhengWei', 'text', [`#1${TITLE}`, '地点 二号车间']);

    out = await say('ZhaoQiang', '同意');
    one(out, 'ZhaoQiang', 'markdown', [`${NUMBER}${TITLE}`, '已审批同意']);
    one(out, 'LinZhiHua', 'template_card', [`${NUMBER}${TITLE}`, '前签收或提出异议(回复期限'], [`签收 ${NUMBER}`, `有异议 ${NUMBER}`]);
    one(out, 'ZhengWei', 'markdown', [`${NUMBER}${TITLE}`, '赵强 审批同意']);

    out = await say('LinZhiHua', `有异议 ${NUMBER} 期限太紧,需要到 11 月 30 日`);
    one(out, 'LinZhiHua', 'text', [`${NUMBER}${TITLE}`, '已提出异议']);
    one(out, 'ZhengWei', 'markdown', [`${NUMBER}${TITLE}`, '林志华 有异议:期限太紧']);

    out = await say('ZhengWei', `修改 ${NUMBER} 期限: 2026-11-30`);
    one(out, 'ZhengWei', 'text', [`${NUMBER}${TITLE}`, '修订:期限 2026-11-30 17:30']);
    one(out, 'LinZhiHua', 'template_card', [`${NUMBER}${TITLE}`, '前签收修订后的联络单'], [`签收 ${NUMBER}`, `有异议 ${NUMBER}`]);

    out = await say('LinZhiHua', `签收 ${NUMBER}`);
    one(out, 'LinZhiHua', 'text', [`${NUMBER}${TITLE}`, '已签收']);
    one(out, 'ZhengWei', 'markdown', [`${NUMBER}${TITLE}`, '林志华 签收']);

    out = await say('LinZhiHua', `指派 ${NUMBER} @he`);
    one(out, 'LinZhiHua', 'text', [`${NUMBER}${TITLE}`, '指派实施人:何静']);
    one(out, 'HeJing', 'template_card', [`${NUMBER}${TITLE}`, '请按期完成'], [`完成 ${NUMBER}`]);

    // A bare command resolves to the one form on which the person can take that step.
    out = await say('HeJing', '申请延期 2026-12-03 图纸复杂,需要多两天');
    one(out, 'HeJing', 'text', [`${NUMBER}${TITLE}`, '申请延期至 2026-12-03 17:30']);
    one(out, 'ZhengWei', 'template_card', [`${NUMBER}${TITLE}`, '何静 申请延期'], [`同意 ${NUMBER}`, `驳回 ${NUMBER}`]);

    out = await say('ZhengWei', `同意 ${NUMBER}`);
    one(out, 'ZhengWei', 'text', [`${NUMBER}${TITLE}`, '同意延期,新期限 2026-12-03 17:30']);
    one(out, 'HeJing', 'markdown', [`${NUMBER}${TITLE}`, '郑伟 同意延期']);

    out = await say('ZhengWei', `跟催 ${NUMBER}`);
    one(out, 'ZhengWei', 'text', [`${NUMBER}${TITLE}`, '第 1 次跟催']);
    for (const u of ['LinZhiHua', 'HeJing']) one(out, u, 'markdown', [`${NUMBER}${TITLE}`, '郑伟 第 1 次跟催']);
    b.clock.advance(DAY);
    out = await say('ZhengWei', `跟催 ${NUMBER} 请加快`);
    for (const u of ['LinZhiHua', 'HeJing']) one(out, u, 'markdown', [`${NUMBER}${TITLE}`, '第 2 次跟催:请加快']);
    expect(out.some((c) => contentOf(c).includes('【跟催通报】'))).toBe(false);
    b.clock.advance(DAY);
    out = await say('ZhengWei', `跟催 ${NUMBER} 第三次跟催`);
    for (const u of ['LinZhiHua', 'HeJing']) one(out, u, 'markdown', [`${NUMBER}${TITLE}`, '第 3 次跟催']);
    // The third follow-up tells 总经办 (王建国).
    one(out, 'WangJianGuo', 'markdown', [`${NUMBER}${TITLE}`, '【跟催通报】', '已被跟催 3 次']);

    out = await say('HeJing', `完成 ${NUMBER} 图纸已确认并下发车间`);
    one(out, 'HeJing', 'text', [`${NUMBER}${TITLE}`, '已报告完成']);
    one(out, 'ZhengWei', 'template_card', [`${NUMBER}${TITLE}`, '何静 报告完成:图纸已确认并下发车间'], [`结案 ${NUMBER}`]);

    out = await say('ZhengWei', `结案 ${NUMBER} 结果良好,按期完成`);
    one(out, 'ZhengWei', 'text', [`${NUMBER}${TITLE}`, '已结案']);
    for (const u of ['LinZhiHua', 'HeJing']) one(out, u, 'markdown', [`${NUMBER}${TITLE}`, '记录完成结果并结案']);

    out = await say('ZhengWei', `查看 ${NUMBER}`);
    const view = markdownOf(one(out, 'ZhengWei', 'markdown', [`${NUMBER}${TITLE}`, '状态:已结案', '往来记录:']));
    expectHistory(view, [
      '起草联络单', '修改:地点 二号车间;事件 锅炉本体图纸与现场不符', '审批同意,编号 SCB20261101', '有异议:期限太紧',
      '修订:期限 2026-11-30 17:30', '签收', '指派实施人:何静', '申请延期至 2026-12-03 17:30', '同意延期',
      '第 1 次跟催', '第 2 次跟催:请加快', '第 3 次跟催:第三次跟催', '报告完成:图纸已确认并下发车间',
      '记录完成结果并结案。评价:结果良好,按期完成',
    ]);
    // Text only: no card was clicked, so none was updated; one access token served the whole life.
    expect(b.fake.updates).toHaveLength(0);
    expect(b.fake.gettokenCalls).toBe(1);
  });

  it('by card buttons, each click updating the card to show who did what', async () => {
    const b = (bot = await startBot({ org: 'form' }));
    await b.settle();
    const say = (user: string, text: string) => during(b, () => b.say(user, text));
    /** Clicks and checks the card update: this click's response code, for the clicker, who did what. */
    const click = async (user: string, word: string, label: string | undefined) => {
      const updates = b.fake.updates.length;
      let clicked: Awaited<ReturnType<RunningBot['click']>> | undefined;
      const out = await during(b, async () => (clicked = await b.click(user, word)));
      const made = b.fake.updates.slice(updates);
      if (label === undefined) {
        expect(made).toHaveLength(0); // refused: the card stays as it was, to try again
      } else {
        expect(made).toHaveLength(1);
        expect(made[0]!.body).toEqual({ userids: [user], agentid: 1000002, response_code: clicked!.responseCode, button: { replace_name: label } });
      }
      return { out, command: clicked!.command };
    };

    await say('ZhengWei', '新建联络单 JSB 2026-11-27 要求协助 二号锅炉图纸确认\n地点: 二号车间');

    let r = await click('ZhaoQiang', '同意', '赵强 已同意');
    expect(r.command).toBe('同意 #1');
    one(r.out, 'ZhaoQiang', 'markdown', [`${NUMBER}${TITLE}`, '已审批同意']);
    one(r.out, 'LinZhiHua', 'template_card', [`${NUMBER}${TITLE}`, '前签收或提出异议(回复期限'], [`签收 ${NUMBER}`, `有异议 ${NUMBER}`]);

    // 有异议 needs a reason: the click is refused with the usage, and the reason typed next is
    // bound to the clicked card's form (thread-binding.ts) — no number needed.
    r = await click('LinZhiHua', '有异议', undefined);
    one(r.out, 'LinZhiHua', 'text', ['用法:有异议']);
    let out = await say('LinZhiHua', '有异议 期限太紧,需要到 11 月 30 日');
    one(out, 'LinZhiHua', 'text', [`${NUMBER}${TITLE}`, '已提出异议']);
    one(out, 'ZhengWei', 'markdown', [`${NUMBER}${TITLE}`, '林志华 有异议:期限太紧']);

    out = await say('ZhengWei', `修改 ${NUMBER} 期限: 2026-11-30`);
    one(out, 'LinZhiHua', 'template_card', [`${NUMBER}${TITLE}`, '前签收修订后的联络单'], [`签收 ${NUMBER}`, `有异议 ${NUMBER}`]);

    r = await click('LinZhiHua', '签收', '林志华 已签收');
    one(r.out, 'LinZhiHua', 'text', [`${NUMBER}${TITLE}`, '已签收']);
    one(r.out, 'ZhengWei', 'markdown', [`${NUMBER}${TITLE}`, '林志华 签收']);

    // Bare replies after the click belong to the clicked form: a comment, then an assignment.
    out = await say('LinZhiHua', '图纸周一前确认');
    one(out, 'ZhengWei', 'markdown', [`${NUMBER}${TITLE}`, '林志华 图纸周一前确认']);
    out = await say('LinZhiHua', '指派 @何静');
    one(out, 'HeJing', 'template_card', [`${NUMBER}${TITLE}`, '林志华 指派实施人:何静'], [`完成 ${NUMBER}`]);

    out = await say('HeJing', `申请延期 ${NUMBER} 2026-12-03 图纸复杂,需要多两天`);
    one(out, 'ZhengWei', 'template_card', [`${NUMBER}${TITLE}`, '何静 申请延期'], [`同意 ${NUMBER}`, `驳回 ${NUMBER}`]);

    r = await click('ZhengWei', '同意', '郑伟 已同意');
    one(r.out, 'ZhengWei', 'text', [`${NUMBER}${TITLE}`, '同意延期,新期限 2026-12-03 17:30']);
    one(r.out, 'HeJing', 'markdown', [`${NUMBER}${TITLE}`, '郑伟 同意延期']);

    out = await say('ZhengWei', '跟催'); // bound to the card just clicked
    for (const u of ['LinZhiHua', 'HeJing']) one(out, u, 'markdown', [`${NUMBER}${TITLE}`, '郑伟 第 1 次跟催']);
    b.clock.advance(DAY); // the click is long past: name the form
    out = await say('ZhengWei', `跟催 ${NUMBER} 请加快`);
    for (const u of ['LinZhiHua', 'HeJing']) one(out, u, 'markdown', [`${NUMBER}${TITLE}`, '第 2 次跟催:请加快']);
    b.clock.advance(DAY);
    out = await say('ZhengWei', `跟催 ${NUMBER} 第三次跟催`);
    one(out, 'WangJianGuo', 'markdown', [`${NUMBER}${TITLE}`, '【跟催通报】', '已被跟催 3 次']);

    // 完成 and 结案 need a result / an evaluation: as with 有异议, the click asks for it.
    r = await click('HeJing', '完成', undefined);
    one(r.out, 'HeJing', 'text', ['用法:完成']);
    out = await say('HeJing', '完成 图纸已确认并下发车间');
    one(out, 'HeJing', 'text', [`${NUMBER}${TITLE}`, '已报告完成']);
    one(out, 'ZhengWei', 'template_card', [`${NUMBER}${TITLE}`, '何静 报告完成'], [`结案 ${NUMBER}`]);

    r = await click('ZhengWei', '结案', undefined);
    one(r.out, 'ZhengWei', 'text', ['用法:结案']);
    out = await say('ZhengWei', '结案 结果良好,按期完成');
    one(out, 'ZhengWei', 'text', [`${NUMBER}${TITLE}`, '已结案']);
    for (const u of ['LinZhiHua', 'HeJing']) one(out, u, 'markdown', [`${NUMBER}${TITLE}`, '记录完成结果并结案']);

    out = await say('ZhengWei', `查看 ${NUMBER}`);
    const view = markdownOf(one(out, 'ZhengWei', 'markdown', [`${NUMBER}${TITLE}`, '状态:已结案']));
    expectHistory(view, [
      '起草联络单', '审批同意,编号 SCB20261101', '有异议:期限太紧', '修订:期限 2026-11-30 17:30', '签收',
      '图纸周一前确认', '指派实施人:何静', '申请延期至 2026-12-03 17:30', '同意延期', '第 1 次跟催',
      '第 2 次跟催:请加快', '第 3 次跟催:第三次跟催', '报告完成:图纸已确认并下发车间', '记录完成结果并结案',
    ]);
    // Three accepted clicks, three updates, each response code used once.
    expect(b.fake.updates.map((u) => u.body.response_code)).toHaveLength(3);
    expect(new Set(b.fake.updates.map((u) => u.body.response_code)).size).toBe(3);
  });
});

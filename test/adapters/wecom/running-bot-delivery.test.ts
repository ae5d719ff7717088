/**
 * Issue 6 "Done when", against the running bot (running-bot.ts): a notice acknowledged by a bare
 * 收到 to the bot; an access token that expires mid-run (42001) is refreshed once and the message
 * still goes out once — through the outbox dispatcher and for a direct reply; a callback WeCom
 * retries is processed once — a text message and a card click, retried at once and after the
 * first has been processed.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { contentOf, sentTo, startBot, type RunningBot } from './running-bot.js';
import { clickXml, textXml } from './wecom-fixtures.js';

let bot: RunningBot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

/** Rows of a query on the bot's database (read-only, beside the bot's own connection). */
function query<T>(b: RunningBot, sql: string, ...params: unknown[]): T[] {
  const db = new Database(b.dbPath, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

const withText = (b: RunningBot, user: string, text: string) => sentTo(b.fake, user).filter((c) => contentOf(c).includes(text));

describe('the running bot: notices', () => {
  it('a notice is acknowledged by a bare 收到 to the bot, and by the card’s 收到 button', async () => {
    const b = (bot = await startBot());
    await b.settle();
    await b.say('WangJianGuo', '通知 @刘敏 @赵强 下午三点开会');
    expect(contentOf(sentTo(b.fake, 'WangJianGuo').at(-1)!)).toContain('TZ1');
    for (const user of ['LiuMin', 'ZhaoQiang']) {
      const [card, ...more] = withText(b, user, '下午三点开会');
      expect(more).toHaveLength(0);
      expect(card!.body.msgtype).toBe('template_card');
      expect(contentOf(card!)).toContain('通知 TZ1');
    }
    const open = (person: string) => query<{ n: number }>(b, "SELECT count(*) AS n FROM duty WHERE person = ? AND status = 'open'", person)[0]!.n;
    expect([open('liu'), open('zhao')]).toEqual([1, 1]);

    // 刘敏 types a bare 收到 (no number, no click): it discharges her only pending item.
    await b.say('LiuMin', '收到');
    const ack = contentOf(sentTo(b.fake, 'LiuMin').at(-1)!);
    expect(ack).toContain('已确认收到 TZ1《下午三点开会》');
    expect(open('liu')).toBe(0);
    expect(contentOf(sentTo(b.fake, 'WangJianGuo').at(-1)!)).toContain('刘敏 已确认收到 TZ1(已确认 1/2)');

    // 赵强 clicks the card's 收到; the card then says so.
    const { responseCode } = await b.click('ZhaoQiang', '收到');
    expect(open('zhao')).toBe(0);
    expect(contentOf(sentTo(b.fake, 'WangJianGuo').at(-1)!)).toContain('赵强 已确认收到 TZ1(已确认 2/2)');
    expect(b.fake.updates.map((u) => u.body)).toEqual([
      { userids: ['ZhaoQiang'], agentid: 1000002, response_code: responseCode, button: { replace_name: '赵强 已收到' } },
    ]);
    expect(query<{ n: number }>(b, "SELECT count(*) AS n FROM violation")[0]!.n).toBe(0);
  });
});

describe('the running bot: an access token that expires mid-run (42001)', () => {
  it('is refreshed once for the outbox dispatcher, and the message goes out once', async () => {
    const b = (bot = await startBot());
    await b.settle();
    expect(b.fake.gettokenCalls).toBe(1);
    // The notice is stored; its reply to 王建国 is sent at once, the card to 刘敏 by the dispatcher.
    const a = await b.post(textXml('WangJianGuo', '通知 @刘敏 明天八点安全检查', '7001', { ts: String(Math.floor(b.clock.now() / 1000)) }));
    expect(a).toEqual({ status: 200, body: '' });
    await b.served.idle();
    expect(withText(b, 'LiuMin', '明天八点安全检查')).toHaveLength(0);
    b.fake.failNext('message/send', 42001); // the next send is told its token expired
    await b.settle();
    expect(b.fake.gettokenCalls).toBe(2);
    expect(b.fake.log.filter((l) => l.errcode === 42001)).toEqual([{ api: 'message/send', errcode: 42001 }]);
    expect(withText(b, 'LiuMin', '明天八点安全检查')).toHaveLength(1);
    const rows = query<{ status: string; attempts: number }>(b, "SELECT status, attempts FROM outbox WHERE key LIKE 'notice:%'");
    expect(rows).toEqual([{ status: 'sent', attempts: 1 }]);
  });

  it('is refreshed once for a direct reply, and the reply goes out once', async () => {
    const b = (bot = await startBot());
    await b.settle();
    await b.say('ZhaoQiang', '帮助');
    const tokens = b.fake.gettokenCalls;
    const helps = withText(b, 'ZhaoQiang', '帮助').length;
    b.fake.expireToken(); // WeCom invalidated the token early: calls with it answer 42001
    await b.say('ZhaoQiang', '帮助');
    expect(b.fake.gettokenCalls).toBe(tokens + 1);
    expect(b.fake.log.filter((l) => l.errcode === 42001)).toHaveLength(1);
    expect(withText(b, 'ZhaoQiang', '帮助')).toHaveLength(helps + 1);
    // The new token serves what follows without another gettoken.
    await b.say('ZhaoQiang', '我的待办');
    expect(b.fake.gettokenCalls).toBe(tokens + 1);
    expect(new Set(b.fake.sent.slice(-2).map((c) => c.token)).size).toBe(1);
  });
});

describe('the running bot: a callback WeCom retries', () => {
  it('is processed once: a text message posted three times', async () => {
    const b = (bot = await startBot());
    await b.settle();
    const callback = b.signed(textXml('ZhaoQiang', '通知 @周海涛 周五例会改到周四', '8001', { ts: String(Math.floor(b.clock.now() / 1000)) }));
    // WeCom retries when it has no answer within 5 s: once while the first is being processed, once after.
    const answers = await Promise.all([b.postRaw(callback.query, callback.body), b.postRaw(callback.query, callback.body)]);
    await b.settle();
    answers.push(await b.postRaw(callback.query, callback.body));
    await b.settle();
    expect(answers).toEqual(Array.from({ length: 3 }, () => ({ status: 200, body: '' })));
    expect(query<{ n: number }>(b, "SELECT count(*) AS n FROM notice WHERE text LIKE '%周五例会%'")[0]!.n).toBe(1);
    expect(withText(b, 'ZhouHaiTao', '周五例会改到周四')).toHaveLength(1);
    expect(withText(b, 'ZhaoQiang', 'TZ1')).toHaveLength(1);
  });

  it('is processed once: a card click posted three times', async () => {
    const b = (bot = await startBot());
    await b.settle();
    await b.say('ZhaoQiang', '通知 @周海涛 周五例会改到周四');
    const card = withText(b, 'ZhouHaiTao', '周五例会改到周四')[0]!;
    const tc = card.body.template_card as { task_id: string; button_list: Array<{ key: string }> };
    const callback = b.signed(clickXml('ZhouHaiTao', '收到 TZ1', { ts: String(Math.floor(b.clock.now() / 1000)), taskId: tc.task_id, key: tc.button_list[0]!.key, responseCode: card.responseCode! }));
    const replies = sentTo(b.fake, 'ZhouHaiTao').length;
    const toSender = sentTo(b.fake, 'ZhaoQiang').length;
    const answers = await Promise.all([1, 2, 3].map(() => b.postRaw(callback.query, callback.body)));
    await b.settle();
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(b.fake.updates).toHaveLength(1);
    expect(b.fake.updates[0]!.body).toMatchObject({ response_code: card.responseCode, button: { replace_name: '周海涛 已收到' } });
    expect(sentTo(b.fake, 'ZhouHaiTao')).toHaveLength(replies + 1);
    const told = sentTo(b.fake, 'ZhaoQiang').slice(toSender);
    expect(told).toHaveLength(1); // the sender is told once
    expect(contentOf(told[0]!)).toContain('周海涛');
  });
});

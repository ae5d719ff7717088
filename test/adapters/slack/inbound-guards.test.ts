/**
 * What never gets in, and what gets in once (issue 5 §1–2, issue 9), over real HTTP into the
 * running bot: a forged signature, a stale timestamp and one from the future are refused with
 * 401, a malformed body with 400, and each leaves nothing stored; an unknown Slack user gets a
 * polite answer, the log names them, and nothing but the processed inbox row (its payload gone)
 * and the answer is stored; a delivery retried three times is handled once, in HTTP and in Socket
 * Mode; the bot's own messages are ignored; `url_verification` is answered when signed.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { eventBody, jsonRequest, messageEvent, sign } from './slack-fixtures.js';
import { say, startSlackBot, type Mode, type SlackBot } from './slack-harness.js';

let bot: SlackBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

/** Rows in every table of the bot's database (migrations bookkeeping aside). */
function rowCounts(b: SlackBot): Record<string, number> {
  const db = new Database(dbPath(b), { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('migrations') AND name NOT LIKE 'sqlite_%'").all() as Array<{ name: string }>;
    return Object.fromEntries(tables.map(({ name }) => [name, (db.prepare(`SELECT COUNT(*) AS n FROM "${name}"`).get() as { n: number }).n]));
  } finally {
    db.close();
  }
}
/** The tables that gained rows since `before` (the start-up tick's own rows aside). */
const grown = (b: SlackBot, before: Record<string, number>) => Object.entries(rowCounts(b)).filter(([t, n]) => n > (before[t] ?? 0)).map(([t]) => t).sort();
const dbPath = (b: SlackBot) => b.dbUrl.replace(/^sqlite:/, '');
/** The inbox rows kept after processing: their payload and sender order are gone. */
function inboxLeft(b: SlackBot): Array<{ status: string; payload: unknown; order_hash: unknown }> {
  const db = new Database(dbPath(b), { readonly: true });
  try {
    return db.prepare('SELECT status, payload, order_hash FROM inbox').all() as Array<{ status: string; payload: unknown; order_hash: unknown }>;
  } finally {
    db.close();
  }
}

const FORM_TEXT = '新建联络单 XSB 2026-11-27 要求协助 客户来访接待';
/** The bot's clock (a virtual one): signatures are checked against it. */
let botNow = () => Math.floor(Date.now() / 1000);
const now = () => botNow();

describe('Slack HTTP requests that must not get in', () => {
  it('refuses a forged signature (401), a stale timestamp (401) and a malformed body (400), storing nothing', async () => {
    bot = await startSlackBot('http');
    const b = bot;
    botNow = () => Math.floor(b.app.clock.now() / 1000);
    await bot.deliver();
    const before = rowCounts(bot);
    const calls = bot.fake.calls.length;
    const req = jsonRequest(eventBody(messageEvent('U0ZHENG', 'DU0ZHENG', FORM_TEXT)));
    const ts = now();
    const forged = await bot.raw(req, { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sign(req.body, ts, 'not-the-secret') });
    expect(forged.status).toBe(401);
    const unsigned = await bot.raw(req, { 'x-slack-request-timestamp': String(ts) });
    expect(unsigned.status).toBe(401);
    const old = ts - 6 * 60;
    const stale = await bot.raw(req, { 'x-slack-request-timestamp': String(old), 'x-slack-signature': sign(req.body, old) });
    expect(stale.status).toBe(401);
    // Bolt checks only the past; a timestamp 6 minutes ahead is refused the same way (issue 15 item 11).
    const ahead = ts + 6 * 60;
    expect((await bot.raw(req, { 'x-slack-request-timestamp': String(ahead), 'x-slack-signature': sign(req.body, ahead) })).status).toBe(401);
    const body = '{"type":"event_callback","event":';
    const malformed = await bot.raw({ body, contentType: 'application/json' }, { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sign(body, ts) });
    expect(malformed.status).toBe(400);
    // A request that is fine apart from being 4 minutes old still gets in.
    const recent = ts - 4 * 60;
    expect((await bot.raw(jsonRequest({ type: 'url_verification', challenge: 'c1' }), {
      'x-slack-request-timestamp': String(recent), 'x-slack-signature': sign(JSON.stringify({ type: 'url_verification', challenge: 'c1' }), recent),
    })).body).toEqual({ challenge: 'c1' });
    await bot.deliver();
    expect(grown(bot, before)).toEqual([]);
    expect(bot.fake.calls.slice(calls)).toEqual([]);
    expect((await fetch(`${bot.base}/slack/events`)).status).toBe(405);
  });
});

describe.each<Mode>(['http', 'socket'])('Slack over %s', (mode) => {
  it('answers an unknown user politely, logs who it was, and stores nothing', async () => {
    bot = await startSlackBot(mode);
    await bot.deliver();
    const before = rowCounts(bot);
    await say(bot, 'U0STRANGER', 'DU0STRANGER', FORM_TEXT);
    const answer = bot.fake.messages.filter((m) => m.channel === 'DU0STRANGER').at(-1)!;
    expect(answer.text).toContain('不在「收到」的通讯录中');
    expect(answer.text).toContain('U0STRANGER');
    // In a channel: a command gets a private answer, chatter none.
    await say(bot, 'U0STRANGER', 'C0SCB', '我的待办');
    await say(bot, 'U0STRANGER', 'C0SCB', '大家好');
    expect(bot.fake.ephemerals).toHaveLength(1);
    expect(bot.fake.ephemerals[0]).toMatchObject({ channel: 'C0SCB', user: 'U0STRANGER' });
    expect(bot.logs.filter((l) => l.level === 'warn' && l.obj['user'] === 'slack:U0STRANGER')).toHaveLength(3);
    // Nothing but the answers and the processed inbox rows, whose payload and sender are gone.
    expect(grown(bot, before)).toEqual(['inbox', 'outbox']);
    expect(inboxLeft(bot)).toEqual(Array(3).fill({ status: 'done', payload: null, order_hash: null }));
  });

  it('handles a delivery retried three times once', async () => {
    bot = await startSlackBot(mode);
    const body = eventBody(messageEvent('U0ZHENG', 'DU0ZHENG', FORM_TEXT), 'EvRETRY1');
    for (const retryNum of [0, 1, 2, 3]) expect((await bot.event(body, retryNum ? { retryNum } : {})).status).toBe(200);
    await bot.deliver();
    const forms = await bot.app.store.transaction((tx) => tx.forms.list({}));
    expect(forms).toHaveLength(1);
    expect(bot.fake.messages.filter((m) => m.channel === 'DU0ZHENG')).toHaveLength(1);
    expect(bot.logs.filter((l) => l.msg.includes('retry ignored'))).toHaveLength(3);
  });

  it("ignores the bot's own messages and other bots'", async () => {
    bot = await startSlackBot(mode);
    await say(bot, 'U0ZHENG', 'DU0ZHENG', '帮助'); // learns who the bot is (auth.test)
    const before = bot.fake.calls.length;
    await bot.event(eventBody(messageEvent('UBOT', 'C0SCB', '【通知】 <@U0ZHAO> 测试')));
    await bot.event(eventBody({ ...messageEvent('U0WANG', 'C0SCB', '【通知】 <@U0ZHAO> 测试'), bot_id: 'BOTHER' }));
    await bot.event(eventBody({ ...messageEvent('U0WANG', 'C0SCB', '【通知】 <@U0ZHAO> 测试'), subtype: 'message_changed' }));
    await bot.deliver();
    expect(bot.fake.calls.length).toBe(before);
    expect(await bot.app.store.transaction((tx) => tx.notices.byId(1))).toBeUndefined();
  });
});

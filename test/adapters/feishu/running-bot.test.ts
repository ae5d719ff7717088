/**
 * Issue 10 "Done when", through the running bot (running-bot.ts): a form's life in its thread in
 * the receiving department's chat — by replies in the thread and by the root card's buttons, the
 * root card updated in place each time — a notice acknowledged by 收到 and by its button, 已读未回
 * from read_users and from pushed read events (both modes, deduplicated with the poll),
 * `via: urgent` ringing urgent_app, and a fuzz of corrupted events refused.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buttonsOfCard, p2pChat, textOfMessage, type FakeMessage } from '../../fakes/fake-feishu.js';
import { seededRandom } from '../../fakes/seeded-random.js';
import { encryptedRequest, messageEvent, readEvent } from './feishu-fixtures.js';
import { chatOf, ou, startFeishuBot, type FeishuBot } from './running-bot.js';
import { anyNumber } from '../../helpers/matchers.js';

let bot: FeishuBot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

const since = (b: FeishuBot, n: number) => b.fake.messages.slice(n);
const dump = (ms: FakeMessage[]) => ms.map((m) => `${m.chatId}${m.rootId ? `/${m.rootId}` : ''} ${textOfMessage({ content: m.content }).slice(0, 160)}`).join('\n');

describe('the running bot on Feishu', () => {
  it('runs a form in its thread, by replies and by buttons, with the root card updated', async () => {
    const b = (bot = await startFeishuBot());
    await b.settle();
    let n = b.fake.messages.length;
    await b.say('zheng', '新建联络单 JSB 2026-11-27 要求协助 二号锅炉图纸确认');
    await b.click('zhao', '同意');
    const out = since(b, n);
    const root = out.find((m) => m.chatId === chatOf('JSB') && !m.rootId);
    expect(root, dump(out)).toBeDefined();
    expect(root!.msgType).toBe('interactive');
    const number = /[A-Z]{2,5}\d{8}/.exec(textOfMessage(root!))![0];
    // Signed by the root card's button, assigned by a reply in the thread (an @-mention).
    expect(buttonsOfCard(b.fake.messages.find((m) => m.messageId === root!.messageId)!.patched!)).toContain(`签收 ${number}`);
    const signed = await b.click('lin', '签收', chatOf('JSB'));
    expect(signed.messageId).toBe(root!.messageId);
    n = b.fake.messages.length;
    await b.say('lin', `指派 @_user_1`, { chatType: 'group', chatId: chatOf('JSB'), rootId: root!.messageId, mentions: [{ key: '@_user_1', openId: ou('he'), name: '何静' }] });
    const inThread = since(b, n).filter((m) => m.rootId === root!.messageId);
    expect(dump(inThread)).toContain('何静');
    expect(buttonsOfCard(b.fake.messages.find((m) => m.messageId === root!.messageId)!.patched!)).toContain(`完成 ${number}`);
    // 完成 needs its result: the button answers with the usage in the thread; the reply does it.
    n = b.fake.messages.length;
    await b.click('he', '完成', chatOf('JSB'));
    expect(since(b, n).filter((m) => m.rootId === root!.messageId).map((m) => textOfMessage(m)).join()).toContain('用法:完成');
    await b.say('he', '完成 图纸已确认并下发车间', { chatType: 'group', chatId: chatOf('JSB'), rootId: root!.messageId });
    await b.say('zheng', '结案 结果良好,按期完成', { chatType: 'group', chatId: chatOf('JSB'), rootId: root!.messageId });
    const last = b.fake.patches.filter((p) => p.messageId === root!.messageId).at(-1)!;
    expect(JSON.stringify(last.content)).toContain('已结案');
    expect(buttonsOfCard(last.content)).toEqual([]);
    expect(b.fake.messages.filter((m) => m.chatId === chatOf('JSB') && !m.rootId)).toHaveLength(1);
  });

  it('takes a notice’s acknowledgement by 收到 and by its button', async () => {
    const b = (bot = await startFeishuBot());
    await b.settle();
    await b.say('wang', '通知 @zhao @lin 明早八点开安全会');
    for (const p of ['zhao', 'lin']) expect(await b.served.deps.store.transaction((tx) => tx.duties.openForPerson(p))).toHaveLength(1);
    const card = (p: string) => b.fake.messages.find((m) => m.chatId === p2pChat(ou(p)) && textOfMessage(m).includes('明早八点开安全会'))!;
    expect(buttonsOfCard(card('zhao').content).some((c) => c.startsWith('收到'))).toBe(true);
    // 赵强 quotes the card and answers 收到; 林志华 presses its button.
    await b.say('zhao', '收到', { rootId: card('zhao').messageId });
    await b.click('lin', '收到');
    expect(b.fake.patches.some((p) => p.messageId === card('lin').messageId && JSON.stringify(p.content).includes('林志华'))).toBe(true);
    for (const p of ['zhao', 'lin']) expect(await b.served.deps.store.transaction((tx) => tx.duties.openForPerson(p))).toEqual([]);
    const toWang = b.fake.messages.filter((m) => m.to === ou('wang')).map((m) => textOfMessage(m)).join('\n');
    expect(toWang).toContain('2/2');
    // 王建国's answer to his notice is its live status card, updated in place by both acknowledgements.
    const status = b.fake.messages.find((m) => m.to === ou('wang') && m.msgType === 'interactive' && textOfMessage({ content: m.content }).includes('0/2'));
    expect(status, dump(b.fake.messages.filter((m) => m.to === ou('wang')))).toBeDefined();
    expect(b.fake.patches.filter((p) => p.messageId === status!.messageId).map((p) => /已确认 ?(\d\/\d)/.exec(JSON.stringify(p.content))?.[1])).toEqual(['1/2', '2/2']);
  });
});

describe('the running bot on Feishu: read receipts and urgent messages', () => {
  it('shows 已读未回 for a notice read on Feishu but not answered', async () => {
    const b = (bot = await startFeishuBot());
    await b.settle();
    await b.say('wang', '通知 @zhao @lin 明早八点开安全会');
    const card = (p: string) => b.fake.messages.find((m) => m.chatId === p2pChat(ou(p)) && textOfMessage(m).includes('明早八点开安全会'))!;
    // 赵强 opens the card and says nothing; 林志华 does not open it.
    b.fake.markRead(card('zhao').messageId, ou('zhao'), b.clock.now() + 5_000);
    b.clock.advance(61_000);
    await b.settle();
    expect(b.fake.log.filter((l) => l.path.endsWith('/read_users')).length).toBeGreaterThanOrEqual(2);
    const n = b.fake.messages.length;
    const ref = /TZ\d+/.exec(textOfMessage(card('zhao')))![0];
    await b.say('wang', `查看 ${ref}`);
    const view = since(b, n).filter((m) => m.to === ou('wang')).map((m) => textOfMessage(m)).join('\n');
    expect(view).toMatch(/赵强[^\n"]*已读未回/);
    expect(view).not.toMatch(/林志华[^\n"]*已读未回/);
    // Evidence only: 赵强's duty is still open.
    expect(await b.served.deps.store.transaction((tx) => tx.duties.openForPerson('zhao'))).toHaveLength(1);
  });

  it('sends urgent_app at the escalation step that says via: urgent', async () => {
    const b = (bot = await startFeishuBot({ policy: 'escalation:\n  - { after: 0m, notify: self }\n  - { after: 30m, notify: leader, via: urgent }\n' }));
    await b.settle();
    await b.say('wang', '通知 @zhao 明早八点开安全会');
    expect(b.fake.urgents).toEqual([]);
    // Past the notice's window and 30 working minutes more: the escalation to 赵强's leader rings.
    for (let i = 0; i < 12 && !b.fake.urgents.length; i++) {
      b.clock.advance(3600_000);
      await b.settle();
    }
    expect(b.fake.urgents).toHaveLength(1);
    const u = b.fake.urgents[0]!;
    expect(u.via).toBe('app');
    const rung = b.fake.messages.find((m) => m.messageId === u.messageId)!;
    expect(u.users).toEqual([rung.to]);
    expect(rung.to).not.toBe(ou('zhao'));
    expect(textOfMessage(rung)).toContain('赵强');
  });
});

describe.each(['http', 'ws'] as const)('the running bot on Feishu (%s): pushed read receipts', (mode) => {
  it('records im.message.message_read_v1 for a watched notice card, deduplicated with the read_users poll and with redeliveries', async () => {
    const b = (bot = await startFeishuBot({ mode }));
    await b.settle();
    await b.say('wang', '通知 @zhao @lin 明早八点开安全会');
    const card = (p: string) => b.fake.messages.find((m) => m.chatId === p2pChat(ou(p)) && textOfMessage(m).includes('明早八点开安全会'))!;
    const store = b.served.deps.store;
    const receipts = () => store.transaction((tx) => tx.readReceipts.forNotices([1]));
    const audits = async () => (await store.transaction((tx) => tx.audit.list({ entity: 'notice', entityId: '1' }))).filter((a) => a.action === 'notice.read');
    const watchOf = (p: string) => store.transaction((tx) => tx.readWatches.byHandles('feishu', [card(p).messageId]));
    expect(await watchOf('zhao')).toHaveLength(1);

    // 赵强 opens the card: Feishu pushes the read (with a message that is no notice of ours).
    const readAt = b.clock.now() + 5_000;
    const pushed = readEvent(ou('zhao'), [card('zhao').messageId, 'om_not_ours'], readAt);
    expect(await b.post(pushed)).toBe(200);
    await b.settle();
    const first = await receipts();
    // The read time as pushed (the shared use case keeps it, never later than the bot's clock).
    expect(first).toEqual([{ noticeId: 1, person: 'zhao', platform: 'feishu', readAt: anyNumber() }]);
    const zhaoAt = first[0]!.readAt;
    expect(zhaoAt).toBeLessThanOrEqual(readAt);
    expect(zhaoAt).toBeGreaterThanOrEqual(readAt - 5_000);
    // 赵强 left the watch (it ended: nobody else was in it), so the poll no longer asks about his card.
    expect(await watchOf('zhao')).toHaveLength(0);
    // A redelivery (same event_id) and a second push (another event) record nothing more; nor does
    // a read by someone the card was not sent to.
    expect(await b.post(pushed)).toBe(200);
    expect(await b.post(readEvent(ou('zhao'), [card('zhao').messageId], readAt + 60_000))).toBe(200);
    expect(await b.post(readEvent(ou('he'), [card('zhao').messageId], readAt))).toBe(200);
    await b.settle();
    expect(await receipts()).toHaveLength(1);

    // 林志华's read comes by the poll first; the push that follows changes nothing.
    const linAt = b.clock.now() + 1_000;
    b.fake.markRead(card('lin').messageId, ou('lin'), linAt);
    b.clock.advance(61_000);
    await b.settle();
    expect((await receipts()).find((r) => r.person === 'lin')?.readAt).toBe(linAt);
    expect(await b.post(readEvent(ou('lin'), [card('lin').messageId], linAt + 30_000))).toBe(200);
    await b.settle();
    expect(Object.fromEntries((await receipts()).map((r) => [r.person, r.readAt]))).toEqual({ zhao: zhaoAt, lin: linAt });
    expect(await audits()).toHaveLength(2);

    const n = b.fake.messages.length;
    await b.say('wang', '查看 TZ1');
    const view = since(b, n).filter((m) => m.to === ou('wang')).map((m) => textOfMessage(m)).join('\n');
    expect(view).toMatch(/赵强[^\n"]*已读未回/);
    expect(view).toMatch(/林志华[^\n"]*已读未回/);
    // Evidence only: both duties stay open, and nothing answered the read events.
    expect(await store.transaction((tx) => tx.duties.openForSubject('notice', 1))).toHaveLength(2);
    expect(since(b, n).filter((m) => m.to === ou('zhao') || m.to === ou('he'))).toHaveLength(0);
  });

  it('ignores a malformed read event (no reader, no time, no messages) without storing it', async () => {
    const b = (bot = await startFeishuBot({ mode }));
    await b.settle();
    const inboxRows = async () => Object.values(await b.served.deps.store.transaction((tx) => tx.inbox.counts())).reduce((x, y) => x + y, 0);
    const rowsBefore = await inboxRows();
    const before = await b.served.deps.store.transaction(async (tx) => (await tx.audit.list({})).length);
    const bad = readEvent(ou('zhao'), ['om_x'], b.clock.now());
    const event = bad['event'] as Record<string, Record<string, unknown>>;
    for (const broken of [{ ...event, reader: {} }, { ...event, reader: { ...event['reader'], read_time: 'soon' } }, { ...event, message_id_list: [] }, { ...event, message_id_list: 'om_x' }]) {
      expect(await b.post({ ...bad, header: { ...(bad['header'] as object), event_id: `bad-${Math.random()}` }, event: broken })).toBe(200);
    }
    await b.settle();
    expect(await inboxRows()).toBe(rowsBefore);
    expect(await b.served.deps.store.transaction(async (tx) => (await tx.audit.list({})).length)).toBe(before);
  });
});

describe('the running bot on Feishu: corrupted events', () => {
  it('refuses a fuzz of corrupted and forged events, stores nothing, and stays up', async () => {
    const b = (bot = await startFeishuBot());
    await b.settle();
    const url = `http://127.0.0.1:${b.served.port}/feishu/events`;
    const inboxRows = async () => Object.values(await b.served.deps.store.transaction((tx) => tx.inbox.counts())).reduce((x, y) => x + y, 0);
    const before = await inboxRows();
    const rnd = seededRandom(42);
    const good = encryptedRequest(messageEvent(ou('zhao'), '我的待办'), { ts: String(Math.floor(b.clock.now() / 1000)) });
    for (let i = 0; i < 200; i++) {
      const body = Buffer.from(good.body);
      // Every corruption changes its byte (a byte set to its own value would leave a valid request).
      for (let k = 0; k < 1 + Math.floor(rnd() * 3); k++) {
        const at = Math.floor(rnd() * body.length);
        body[at] = (body[at]! + 1 + Math.floor(rnd() * 255)) % 256;
      }
      const res = await fetch(url, { method: 'POST', headers: good.headers, body: new Uint8Array(body) });
      await res.text();
      expect(res.status).toBeGreaterThanOrEqual(400);
    }
    // A forged verification token, correctly encrypted and signed.
    expect(await b.post(messageEvent(ou('zhao'), '我的待办', { token: 'forged' }))).toBe(403);
    await b.settle();
    expect(await inboxRows()).toBe(before);
    // The intact request, then the same bytes replayed six minutes later: refused as stale.
    const send = () => fetch(url, { method: 'POST', headers: good.headers, body: good.body }).then(async (r) => (await r.text(), r.status));
    expect(await send()).toBe(200);
    b.clock.advance(6 * 60_000);
    expect(await send()).toBe(403);
    await b.settle();
    expect(await inboxRows()).toBe(before + 1);
    const health = await fetch(`http://127.0.0.1:${b.served.port}/healthz`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { platforms: Record<string, string> }).platforms['feishu']).toBe('up');
    const n = b.fake.messages.length;
    await b.say('zhao', '我的待办');
    expect(since(b, n).some((m) => m.to === ou('zhao'))).toBe(true);
  });
});

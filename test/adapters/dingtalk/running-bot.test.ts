/**
 * Issue 17 "Done when", through the running bot (running-bot.ts): a form's whole life by text
 * (HTTP) and by card clicks (Stream, and HTTP with the registered card callback; each card
 * updated); a 【通知】 in a department group @-mentioning three people (its group answer watched
 * for reads with groupMessages/query), acknowledged by 收到 in the group and 1:1; a notice
 * read but not answered shows 已读未回 in 查看 and in the digest; an escalation step with
 * `via: ding` calls DING at the fake; refusals and a fuzz of 2,000 corrupted callbacks leave the
 * process up and the database identical.
 */
import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { localInstant } from '../../../src/domain/local-time.js';
import { TZ } from '../../helpers/app.js';
import { TOPIC_ROBOT } from 'dingtalk-stream';
import { decodeDingtalk } from '../../../src/adapters/dingtalk/decode.js';
import { seededRandom } from '../../fakes/seeded-random.js';
import { cardClick, dingSign, robotText } from './dingtalk-fixtures.js';
import { dt, GROUP, startDtBot, texts, type DtBot } from './running-bot.js';
import { stringContaining } from '../../helpers/matchers.js';

let bot: DtBot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});
const NUMBER = 'SCB20261101';
const has = (sent: ReturnType<DtBot['sentTo']>, ...parts: string[]): void => {
  expect(texts(sent)).toSatisfy((t: string) => parts.every((p) => t.includes(p)), `${parts.join(' · ')} in\n${texts(sent)}`);
};

describe('dingtalk through the running bot', () => {
  it('a form’s whole life by text, every message naming the form', async () => {
    const b = (bot = await startDtBot());
    await b.settle();
    let out = await b.say('zheng', '新建联络单 JSB 2026-11-27 要求协助 二号锅炉图纸确认');
    has(out.filter((s) => s.to.includes(dt('zhao'))), '#1', '请审批', 'dtmd://dingtalkclient/sendMessage?content=');
    out = await b.say('zhao', '同意');
    has(out.filter((s) => s.to.includes(dt('lin'))), NUMBER, '前签收或提出异议');
    out = await b.say('lin', `签收 ${NUMBER}`);
    has(out.filter((s) => s.to.includes(dt('zheng'))), NUMBER, '林志华 签收');
    out = await b.say('lin', `指派 ${NUMBER} @he`);
    has(out.filter((s) => s.to.includes(dt('he'))), NUMBER, '请按期完成');
    out = await b.say('he', `完成 ${NUMBER} 图纸已确认`);
    has(out.filter((s) => s.to.includes(dt('zheng'))), NUMBER, '报告完成');
    out = await b.say('zheng', `结案 ${NUMBER} 结果良好`);
    has(out.filter((s) => s.to.includes(dt('zheng'))), '已结案');
    out = await b.say('zheng', `查看 ${NUMBER}`);
    has(out, '状态', '已结案', '往来记录');
    expect(b.fake.tokenCalls).toBe(1);
    // Every message went 1:1 as markdown (msgParam a JSON string, checked by the fake).
    expect(new Set(b.fake.sent.map((s) => `${s.api}/${s.msgKey}`))).toEqual(new Set(['batchSend/sampleMarkdown']));
  });

  it('a form by card clicks (Stream, card template), each clicked card updated with who did what', async () => {
    const b = (bot = await startDtBot({ mode: 'stream', env: { DINGTALK_CARD_TEMPLATE_ID: 'shoudao-card.schema' } }));
    await b.settle();
    const health = async () => ((await (await fetch(`http://127.0.0.1:${b.served.port}/healthz`)).json()) as { platforms: Record<string, string> }).platforms['dingtalk'];
    expect(await health()).toBe('up');
    await b.say('zheng', '新建联络单 JSB 2026-11-27 要求协助 二号锅炉图纸确认');
    expect(b.sentTo('zhao').some((s) => s.api === 'card')).toBe(true);
    let out = await b.clickCard('zhao', '同意');
    expect(b.fake.cardUpdates.at(-1)).toMatchObject({ cardData: { cardParamMap: { status: stringContaining('赵强') } }, cardUpdateOptions: { updateCardDataByKey: true } });
    has(out.filter((s) => s.to.includes(dt('lin'))), NUMBER, '前签收或提出异议');
    out = await b.clickCard('lin', '签收');
    expect(String((b.fake.cardUpdates.at(-1)!.cardData as { cardParamMap: { status: string } }).cardParamMap.status)).toContain('林志华');
    // A bare reply after the click belongs to the clicked card's form.
    out = await b.say('lin', '指派 @何静');
    has(out.filter((s) => s.to.includes(dt('he'))), NUMBER);
    expect(b.sentTo('he').some((s) => s.api === 'card')).toBe(true);
    expect(b.fake.cardUpdates).toHaveLength(2);
    // /healthz follows the socket: down while the watchdog reconnects (the adapter says connecting), then up again.
    b.fake.dropSocket();
    await new Promise((r) => setTimeout(r, 100));
    expect(await health()).toBe('down');
    await b.fake.connected();
    await new Promise((r) => setTimeout(r, 100));
    expect(await health()).toBe('up');
  });

  it('a form by card clicks over HTTP (DINGTALK_MODE=http): the callback URL registered, clicks signed, committed and answered, each card updated; forged, stale, replayed and non-JSON callbacks refused, storing nothing', async () => {
    const b = (bot = await startDtBot({ httpCards: true }));
    await b.settle();
    // Registered at start, overwriting (forceUpdate), with the configured secret.
    expect(b.fake.cardRoutes.get('shoudao')).toEqual({ url: `http://127.0.0.1:${b.served.port}/dingtalk/card`, apiSecret: 'card-api-secret' });
    await b.say('zheng', '新建联络单 JSB 2026-11-27 要求协助 二号锅炉图纸确认');
    const card = b.sentTo('zhao').find((s) => s.api === 'card')!;
    expect(b.fake.cardCallbacks.get(card.processQueryKey)).toEqual({ type: 'HTTP', routeKey: 'shoudao' });
    let out = await b.clickCard('zhao', '同意');
    expect(b.fake.cardUpdates.at(-1)).toMatchObject({ outTrackId: card.processQueryKey, cardData: { cardParamMap: { status: stringContaining('赵强') } } });
    has(out.filter((s) => s.to.includes(dt('lin'))), NUMBER, '前签收或提出异议');
    out = await b.clickCard('lin', '签收');
    has(out.filter((s) => s.to.includes(dt('zheng'))), NUMBER, '林志华 签收');
    expect(b.fake.cardUpdates).toHaveLength(2);

    // Refusals on /dingtalk/card: nothing stored, nothing sent.
    await b.settle();
    const before = b.dump();
    const sentBefore = b.fake.sent.length;
    const url = `http://127.0.0.1:${b.served.port}/dingtalk/card`;
    const lin = b.sentTo('lin').filter((s) => s.api === 'card').at(-1)!;
    const body = JSON.stringify(cardClick(dt('lin'), lin.processQueryKey, `有异议 ${NUMBER} 伪造`));
    const postCard = async (ts: string, signature: string, text = body) => (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-ddpaas-signature-timestamp': ts, 'x-ddpaas-signature': signature }, body: text })).status;
    const ts = String(b.clock.now() + 1);
    const sig = (t: string, secret = 'card-api-secret') => createHmac('sha256', secret).update(t).digest('base64');
    expect(await postCard(ts, sig(ts, 'forged'))).toBe(403);
    const old = String(b.clock.now() - 6 * 60_000);
    expect(await postCard(old, sig(old))).toBe(403);
    expect(await postCard(ts, sig(ts), 'not json {')).toBe(400);
    // A signature DingTalk made for one click, replayed with another body (the body is not signed).
    const seen = String(b.clock.now() + 2);
    expect(await postCard(seen, sig(seen), JSON.stringify({ hello: 'first' }))).toBe(200);
    expect(await postCard(seen, sig(seen))).toBe(403);
    await b.settle();
    expect(b.dump()).toBe(before);
    expect(b.fake.sent).toHaveLength(sentBefore);
  });

  it('a 【通知】 answered in the group is polled with groupMessages/query: a recipient who read it there shows 已读未回', async () => {
    const b = (bot = await startDtBot({ start: '2026-11-24 10:00' }));
    await b.settle();
    await b.say('wang', '【通知】@赵强 @郑伟 @石磊 下午三点盘点库存', { cid: GROUP, at: ['zhao', 'zheng', 'shi'] });
    const answer = b.fake.sent.find((s) => s.api === 'groupSend' && s.group === GROUP && textOfParam(s).includes('TZ1'))!;
    const watches = await b.served.deps.store.transaction((tx) => tx.readWatches.byHandles('dingtalk', [answer.processQueryKey]));
    expect(watches).toEqual([expect.objectContaining({ noticeId: 1, channel: GROUP, readers: { [dt('zhao')]: 'zhao', [dt('zheng')]: 'zheng', [dt('shi')]: 'shi' } })]);
    // 郑伟 reads the group answer; nobody reads their 1:1 notice.
    b.fake.markRead(answer.processQueryKey, dt('zheng'), 0);
    b.clock.advance(2 * 60_000);
    await b.settle(); // the tick asks groupMessages/query (readers only, no read time: the poll's time is kept)
    expect(b.fake.log.some((l) => l.path === '/v1.0/robot/groupMessages/query' && l.status === 200)).toBe(true);
    const out = await b.say('wang', '查看 TZ1');
    has(out, '郑伟:未确认,已读未回(2026-11-24 10:02 已读)');
    expect(texts(out)).not.toContain('赵强:未确认,已读未回');
    // The watch waits for the other two only.
    const left = await b.served.deps.store.transaction((tx) => tx.readWatches.byHandles('dingtalk', [answer.processQueryKey]));
    expect(left[0]!.readers).toEqual({ [dt('zhao')]: 'zhao', [dt('shi')]: 'shi' });
    expect(await b.served.deps.store.transaction((tx) => tx.duties.openForSubject('notice', 1))).toHaveLength(3);
  });

  it('a 【通知】 in the department group to three people, acknowledged in the group and 1:1', async () => {
    const b = (bot = await startDtBot());
    await b.settle();
    const out = await b.say('wang', '【通知】@赵强 @郑伟 @石磊 下午三点盘点库存', { cid: GROUP, at: ['zhao', 'zheng', 'shi'] });
    const who = await b.served.deps.store.transaction(async (tx) => (await tx.notices.byRef('TZ1'))?.recipients);
    expect(who, texts(out)).toEqual(['zhao', 'zheng', 'shi']);
    // The confirmation goes back to the group; each person gets the notice 1:1.
    expect(out.some((s) => s.api === 'groupSend' && s.group === GROUP && textOfParam(s).includes('TZ1'))).toBe(true);
    for (const p of who!) expect(out.some((s) => s.to.includes(dt(p)) && textOfParam(s).includes('下午三点盘点库存'))).toBe(true);
    await b.say('zhao', '收到', { cid: GROUP });
    expect(await b.served.deps.store.transaction((tx) => tx.duties.openForSubject('notice', 1))).toHaveLength(2);
    await b.say('zheng', '收到');
    await b.say('shi', '已读');
    expect(await b.served.deps.store.transaction((tx) => tx.duties.openForSubject('notice', 1))).toHaveLength(0);
    expect(texts(b.fake.sent)).toContain('已确认');
  });

  it('a notice read but not answered shows 已读未回 in 查看 and in the next digest', async () => {
    const b = (bot = await startDtBot({ start: '2026-11-24 10:00' }));
    await b.settle();
    await b.say('wang', '通知 @zhao 明早八点开安全会');
    const notice = b.sentTo('zhao').find((s) => textOfParam(s).includes('明早八点开安全会'))!;
    b.fake.markRead(notice.processQueryKey, dt('zhao'), localInstant('2026-11-24 10:01', TZ));
    b.clock.advance(2 * 60_000);
    await b.settle(); // the tick polls readStatus
    let out = await b.say('wang', '查看 TZ1');
    has(out, '赵强:未确认,已读未回(2026-11-24 10:01 已读)');
    b.clock.set(localInstant('2026-11-25 09:00', TZ));
    await b.settle();
    out = b.fake.sent.filter((s) => textOfParam(s).includes('逾期'));
    has(out, 'TZ1', '已读未回(2026-11-24 10:01 已读)');
  });

  it('an escalation step with via: ding calls DING at the fake', async () => {
    const b = (bot = await startDtBot({ start: '2026-11-24 10:00', policy: 'escalation:\n  - { after: 0m, notify: self }\n  - { after: 30m, notify: leader, via: ding }\n' }));
    await b.settle();
    await b.say('wang', '通知 @zhao 明早八点开安全会');
    b.clock.advance(61 * 60_000);
    await b.settle();
    const dings = b.fake.sent.filter((s) => s.api === 'ding');
    expect(dings).toHaveLength(1);
    expect(dings[0]).toMatchObject({ to: [dt('chen')], msgKey: 'remindType1' });
    expect(String(dings[0]!.param.content)).toContain('TZ1');
  });

  it('a token rejected mid-run is refreshed once, and the answer goes out once', async () => {
    const b = (bot = await startDtBot());
    await b.settle();
    await b.say('zheng', '帮助');
    expect(b.fake.tokenCalls).toBe(1);
    b.fake.expireToken();
    const out = await b.say('zheng', '我的待办');
    expect(b.fake.tokenCalls).toBe(2);
    expect(out.filter((s) => s.to.includes(dt('zheng')))).toHaveLength(1);
    expect(b.fake.log.filter((l) => l.status === 401)).toHaveLength(1);
  });

  it('refuses forged, stale and non-JSON callbacks, and survives 2,000 corrupted ones, storing nothing', async () => {
    const b = (bot = await startDtBot());
    await b.settle();
    const before = b.dump();
    const sentBefore = b.fake.sent.length;
    const body = JSON.stringify(robotText(dt('zhao'), '反馈 建议 refused'));
    const ts = String(b.clock.now());
    expect((await b.post(body, { timestamp: ts, sign: dingSign(ts, 'forged') })).status).toBe(403);
    const old = String(b.clock.now() - 61 * 60_000);
    expect((await b.post(body, { timestamp: old, sign: dingSign(old) })).status).toBe(403);
    expect((await b.post('not json {', { timestamp: ts, sign: dingSign(ts) })).status).toBe(400);
    let seed = 17;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 2000; i++) {
      const bytes = Buffer.from(body);
      for (let k = 0; k < 1 + Math.floor(rand() * 4); k++) bytes[Math.floor(rand() * bytes.length)] = Math.floor(rand() * 256);
      const kind = i % 4;
      const headers: Record<string, string> = kind === 0 ? { timestamp: ts, sign: dingSign(ts).replace(/^./, 'A') } : kind === 1 ? { timestamp: `${ts}x`, sign: dingSign(ts) } : kind === 2 ? {} : { timestamp: ts, sign: dingSign(ts) };
      // kind 3: signed but corrupted bytes — refused as not JSON, or ignored when still JSON but unreadable.
      const a = await b.post(kind === 3 ? bytes.toString('latin1').slice(0, 40) : bytes, headers);
      expect([200, 400, 403]).toContain(a.status);
    }
    await b.settle();
    expect(b.dump()).toBe(before);
    expect(b.fake.sent).toHaveLength(sentBefore);
    expect((await fetch(`http://127.0.0.1:${b.served.port}/healthz`)).status).toBe(200);
    await b.say('zhao', '帮助');
    expect(b.sentTo('zhao').some((s) => textOfParam(s).includes('新建联络单'))).toBe(true);
  });
});

describe('dingtalk through the running bot: corrupted Stream frames', () => {
  it('survives 2,000 corrupted frames from the gateway (Stream), storing nothing, and stays connected and working', async () => {
    const b = (bot = await startDtBot({ mode: 'stream' }));
    await b.settle();
    const before = b.dump();
    const sentBefore = b.fake.sent.length;
    const connections = b.fake.connections;
    const acksBefore = b.fake.acks.size;
    const rnd = seededRandom(2000);
    const frame = (data: string, messageId: string) => JSON.stringify({ specVersion: '1.0', type: 'CALLBACK', headers: { appId: 'app1', connectionId: 'conn1', contentType: 'application/json', messageId, time: String(Date.now()), topic: TOPIC_ROBOT }, data });
    const good = JSON.stringify(robotText(dt('zhao'), '反馈 建议 fuzz', { msgId: 'fuzz-msg' }));
    let sent = 0;
    let stillValid = 0;
    for (let i = 0; sent < 2000; i++) {
      const kind = i % 4;
      let text: string;
      if (kind === 0) text = frame(good, `fz${i}`).slice(0, Math.floor(rnd() * 200)); // cut short
      else if (kind === 1) text = frame(good.slice(0, Math.floor(rnd() * good.length)), `fz${i}`); // data cut short
      else {
        // Bytes changed in the frame (kind 2) or in its data (kind 3); every change changes its byte.
        const bytes = Buffer.from(kind === 2 ? frame(good, `fz${i}`) : good);
        for (let k = 0; k < 1 + Math.floor(rnd() * 4); k++) {
          const at = Math.floor(rnd() * bytes.length);
          bytes[at] = (bytes[at]! + 1 + Math.floor(rnd() * 255)) % 256;
        }
        text = kind === 2 ? bytes.toString('latin1') : frame(bytes.toString('latin1'), `fz${i}`);
      }
      // A change that leaves a readable robot message (a letter of the text changed) is a message, not corruption: not sent.
      let readable = false;
      try {
        const f = JSON.parse(text) as { data?: unknown };
        const p = typeof f.data === 'string' ? (JSON.parse(f.data) as Record<string, unknown>) : undefined;
        readable = p !== undefined && decodeDingtalk(p, { personOf: () => undefined }).kind !== 'ignore';
      } catch {
        readable = false;
      }
      if (readable) {
        stillValid += 1;
        continue;
      }
      b.fake.raw(text);
      sent += 1;
      if (sent % 250 === 0) await new Promise((r) => setTimeout(r, 20));
    }
    expect(stillValid).toBeLessThan(1000);
    // Frames are handled in order on the one socket: once a real frame pushed after them is acked, all were seen.
    expect(await b.fake.push(TOPIC_ROBOT, { msgtype: 'picture', senderStaffId: dt('zhao'), conversationType: '1', msgId: 'sentinel' })).toBe(true);
    await b.settle();
    // The frames that were still frames reached the bot and were acked as ignored (not JSON data, unreadable).
    expect(b.fake.acks.size - acksBefore).toBeGreaterThan(500);
    expect(b.dump()).toBe(before);
    expect(b.fake.sent).toHaveLength(sentBefore);
    // Then a real message goes through on the same connection.
    await b.say('zhao', '帮助');
    expect(b.sentTo('zhao').some((s) => textOfParam(s).includes('新建联络单'))).toBe(true);
    expect(b.fake.connections).toBe(connections);
    const after = await fetch(`http://127.0.0.1:${b.served.port}/healthz`);
    expect(after.status).toBe(200);
    expect(((await after.json()) as { platforms: Record<string, string> }).platforms['dingtalk']).toBe('up');
  });
});

const textOfParam = (s: { param: Record<string, unknown> }) => Object.values(s.param).map(String).join('\n');

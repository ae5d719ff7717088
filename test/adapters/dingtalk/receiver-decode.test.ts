/**
 * DingTalk HTTP callback checks (protocols.md B.2, with its test vector), decoding (1:1, group
 * @-messages with mentions, richText, the leading space, card callbacks, malformed payloads),
 * rendering (dtmd buttons 1:1, reply lines in groups, the form number), and the API client's
 * token: refreshed once, single flight, when rejected mid-run.
 */
import { describe, expect, it } from 'vitest';
import { createDingtalkApi } from '../../../src/adapters/dingtalk/api.js';
import { decodeDingtalk } from '../../../src/adapters/dingtalk/decode.js';
import { callbackSign, cardCallbackSign, createDingtalkReceiver, verifyCallback, verifyCardCallback } from '../../../src/adapters/dingtalk/receiver.js';
import { cardParams, commandOfDtmd, renderMessage } from '../../../src/adapters/dingtalk/render.js';
import { FakeDingtalk } from '../../fakes/fake-dingtalk.js';
import { RecordingInbox } from '../../helpers/recording-inbox.js';
import { cardClick, DT, dingSign, robotText } from './dingtalk-fixtures.js';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const people: Record<string, string> = { dtzheng0001: 'zheng', dtshi0001: 'shi', dtzhao0001: 'zhao' };
const ctx = { personOf: (u: string) => people[u] };

describe('dingtalk callback signature', () => {
  it('matches the documented test vector', () => {
    expect(callbackSign('1577262236757', 'this is secret')).toBe('hmPWwU+7lVdm3ZZz0r9tSfx0L4Q26jWOZr9+Gs6EZQM=');
    const now = 1577262236757 + 59 * 60_000;
    expect(verifyCallback('1577262236757', 'hmPWwU+7lVdm3ZZz0r9tSfx0L4Q26jWOZr9+Gs6EZQM=', 'this is secret', now)).toBe('ok');
    expect(verifyCallback('1577262236757', 'hmPWwU+7lVdm3ZZz0r9tSfx0L4Q26jWOZr9+Gs6EZQM=', 'this is secret', 1577262236757 + 61 * 60_000)).toBe('stale');
    expect(verifyCallback('1577262236757', 'hmPWwU+7lVdm3ZZz0r9tSfx0L4Q26jWOZr9+Gs6EZQN=', 'this is secret', now)).toBe('bad_sign');
    expect(verifyCallback(undefined, 'x', 'this is secret', now)).toBe('missing');
  });

  it('refuses a forged sign, a 61-minute-old timestamp and a body that is not JSON, storing nothing', async () => {
    const inbox = new RecordingInbox();
    const now = Date.now();
    const r = createDingtalkReceiver({ appSecret: DT.clientSecret, inbox, now: () => now, log: quiet });
    const body = Buffer.from(JSON.stringify(robotText('dtzhao0001', '收到')));
    const ts = String(now);
    expect((await r.receive({ timestamp: ts, sign: dingSign(ts, 'wrong secret') }, body)).status).toBe(403);
    const old = String(now - 61 * 60_000);
    expect((await r.receive({ timestamp: old, sign: dingSign(old) }, body)).status).toBe(403);
    expect((await r.receive({ timestamp: ts, sign: dingSign(ts) }, Buffer.from('{"msgtype":'))).status).toBe(400);
    expect((await r.receive({}, body)).status).toBe(400);
    expect(inbox.entries).toHaveLength(0);
    expect((await r.receive({ timestamp: ts, sign: dingSign(ts) }, body)).status).toBe(200);
    expect(inbox.entries).toHaveLength(1);
    // Authentic but nothing to act on (a picture): 200, not stored.
    const picture = Buffer.from(JSON.stringify({ ...robotText('dtzhao0001', ''), msgtype: 'picture', content: { downloadCode: 'x' } }));
    expect((await r.receive({ timestamp: ts, sign: dingSign(ts) }, picture)).status).toBe(200);
    expect(inbox.entries).toHaveLength(1);
    inbox.failing = true;
    expect((await r.receive({ timestamp: ts, sign: dingSign(ts) }, Buffer.from(JSON.stringify(robotText('dtzhao0001', '再来'))))).status).toBe(503);
  });
});

describe('dingtalk HTTP card callbacks', () => {
  const SECRET = 'mySecret';
  const signed = (ts: string, secret = SECRET) => ({ timestamp: ts, signature: cardCallbackSign(ts, secret) });

  it('matches the documented test vector; the timestamp may be ms or s, and is fresh for 5 minutes', () => {
    expect(cardCallbackSign('1700000000000', 'mySecret')).toBe('t3jqwt0WBVsvNpgD+ncljxce56XsNOeEYafngX/BHjc=');
    const v = 't3jqwt0WBVsvNpgD+ncljxce56XsNOeEYafngX/BHjc=';
    expect(verifyCardCallback('1700000000000', v, SECRET, 1700000000000 + 4 * 60_000)).toBe('ok');
    expect(verifyCardCallback('1700000000000', v, SECRET, 1700000000000 + 6 * 60_000)).toBe('stale');
    expect(verifyCardCallback('1700000000000', v, SECRET, 1700000000000 - 6 * 60_000)).toBe('stale');
    expect(verifyCardCallback('1700000000000', v, 'other', 1700000000000)).toBe('bad_sign');
    expect(verifyCardCallback('1700000000', cardCallbackSign('1700000000', SECRET), SECRET, 1700000000000 + 1000)).toBe('ok');
    expect(verifyCardCallback('17000000000001', v, SECRET, 1700000000000)).toBe('missing');
    expect(verifyCardCallback('1700000000000', undefined, SECRET, 1700000000000)).toBe('missing');
  });

  it('commits a click before answering 200 {}; refuses a forged or stale signature, a body that is not JSON and a reused signature with another body', async () => {
    const inbox = new RecordingInbox();
    const now = 1_800_000_000_000;
    const r = createDingtalkReceiver({ appSecret: DT.clientSecret, cardSecret: SECRET, inbox, now: () => now, log: quiet });
    const click = Buffer.from(JSON.stringify(cardClick('dtzhao0001', 'sd1xabc', '同意 #1')));
    const ts = String(now);
    // Refusals: nothing stored.
    expect((await r.receiveCard(signed(ts, DT.clientSecret), click)).status).toBe(403);
    expect((await r.receiveCard(signed(String(now - 6 * 60_000)), click)).status).toBe(403);
    expect((await r.receiveCard({ timestamp: ts }, click)).status).toBe(400);
    expect((await r.receiveCard(signed(`${ts}`), Buffer.from('{"outTrackId":'))).status).toBe(400);
    // The robot callback's sign does not open the card route.
    expect((await r.receiveCard({ timestamp: ts, signature: dingSign(ts) }, click)).status).toBe(403);
    expect(inbox.entries).toHaveLength(0);
    // The answer waits for the commit.
    let release!: () => void;
    inbox.hold = new Promise<void>((res) => (release = res));
    let answered = false;
    const pending = r.receiveCard(signed(ts), click).then((a) => ((answered = true), a));
    await new Promise((res) => setTimeout(res, 50));
    expect(answered).toBe(false);
    release();
    inbox.hold = undefined;
    expect(await pending).toEqual({ status: 200, body: '{}' });
    expect(inbox.entries).toEqual([expect.objectContaining({ platform: 'dingtalk', orderKey: 'dtzhao0001', urgent: true })]);
    // The same signed click again (a redelivery): answered, deduplicated by the inbox.
    expect((await r.receiveCard(signed(ts), click)).status).toBe(200);
    expect(inbox.entries).toHaveLength(1);
    // The same signature with another body: a replay of the timestamp-only signature.
    const forged = Buffer.from(JSON.stringify(cardClick('dtzhao0001', 'sd1xabc', '拒绝 #1')));
    expect((await r.receiveCard(signed(ts), forged)).status).toBe(403);
    // Authentic but not a card callback: 200, not stored.
    expect((await r.receiveCard(signed(String(now + 1)), Buffer.from('{"hello":1}'))).status).toBe(200);
    expect(inbox.entries).toHaveLength(1);
    inbox.failing = true;
    expect((await r.receiveCard(signed(String(now + 2)), Buffer.from(JSON.stringify(cardClick('dtzhao0001', 'sd2xabc', '同意 #2'))))).status).toBe(503);
  });
});

describe('dingtalk decode', () => {
  it('reads 1:1 text without the leading space, and richText', () => {
    expect(decodeDingtalk(robotText('dtzhao0001', '收到'), ctx)).toMatchObject({ kind: 'message', user: 'dtzhao0001', text: '收到', place: { kind: 'dm' } });
    expect(decodeDingtalk(robotText('dtzhao0001', '我的待办', { richText: true }), ctx)).toMatchObject({ kind: 'message', text: '我的待办' });
  });

  it('reads a group @-message: the group is the channel, the mentions become person ids in order', () => {
    const d = decodeDingtalk(robotText('dtzhao0001', '【通知】@郑伟 @石磊 下午三点盘点', { cid: 'cidSCB', atUsers: ['dtzheng0001', 'dtshi0001'] }), ctx);
    expect(d).toMatchObject({ kind: 'message', text: '【通知】@zheng @shi 下午三点盘点', place: { kind: 'group', channel: 'cidSCB' }, reply: { cid: 'cidSCB' } });
    // Not matchable one to one: the names stay as typed (the router reads names too).
    const d2 = decodeDingtalk(robotText('dtzhao0001', '@郑伟 和 @石磊 @外人', { cid: 'cidSCB', atUsers: ['dtzheng0001', 'dtshi0001'] }), ctx);
    expect(d2).toMatchObject({ text: '@郑伟 和 @石磊 @外人' });
  });

  it('reads a card click as the button command, and ignores what it cannot read', () => {
    expect(decodeDingtalk(cardClick('dtlin0001', 'sd1x', '签收 SCB20261101'), ctx)).toMatchObject({ kind: 'click', user: 'dtlin0001', command: '签收 SCB20261101', reply: { outTrackId: 'sd1x' } });
    for (const bad of [null, 'x', [], {}, { senderStaffId: 'a' }, { ...robotText('a', 'x'), conversationType: '3' }, { ...robotText('a', 'x'), msgtype: 'audio' }, robotText('a', '   '), { ...cardClick('u', 't', 'x'), content: '{bad' }, { ...cardClick('u', 't', 'x'), content: '{}' }]) {
      expect(decodeDingtalk(bad, ctx).kind).toBe('ignore');
    }
  });
});

describe('dingtalk render', () => {
  it('gives 1:1 buttons as dtmd links plus what to type, group buttons as reply lines, and adds the form number', () => {
    const view = { title: '联络单《图纸》', lines: ['请签收'], buttons: [{ label: '签收', command: '签收 SCB20261101' }] };
    const dm = renderMessage(view, { formNumber: 'SCB20261101' });
    expect(dm.msgKey).toBe('sampleMarkdown');
    const text = (dm.msgParam as { text: string }).text;
    expect(text).toContain('【SCB20261101】');
    const link = /\]\((dtmd:[^)]+)\)/.exec(text)![1]!;
    expect(commandOfDtmd(link)).toBe('签收 SCB20261101');
    expect(text).toContain('或回复「签收 SCB20261101」');
    const group = (renderMessage(view, { group: true }).msgParam as { text: string }).text;
    expect(group).not.toContain('dtmd:');
    expect(group).toContain('@我 并回复「签收 SCB20261101」');
  });

  it('says where to get a file the robot cannot send (issue 18 item 14), in messages and cards alike', () => {
    const view = { title: '月度考评 2026-11', lines: ['违规:0 次'], attachment: { name: '月度考评-2026-11.xlsx', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', base64: 'UEs=' } };
    const text = (renderMessage(view).msgParam as { text: string }).text;
    expect(text).toContain('钉钉上暂不能随消息发送文件「月度考评-2026-11.xlsx」');
    expect(text).toContain('看板');
    expect(cardParams(view).markdown).toContain('暂不能随消息发送文件');
    expect((renderMessage({ title: '月度考评 2026-11', lines: ['违规:0 次'] }).msgParam as { text: string }).text).not.toContain('文件');
  });
});

describe('dingtalk api token', () => {
  it('refreshes a token rejected mid-run once (single flight), and the message goes out once', async () => {
    const fake = await new FakeDingtalk(DT).start();
    try {
      const api = createDingtalkApi({ ...DT, apiBase: fake.url });
      const msg = { msgKey: 'sampleMarkdown' as const, msgParam: { title: 't', text: 'x' } };
      await api.sendToUsers(['dtzhao0001'], msg);
      expect(fake.tokenCalls).toBe(1);
      fake.expireToken();
      await Promise.all([api.sendToUsers(['dtzhao0001'], msg), api.sendToUsers(['dtshi0001'], msg), api.sendToUsers(['dtzheng0001'], msg)]);
      expect(fake.tokenCalls).toBe(2);
      expect(fake.sent).toHaveLength(4);
      expect(fake.log.filter((l) => l.status === 401)).toHaveLength(3);
      const bad = createDingtalkApi({ ...DT, clientSecret: 'nope', apiBase: fake.url });
      await expect(bad.sendToUsers(['dtzhao0001'], msg)).rejects.toMatchObject({ kind: 'credentials', retryable: false });
    } finally {
      await fake.stop();
    }
  });
});

/**
 * The callback endpoint end to end, with callbacks built exactly as WeCom sends them and the
 * replies going to the fake qyapi: URL verification, a text message reaching the chat layer once,
 * a card click becoming its command (and the card updated), retries processed once, and every
 * malformed or forged request refused or ignored without reaching `handle`.
 */
import { createCipheriv, randomBytes } from 'node:crypto';
import { encrypt, getSignature } from '@wecom/crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWecomApi } from '../../../src/adapters/wecom/api-client.js';
import { createWecomCallback, envelopeEncrypt, type WecomCallback } from '../../../src/adapters/wecom/callback.js';
import type { Reply } from '../../../src/app/deps.js';
import type { InboundEvent } from '../../../src/chat/inbound.js';
import { demoOrg } from '../../helpers/app.js';
import { startFakeWecom, type FakeWecom } from '../../fakes/fake-wecom.js';
import { clickXml, ENV, envelope, NOW_MS, NOW_TS, signedGet, signedPost, textXml } from './wecom-fixtures.js';

let fake: FakeWecom;
let cb: WecomCallback;
let handled: InboundEvent[];
let replyWith: (ev: InboundEvent) => Reply | null;
const logs: Array<[string, object, string]> = [];

beforeEach(async () => {
  fake = await startFakeWecom({ corpId: ENV.corpId, secret: ENV.secret });
  handled = [];
  logs.length = 0;
  replyWith = (ev) => ({ lines: [`收到:${ev.text}`] });
  const api = createWecomApi({ ...ENV, apiBase: fake.url });
  cb = createWecomCallback({
    env: { ...ENV, apiBase: fake.url },
    org: demoOrg(),
    api,
    now: () => NOW_MS,
    log: { info: (o, m) => logs.push(['info', o, m]), warn: (o, m) => logs.push(['warn', o, m]), error: (o, m) => logs.push(['error', o, m]) },
    handle: async (ev) => {
      handled.push(ev);
      return replyWith(ev);
    },
  });
});
afterEach(() => fake.close());

describe('URL verification (GET)', () => {
  it('answers the decrypted echostr bare, from a query that arrives URL-encoded', () => {
    const echo = 'random-echo-123+/=';
    const { url } = signedGet(echo);
    expect(url).toMatch(/%2B|%2F|%3D/);
    const a = cb.get(new URLSearchParams(url));
    expect(a).toEqual({ status: 200, body: echo, contentType: 'text/plain; charset=utf-8' });
  });

  it('accepts a plain object query too (frameworks that parse it)', () => {
    const { query } = signedGet('e1');
    expect(cb.get(Object.fromEntries(query)).body).toBe('e1');
  });

  it('refuses a wrong signature, a stale timestamp and another corp id', () => {
    const { query } = signedGet('e');
    expect(cb.get({ ...Object.fromEntries(query), msg_signature: '0'.repeat(40) }).status).toBe(403);
    const stale = signedGet('e', { ts: String(Number(NOW_TS) - 3600) });
    expect(cb.get(stale.query).status).toBe(403);
    const echostr = encrypt(ENV.encodingAesKey, 'e', 'wwOTHER');
    const q = { msg_signature: getSignature(ENV.token, NOW_TS, 'n', echostr), timestamp: NOW_TS, nonce: 'n', echostr };
    expect(cb.get(q).status).toBe(403);
    expect(cb.get({}).status).toBe(400);
  });
});

describe('messages (POST)', () => {
  it('answers 200 at once and hands a text message to the chat layer once, replying through the API', async () => {
    const { query, body } = signedPost(textXml('LiuMin', '我的待办', '1001'));
    const a = await cb.post(query, body);
    expect(a).toMatchObject({ status: 200, body: '' });
    await cb.idle();
    expect(handled).toEqual([{ platform: 'wecom', sender: 'liu', where: { kind: 'dm' }, text: '我的待办' }]);
    expect(fake.sent).toHaveLength(1);
    expect(fake.sent[0]!.body).toMatchObject({ touser: 'LiuMin', msgtype: 'text', text: { content: '收到:我的待办' } });
  });

  it('answers before the chat layer finishes (slow handling never delays the 200)', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = createWecomCallback({
      env: ENV,
      org: demoOrg(),
      api: createWecomApi({ ...ENV, apiBase: fake.url }),
      now: () => NOW_MS,
      handle: async () => {
        await gate;
        return null;
      },
    });
    const { query, body } = signedPost(textXml('LiuMin', 'x', '1002'));
    const t0 = performance.now();
    expect((await slow.post(query, body)).status).toBe(200);
    // `handle` is blocked until release(): any prompt answer proves the answer did not wait for it.
    expect(performance.now() - t0).toBeLessThan(1000);
    release();
    await slow.idle();
  });

  it('processes a retried callback once (same MsgId, new signature and nonce)', async () => {
    const xml = textXml('LiuMin', '收到', '1003');
    for (const nonce of ['a', 'b', 'c', 'd']) expect((await cb.post(...args(signedPost(xml, { nonce })))).status).toBe(200);
    await cb.idle();
    expect(handled).toHaveLength(1);
  });

  it('turns a card click into its command, updates the card for the clicker, and dedupes the retry', async () => {
    const xml = clickXml('ZhaoQiang', '签收 SCB20261101', { responseCode: 'RC-9' });
    await cb.post(...args(signedPost(xml)));
    await cb.post(...args(signedPost(xml, { nonce: 'retry' })));
    await cb.idle();
    expect(handled).toEqual([{ platform: 'wecom', sender: 'zhao', where: { kind: 'dm' }, text: '签收 SCB20261101' }]);
    expect(fake.updates).toHaveLength(1);
    expect(fake.updates[0]!.body).toMatchObject({ userids: ['ZhaoQiang'], response_code: 'RC-9', button: { replace_name: '赵强 已签收' } });
  });

  it('treats two different clicks in the same second as two events', async () => {
    await cb.post(...args(signedPost(clickXml('ZhaoQiang', '签收 SCB20261101', { taskId: 't1' }))));
    await cb.post(...args(signedPost(clickXml('ZhaoQiang', '签收 SCB20261102', { taskId: 't2', responseCode: 'RC-2' }))));
    await cb.idle();
    expect(handled.map((e) => e.text)).toEqual(['签收 SCB20261101', '签收 SCB20261102']);
  });

  it('leaves the card as it was when the click is refused', async () => {
    replyWith = () => ({ refused: true, lines: ['不能签收'] });
    await cb.post(...args(signedPost(clickXml('ZhaoQiang', '签收 SCB20261101'))));
    await cb.idle();
    expect(fake.updates).toHaveLength(0);
    expect(fake.sent).toHaveLength(1);
  });

  it('tells a stranger they are not in the directory, without calling the chat layer', async () => {
    await cb.post(...args(signedPost(textXml('Outsider', 'hi', '1004'))));
    await cb.idle();
    expect(handled).toHaveLength(0);
    expect(fake.sent[0]!.body).toMatchObject({ touser: 'Outsider', msgtype: 'text' });
    expect(String((fake.sent[0]!.body.text as { content: string }).content)).toContain('通讯录');
  });

  it('keeps one sender\'s messages in order', async () => {
    for (let i = 0; i < 5; i++) await cb.post(...args(signedPost(textXml('LiuMin', `m${i}`, `20${i}`))));
    await cb.idle();
    expect(handled.map((e) => e.text)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
  });

  it('hands a rate-limited reply (45009) to the fallback (the outbox), once, with a stable key', async () => {
    const deferred: Array<[string, Reply, string]> = [];
    const withFallback = createWecomCallback({
      env: ENV,
      org: demoOrg(),
      api: createWecomApi({ ...ENV, apiBase: fake.url }),
      now: () => NOW_MS,
      handle: async (ev) => ({ lines: [`收到:${ev.text}`] }),
      fallback: async (person, reply, key) => void deferred.push([person, reply, key]),
    });
    fake.failNext('message/send', 45009);
    await withFallback.post(...args(signedPost(textXml('LiuMin', 'x', '1006'))));
    await withFallback.idle();
    expect(deferred).toEqual([['liu', { lines: ['收到:x'] }, 'wecom-reply:msg:1006']]);
  });

  it('logs and survives a failing reply send (60020 untrusted IP)', async () => {
    fake.failNext('message/send', 60020);
    await cb.post(...args(signedPost(textXml('LiuMin', 'x', '1005'))));
    await cb.idle();
    const err = logs.find((l) => l[0] === 'error');
    expect(err?.[1]).toMatchObject({ errcode: 60020 });
    expect(JSON.stringify(err?.[1])).toContain('企业可信IP');
  });
});

function args(p: { query: URLSearchParams; body: string }): [URLSearchParams, string] {
  return [p.query, p.body];
}

function rawEncrypt(plain: Buffer): string {
  const key = Buffer.from(`${ENV.encodingAesKey}=`, 'base64');
  const c = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  c.setAutoPadding(false);
  return Buffer.concat([c.update(plain), c.final()]).toString('base64');
}

/** A POST whose Encrypt is `enc`, correctly signed (so the failure is past the signature). */
function signedRaw(enc: string) {
  const query = new URLSearchParams({ msg_signature: getSignature(ENV.token, NOW_TS, 'n', enc), timestamp: NOW_TS, nonce: 'n' });
  return [query, envelope(enc)] as [URLSearchParams, string];
}

describe('refusals: nothing reaches handle, nothing is sent', () => {
  const good = () => signedPost(textXml('LiuMin', 'x', '3001'));
  const badPadding = () => {
    const msg = Buffer.from(textXml('LiuMin', 'x', '3002'));
    const len = Buffer.alloc(4);
    len.writeUInt32BE(msg.length);
    const body = Buffer.concat([randomBytes(16), len, msg, Buffer.from(ENV.corpId)]);
    const padLen = 32 - (body.length % 32);
    return rawEncrypt(Buffer.concat([body, Buffer.alloc(padLen, 0)]));
  };
  const cases: Array<[string, () => [URLSearchParams, string], number]> = [
    ['wrong signature', () => { const p = good(); p.query.set('msg_signature', 'f'.repeat(40)); return [p.query, p.body]; }, 403],
    ['wrong token', () => args(signedPost(textXml('LiuMin', 'x', '3003'), { token: 'other' })), 403],
    ['wrong corp id', () => args(signedPost(textXml('LiuMin', 'x', '3004'), { corpId: 'wwOTHER' })), 403],
    ['stale timestamp', () => args(signedPost(textXml('LiuMin', 'x', '3005'), { ts: String(Number(NOW_TS) - 600) })), 403],
    ['future timestamp', () => args(signedPost(textXml('LiuMin', 'x', '3006'), { ts: String(Number(NOW_TS) + 600) })), 403],
    ['broken base64', () => signedRaw('abc$def=='), 400],
    ['truncated ciphertext', () => signedRaw(Buffer.from(good().enc, 'base64').subarray(0, 40).toString('base64')), 400],
    ['bad padding', () => signedRaw(badPadding()), 403],
    ['no Encrypt in the envelope', () => { const p = good(); return [p.query, '<xml><ToUserName>x</ToUserName></xml>']; }, 400],
    ['not XML at all', () => [good().query, 'hello'], 400],
    ['invalid inner XML', () => args(signedPost('<xml><ToUserName>x</xml>')), 200],
    ['inner XML missing fields', () => args(signedPost('<xml><Content>hi</Content></xml>')), 200],
    ['unknown message type', () => args(signedPost(textXml('LiuMin', 'x', '3007').replace('[CDATA[text]]', '[CDATA[video]]'))), 200],
    ['unknown event', () => args(signedPost(clickXml('LiuMin', 'x').replace('template_card_event', 'enter_agent'))), 200],
    ['click with a foreign key', () => args(signedPost(clickXml('LiuMin', 'x', { key: 'key111' }))), 200],
    ['body over 1 MB', () => [good().query, `${good().body}${' '.repeat(1024 * 1024)}`], 413],
  ];

  it.each(cases)('%s → %i', async (_name, build, status) => {
    const [query, body] = build();
    expect((await cb.post(query, body)).status).toBe(status);
    await cb.idle();
    expect(handled).toHaveLength(0);
    expect(fake.sent).toHaveLength(0);
    expect(logs.length).toBeGreaterThanOrEqual(1);
  });

  it('extracts Encrypt with or without CDATA, and refuses an unterminated CDATA', () => {
    expect(envelopeEncrypt('<xml><Encrypt><![CDATA[abc]]></Encrypt></xml>')).toBe('abc');
    expect(envelopeEncrypt('<xml><Encrypt>abc</Encrypt></xml>')).toBe('abc');
    expect(envelopeEncrypt('<xml><Encrypt><![CDATA[abc</Encrypt></xml>')).toBeUndefined();
  });
});

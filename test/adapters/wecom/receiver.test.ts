/**
 * The WeCom receiver (src/adapters/wecom/receiver.ts) with callbacks built exactly as WeCom sends
 * them: URL verification; a text or a card click committed to the inbox under its dedupe key and
 * ordered by the sender — and answered 200 only after the commit; a retry answered 200 and not
 * stored twice; an inbox that cannot store answered 503 (WeCom retries); and every malformed or
 * forged request refused or ignored with nothing stored.
 */
import { createCipheriv, randomBytes } from 'node:crypto';
import { encrypt, getSignature } from '@wecom/crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { decodeWecom } from '../../../src/adapters/wecom/decode.js';
import { createWecomReceiver, envelopeEncrypt, type WecomReceiver } from '../../../src/adapters/wecom/receiver.js';
import { RecordingInbox } from '../../helpers/recording-inbox.js';
import { clickXml, ENV, envelope, NOW_MS, NOW_TS, signedGet, signedPost, textXml } from './wecom-fixtures.js';

let inbox: RecordingInbox;
let rx: WecomReceiver;
const logs: Array<[string, object, string]> = [];
const buf = (s: string) => Buffer.from(s, 'utf8');

beforeEach(() => {
  inbox = new RecordingInbox();
  logs.length = 0;
  rx = createWecomReceiver({
    settings: ENV,
    inbox,
    now: () => NOW_MS,
    log: { info: (o, m) => logs.push(['info', o, m]), warn: (o, m) => logs.push(['warn', o, m]), error: (o, m) => logs.push(['error', o, m]) },
  });
});

describe('URL verification (GET)', () => {
  it('answers the decrypted echostr bare, from a query that arrives URL-encoded', () => {
    const echo = 'random-echo-123+/=';
    const { url } = signedGet(echo);
    expect(url).toMatch(/%2B|%2F|%3D/);
    expect(rx.verify(new URLSearchParams(url))).toEqual({ status: 200, body: echo });
  });

  it('refuses a wrong signature, a stale timestamp and another corp id', () => {
    const { query } = signedGet('e');
    const bad = new URLSearchParams(query);
    bad.set('msg_signature', '0'.repeat(40));
    expect(rx.verify(bad).status).toBe(403);
    expect(rx.verify(signedGet('e', { ts: String(Number(NOW_TS) - 3600) }).query).status).toBe(403);
    const echostr = encrypt(ENV.encodingAesKey, 'e', 'wwOTHER');
    expect(rx.verify(new URLSearchParams({ msg_signature: getSignature(ENV.token, NOW_TS, 'n', echostr), timestamp: NOW_TS, nonce: 'n', echostr })).status).toBe(403);
    expect(rx.verify(new URLSearchParams()).status).toBe(400);
  });
});

describe('messages (POST)', () => {
  it('commits a text message under its MsgId, ordered by the sender, and answers 200 with an empty body', async () => {
    const { query, body } = signedPost(textXml('LiuMin', '我的待办', '1001'));
    expect(await rx.receive(query, buf(body))).toEqual({ status: 200, body: '' });
    expect(inbox.entries).toHaveLength(1);
    const e = inbox.entries[0]!;
    expect(e).toMatchObject({ platform: 'wecom', dedupeKey: 'msg:1001', orderKey: 'liumin' });
    expect(decodeWecom(e.payload)).toEqual({ kind: 'message', user: 'LiuMin', text: '我的待办', place: { kind: 'dm' }, reply: {} });
  });

  it('answers only once the commit is done', async () => {
    let release!: () => void;
    inbox.hold = new Promise<void>((r) => (release = r));
    const { query, body } = signedPost(textXml('LiuMin', 'x', '1002'));
    let answered = false;
    const pending = rx.receive(query, buf(body)).then((a) => ((answered = true), a));
    await new Promise((r) => setTimeout(r, 50));
    expect(answered).toBe(false);
    release();
    expect((await pending).status).toBe(200);
  });

  it('answers 503 when the inbox cannot store it, so WeCom retries; the retry is stored', async () => {
    const { query, body } = signedPost(textXml('LiuMin', 'x', '1003'));
    inbox.failing = true;
    expect((await rx.receive(query, buf(body))).status).toBe(503);
    expect(inbox.entries).toHaveLength(0);
    inbox.failing = false;
    expect((await rx.receive(query, buf(body))).status).toBe(200);
    expect(inbox.entries).toHaveLength(1);
  });

  it('stores a retried callback once (same MsgId, new signature and nonce), answering each 200', async () => {
    const xml = textXml('LiuMin', '收到', '1004');
    for (const nonce of ['a', 'b', 'c', 'd']) expect((await rx.receive(...args(signedPost(xml, { nonce })))).status).toBe(200);
    expect(inbox.entries).toHaveLength(1);
  });

  it('stores a card click as its command with the response code to update the card; two clicks in one second are two events', async () => {
    await rx.receive(...args(signedPost(clickXml('ZhaoQiang', '签收 SCB20261101', { taskId: 't1', responseCode: 'RC-9' }))));
    await rx.receive(...args(signedPost(clickXml('ZhaoQiang', '签收 SCB20261102', { taskId: 't2', responseCode: 'RC-2' }))));
    expect(inbox.entries.map((e) => decodeWecom(e.payload))).toEqual([
      { kind: 'click', user: 'ZhaoQiang', command: '签收 SCB20261101', place: { kind: 'dm' }, reply: { taskId: 't1', responseCode: 'RC-9' } },
      { kind: 'click', user: 'ZhaoQiang', command: '签收 SCB20261102', place: { kind: 'dm' }, reply: { taskId: 't2', responseCode: 'RC-2' } },
    ]);
  });

  it('stores a stranger’s message too: the shared pipeline answers them (it knows the directory)', async () => {
    expect((await rx.receive(...args(signedPost(textXml('Outsider', 'hi', '1005'))))).status).toBe(200);
    expect(inbox.entries[0]).toMatchObject({ orderKey: 'outsider' });
  });

  it('refuses everything after close (503), so WeCom retries elsewhere or later', async () => {
    rx.close();
    expect((await rx.receive(...args(signedPost(textXml('LiuMin', 'x', '1006'))))).status).toBe(503);
    expect(inbox.entries).toHaveLength(0);
  });
});

/** A POST whose Encrypt is `enc`, correctly signed (so the failure is past the signature). */
function signedRaw(enc: string): [URLSearchParams, Buffer] {
  const query = new URLSearchParams({ msg_signature: getSignature(ENV.token, NOW_TS, 'n', enc), timestamp: NOW_TS, nonce: 'n' });
  return [query, buf(envelope(enc))];
}

describe('refusals: nothing is stored', () => {
  const good = () => signedPost(textXml('LiuMin', 'x', '3001'));
  const badPadding = () => {
    const msg = Buffer.from(textXml('LiuMin', 'x', '3002'));
    const len = Buffer.alloc(4);
    len.writeUInt32BE(msg.length);
    const body = Buffer.concat([randomBytes(16), len, msg, Buffer.from(ENV.corpId)]);
    const padLen = 32 - (body.length % 32);
    return rawEncrypt(Buffer.concat([body, Buffer.alloc(padLen, 0)]));
  };
  const cases: Array<[string, () => [URLSearchParams, Buffer], number]> = [
    ['wrong signature', () => { const p = good(); p.query.set('msg_signature', 'f'.repeat(40)); return [p.query, buf(p.body)]; }, 403],
    ['wrong token', () => args(signedPost(textXml('LiuMin', 'x', '3003'), { token: 'other' })), 403],
    ['wrong corp id', () => args(signedPost(textXml('LiuMin', 'x', '3004'), { corpId: 'wwOTHER' })), 403],
    ['stale timestamp', () => args(signedPost(textXml('LiuMin', 'x', '3005'), { ts: String(Number(NOW_TS) - 600) })), 403],
    ['future timestamp', () => args(signedPost(textXml('LiuMin', 'x', '3006'), { ts: String(Number(NOW_TS) + 600) })), 403],
    ['broken base64', () => signedRaw('abc$def=='), 400],
    ['truncated ciphertext', () => signedRaw(Buffer.from(good().enc, 'base64').subarray(0, 40).toString('base64')), 400],
    ['bad padding', () => signedRaw(badPadding()), 400],
    ['no Encrypt in the envelope', () => [good().query, buf('<xml><ToUserName>x</ToUserName></xml>')], 400],
    ['not XML at all', () => [good().query, buf('hello')], 400],
    ['invalid inner XML', () => args(signedPost('<xml><ToUserName>x</xml>')), 200],
    ['inner XML missing fields', () => args(signedPost('<xml><Content>hi</Content></xml>')), 200],
    ['unknown message type', () => args(signedPost(textXml('LiuMin', 'x', '3007').replace('[CDATA[text]]', '[CDATA[video]]'))), 200],
    ['unknown event', () => args(signedPost(clickXml('LiuMin', 'x').replace('template_card_event', 'enter_agent'))), 200],
    ['click with a foreign key', () => args(signedPost(clickXml('LiuMin', 'x', { key: 'key111' }))), 200],
    ['another app (AgentID)', () => args(signedPost(textXml('LiuMin', 'x', '3008', { agentId: 99 }))), 200],
    ['an empty text', () => args(signedPost(textXml('LiuMin', '   ', '3009'))), 200],
  ];

  it.each(cases)('%s → %i', async (_name, build, status) => {
    const [query, body] = build();
    expect((await rx.receive(query, body)).status).toBe(status);
    expect(inbox.entries).toHaveLength(0);
    expect(logs.length).toBeGreaterThanOrEqual(1);
  });

  it('extracts Encrypt with or without CDATA, and refuses an unterminated CDATA', () => {
    expect(envelopeEncrypt('<xml><Encrypt><![CDATA[abc]]></Encrypt></xml>')).toBe('abc');
    expect(envelopeEncrypt('<xml><Encrypt>abc</Encrypt></xml>')).toBe('abc');
    expect(envelopeEncrypt('<xml><Encrypt><![CDATA[abc</Encrypt></xml>')).toBeUndefined();
  });
});

function args(p: { query: URLSearchParams; body: string }): [URLSearchParams, Buffer] {
  return [p.query, buf(p.body)];
}

function rawEncrypt(plain: Buffer): string {
  const key = Buffer.from(`${ENV.encodingAesKey}=`, 'base64');
  const c = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  c.setAutoPadding(false);
  return Buffer.concat([c.update(plain), c.final()]).toString('base64');
}

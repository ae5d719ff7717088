/**
 * Feishu's HTTP mode (src/adapters/feishu/receiver.ts, wire/crypto.ts) with requests built as
 * Feishu sends them: the documented AES vectors (and agreement with the SDK's own `AESCipher`),
 * the signature vector, the url_verification challenge (plain and encrypted), an encrypted event
 * committed under its event_id and acknowledged only after the commit, and every forgery — a
 * wrong verification token, a wrong encrypt key, a bad signature, a replayed (stale) request, a
 * plaintext event where encryption is configured — refused with nothing stored. A fuzz of
 * corrupted requests never throws and stores nothing.
 */
import * as lark from '@larksuiteoapi/node-sdk';
import { beforeEach, describe, expect, it } from 'vitest';
import type { FeishuSettings } from '../../../src/adapters/feishu/env.js';
import { createFeishuHttpReceiver, type FeishuHttpReceiver } from '../../../src/adapters/feishu/receiver.js';
import { decrypt, encrypt, signatureOf } from '../../../src/adapters/feishu/wire/crypto.js';
import { RecordingInbox } from '../../helpers/recording-inbox.js';
import { seededRandom } from '../../fakes/seeded-random.js';
import { cardAction, encryptedRequest, ENV, messageEvent } from './feishu-fixtures.js';

const settings: FeishuSettings = { appId: ENV.appId, appSecret: ENV.appSecret, mode: 'http', verificationToken: ENV.verificationToken, encryptKey: ENV.encryptKey, apiBase: 'http://127.0.0.1:1' };
const OURS = 'AAECAwQFBgcICQoLDA0ODw9mLTIAZS9jAmGTQ1wAhHpnBHVL2wRjH9rPunQdQC1vowgFED9sqYslOC/jjL/ycqCyP/l26wdpCscxAl3p1TWfP9JoEgwb1O48bkJP154m';

let inbox: RecordingInbox;
let rx: FeishuHttpReceiver;
const warnings: string[] = [];
const make = (s: FeishuSettings = settings) =>
  createFeishuHttpReceiver({ settings: s, inbox, now: () => Date.now(), log: { info: () => undefined, warn: (o) => warnings.push(String((o as { reason?: string }).reason)), error: () => undefined } });
const post = (req: { headers: Record<string, string>; body: string }) => rx.receive(req.headers, Buffer.from(req.body));

beforeEach(() => {
  inbox = new RecordingInbox();
  warnings.length = 0;
  rx = make();
});

describe('crypto vectors', () => {
  it('decrypts the official vector and ours, as the SDK does', () => {
    expect(decrypt('test key', 'P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=')).toBe('hello world');
    const plain = '{"challenge":"ajls384kdjx98XX","token":"vtoken123","type":"url_verification"}';
    expect(encrypt('test key', plain, Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex'))).toBe(OURS);
    expect(decrypt('test key', OURS)).toBe(plain);
    expect(new lark.AESCipher('test key').decrypt(encrypt('test key', '{"a":"收到"}'))).toBe('{"a":"收到"}');
    expect(decrypt('other key', OURS)).toBeUndefined();
  });

  it('signs the raw body as the documented vector', () => {
    expect(signatureOf('1700000000', 'n0nce-1', 'test key', JSON.stringify({ encrypt: OURS }))).toBe('23119676433c01ed39d53de6d475c0d7b278f112209a1b257133f3d107a68dc3');
  });
});

describe('url_verification', () => {
  it('answers the challenge in plaintext, encrypted or not, after checking the token', async () => {
    const challenge = { challenge: 'ajls384kdjx98XX', token: ENV.verificationToken, type: 'url_verification' };
    expect(await rx.receive({}, Buffer.from(JSON.stringify({ encrypt: encrypt(ENV.encryptKey, JSON.stringify(challenge)) })))).toMatchObject({ status: 200, body: { challenge: 'ajls384kdjx98XX' } });
    const plain = make({ ...settings, encryptKey: undefined });
    expect(await plain.receive({}, Buffer.from(JSON.stringify(challenge)))).toMatchObject({ status: 200, body: { challenge: 'ajls384kdjx98XX' } });
    expect((await plain.receive({}, Buffer.from(JSON.stringify({ ...challenge, token: 'forged' })))).status).toBe(403);
    expect(inbox.entries).toEqual([]);
  });
});

describe('events', () => {
  it('commits an encrypted event under its event_id, ordered by the sender, then answers 200', async () => {
    const ev = messageEvent('ou_zhao', '我的待办', { eventId: 'ev-1' });
    let release!: () => void;
    inbox.hold = new Promise<void>((r) => (release = r));
    let answered = false;
    const pending = post(encryptedRequest(ev)).then((a) => ((answered = true), a));
    await new Promise((r) => setTimeout(r, 30));
    expect(answered).toBe(false);
    release();
    expect((await pending).status).toBe(200);
    expect(inbox.entries).toHaveLength(1);
    expect(inbox.entries[0]).toMatchObject({ platform: 'feishu', dedupeKey: 'ev-1', orderKey: 'ou_zhao' });
    expect(JSON.stringify(inbox.entries[0]!.payload)).not.toContain(ENV.verificationToken);
    // A retry (fresh signature, same event_id): acknowledged, not stored again.
    inbox.hold = undefined;
    expect((await post(encryptedRequest(ev))).status).toBe(200);
    expect(inbox.entries).toHaveLength(1);
  });

  it('answers a card click with a toast once it is stored, and 503 when the inbox is down', async () => {
    const click = cardAction('ou_zhao', { cmd: '收到 TZ1', dm: true }, { messageId: 'om_1', chatId: 'oc_p2p_ou_zhao' });
    const a = await post(encryptedRequest(click));
    expect(a).toMatchObject({ status: 200, body: { toast: { type: 'info' } } });
    expect(inbox.entries[0]).toMatchObject({ urgent: true, orderKey: 'ou_zhao' });
    inbox.failing = true;
    expect((await post(encryptedRequest(messageEvent('ou_zhao', '收到')))).status).toBe(503);
  });

  it('refuses a forged token, a wrong key, a bad signature, a replay and plaintext; stores nothing', async () => {
    const ev = messageEvent('ou_zhao', '收到');
    expect((await post(encryptedRequest(messageEvent('ou_zhao', '收到', { token: 'forged' })))).status).toBe(403);
    expect((await post(encryptedRequest(ev, { key: 'wrong key' }))).status).toBe(403);
    // Encrypted with a wrong key but signed with the right one: the ciphertext does not open.
    expect((await post(encryptedRequest(ev, { key: 'wrong key', signWith: ENV.encryptKey }))).status).toBe(400);
    const tampered = encryptedRequest(ev);
    tampered.headers['x-lark-signature'] = 'f'.repeat(64);
    expect((await post(tampered)).status).toBe(403);
    const stale = encryptedRequest(ev, { ts: String(Math.floor(Date.now() / 1000) - 3600) });
    expect((await post(stale)).status).toBe(403);
    const unsigned = encryptedRequest(ev);
    expect((await rx.receive({}, Buffer.from(unsigned.body))).status).toBe(403);
    expect((await rx.receive({}, Buffer.from(JSON.stringify(ev)))).status).toBe(403);
    expect(inbox.entries).toEqual([]);
    expect(warnings).toEqual(['bad_verification_token', 'bad_signature', 'bad_ciphertext', 'bad_signature', 'stale_timestamp', 'missing_signature', 'not_encrypted']);
  });

  it('acknowledges but ignores what is not for the bot: another app, a bot message, an unknown event, a foreign button', async () => {
    const other = messageEvent('ou_zhao', '收到');
    (other['header'] as Record<string, string>)['app_id'] = 'cli_ffffffffffffffff';
    for (const ev of [other, messageEvent('ou_zhao', 'x', { senderType: 'app' }), { ...messageEvent('ou_zhao', 'x'), header: { event_id: 'e9', event_type: 'im.chat.updated_v1', token: ENV.verificationToken } }, cardAction('ou_zhao', { other: 1 }, { messageId: 'om', chatId: 'oc' })]) {
      expect((await post(encryptedRequest(ev))).status).toBe(200);
    }
    expect(inbox.entries).toEqual([]);
  });

  it('survives a fuzz of corrupted requests without storing anything', async () => {
    const rnd = seededRandom(10);
    const good = encryptedRequest(messageEvent('ou_zhao', '收到'));
    for (let i = 0; i < 300; i++) {
      const body = Buffer.from(good.body);
      // Every corruption changes its byte (a byte set to its own value would leave a valid request).
      for (let k = 0; k < 1 + Math.floor(rnd() * 4); k++) {
        const at = Math.floor(rnd() * body.length);
        body[at] = (body[at]! + 1 + Math.floor(rnd() * 255)) % 256;
      }
      const headers = { ...good.headers };
      if (rnd() < 0.3) delete headers['x-lark-signature'];
      const a = await rx.receive(headers, rnd() < 0.1 ? body.subarray(0, Math.floor(rnd() * body.length)) : body);
      expect([400, 403]).toContain(a.status);
    }
    for (const junk of ['', 'null', '[]', '{"encrypt":5}', '{"encrypt":"%%%"}', '{"schema":"2.0"}', '"x"']) expect([400, 403]).toContain((await rx.receive({}, Buffer.from(junk))).status);
    expect(inbox.entries).toEqual([]);
  });
});

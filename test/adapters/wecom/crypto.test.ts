/**
 * The crypto layer on the official test vector (protocols.md A.2) and on every kind of broken
 * input: each ends in a typed failure, never a throw.
 */
import { createCipheriv, randomBytes } from 'node:crypto';
import { encrypt } from '@wecom/crypto';
import { describe, expect, it } from 'vitest';
import { decryptForCorp, openSigned, signatureMatches, timestampFresh, wecomSignature } from '../../../src/adapters/wecom/wire/crypto.js';
import { VECTOR } from './wecom-fixtures.js';

const cfg = { token: VECTOR.token, encodingAesKey: VECTOR.encodingAesKey, corpId: VECTOR.corpId };
const vectorQuery = { msg_signature: VECTOR.msgSignature, timestamp: VECTOR.timestamp, nonce: VECTOR.nonce };
const vectorNow = Number(VECTOR.timestamp) * 1000;

/** AES-256-CBC of a hand-made plaintext block sequence (no automatic padding), as WeCom would. */
function rawEncrypt(plain: Buffer): string {
  const key = Buffer.from(`${VECTOR.encodingAesKey}=`, 'base64');
  const c = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  c.setAutoPadding(false);
  return Buffer.concat([c.update(plain), c.final()]).toString('base64');
}

function frame(message: string, id: string): Buffer {
  const msg = Buffer.from(message);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(msg.length);
  return Buffer.concat([randomBytes(16), len, msg, Buffer.from(id)]);
}

describe('official test vector', () => {
  it('computes the documented msg_signature', () => {
    expect(wecomSignature(VECTOR.token, VECTOR.timestamp, VECTOR.nonce, VECTOR.encrypt)).toBe(VECTOR.msgSignature);
    expect(signatureMatches(VECTOR.token, VECTOR.timestamp, VECTOR.nonce, VECTOR.encrypt, VECTOR.msgSignature)).toBe(true);
    expect(signatureMatches(VECTOR.token, VECTOR.timestamp, VECTOR.nonce, VECTOR.encrypt, VECTOR.msgSignature.toUpperCase())).toBe(true);
  });

  it('decrypts to the documented message with the corp id as receive id', () => {
    expect(decryptForCorp(VECTOR.encodingAesKey, VECTOR.corpId, VECTOR.encrypt)).toEqual({ ok: true, message: VECTOR.message });
  });

  it('passes the whole check at the vector time', () => {
    expect(openSigned(cfg, vectorQuery, VECTOR.encrypt, vectorNow + 5_000)).toEqual({ ok: true, message: VECTOR.message });
  });
});

describe('refusals', () => {
  it('refuses a timestamp too far from now, either way', () => {
    expect(openSigned(cfg, vectorQuery, VECTOR.encrypt, vectorNow + 301_000)).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(openSigned(cfg, vectorQuery, VECTOR.encrypt, vectorNow - 301_000)).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(timestampFresh('1409659813', vectorNow)).toBe(true);
    expect(timestampFresh('14096598x3', vectorNow)).toBe(false);
    expect(timestampFresh('', vectorNow)).toBe(false);
  });

  it('refuses a wrong signature, a wrong token and missing parameters', () => {
    const bad = { ...vectorQuery, msg_signature: `${VECTOR.msgSignature.slice(0, -1)}0` };
    expect(openSigned(cfg, bad, VECTOR.encrypt, vectorNow)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(openSigned({ ...cfg, token: 'other' }, vectorQuery, VECTOR.encrypt, vectorNow)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(openSigned(cfg, { ...vectorQuery, msg_signature: 'short' }, VECTOR.encrypt, vectorNow)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(openSigned(cfg, { timestamp: VECTOR.timestamp, nonce: VECTOR.nonce }, VECTOR.encrypt, vectorNow)).toEqual({ ok: false, reason: 'missing_params' });
    expect(openSigned(cfg, vectorQuery, undefined, vectorNow)).toEqual({ ok: false, reason: 'missing_params' });
  });

  it('refuses a message encrypted for another corp id', () => {
    expect(decryptForCorp(VECTOR.encodingAesKey, 'wwOTHERCORP', VECTOR.encrypt)).toEqual({ ok: false, reason: 'wrong_corp_id' });
    const other = encrypt(VECTOR.encodingAesKey, '<xml/>', 'wwOTHERCORP');
    expect(decryptForCorp(VECTOR.encodingAesKey, VECTOR.corpId, other)).toEqual({ ok: false, reason: 'wrong_corp_id' });
  });

  it('refuses broken base64 and ciphertext of the wrong length', () => {
    for (const broken of ['!!!!', `${VECTOR.encrypt.slice(0, -2)}*=`, VECTOR.encrypt.replace('+', ' '), `${VECTOR.encrypt}A`, 'QUJD']) {
      const r = decryptForCorp(VECTOR.encodingAesKey, VECTOR.corpId, broken);
      expect(r.ok).toBe(false);
      expect(['bad_base64', 'bad_ciphertext']).toContain((r as { reason: string }).reason);
    }
    // Valid base64 but 20 bytes: not whole AES blocks.
    expect(decryptForCorp(VECTOR.encodingAesKey, VECTOR.corpId, Buffer.alloc(20).toString('base64'))).toEqual({ ok: false, reason: 'bad_ciphertext' });
    // Whole blocks, cut short: the length field points past the end.
    expect(decryptForCorp(VECTOR.encodingAesKey, VECTOR.corpId, Buffer.from(VECTOR.encrypt, 'base64').subarray(0, 64).toString('base64')).ok).toBe(false);
  });

  it('refuses base64 whose unused tail bits are set (the same bytes, spelt another way)', () => {
    // The vector ends in "==": its last data character carries 2 bits and 4 unused ones.
    expect(VECTOR.encrypt.endsWith('Q==')).toBe(true);
    const respelt = `${VECTOR.encrypt.slice(0, -3)}R==`; // 'Q' = 16, 'R' = 17: one unused bit set
    expect(Buffer.from(respelt, 'base64')).toEqual(Buffer.from(VECTOR.encrypt, 'base64'));
    expect(decryptForCorp(VECTOR.encodingAesKey, VECTOR.corpId, respelt)).toEqual({ ok: false, reason: 'bad_base64' });
    expect(decryptForCorp(VECTOR.encodingAesKey, VECTOR.corpId, VECTOR.encrypt).ok).toBe(true);
    // 128 bytes of ciphertext end in a single '=': 2 unused bits.
    const one = encrypt(VECTOR.encodingAesKey, 'x'.repeat(70), VECTOR.corpId);
    expect(one).toMatch(/[^=]=$/);
    const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const respelt1 = `${one.slice(0, -2)}${chars[chars.indexOf(one[one.length - 2]!) + 1]}=`;
    expect(decryptForCorp(VECTOR.encodingAesKey, VECTOR.corpId, respelt1)).toEqual({ ok: false, reason: 'bad_base64' });
    expect(decryptForCorp(VECTOR.encodingAesKey, VECTOR.corpId, one)).toEqual({ ok: true, message: 'x'.repeat(70) });
  });

  it('refuses bad PKCS#7 padding (which @wecom/crypto itself accepts silently)', () => {
    const body = frame('<xml>hi</xml>', VECTOR.corpId);
    const padLen = 32 - (body.length % 32);
    for (const pad of [Buffer.alloc(padLen, 0), Buffer.alloc(padLen, 33), Buffer.concat([Buffer.alloc(padLen - 1, 7), Buffer.from([padLen + 1])])]) {
      const enc = rawEncrypt(Buffer.concat([body, pad]));
      const r = decryptForCorp(VECTOR.encodingAesKey, VECTOR.corpId, enc);
      expect(r.ok).toBe(false);
    }
    // The same frame, correctly padded, opens.
    const good = rawEncrypt(Buffer.concat([body, Buffer.alloc(padLen, padLen)]));
    expect(decryptForCorp(VECTOR.encodingAesKey, VECTOR.corpId, good)).toEqual({ ok: true, message: '<xml>hi</xml>' });
  });

  it('refuses padding whose last byte is right but whose other padding bytes are not (a damaged last block; issue 18 item 21)', () => {
    // The running bot's fuzz found this: a re-signed callback with a bit flipped in its last
    // ciphertext block opened, once in 256, to the authentic message — the last byte still said
    // "16 bytes of padding" and nothing looked at the other fifteen. It was processed (a 收到).
    const body = frame('<xml>hi</xml>', VECTOR.corpId);
    const padLen = 32 - (body.length % 32);
    const damaged = Buffer.concat([randomBytes(padLen - 1).map((b) => (b === padLen ? b ^ 1 : b)), Buffer.from([padLen])]);
    expect(decryptForCorp(VECTOR.encodingAesKey, VECTOR.corpId, rawEncrypt(Buffer.concat([body, damaged])))).toEqual({ ok: false, reason: 'bad_ciphertext' });
  });

  it('never throws on a wrong key or random bytes', () => {
    const other = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
    expect(decryptForCorp(other, VECTOR.corpId, VECTOR.encrypt).ok).toBe(false);
    for (let i = 0; i < 200; i++) {
      const r = decryptForCorp(VECTOR.encodingAesKey, VECTOR.corpId, randomBytes(16 * (1 + (i % 8))).toString('base64'));
      expect(r.ok).toBe(false);
    }
  });
});

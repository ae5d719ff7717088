/**
 * Corrupted WeCom callbacks for the fuzz tests (fuzz.test.ts calls the handler directly,
 * running-bot-fuzz.test.ts goes through the running bot's HTTP server): flipped bits in `Encrypt`
 * (with the old signature and with a recomputed one), wrong signatures, truncated and random
 * envelopes, truncated inner XML behind a valid signature, random query values, and huge bodies up
 * to and beyond the 1 MB cap. Deterministic (mulberry32 from `seed`) so a failure can be replayed;
 * the signed ones carry `NOW_TS`, so the receiver's clock must be near `NOW_MS`.
 */
import { randomBytes } from 'node:crypto';
import { encrypt, getSignature } from '@wecom/crypto';
import { MAX_ENCRYPT_CHARS } from '../../../src/adapters/wecom/wire/crypto.js';
import { clickXml, ENV, envelope, NOW_TS, signedPost, textXml } from './wecom-fixtures.js';

/** A corrupted request: its query (a record may hold values URLSearchParams would not) and body. */
export type CorruptCase = [query: URLSearchParams | Record<string, string>, body: string | Buffer];

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function sign(enc: string, ts = NOW_TS, nonce = 'fz'): URLSearchParams {
  return new URLSearchParams({ msg_signature: getSignature(ENV.token, ts, nonce, enc), timestamp: ts, nonce });
}

/** `corrupted(i)`: the i-th corrupted request; see the file comment. */
export function createCorrupter(seed = 12345): (i: number) => CorruptCase {
  return createCorrupterOf(seed).next;
}

/** The corrupter with its `flip` exposed, so a test can check that a flip always corrupts. */
export function createCorrupterOf(seed = 12345): { next: (i: number) => CorruptCase; flip: (enc: string) => string } {
  let state = seed;
  const rand = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(rand() * n);
  /**
   * One changed base64 character that really changes the ciphertext. A character before `=`
   * padding carries bits that decoders ignore: changing only those leaves the bytes — and so the
   * authentic message — as they were, and a re-signed "corruption" was then processed as the real
   * thing (issue 18: the flaky `LiuMin 您目前没有需要回复「收到」的事项`, depending on the random
   * ciphertext of the run). Such a change is drawn again.
   */
  const flip = (enc: string): string => {
    const bytes = Buffer.from(enc, 'base64');
    for (;;) {
      const i = int(enc.length - 2);
      const c = B64[(B64.indexOf(enc[i]!) + 1 + int(63)) % 64] ?? 'A';
      const out = enc.slice(0, i) + c + enc.slice(i + 1);
      if (!Buffer.from(out, 'base64').equals(bytes)) return out;
    }
  };
  const valid = [textXml('LiuMin', '收到', '9001'), clickXml('ZhaoQiang', '签收 SCB20261101')].map((x) => signedPost(x));

  const next = (i: number): CorruptCase => {
    const base = valid[i % valid.length]!;
    // Every 100th: over the 1 MB cap; every 100th + 33: just under it; every 100th + 66: ~960 KB of
    // signed random ciphertext (refused unread: over MAX_ENCRYPT_CHARS); every 100th + 77: signed
    // random ciphertext just under that limit, so AES and the corp-id check run on the largest input.
    if (i % 100 === 0) return [base.query, `<xml>${' '.repeat(1024 * 1024)}${base.body}</xml>`];
    if (i % 100 === 33) return [base.query, `<xml>${'<Encrypt>'.repeat(Math.floor((1024 * 1024 - 100) / 9))}</xml>`];
    if (i % 100 === 66) {
      const enc = randomBytes(16 * 45_000).toString('base64');
      return [sign(enc), envelope(enc)];
    }
    if (i % 100 === 77) {
      const enc = randomBytes(Math.floor((MAX_ENCRYPT_CHARS / 4) * 3 / 16) * 16).toString('base64');
      return [sign(enc), envelope(enc)];
    }
    switch (int(10)) {
      case 0: // flipped Encrypt, original signature
        return [base.query, envelope(flip(base.enc))];
      case 1: { // flipped Encrypt, re-signed: reaches AES and the corp-id check
        const enc = flip(base.enc);
        return [sign(enc), envelope(enc)];
      }
      case 2: { // wrong signature
        const q = new URLSearchParams(base.query);
        q.set('msg_signature', randomBytes(20).toString('hex'));
        return [q, base.body];
      }
      case 3: // envelope truncated before its Encrypt ends (cut later, it is the authentic message)
        return [base.query, base.body.slice(0, int(base.body.indexOf('</Encrypt>')))];
      case 4: // random bytes
        return [base.query, randomBytes(int(4096))];
      case 5: { // valid signature over random whole blocks
        const enc = randomBytes(16 * (2 + int(20))).toString('base64');
        return [sign(enc), envelope(enc)];
      }
      case 6: { // authentic, but the inner XML is cut short
        const xml = textXml('LiuMin', '收到', String(10_000 + i));
        const enc = encrypt(ENV.encodingAesKey, xml.slice(0, int(xml.length - 1)), ENV.corpId);
        return [sign(enc), envelope(enc)];
      }
      case 7: { // authentic random inner text
        const enc = encrypt(ENV.encodingAesKey, randomBytes(int(300)).toString('latin1'), ENV.corpId);
        return [sign(enc), envelope(enc)];
      }
      case 8: // random query values, including arrays and long strings
        return [{ msg_signature: 'x'.repeat(int(5000)), timestamp: String(rand()), nonce: '<' }, base.body];
      default: // medium junk around an Encrypt that never closes
        return [base.query, `<xml>${'<Encrypt>'.repeat(int(7000))}</xml>`];
    }
  };
  return { next, flip };
}

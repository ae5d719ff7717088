/**
 * Fuzz: 3,000 corrupted callbacks — flipped bits in Encrypt (with the old signature and with a
 * recomputed one), wrong signatures, truncated and random envelopes, truncated inner XML behind a
 * valid signature, random query values, and huge bodies up to and beyond the 1 MB cap. The
 * endpoint never throws, answers each within 100 ms, and nothing reaches `handle` or the API.
 */
import { randomBytes } from 'node:crypto';
import { encrypt, getSignature } from '@wecom/crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWecomApi } from '../../../src/adapters/wecom/api-client.js';
import { createWecomCallback, type WecomCallback } from '../../../src/adapters/wecom/callback.js';
import { MAX_ENCRYPT_CHARS } from '../../../src/adapters/wecom/crypto.js';
import { demoOrg } from '../../helpers/app.js';
import { startFakeWecom, type FakeWecom } from '../../fakes/fake-wecom.js';
import { clickXml, ENV, envelope, NOW_MS, NOW_TS, signedPost, textXml } from './wecom-fixtures.js';

const N = 3000;
let fake: FakeWecom;
let cb: WecomCallback;
let handled = 0;
let seed = 12345;
/** Deterministic PRNG (mulberry32) so a failure can be replayed. */
function rand(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (n: number) => Math.floor(rand() * n);
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function flip(enc: string): string {
  const i = int(enc.length - 2);
  const c = B64[(B64.indexOf(enc[i]!) + 1 + int(63)) % 64] ?? 'A';
  return enc.slice(0, i) + c + enc.slice(i + 1);
}

function sign(enc: string, ts = NOW_TS, nonce = 'fz'): URLSearchParams {
  return new URLSearchParams({ msg_signature: getSignature(ENV.token, ts, nonce, enc), timestamp: ts, nonce });
}

const valid = [textXml('LiuMin', '收到', '9001'), clickXml('ZhaoQiang', '签收 SCB20261101')].map((x) => signedPost(x));

/** One corrupted request of a random kind. */
function corrupted(i: number): [URLSearchParams | Record<string, string>, string | Buffer] {
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
}

beforeAll(async () => {
  fake = await startFakeWecom({ corpId: ENV.corpId, secret: ENV.secret });
  cb = createWecomCallback({
    env: ENV,
    org: demoOrg(),
    api: createWecomApi({ ...ENV, apiBase: fake.url }),
    now: () => NOW_MS,
    log: { warn: () => {}, error: () => {}, info: () => {} },
    handle: async () => {
      handled += 1;
      return null;
    },
  });
});
afterAll(() => fake.close());

describe('fuzzed callbacks', () => {
  it(`${N} corrupted callbacks: no throw, each answered within 100 ms, nothing handled`, async () => {
    const statuses = new Map<number, number>();
    let slowest = 0;
    for (let i = 0; i < N; i++) {
      const [q, body] = corrupted(i);
      const t0 = performance.now();
      const a = await cb.post(q, body);
      const ms = performance.now() - t0;
      slowest = Math.max(slowest, ms);
      expect(ms, `request ${i}`).toBeLessThan(100);
      statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
      expect(cb.get(q instanceof URLSearchParams ? q : new URLSearchParams(q)).status).not.toBe(200);
    }
    await cb.idle();
    expect(handled).toBe(0);
    expect(fake.sent).toHaveLength(0);
    expect(statuses.get(413)).toBeGreaterThan(0);
    expect([...statuses.keys()].every((s) => [200, 400, 403, 413].includes(s))).toBe(true);
    expect(slowest).toBeLessThan(100);
    console.info(`fuzz: ${N} callbacks, slowest ${slowest.toFixed(1)} ms`, Object.fromEntries(statuses));
  });
});

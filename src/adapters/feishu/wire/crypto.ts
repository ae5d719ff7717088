/**
 * Feishu's event encryption and request signature (protocols-feishu.md §2.2–2.3; official:
 * https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/encrypt-key-encryption-configuration-case).
 *
 * - Encryption: key = SHA-256(Encrypt Key); body `{"encrypt": base64(iv ‖ AES-256-CBC(json))}`
 *   with PKCS#7 padding. The SDK's `AESCipher` does the same (the tests check both agree).
 * - Signature: `X-Lark-Signature = sha256_hex(timestamp + nonce + encryptKey + rawBody)` over the
 *   raw bytes as received — not over re-serialised JSON as the SDK's check does — compared in
 *   constant time. The SDK has no freshness check: we refuse timestamps more than `maxSkewSeconds`
 *   (default 300) away from our clock.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export type CryptoFailure = 'missing_signature' | 'stale_timestamp' | 'bad_signature' | 'bad_ciphertext';

/** The signature of a request body. */
export function signatureOf(timestamp: string, nonce: string, encryptKey: string, rawBody: Buffer | string): string {
  return createHash('sha256').update(timestamp + nonce + encryptKey).update(rawBody).digest('hex');
}

/** Checks the signature headers of a request; `nowMs` is our clock. */
export function checkSignature(
  headers: { timestamp?: string; nonce?: string; signature?: string },
  encryptKey: string,
  rawBody: Buffer,
  nowMs: number,
  maxSkewSeconds = 300,
): { ok: true } | { ok: false; reason: CryptoFailure } {
  const { timestamp, nonce, signature } = headers;
  if (!timestamp || !nonce || !signature || signature.length > 128 || nonce.length > 256) return { ok: false, reason: 'missing_signature' };
  const ts = /^\d{1,12}$/.test(timestamp) ? Number(timestamp) : NaN;
  if (!Number.isFinite(ts) || Math.abs(nowMs / 1000 - ts) > maxSkewSeconds) return { ok: false, reason: 'stale_timestamp' };
  const want = Buffer.from(signatureOf(timestamp, nonce, encryptKey, rawBody), 'utf8');
  const got = Buffer.from(signature.toLowerCase(), 'utf8');
  return want.length === got.length && timingSafeEqual(want, got) ? { ok: true } : { ok: false, reason: 'bad_signature' };
}

const keyOf = (encryptKey: string) => createHash('sha256').update(encryptKey, 'utf8').digest();

/** Decrypts an `encrypt` value to its UTF-8 text, or undefined when it is not ours. */
export function decrypt(encryptKey: string, encrypted: string): string | undefined {
  if (encrypted.length > 2_000_000 || !/^[A-Za-z0-9+/]+={0,2}$/.test(encrypted)) return undefined;
  const buf = Buffer.from(encrypted, 'base64');
  if (buf.length < 32 || (buf.length - 16) % 16 !== 0) return undefined;
  try {
    const d = createDecipheriv('aes-256-cbc', keyOf(encryptKey), buf.subarray(0, 16));
    const out = Buffer.concat([d.update(buf.subarray(16)), d.final()]);
    return new TextDecoder('utf-8', { fatal: true }).decode(out);
  } catch {
    return undefined;
  }
}

/** Encrypts `plaintext` as Feishu does (tests and fakes; a random IV unless given). */
export function encrypt(encryptKey: string, plaintext: string, iv: Buffer = randomBytes(16)): string {
  const c = createCipheriv('aes-256-cbc', keyOf(encryptKey), iv);
  return Buffer.concat([iv, c.update(plaintext, 'utf8'), c.final()]).toString('base64');
}

/**
 * WeCom callback crypto (protocols.md A.2–A.4): the `msg_signature` check, the timestamp window,
 * and AES decryption through `@wecom/crypto` with the receive id compared to our corp id.
 *
 * `@wecom/crypto`'s `decrypt` checks neither the signature nor the receive id, throws on some
 * malformed input and accepts bad PKCS#7 padding (it looks at the last byte only). So decryption
 * is done here with node:crypto, every step explicit — strict padding, the length field, strict
 * UTF-8, the receive id — and every throw becomes a typed failure: nothing in this file throws
 * for any input. (`@wecom/crypto` still builds the test fixtures, as WeCom's reference.)
 */
import { createDecipheriv, createHash, timingSafeEqual } from 'node:crypto';

/** Why a request was refused; logged, never shown to the caller beyond an HTTP status. */
export type CryptoFailure =
  | 'missing_params'
  | 'oversized'
  | 'stale_timestamp'
  | 'bad_signature'
  | 'bad_base64'
  | 'bad_ciphertext'
  | 'wrong_corp_id';

/** The secrets and identity one callback URL is configured with (WeCom admin → 接收消息). */
export interface WecomCryptoConfig {
  token: string;
  encodingAesKey: string;
  corpId: string;
  /** How far `timestamp` may be from now, in seconds (default 300). */
  maxSkewSeconds?: number;
}

/** The signed query parameters of a callback (`echostr` only on GET). */
export interface SignedQuery {
  msg_signature?: string;
  timestamp?: string;
  nonce?: string;
  echostr?: string;
}

export type Opened = { ok: true; message: string } | { ok: false; reason: CryptoFailure };

/**
 * Longest `Encrypt`/`echostr` we decrypt, in base64 characters (96 KB of ciphertext). Real
 * callbacks are a few kilobytes (a text message is at most 2048 bytes of content); decrypting and
 * decoding a megabyte would take tens of milliseconds, so anything longer is refused unread.
 */
export const MAX_ENCRYPT_CHARS = 128 * 1024;

/** Default allowed clock difference: WeCom signs with its own clock; 5 minutes absorbs drift and its retries. */
export const DEFAULT_MAX_SKEW_SECONDS = 300;

/** `sha1(sort([token, timestamp, nonce, encrypt]).join(''))`, lowercase hex (A.2). */
export function wecomSignature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  return createHash('sha1').update([token, timestamp, nonce, encrypt].sort().join('')).digest('hex');
}

/** Constant-time comparison of the expected signature with the one received. */
export function signatureMatches(token: string, timestamp: string, nonce: string, encrypt: string, received: string): boolean {
  const expected = Buffer.from(wecomSignature(token, timestamp, nonce, encrypt), 'utf8');
  const got = Buffer.from(received.toLowerCase(), 'utf8');
  if (got.length !== expected.length) {
    timingSafeEqual(expected, expected); // same work either way; the length itself is public (40)
    return false;
  }
  return timingSafeEqual(expected, got);
}

/** Whether `timestamp` (decimal seconds) lies within `maxSkewSeconds` of `nowMs`. */
export function timestampFresh(timestamp: string, nowMs: number, maxSkewSeconds = DEFAULT_MAX_SKEW_SECONDS): boolean {
  if (!/^\d{1,12}$/.test(timestamp)) return false;
  return Math.abs(nowMs / 1000 - Number(timestamp)) <= maxSkewSeconds;
}

const BASE64_CHAR = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') BASE64_CHAR[c.charCodeAt(0)] = 1;

/** `/^[A-Za-z0-9+/]+={0,2}$/`, by table (a regex over a callback's ~600 characters costs a few µs). */
export function isBase64(s: string): boolean {
  let end = s.length;
  if (s.charCodeAt(end - 1) === 61) end -= 1; // '='
  if (s.charCodeAt(end - 1) === 61) end -= 1;
  if (end === 0) return false;
  for (let i = 0; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || BASE64_CHAR[c] !== 1) return false;
  }
  return true;
}

const B64_VALUE = new Map([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].map((c, i) => [c, i]));

/**
 * Whether the bits the last character before `=` padding does not use are zero, as an encoder
 * writes them. Decoders ignore them, so up to 16 spellings would decode to the same bytes.
 */
function canonicalTail(s: string): boolean {
  if (s.endsWith('==')) return ((B64_VALUE.get(s[s.length - 3]!) ?? 1) & 0x0f) === 0;
  if (s.endsWith('=')) return ((B64_VALUE.get(s[s.length - 2]!) ?? 1) & 0x03) === 0;
  return true;
}

/**
 * Decrypts `encrypt` (protocols.md A.2: AES-256-CBC, IV = the key's first 16 bytes, PKCS#7 to a
 * multiple of 32) and checks that its receive id is `corpId`. Refuses, before AES, anything that
 * is not canonical base64 of whole 16-byte blocks (Node's base64 decoder would otherwise skip
 * stray characters silently). The padding is checked strictly — every padding byte must equal the
 * padding length — because `@wecom/crypto`'s `decrypt` checks only the last byte: a ciphertext
 * whose last block is damaged then still opened, once in 256, to the authentic message (the
 * running bot's fuzz found it: a re-signed, bit-flipped callback processed as the original).
 */
export function decryptForCorp(encodingAesKey: string, corpId: string, encrypt: string): Opened {
  if (encrypt.length > MAX_ENCRYPT_CHARS) return { ok: false, reason: 'oversized' };
  if (encrypt.length % 4 !== 0 || !isBase64(encrypt) || !canonicalTail(encrypt)) return { ok: false, reason: 'bad_base64' };
  const bytes = (encrypt.length / 4) * 3 - (encrypt.endsWith('==') ? 2 : encrypt.endsWith('=') ? 1 : 0);
  if (bytes < 32 || bytes % 16 !== 0) return { ok: false, reason: 'bad_ciphertext' };
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  if (key.length !== 32) return { ok: false, reason: 'bad_ciphertext' };
  let plain: Buffer;
  try {
    const d = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
    d.setAutoPadding(false);
    plain = Buffer.concat([d.update(Buffer.from(encrypt, 'base64')), d.final()]);
  } catch {
    return { ok: false, reason: 'bad_ciphertext' };
  }
  const pad = plain[plain.length - 1]!;
  if (pad < 1 || pad > 32 || pad > plain.length) return { ok: false, reason: 'bad_ciphertext' };
  for (let i = plain.length - pad; i < plain.length; i++) if (plain[i] !== pad) return { ok: false, reason: 'bad_ciphertext' };
  const body = plain.subarray(0, plain.length - pad);
  if (body.length < 20) return { ok: false, reason: 'bad_ciphertext' };
  const len = body.readUInt32BE(16);
  if (20 + len > body.length) return { ok: false, reason: 'bad_ciphertext' };
  const message = utf8.decode(body.subarray(20, 20 + len));
  if (message === undefined) return { ok: false, reason: 'bad_ciphertext' };
  if (body.subarray(20 + len).toString('utf8') !== corpId) return { ok: false, reason: 'wrong_corp_id' };
  return { ok: true, message };
}

/** Strict UTF-8: undefined for invalid bytes (no replacement characters). */
const utf8 = {
  decoder: new TextDecoder('utf-8', { fatal: true }),
  decode(b: Buffer): string | undefined {
    try {
      return this.decoder.decode(b);
    } catch {
      return undefined;
    }
  },
};

/**
 * The whole inbound check, in order: parameters present, size, timestamp fresh, signature over
 * `encrypt`, decryption, receive id. `encrypt` is `echostr` (GET) or the envelope's `Encrypt` (POST).
 */
export function openSigned(cfg: WecomCryptoConfig, q: SignedQuery, encrypt: string | undefined, nowMs: number): Opened {
  const { msg_signature: sig, timestamp, nonce } = q;
  if (!sig || !timestamp || nonce === undefined || !encrypt) return { ok: false, reason: 'missing_params' };
  if (encrypt.length > MAX_ENCRYPT_CHARS) return { ok: false, reason: 'oversized' };
  if (!timestampFresh(timestamp, nowMs, cfg.maxSkewSeconds)) return { ok: false, reason: 'stale_timestamp' };
  if (!signatureMatches(cfg.token, timestamp, nonce, encrypt, sig)) return { ok: false, reason: 'bad_signature' };
  return decryptForCorp(cfg.encodingAesKey, cfg.corpId, encrypt);
}

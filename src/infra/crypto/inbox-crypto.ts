/**
 * Keys of the inbox (issue 9): payloads are sealed at rest with AES-256-GCM, and dedupe and order
 * keys are stored only as HMAC-SHA256 hashes — both keyed from `SHOUDAO_SECRET` by HKDF with their
 * own `info`, so they never share a key with each other or with the anonymous-sender sealer. An
 * inbound payload holds the sender's platform id, and that sender may be anonymous: the database
 * (and its WAL) sees only ciphertext and keyed hashes, which name nobody and cannot be joined to
 * anything without the secret.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const SALT = 'shoudao/v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Seals payloads and hashes keys for the inbox. */
export interface InboxCrypto {
  /** base64(iv | tag | ciphertext) of the JSON of `payload`. */
  seal(payload: unknown): string;
  /** `seal`, of a payload already turned into JSON. */
  sealJson(json: string): string;
  /** The payload, or undefined when it was sealed under another key or tampered with. */
  open(sealed: string): unknown;
  /** A keyed hash of `text` (43 base64url characters). */
  hash(text: string): string;
}

const derive = (secret: string, info: string): Buffer => Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), SALT, info, 32));

/** Inbox crypto keyed by `secret` (SHOUDAO_SECRET, at least 16 characters). */
export function createInboxCrypto(secret: string): InboxCrypto {
  if (secret.length < 16) throw new Error('SHOUDAO_SECRET must be at least 16 characters');
  const key = derive(secret, 'inbox-payload');
  const hashKey = derive(secret, 'inbox-keys');
  // Random IVs drawn from a pool filled 4 KiB at a time: one system call per 341 seals instead of
  // one each, on the acknowledging path. Each IV is used once (the pool is refilled, never reused).
  let pool = Buffer.alloc(0);
  let used = 0;
  const nextIv = (): Buffer => {
    if (used + IV_BYTES > pool.length) {
      pool = randomBytes(IV_BYTES * 341);
      used = 0;
    }
    const iv = pool.subarray(used, used + IV_BYTES);
    used += IV_BYTES;
    return iv;
  };
  const sealJson = (json: string): string => {
    const iv = nextIv();
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const data = Buffer.concat([cipher.update(json, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64');
  };
  return {
    seal: (payload) => sealJson(JSON.stringify(payload)),
    sealJson,
    open(sealed) {
      try {
        const raw = Buffer.from(sealed, 'base64');
        if (raw.length <= IV_BYTES + TAG_BYTES) return undefined;
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
        decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        return JSON.parse(Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8')) as unknown;
      } catch {
        return undefined;
      }
    },
    hash(text) {
      return createHmac('sha256', hashKey).update(text, 'utf8').digest('base64url');
    },
  };
}

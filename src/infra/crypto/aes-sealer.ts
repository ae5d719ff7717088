/**
 * The `Sealer` port (src/app/feedback/sealer.ts) on node:crypto: AES-256-GCM with a key derived
 * from `SHOUDAO_SECRET` by HKDF-SHA256 (fixed salt, purpose-specific info), a random 12-byte IV
 * per seal, and `base64(iv | tag | ciphertext)` as the stored text. GCM's tag makes a tampered or
 * foreign ciphertext fail to open (→ undefined) instead of opening to garbage. Pseudonyms are
 * HMAC-SHA256 under a second derived key, so the two uses never share a key.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { SealedAddress, Sealer } from '../../app/feedback/sealer.js';
import type { ReplyTo } from '../../domain/message.js';
import type { Platform } from '../../domain/org.js';

const SALT = 'shoudao/v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Platform names a sealed address may carry (a platform added later is accepted too: the tag proves it is ours). */
const PLATFORMS: readonly string[] = ['slack', 'wecom', 'dingtalk', 'feishu', 'console'];

function derive(secret: string, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), SALT, info, 32));
}

/** A sealer keyed by `secret` (SHOUDAO_SECRET, at least 16 characters — checked by src/config/env.ts). */
export function createAesSealer(secret: string): Sealer {
  if (secret.length < 16) throw new Error('SHOUDAO_SECRET must be at least 16 characters');
  const key = derive(secret, 'feedback-sender-address');
  const pseudonymKey = derive(secret, 'dialogue-pseudonym');
  return {
    seal(address: SealedAddress): string {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([cipher.update(JSON.stringify({ p: address.platform, a: address.address, ...(address.replyTo ? { r: address.replyTo } : {}) }), 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64');
    },
    unseal(sealed: string): SealedAddress | undefined {
      try {
        const raw = Buffer.from(sealed, 'base64');
        if (raw.length <= IV_BYTES + TAG_BYTES) return undefined;
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
        decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        const text = Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
        const parsed = JSON.parse(text) as { p?: unknown; a?: unknown; r?: unknown };
        if (typeof parsed.a !== 'string' || typeof parsed.p !== 'string' || !PLATFORMS.includes(parsed.p)) return undefined;
        const r = parsed.r;
        return { platform: parsed.p as Platform, address: parsed.a, ...(r && typeof r === 'object' && !Array.isArray(r) ? { replyTo: r as ReplyTo } : {}) };
      } catch {
        return undefined;
      }
    },
    pseudonym(person: string): string {
      return createHmac('sha256', pseudonymKey).update(person, 'utf8').digest('base64url');
    },
  };
}

/** The sealer for an optional secret: none without one (anonymous intake is then refused). */
export function sealerFor(secret: string | undefined): Sealer | undefined {
  return secret ? createAesSealer(secret) : undefined;
}

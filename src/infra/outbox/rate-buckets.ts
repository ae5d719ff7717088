/**
 * Which send-rate buckets a message draws from (issue 9 §5). Each platform adapter declares its
 * documented limits as a `RateLimitSpec` (src/chat/sending.ts); a send takes one token from its
 * conversation's bucket and one from each of the platform app's buckets. The buckets themselves
 * are rows of `rate_bucket` (src/infra/db/repositories/rate-bucket-repo.ts), shared by every
 * instance, so a platform's limit holds for the whole deployment — WeCom drops messages past
 * 30 a minute to one member without an error, so this matters.
 */
import type { BucketUse } from '../../app/ports.js';
import type { PlatformAddress, RateLimitSpec } from '../../chat/sending.js';
import type { Platform } from '../../domain/org.js';

/**
 * The buckets a message to `address` takes a token from. `hide` turns the conversation (a user or
 * channel id) into the stored key — a keyed hash in production, so the table names nobody.
 */
export function bucketsOf(limits: Partial<Record<Platform, RateLimitSpec>>, address: PlatformAddress, hide: (id: string) => string = (id) => id): BucketUse[] {
  const spec = limits[address.platform];
  if (!spec) return [];
  const out: BucketUse[] = [];
  if (spec.perConversation) {
    const to = spec.conversationOf ? spec.conversationOf(address) : address.id;
    out.push({ key: `${address.platform}:to:${hide(to)}`, ...spec.perConversation });
  }
  (spec.perApp ?? []).forEach((b, i) => out.push({ key: `${address.platform}:app:${i}`, ...b }));
  out.push(pauseBucket(address.platform));
  return out;
}

/**
 * The bucket that holds a whole platform app (an app-wide 429): every send checks it and none
 * draws from it, so it never limits anything — until a pause sets its arrival time ahead. (Pausing
 * a bucket with a burst would empty its saved-up tokens; this one has none to lose.)
 */
export function pauseBucket(platform: string): BucketUse {
  return { key: `${platform}:pause`, intervalMs: 1, burst: 1, checkOnly: true };
}

/** The buckets a `pause` holds back: the conversation's own, or the platform's pause bucket. */
export function pausedBy(all: BucketUse[], pause: 'conversation' | 'app', platform: string): BucketUse[] {
  return pause === 'app' ? [pauseBucket(platform)] : all.filter((b) => b.key.startsWith(`${platform}:to:`));
}

/**
 * The earliest the next message to a conversation can go after one went out through `all` at
 * `at`: when its own bucket (restamped from `at`) allows it again. A lower bound — another send may
 * have moved the bucket further — and undefined when the conversation has no bucket of its own.
 */
export function conversationFreeAfter(all: BucketUse[], platform: string, at: number): number | undefined {
  const own = pausedBy(all, 'conversation', platform).filter((b) => !b.checkOnly);
  return own.length ? Math.max(...own.map((b) => Math.ceil(at + b.intervalMs) - (b.burst - 1) * b.intervalMs)) : undefined;
}

/** `text` without the address's ids in it (an error about a sealed recipient; SPEC §2). */
export function scrub(text: string, address: PlatformAddress): string {
  const secrets = [address.id, address.mention, ...Object.values(address.replyTo ?? {}).map((v) => (typeof v === 'string' ? v : undefined))]
    .filter((v): v is string => typeof v === 'string' && v.length >= 3);
  let out = text;
  for (const s of secrets) out = out.split(s).join('***');
  return out;
}

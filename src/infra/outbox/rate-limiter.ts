/**
 * Send-rate limits per platform, as token buckets kept with GCRA (the generic cell rate
 * algorithm: one "theoretical arrival time" per bucket). A bucket of `burst` tokens refilled one
 * per `intervalMs` allows at most `burst + T / intervalMs` sends in any window of length T; with
 * `burst: 1` that is "at least `intervalMs` between two sends", which is what the hard limits below
 * need. Every send takes a token from its conversation's bucket and from the platform app's bucket;
 * a 429 pauses both until its `Retry-After` has passed.
 *
 * State is in memory, per dispatcher. Several instances each keep their own buckets, so together
 * they may send up to N times the rate; the platform's 429 + `Retry-After` then slows them down
 * (documented in src/infra/outbox/README.md).
 */
import type { Platform } from '../../domain/org.js';
import type { PlatformAddress } from './platform-sender.js';

/** A token bucket: one token per `intervalMs`, at most `burst` saved up. */
export interface BucketSpec {
  intervalMs: number;
  burst: number;
}

/** A platform's buckets: one per conversation (channel, group or user) and one for the whole app. */
export interface PlatformLimits {
  perConversation?: BucketSpec;
  perApp?: BucketSpec;
}

export type RateLimits = Partial<Record<Platform, PlatformLimits>>;

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * The documented limits (../shared/protocols.md), conservatively:
 * - Slack (C.8): `chat.postMessage` about 1 per second per channel (bursts not guaranteed) →
 *   1 s apart per channel or DM. The workspace-wide limit is unpublished; 429 handles it.
 * - DingTalk (B.4): 20 messages per minute per robot, and exceeding it locks the robot for
 *   10 minutes → one every 3 s for the whole app.
 * - WeCom (A.8): 30 messages per minute per app to one member, the excess silently dropped →
 *   one every 2 s per user or group; and per app (account limit × 200) person-times a day →
 *   a bucket holding an hour's share, refilled so that a day never exceeds the budget.
 *   ⚠️ The account limit is the corp's; pass the real one (`wecomAccountLimit`, default 100).
 */
export function defaultLimits(opts: { wecomAccountLimit?: number } = {}): RateLimits {
  const wecomPerDay = (opts.wecomAccountLimit ?? 100) * 200;
  const wecomBurst = Math.max(1, Math.floor(wecomPerDay / 24));
  return {
    slack: { perConversation: { intervalMs: 1000, burst: 1 } },
    dingtalk: { perApp: { intervalMs: MINUTE / 20, burst: 1 } },
    wecom: {
      perConversation: { intervalMs: MINUTE / 30, burst: 1 },
      perApp: { intervalMs: DAY / Math.max(1, wecomPerDay - wecomBurst), burst: wecomBurst },
    },
  };
}

/** Buckets for many conversations; forgets idle ones when it grows past `maxKeys`. */
export class RateLimiter {
  /** Theoretical arrival time per bucket key: the bucket conforms from `tat − (burst − 1)·interval`. */
  private readonly tat = new Map<string, number>();

  constructor(
    private readonly limits: RateLimits,
    private readonly maxKeys = 10_000,
  ) {}

  /** The earliest instant at which `address` may be sent to (−Infinity: no limit or no history). */
  freeAt(address: PlatformAddress): number {
    let at = -Infinity;
    for (const [key, spec] of this.buckets(address)) {
      const tat = this.tat.get(key);
      if (tat !== undefined) at = Math.max(at, tat - (spec.burst - 1) * spec.intervalMs);
    }
    return at;
  }

  /** How long to wait from `now` before sending to `address`. */
  waitMs(address: PlatformAddress, now: number): number {
    return Math.max(0, this.freeAt(address) - now);
  }

  /** Takes one token from each bucket of `address` (call only when `waitMs` is 0). */
  take(address: PlatformAddress, now: number): void {
    this.prune(now);
    for (const [key, spec] of this.buckets(address)) {
      this.tat.set(key, Math.max(this.tat.get(key) ?? now, now) + spec.intervalMs);
    }
  }

  /** Nothing more to `address` before `until` (a 429's `Retry-After`). */
  pause(address: PlatformAddress, until: number): void {
    for (const [key, spec] of this.buckets(address)) {
      this.tat.set(key, Math.max(this.tat.get(key) ?? until, until + (spec.burst - 1) * spec.intervalMs));
    }
  }

  private buckets(address: PlatformAddress): Array<[string, BucketSpec]> {
    const limits = this.limits[address.platform];
    const out: Array<[string, BucketSpec]> = [];
    // WeCom limits messages per member: a thread message pushed to one person is a DM to them, so
    // it counts against that person, not against the group the thread lives in.
    const to = address.platform === 'wecom' ? (address.mention ?? address.id) : address.id;
    if (limits?.perConversation) out.push([`${address.platform}:to:${to}`, limits.perConversation]);
    if (limits?.perApp) out.push([`${address.platform}:app`, limits.perApp]);
    return out;
  }

  /** Drops buckets that are full again (their arrival time has passed); they carry no state. */
  private prune(now: number): void {
    if (this.tat.size < this.maxKeys) return;
    for (const [key, tat] of this.tat) if (tat <= now) this.tat.delete(key);
  }
}

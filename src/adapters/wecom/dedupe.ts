/**
 * Retry deduplication for WeCom callbacks (protocols.md A.5, D). WeCom retries a callback up to
 * three times when it gets no 200 within 5 seconds; we answer at once, so retries are rare, but a
 * slow network or a restart can still produce them.
 *
 * Keys: `MsgId` for messages. For events the documented `FromUserName + CreateTime` is too coarse
 * (distinct clicks in the same second would be dropped, WxJava#1745/#2880), so the key adds
 * `Event`, `EventKey`, `TaskId` and `AgentID`.
 *
 * Scope: the seen-set is in memory, bounded (LRU) and expires entries after a TTL (default
 * 10 minutes, far beyond WeCom's retry window). It is per process: with several instances behind
 * a load balancer a retry that lands on another instance is processed again. That is tolerable
 * because the use cases are idempotent in effect (a second 签收 of the same form is refused with
 * "already signed"), at the cost of one extra reply; a shared seen-table would remove it.
 */
import { createHash } from 'node:crypto';
import type { WecomMessage } from './decode.js';

/** The dedupe key of a parsed callback. */
export function dedupeKey(msg: WecomMessage): string {
  if (msg.msgType !== 'event' && msg.msgId) return `msg:${msg.msgId}`;
  if (msg.msgType === 'event') {
    const parts = [msg.fromUserName, msg.createTime, msg.event, msg.eventKey, msg.taskId, msg.agentId];
    return `event:${parts.map((p) => p ?? '').join('\u0001')}`;
  }
  // A message without MsgId (not expected): sender, second and content identify it.
  const digest = createHash('sha1').update(msg.content ?? '').digest('hex');
  return `msg:${msg.fromUserName}\u0001${msg.createTime}\u0001${digest}`;
}

/** Options of a `SeenSet`. */
export interface SeenSetOptions {
  /** How long a key is remembered, in ms (default 10 minutes). */
  ttlMs?: number;
  /** At most this many keys; the oldest are forgotten first (default 20,000). */
  maxEntries?: number;
}

/**
 * A bounded set of recently seen keys. `firstSeen(key, now)` is true exactly once per key within
 * the TTL. Besides the Map, the keys are kept in arrival order in two arrays read from a moving
 * head, so forgetting the oldest is O(1) (iterating a Map from the front after many deletions is
 * not: it walks over the holes they leave). An entry for a key recorded again later is stale and
 * is skipped when the head reaches it.
 */
export class SeenSet {
  private readonly seen = new Map<string, number>();
  private order: string[] = [];
  private times: number[] = [];
  private head = 0;
  private readonly ttlMs: number;
  private readonly maxEntries: number;

  constructor(opts: SeenSetOptions = {}) {
    this.ttlMs = opts.ttlMs ?? 10 * 60_000;
    this.maxEntries = opts.maxEntries ?? 20_000;
  }

  /** Records `key`; returns false when it was already recorded within the TTL. */
  firstSeen(key: string, now: number): boolean {
    while (this.head < this.order.length && now - this.times[this.head]! >= this.ttlMs) this.dropOldest();
    const at = this.seen.get(key);
    if (at !== undefined && now - at < this.ttlMs) return false;
    this.seen.set(key, now);
    this.order.push(key);
    this.times.push(now);
    while (this.seen.size > this.maxEntries) this.dropOldest();
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  private dropOldest(): void {
    const key = this.order[this.head]!;
    if (this.seen.get(key) === this.times[this.head]) this.seen.delete(key);
    this.head += 1;
    if (this.head >= 1024 && this.head * 2 >= this.order.length) {
      this.order = this.order.slice(this.head);
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
  }
}

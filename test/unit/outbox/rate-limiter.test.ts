import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../src/infra/outbox/backoff.js';
import type { PlatformAddress } from '../../../src/infra/outbox/platform-sender.js';
import { defaultLimits, RateLimiter } from '../../../src/infra/outbox/rate-limiter.js';

const slack = (id: string): PlatformAddress => ({ platform: 'slack', kind: 'channel', id });
const ding = (id: string): PlatformAddress => ({ platform: 'dingtalk', kind: 'user', id });

describe('RateLimiter (GCRA token buckets)', () => {
  it('Slack: one post per second per channel, channels independent', () => {
    const l = new RateLimiter(defaultLimits());
    expect(l.waitMs(slack('C1'), 0)).toBe(0);
    l.take(slack('C1'), 0);
    expect(l.waitMs(slack('C1'), 0)).toBe(1000);
    expect(l.waitMs(slack('C1'), 999)).toBe(1);
    expect(l.waitMs(slack('C1'), 1000)).toBe(0);
    expect(l.waitMs(slack('C2'), 0)).toBe(0);
  });

  it('DingTalk: 20 a minute for the whole robot, whoever the recipient', () => {
    const l = new RateLimiter(defaultLimits());
    let t = 0;
    const sends: number[] = [];
    for (let i = 0; i < 40; i++) {
      const a = ding(`u${i}`);
      t += l.waitMs(a, t);
      l.take(a, t);
      sends.push(t);
    }
    for (let i = 20; i < sends.length; i++) expect(sends[i]! - sends[i - 20]!).toBeGreaterThanOrEqual(60_000);
  });

  it('WeCom: a thread message pushed to a person counts against that person, not the group', () => {
    const l = new RateLimiter(defaultLimits());
    const inGroup = (mention: string): PlatformAddress => ({ platform: 'wecom', kind: 'thread', id: 'chatSCB', mention });
    l.take(inGroup('ZhaoQiang'), 0);
    expect(l.waitMs(inGroup('ZhaoQiang'), 0)).toBeGreaterThan(0);
    expect(l.waitMs(inGroup('LinZhiHua'), 0)).toBe(0);
  });

  it('a burst bucket allows `burst` at once, then one per interval', () => {
    const l = new RateLimiter({ slack: { perConversation: { intervalMs: 100, burst: 3 } } });
    for (let i = 0; i < 3; i++) {
      expect(l.waitMs(slack('C'), 0)).toBe(0);
      l.take(slack('C'), 0);
    }
    expect(l.waitMs(slack('C'), 0)).toBe(100);
  });

  it('pause (Retry-After) holds the bucket until then; no limits means no waiting', () => {
    const l = new RateLimiter(defaultLimits());
    l.pause(slack('C1'), 5000);
    expect(l.waitMs(slack('C1'), 1000)).toBe(4000);
    expect(l.waitMs(slack('C1'), 5000)).toBe(0);
    const none = new RateLimiter({});
    none.take(slack('C1'), 0);
    expect(none.waitMs(slack('C1'), 0)).toBe(0);
  });

  it('WeCom: 2 s apart per member; the app budget holds an hour of the daily person-times', () => {
    const w = defaultLimits({ wecomAccountLimit: 120 }).wecom!;
    expect(w.perConversation).toEqual({ intervalMs: 2000, burst: 1 });
    expect(w.perApp!.burst).toBe(1000);
    expect(w.perApp!.burst + (24 * 3600_000) / w.perApp!.intervalMs).toBeCloseTo(24_000);
  });
});

describe('backoffDelay (full jitter)', () => {
  const opts = { baseMs: 1000, capMs: 10_000 };
  it('is uniform below base · 2^(attempt − 1), capped', () => {
    expect(backoffDelay(1, opts, () => 0.5)).toBe(500);
    expect(backoffDelay(3, opts, () => 0.999)).toBe(3996);
    expect(backoffDelay(10, opts, () => 0.999)).toBe(9990);
    expect(backoffDelay(2, opts, () => 0)).toBe(0);
  });
});

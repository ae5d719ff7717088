/** The policy's `delivery.limits` over a platform's declared limits (src/server/platforms.ts `withPolicy`). */
import { describe, expect, it } from 'vitest';
import { bucketOf } from '../../../src/chat/sending.js';
import { wecomLimits } from '../../../src/adapters/wecom/sender.js';
import { withPolicy } from '../../../src/server/platforms.js';

describe('policy send limits', () => {
  const wecom = wecomLimits();

  it('keeps the declared limits where the policy says nothing', () => {
    expect(withPolicy(wecom, undefined)).toBe(wecom);
    expect(withPolicy(wecom, {})).toEqual(wecom);
  });

  it('replaces a bucket by the policy rate, kept 3 % under it', () => {
    const got = withPolicy(wecom, { perConversation: { count: 10, perMs: 60_000 } });
    expect(got.perConversation).toEqual(bucketOf(10, 60_000));
    expect(got.perConversation).toEqual({ intervalMs: 6180, burst: 1 });
    expect(got.perApp).toEqual(wecom.perApp);
  });

  it('sets no bucket for a rate above one message a millisecond (a test deployment\'s "do not limit")', () => {
    // As a bucket, 100000/1s would be one token a millisecond: one send per dispatch pass for the whole app.
    const got = withPolicy(wecom, { perConversation: { count: 100_000, perMs: 1000 }, perApp: { count: 100_000, perMs: 1000 } });
    expect(got.perConversation).toBeUndefined();
    expect(got.perApp).toEqual([]);
    expect(got.conversationOf?.({ platform: 'wecom', id: 'WX1' } as never)).toBe('wx1');
    // One a millisecond exactly is still a limit.
    expect(withPolicy(wecom, { perApp: { count: 1000, perMs: 1000 } }).perApp).toEqual([bucketOf(1000, 1000)]);
  });
});

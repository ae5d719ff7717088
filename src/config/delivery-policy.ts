/**
 * The `delivery:` section of the policy file (issue 9): how the outbox sends.
 *
 * ```yaml
 * delivery:
 *   limits:                       # per platform; the documented limits are built in (a platform's
 *     wecom:                      # adapter declares them): set these only to send slower — or,
 *       per_conversation: 30/1m   # in a test deployment, faster. "N/duration": N messages per
 *       per_app: 20000/1d         # duration, to one conversation (a user, channel or group), or
 *                                 # for the whole app; every instance shares the same buckets.
 *   retry: { first: 10s, max: 15m, attempts: 20 }  # back-off of failed sends, and when to give up
 * ```
 *
 * Every limit is kept with a 3 % margin (a rate of 30/1m sends at most one every 2.06 s), so the
 * platform never sees the limit exceeded through clock drift or network jitter. A rate above one
 * message a millisecond (say 100000/1s) means "no limit" (src/server/platforms.ts `withPolicy`).
 */
import { z } from 'zod';
import { parseDuration } from '../domain/duration.js';
import { DEFAULT_DELIVERY_RETRY, type DeliveryPolicy, type SendRate } from '../domain/policy.js';
import { showValue } from './config-error.js';

export { RATE_MARGIN } from '../chat/sending.js';

const RATE = /^\s*(\d+)\s*\/\s*(\S+)\s*$/;

/** `N/duration` → a send rate, or undefined. */
export function parseRate(text: string): SendRate | undefined {
  const m = RATE.exec(text);
  const count = m ? Number(m[1]) : NaN;
  const perMs = m ? parseDuration(m[2]!) : undefined;
  if (!Number.isInteger(count) || count < 1 || perMs === undefined || perMs <= 0) return undefined;
  return { count, perMs };
}

const rate = z.unknown().transform((value, ctx) => {
  const r = typeof value === 'string' ? parseRate(value) : undefined;
  if (!r) {
    ctx.addIssue({ code: 'custom', message: `发送速率格式错误 ${showValue(value)},应写作 条数/时长,如 30/1m — expected a rate like 30/1m (messages per duration)` });
    return z.NEVER;
  }
  return r;
});

const duration = z.unknown().transform((value, ctx) => {
  const ms = typeof value === 'string' ? parseDuration(value) : undefined;
  if (ms === undefined || ms <= 0) {
    ctx.addIssue({ code: 'custom', message: `时长格式错误 ${showValue(value)},应写作 10s、15m 等 — expected a duration like 10s or 15m` });
    return z.NEVER;
  }
  return ms;
});

export const DeliverySectionSchema = z.strictObject({
  limits: z.partialRecord(z.enum(['slack', 'wecom', 'dingtalk', 'feishu']), z.strictObject({ per_conversation: rate.nullish(), per_app: rate.nullish() })).nullish(),
  retry: z.strictObject({ first: duration.nullish(), max: duration.nullish(), attempts: z.int().min(1).max(50).nullish() }).nullish(),
});

export type DeliverySectionData = z.output<typeof DeliverySectionSchema>;

/**
 * The built-in delivery policy: the adapters' own limits, back-off from 10 s to 15 min, 20
 * attempts. A decision (eleventh session): with full jitter the 20 attempts span about 1.5–2 hours
 * (the 19 waits' ceilings sum to 3.4 h, each wait is drawn below its ceiling), so an outage of the
 * platform or of the company's own network for an hour delays messages instead of killing them.
 * The 8 attempts before spanned ~10 minutes: a quarter-hour outage left every notice, reminder and
 * answer of that time dead — and a notice's duty runs whether it arrived or not. Errors the
 * platform says are permanent (an unknown user, a missing scope) are dead at once either way; a
 * message held by such a wait also holds its conversation's later ones (delivery keeps order).
 */
export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = { limits: {}, retry: DEFAULT_DELIVERY_RETRY };

/** The section merged over the defaults. */
export function deliveryPolicy(d: DeliverySectionData | null | undefined): DeliveryPolicy {
  const limits: DeliveryPolicy['limits'] = {};
  for (const [platform, l] of Object.entries(d?.limits ?? {})) {
    limits[platform] = { ...(l.per_conversation ? { perConversation: l.per_conversation } : {}), ...(l.per_app ? { perApp: l.per_app } : {}) };
  }
  const base = DEFAULT_DELIVERY_POLICY.retry;
  return {
    limits,
    retry: { baseMs: d?.retry?.first ?? base.baseMs, capMs: d?.retry?.max ?? base.capMs, maxAttempts: d?.retry?.attempts ?? base.maxAttempts },
  };
}

/**
 * Exponential back-off with full jitter (AWS Architecture Blog, "Exponential Backoff And
 * Jitter"): the wait before the next attempt is uniform in `[0, min(cap, base · 2^(attempt−1)))`.
 * Jitter spreads the retries of messages that failed together, so they do not hit the platform
 * again in one burst. `random` is injected so tests are repeatable.
 */

import { DEFAULT_DELIVERY_RETRY } from '../../domain/policy.js';

/** Back-off settings; defaults: the policy's built-in ones (base 10 s, cap 15 min). */
export interface BackoffOptions {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: DEFAULT_DELIVERY_RETRY.baseMs, capMs: DEFAULT_DELIVERY_RETRY.capMs };

/** The wait after failed attempt number `attempt` (1 = the first attempt failed). */
export function backoffDelay(attempt: number, opts: BackoffOptions, random: () => number): number {
  const ceiling = Math.min(opts.capMs, opts.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(Math.min(Math.max(random(), 0), 1) * ceiling);
}

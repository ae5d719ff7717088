/**
 * The benchmarks' platforms: in-process fakes that record each message they are given (to whom,
 * which, when), with the real adapters' documented rate limits. The dispatcher is what is
 * measured, so a send costs nothing here; the real SDKs against fake servers are the
 * conformance suite's business.
 */
import { performance } from 'node:perf_hooks';
import { SLACK_LIMITS } from '../../src/adapters/slack/sender.js';
import { wecomLimits } from '../../src/adapters/wecom/sender.js';
import type { PlatformAddress, PlatformSender, RateLimitSpec } from '../../src/chat/sending.js';

export const PLATFORMS = ['slack', 'wecom'] as const;
export type Chat = (typeof PLATFORMS)[number];

/**
 * Slack: one message a second per conversation. WeCom: 30 a minute per member; its app-wide
 * daily quota is set large (a big account), or a benchmark would take a day.
 */
export const LIMITS: Record<Chat, RateLimitSpec> = { slack: SLACK_LIMITS, wecom: wecomLimits(1_000_000) };

/** The documented shortest gap between two messages to one conversation (our buckets add a margin). */
export const documentedGap = (p: Chat): number => (p === 'slack' ? 1000 : 60_000 / 30);

/** A platform that records each message it is given. */
export class FakePlatform implements PlatformSender {
  readonly sends: Array<{ to: string; key: string; at: number }> = [];
  constructor(readonly platform: Chat) {}
  send(address: PlatformAddress, _view: unknown, row: { key: string }) {
    this.sends.push({ to: address.id, key: row.key, at: performance.now() });
    return Promise.resolve({ messageId: `${this.platform}:${this.sends.length}` });
  }
}

/**
 * The outbound half of the adapter contract (ARCHITECTURE rules 6 and 12): what the outbox
 * dispatcher needs from a platform — send one message to a resolved address, and, where the
 * platform can tell, say whether a message it may already have accepted is there. Adapters
 * translate only: retries, back-off, rate limits (shared by every instance) and ordering are the
 * dispatcher's, so an adapter's API client must not retry on its own. An adapter declares its
 * platform's documented limits as `RateLimitSpec`s; the dispatcher enforces them.
 */
import type { MessageView, Recipient, ReplyTo } from '../domain/message.js';

export type { ReplyTo };
import type { Platform } from '../domain/org.js';

/**
 * A recipient resolved to one platform:
 * - `user`: a direct message to platform user `id`;
 * - `channel`: a group chat or channel `id`;
 * - `thread`: the thread of form `formId` in channel `id` (`mention`: the platform user to
 *   @-mention, for a thread message pushed to one person);
 * - `reply`: the answer to an inbound event, back where it was said. `id` is the platform user
 *   who spoke (for rate limits and fallbacks) and `replyTo` the adapter's own opaque routing data
 *   (channel, thread, ephemeral, response URL, card handle) that its decode produced.
 * `sealed` is set when the address was opened from a sealed recipient (an anonymous feedback
 * sender): the dispatcher then stores no platform message id and logs no address.
 */
export interface PlatformAddress {
  platform: Platform;
  kind: 'user' | 'channel' | 'thread' | 'reply';
  id: string;
  formId?: number;
  formNumber?: string;
  mention?: string;
  replyTo?: ReplyTo;
  sealed?: boolean;
}

/** The platform's id for a delivered message (Slack: `channel:ts`), stored as `platform_message_id`. */
export interface SendResult {
  messageId: string;
}

/**
 * Sends messages to one platform. `send` resolves with the platform's message id, or throws a
 * `SendError` saying whether to retry; any other error counts as retryable and possibly
 * delivered. `wasDelivered` (optional) looks for the message of `row` on the platform — Slack
 * finds it by the outbox key in its message metadata — and answers its id, or undefined when it
 * is not there; the dispatcher calls it before re-sending a row that is in doubt. A sender
 * without it has a duplicate window: a crash between the platform accepting a message and our
 * commit sends that message again (see src/infra/outbox/README.md).
 */
export interface PlatformSender {
  readonly platform: Platform;
  send(address: PlatformAddress, view: MessageView, row: SentRow): Promise<SendResult>;
  wasDelivered?(address: PlatformAddress, row: SentRow): Promise<SendResult | undefined>;
}

/** What a sender may read of the outbox row it sends: its unique key and its attempt times. */
export interface SentRow {
  id: number;
  key: string;
  createdAt: number;
  firstAttemptAt?: number;
}

/** How a failed send should be treated. */
export interface SendErrorOptions {
  /** Try again later (bounded by the dispatcher's `maxAttempts`); false = the platform will never accept it. */
  retryable: boolean;
  /** The platform asked us to wait this long (HTTP 429 `Retry-After`, a throttled recipient). */
  retryAfterMs?: number;
  /**
   * What else must wait `retryAfterMs`: the conversation's bucket (a throttled recipient, the
   * default when `retryAfterMs` is set), or the whole app on this platform (an app-wide rate limit:
   * Slack's 429, WeCom's 45009), or `none`: only this message waits.
   */
  pause?: 'conversation' | 'app' | 'none';
  /** The request may have reached the platform (timeout, HTTP 5xx): check before sending again. */
  maybeDelivered?: boolean;
}

/** A failed send, classified by the adapter; `permanent` is the opposite of `retryable`. */
export class SendError extends Error {
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly pause: 'conversation' | 'app' | undefined;
  readonly maybeDelivered: boolean;

  constructor(message: string, opts: SendErrorOptions) {
    super(message);
    this.name = 'SendError';
    this.retryable = opts.retryable;
    this.retryAfterMs = opts.retryAfterMs;
    const pause = opts.pause ?? (opts.retryAfterMs !== undefined ? 'conversation' : 'none');
    this.pause = pause === 'none' ? undefined : pause;
    this.maybeDelivered = opts.maybeDelivered ?? false;
  }

  get permanent(): boolean {
    return !this.retryable;
  }
}

/** Any thrown value as a `SendError`: unknown errors are retryable and possibly delivered. */
export function asSendError(err: unknown): SendError {
  if (err instanceof SendError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new SendError(message, { retryable: true, maybeDelivered: true });
}

/**
 * How much under a hard limit the bot stays (3 %): a limit of 30 a minute is kept as one message
 * every 2.06 s, so clock drift or network jitter never makes the platform see it exceeded (WeCom
 * drops the excess without a word; DingTalk locks the robot for 10 minutes).
 */
export const RATE_MARGIN = 1.03;

/** The bucket of a rate of `count` per `perMs`, kept `RATE_MARGIN` under it: one token at a time. */
export function bucketOf(count: number, perMs: number): BucketSpec {
  return { intervalMs: Math.ceil((perMs / count) * RATE_MARGIN), burst: 1 };
}

/** A token bucket: one token per `intervalMs`, at most `burst` saved up (GCRA). */
export interface BucketSpec {
  intervalMs: number;
  burst: number;
}

/**
 * A platform's documented send limits: one bucket per conversation (the key `conversationOf`
 * picks: a channel, a group, a user) and one for the whole app. Buckets are shared by every
 * instance of the deployment (they live in the database), so the limit holds for the deployment.
 */
export interface RateLimitSpec {
  perConversation?: BucketSpec;
  perApp?: BucketSpec[];
  /** The bucket key of an address within the platform (default: `address.id`). */
  conversationOf?(address: PlatformAddress): string;
}

/** A resolved address, or why there is none (shown to the admins). */
export type Resolution = { ok: true; address: PlatformAddress } | { ok: false; reason: string };

/**
 * Resolves outbox recipients to platform addresses (src/infra/outbox/address-resolver.ts). An
 * adapter may wrap the deployment's resolver (`PlatformAdapter.resolver`) where its platform puts
 * things elsewhere — Slack and Feishu keep a form's thread in the receiving department's channel.
 */
export interface AddressResolver {
  resolve(to: Recipient): Promise<Resolution>;
}

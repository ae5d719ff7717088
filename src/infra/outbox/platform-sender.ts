/**
 * What the outbox dispatcher needs from a platform adapter: send one message to a resolved
 * address, and — where the platform can tell — say whether a message it may already have accepted
 * is there. Adapters translate only (ARCHITECTURE rule 6); retries, back-off, rate limits and
 * ordering are the dispatcher's, so an adapter's API client must not retry on its own.
 */
import type { OutboxRow } from '../../app/ports.js';
import type { MessageView } from '../../domain/message.js';
import type { Platform } from '../../domain/org.js';

/**
 * A recipient resolved to one platform: a direct message to user `id`, a group chat or channel
 * `id`, or the thread of form `formId` in channel `id`. `mention` is the platform user id to
 * @-mention (a thread message pushed to one person).
 */
export interface PlatformAddress {
  platform: Platform;
  kind: 'user' | 'channel' | 'thread';
  id: string;
  formId?: number;
  formNumber?: string;
  mention?: string;
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
  send(address: PlatformAddress, view: MessageView, row: OutboxRow): Promise<SendResult>;
  wasDelivered?(address: PlatformAddress, row: OutboxRow): Promise<SendResult | undefined>;
}

/** How a failed send should be treated. */
export interface SendErrorOptions {
  /** Try again later (bounded by the dispatcher's `maxAttempts`); false = the platform will never accept it. */
  retryable: boolean;
  /** The platform asked us to wait this long (HTTP 429 `Retry-After`). */
  retryAfterMs?: number;
  /** The request may have reached the platform (timeout, HTTP 5xx): check before sending again. */
  maybeDelivered?: boolean;
}

/** A failed send, classified by the adapter; `permanent` is the opposite of `retryable`. */
export class SendError extends Error {
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly maybeDelivered: boolean;

  constructor(message: string, opts: SendErrorOptions) {
    super(message);
    this.name = 'SendError';
    this.retryable = opts.retryable;
    this.retryAfterMs = opts.retryAfterMs;
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

/**
 * `@slack/web-api` errors as the dispatcher's `SendError`s. The client is built with
 * `rejectRateLimitedCalls: true` and no retries, so every failure arrives here at once:
 * - rate limited (HTTP 429): retry after `Retry-After`; Slack did not take the message;
 * - HTTP 5xx, or no answer (network error, timeout): retry, and the message may have been posted;
 * - `ok: false`: Slack refused it. Errors that cannot heal (unknown channel or user, archived
 *   channel, malformed blocks) are permanent; the rest — including token and scope problems,
 *   which an administrator may fix — are retried until `maxAttempts`.
 * Error messages carry the method and Slack's error code, never the message text.
 */
import { ErrorCode } from '@slack/web-api';
import { asSendError, SendError } from '../../chat/sending.js';

/** `ok: false` errors that a retry cannot fix (https://docs.slack.dev/reference/methods/chat.postMessage#errors). */
export const PERMANENT_SLACK_ERRORS = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'msg_too_long',
  'no_text',
  'invalid_blocks',
  'invalid_blocks_format',
  'invalid_metadata_format',
  'invalid_metadata_schema',
  'metadata_too_large',
  'too_many_attachments',
  'restricted_action',
  'restricted_action_read_only_channel',
  'restricted_action_thread_only_channel',
  'restricted_action_non_threadable_channel',
  'cannot_reply_to_message',
  'user_not_found',
  'user_not_visible',
  'user_disabled',
  'cannot_dm_bot',
  'messages_tab_disabled',
  'thread_not_found',
]);

interface SlackErrorShape {
  code?: string;
  retryAfter?: number;
  statusCode?: number;
  data?: { error?: string };
}

/** Classifies an error thrown by a WebClient call to `method`. */
export function slackSendError(err: unknown, method: string): SendError {
  const e = (err ?? {}) as SlackErrorShape;
  switch (e.code) {
    case ErrorCode.RateLimitedError:
      return new SendError(`slack ${method}: rate limited (Retry-After ${e.retryAfter ?? '?'} s)`, {
        retryable: true,
        retryAfterMs: Math.max(0, (e.retryAfter ?? 1) * 1000),
        // Slack's Retry-After is for the method across the workspace, not one channel.
        pause: 'app',
      });
    case ErrorCode.HTTPError:
      return new SendError(`slack ${method}: HTTP ${e.statusCode ?? '?'}`, { retryable: true, maybeDelivered: (e.statusCode ?? 500) >= 500 });
    case ErrorCode.RequestError:
      return new SendError(`slack ${method}: no response (network error or timeout)`, { retryable: true, maybeDelivered: true });
    case ErrorCode.PlatformError: {
      const code = e.data?.error ?? 'unknown_error';
      return new SendError(`slack ${method}: ${code}`, { retryable: !PERMANENT_SLACK_ERRORS.has(code) });
    }
    default:
      return asSendError(err);
  }
}

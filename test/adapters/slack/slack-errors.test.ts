import { ErrorCode } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { slackSendError } from '../../../src/adapters/slack/errors.js';

const pick = (e: ReturnType<typeof slackSendError>) => ({ retryable: e.retryable, retryAfterMs: e.retryAfterMs, maybeDelivered: e.maybeDelivered });

describe('slackSendError', () => {
  it('429: retry after Retry-After; not delivered', () => {
    expect(pick(slackSendError({ code: ErrorCode.RateLimitedError, retryAfter: 3 }, 'chat.postMessage'))).toEqual({ retryable: true, retryAfterMs: 3000, maybeDelivered: false });
  });
  it('5xx and no answer: retry, maybe delivered', () => {
    expect(pick(slackSendError({ code: ErrorCode.HTTPError, statusCode: 503 }, 'm'))).toMatchObject({ retryable: true, maybeDelivered: true });
    expect(pick(slackSendError({ code: ErrorCode.RequestError }, 'm'))).toMatchObject({ retryable: true, maybeDelivered: true });
    expect(pick(slackSendError(new Error('boom'), 'm'))).toMatchObject({ retryable: true, maybeDelivered: true });
  });
  it('ok:false: permanent for errors a retry cannot fix, else retried', () => {
    const e = slackSendError({ code: ErrorCode.PlatformError, data: { ok: false, error: 'channel_not_found' } }, 'chat.postMessage');
    expect(e.permanent).toBe(true);
    expect(e.message).toBe('slack chat.postMessage: channel_not_found');
    expect(slackSendError({ code: ErrorCode.PlatformError, data: { error: 'invalid_auth' } }, 'm').retryable).toBe(true);
  });
});

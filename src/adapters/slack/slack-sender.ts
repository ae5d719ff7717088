/**
 * The Slack `PlatformSender` (src/infra/outbox/platform-sender.ts), on `@slack/web-api`.
 *
 * Addresses: a person gets `chat.postMessage` with their user id as the channel (Slack opens the
 * DM); a department its channel; a form's thread replies in the thread of the form's root
 * message in the issuing department's channel. The first message for a form in that channel
 * becomes the root, recorded in `platform_thread`; later ones pass its `ts` as `thread_ts`.
 *
 * Idempotent retries: every message carries `metadata: { event_type: 'shoudao_outbox',
 * event_payload: { key } }` with its outbox key. For a row in doubt (a crash or timeout after
 * Slack may have accepted it), `wasDelivered` searches the conversation from shortly before the
 * row's first attempt — `conversations.replies` of the thread, or `conversations.history` of the
 * channel or DM — with `include_all_metadata`, and returns the message found instead of posting
 * again. Only a search that runs out of pages (more than `maxPages` × 200 messages since the
 * first attempt) answers "not there" without being sure; the row is then sent again.
 *
 * The client must not retry or queue on 429 (`createSlackClient` sets `retryConfig: { retries:
 * 0 }` and `rejectRateLimitedCalls: true`): the dispatcher owns retries and rate limits.
 */
import { LogLevel, WebClient } from '@slack/web-api';
import type { Clock, OutboxRow, Store } from '../../app/ports.js';
import type { SlackEnv } from '../../config/env-platforms.js';
import { SendError, type PlatformAddress, type PlatformSender, type SendResult } from '../../infra/outbox/platform-sender.js';
import { slackSendError } from './slack-errors.js';
import { renderSlack } from './slack-render.js';

/** The metadata event type that marks our messages. */
export const SLACK_EVENT_TYPE = 'shoudao_outbox';

/** A WebClient for sending: no retries, 429s rejected at once, a request timeout. */
export function createSlackClient(env: Pick<SlackEnv, 'botToken' | 'apiUrl'>, opts: { timeoutMs?: number; logLevel?: LogLevel } = {}): WebClient {
  return new WebClient(env.botToken, {
    slackApiUrl: env.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: opts.timeoutMs ?? 10_000,
    logLevel: opts.logLevel ?? LogLevel.ERROR,
  });
}

export interface SlackSenderOptions {
  client: Pick<WebClient, 'chat' | 'conversations'>;
  /** For `platform_thread` (thread roots). */
  store: Store;
  clock: Clock;
  /** How far before the first attempt `wasDelivered` searches (clock skew; default 5 min). */
  lookbackMs?: number;
  /** Pages of 200 messages `wasDelivered` reads at most (default 10). */
  maxPages?: number;
}

type Found = { ts: string };
type Page = { messages?: Array<{ ts?: string; metadata?: { event_type?: string; event_payload?: Record<string, unknown> } }>; has_more?: boolean; response_metadata?: { next_cursor?: string } };

/** Slack's `ts` form of an instant (seconds with six decimals). */
export const slackTs = (ms: number): string => (Math.max(0, ms) / 1000).toFixed(6);

export function createSlackSender(opts: SlackSenderOptions): PlatformSender {
  const { client, store } = opts;
  const lookbackMs = opts.lookbackMs ?? 5 * 60_000;
  const maxPages = opts.maxPages ?? 10;

  async function call<T>(method: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      throw slackSendError(err, method);
    }
  }

  const rootOf = async (address: PlatformAddress) => {
    if (address.kind !== 'thread' || address.formId === undefined) return undefined;
    const root = await store.transaction((tx) => tx.platformThreads.get(address.formId!, 'slack'));
    // A root in another channel (the department's channel changed) is not continued.
    return root && root.channel === address.id ? root.rootId : undefined;
  };

  const recordRoot = async (address: PlatformAddress, channel: string, ts: string) => {
    if (address.kind !== 'thread' || address.formId === undefined || channel !== address.id) return;
    const thread = { formId: address.formId, platform: 'slack', channel, rootId: ts, createdAt: opts.clock.now() };
    await store.transaction((tx) => tx.platformThreads.put(thread));
  };

  /** Pages through a history or replies listing for the message carrying `key`. */
  async function search(method: string, list: (cursor?: string) => Promise<Page>, key: string): Promise<Found | undefined> {
    let cursor: string | undefined;
    for (let page = 0; page < maxPages; page++) {
      const res = await call(method, () => list(cursor));
      const hit = res.messages?.find((m) => m.metadata?.event_type === SLACK_EVENT_TYPE && m.metadata.event_payload?.['key'] === key);
      if (hit?.ts) return { ts: hit.ts };
      cursor = res.response_metadata?.next_cursor;
      if (!res.has_more || !cursor) return undefined;
    }
    return undefined;
  }

  return {
    platform: 'slack',

    async send(address, view, row): Promise<SendResult> {
      const context = address.kind === 'user' && address.formNumber ? `联络单 ${address.formNumber}` : undefined;
      const { text, blocks } = renderSlack(view, { ...(address.mention ? { mention: address.mention } : {}), ...(context ? { context } : {}) });
      const threadTs = await rootOf(address);
      // https://docs.slack.dev/reference/methods/chat.postMessage
      const res = await call('chat.postMessage', () =>
        client.chat.postMessage({
          channel: address.id,
          text,
          blocks,
          metadata: { event_type: SLACK_EVENT_TYPE, event_payload: { key: row.key } },
          ...(threadTs ? { thread_ts: threadTs } : {}),
        }),
      );
      if (!res.ts || !res.channel) throw new SendError('slack chat.postMessage: answer without ts', { retryable: true, maybeDelivered: true });
      if (address.kind === 'thread' && !threadTs) {
        try {
          await recordRoot(address, res.channel, res.ts);
        } catch (err) {
          // Posted but not recorded: in doubt, so the retry finds the message and records the root.
          throw new SendError(`slack: posted, but recording the thread root failed: ${String(err)}`, { retryable: true, maybeDelivered: true });
        }
      }
      return { messageId: `${res.channel}:${res.ts}` };
    },

    async wasDelivered(address: PlatformAddress, row: OutboxRow): Promise<SendResult | undefined> {
      const oldest = slackTs((row.firstAttemptAt ?? row.createdAt) - lookbackMs);
      let channel = address.id;
      if (address.kind === 'user') {
        // https://docs.slack.dev/reference/methods/conversations.open — the DM's channel id (idempotent).
        const opened = await call('conversations.open', () => client.conversations.open({ users: address.id }));
        if (!opened.channel?.id) throw new SendError('slack conversations.open: no channel id', { retryable: true });
        channel = opened.channel.id;
      }
      const root = await rootOf(address);
      if (root) {
        // https://docs.slack.dev/reference/methods/conversations.replies — the root and its replies.
        const found = await search('conversations.replies', (cursor) =>
          client.conversations.replies({ channel, ts: root, oldest, include_all_metadata: true, limit: 200, ...(cursor ? { cursor } : {}) }), row.key);
        return found && { messageId: `${channel}:${found.ts}` };
      }
      // https://docs.slack.dev/reference/methods/conversations.history — top-level messages only.
      const found = await search('conversations.history', (cursor) =>
        client.conversations.history({ channel, oldest, include_all_metadata: true, limit: 200, ...(cursor ? { cursor } : {}) }), row.key);
      if (!found) return undefined;
      await recordRoot(address, channel, found.ts); // the lost message was this form's root
      return { messageId: `${channel}:${found.ts}` };
    },
  };
}

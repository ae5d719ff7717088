/**
 * The Slack `PlatformSender` (src/infra/outbox/platform-sender.ts), on `@slack/web-api`.
 *
 * Addresses: a person gets `chat.postMessage` with their user id as the channel (Slack opens the
 * DM); a department its channel; a form's thread replies in the thread of the form's root
 * message in the channel the resolver chose (form-threads.ts: the receiving department's channel,
 * or a DM with its leader). The first message for a form there becomes the root, recorded in
 * `platform_thread` and `platform_message`; later ones pass its `ts` as `thread_ts`.
 *
 * Live messages (issue 5 §3–4): after every message about a form, the root is updated in place
 * (`chat.update`) with `liveCard(formId)` — the form's current state and next-step buttons. A
 * notice card sent to a person (outbox key `notice:<id>:<person>`) is recorded in
 * `platform_message`, so a ✅/👀 reaction on it acknowledges the notice. Both are best effort: a
 * failure is logged and the next event updates the root again. When one event is pushed to
 * several people in the same thread (rows `form:<id>:e<n>:<person>` with equal views), the first
 * is posted whole and the others as a short "↑" line that @-mentions the next person.
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
import type { Clock, Store } from '../../app/ports.js';
import type { SentRow } from '../../chat/sending.js';
import type { MessageView } from '../../domain/message.js';
import { noticeRef } from '../../domain/notice.js';
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

/** What the sender needs: a client that never retries by itself, the store (thread roots, messages), a clock. */
export interface SlackSenderOptions {
  client: Pick<WebClient, 'chat' | 'conversations'>;
  /** For `platform_thread` (thread roots). */
  store: Store;
  clock: Clock;
  /** How far before the first attempt `wasDelivered` searches (clock skew; default 5 min). */
  lookbackMs?: number;
  /** Pages of 200 messages `wasDelivered` reads at most (default 10). */
  maxPages?: number;
  /** The live card of a form, for updating its thread root after each message (none: no updates). */
  liveCard?: (formId: number) => Promise<MessageView | undefined>;
  /** Where failed best-effort updates are reported. */
  log?: { warn(obj: object, msg: string): void };
}

type Found = { ts: string };
type Page = { messages?: Array<{ ts?: string; metadata?: { event_type?: string; event_payload?: Record<string, unknown> } }>; has_more?: boolean; response_metadata?: { next_cursor?: string } };

/** Slack's `ts` form of an instant (seconds with six decimals). */
export const slackTs = (ms: number): string => (Math.max(0, ms) / 1000).toFixed(6);

/** The Slack `PlatformSender`; see the module comment. */
export function createSlackSender(opts: SlackSenderOptions): PlatformSender {
  const { client, store } = opts;
  const lookbackMs = opts.lookbackMs ?? 5 * 60_000;
  /** Per thread root: the event and view last posted there (in memory; after a restart, full copies). */
  const lastInThread = new Map<string, string>();
  const maxPages = opts.maxPages ?? 10;

  async function call<T>(method: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      throw slackSendError(err, method);
    }
  }

  /** A user id as the channel: Slack posts into the DM, whose channel id (`D…`) comes back. */
  const sameConversation = (addressId: string, channel: string) => channel === addressId || (/^[UW]/.test(addressId) && channel.startsWith('D'));

  const rootOf = async (address: PlatformAddress) => {
    if (address.kind !== 'thread' || address.formId === undefined) return undefined;
    const root = await store.transaction((tx) => tx.platformThreads.get(address.formId!, 'slack'));
    // A root in another channel (the department's channel changed) is not continued.
    return root && sameConversation(address.id, root.channel) ? root.rootId : undefined;
  };

  const recordRoot = async (address: PlatformAddress, channel: string, ts: string) => {
    if (address.kind !== 'thread' || address.formId === undefined || !sameConversation(address.id, channel)) return;
    const now = opts.clock.now();
    const thread = { formId: address.formId, platform: 'slack', channel, rootId: ts, createdAt: now };
    await store.transaction(async (tx) => {
      const stored = await tx.platformThreads.put(thread);
      const subjectRef = address.formNumber ?? `#${address.formId}`;
      await tx.platformMessages.put({ platform: 'slack', channel: stored.channel, messageId: stored.rootId, subjectKind: 'form', subjectId: address.formId!, subjectRef, createdAt: now });
    });
  };

  /** Best effort: the form's root shows its current state (https://docs.slack.dev/reference/methods/chat.update). */
  const updateRoot = async (formId: number) => {
    if (!opts.liveCard) return;
    try {
      const root = await store.transaction((tx) => tx.platformThreads.get(formId, 'slack'));
      const card = root && (await opts.liveCard(formId));
      if (!root || !card) return;
      const { text, blocks } = renderSlack(card);
      await client.chat.update({ channel: root.channel, ts: root.rootId, text, blocks });
    } catch (err) {
      opts.log?.warn({ platform: 'slack', formId, err: slackSendError(err, 'chat.update').message }, 'slack: updating the form root failed');
    }
  };

  /** Best effort: a notice card sent to a person can be acknowledged by a reaction on it. */
  const recordNotice = async (row: SentRow, channel: string, ts: string) => {
    const m = /^notice:(\d+):/.exec(row.key);
    if (!m) return;
    const id = Number(m[1]);
    const message = { platform: 'slack', channel, messageId: ts, subjectKind: 'notice' as const, subjectId: id, subjectRef: noticeRef(id), createdAt: opts.clock.now() };
    try {
      await store.transaction((tx) => tx.platformMessages.put(message));
    } catch (err) {
      opts.log?.warn({ platform: 'slack', notice: id, err: String(err) }, 'slack: recording the notice message failed');
    }
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
      const threadTs = await rootOf(address);
      // The same event pushed to several people reads once in the thread; the others are pinged.
      const event = /^form:\d+:e\d+:/.exec(row.key)?.[0];
      const same = threadTs && event && address.mention && lastInThread.get(threadTs) === `${event}${JSON.stringify(view)}`;
      const shown = same ? { lines: [`↑ ${view.title ?? ''}`.trim()] } : view;
      const { text, blocks } = renderSlack(shown, { ...(address.mention ? { mention: address.mention } : {}), ...(context ? { context } : {}) });
      if (threadTs && event) lastInThread.set(threadTs, `${event}${JSON.stringify(view)}`);
      if (lastInThread.size > 1000) lastInThread.delete(lastInThread.keys().next().value!);
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
        if (event) lastInThread.set(res.ts, `${event}${JSON.stringify(view)}`);
        try {
          await recordRoot(address, res.channel, res.ts);
        } catch (err) {
          // Posted but not recorded: in doubt, so the retry finds the message and records the root.
          throw new SendError(`slack: posted, but recording the thread root failed: ${String(err)}`, { retryable: true, maybeDelivered: true });
        }
      }
      await recordNotice(row, res.channel, res.ts);
      if (address.formId !== undefined) await updateRoot(address.formId);
      return { messageId: `${res.channel}:${res.ts}` };
    },

    async wasDelivered(address: PlatformAddress, row: SentRow): Promise<SendResult | undefined> {
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

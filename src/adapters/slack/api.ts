/**
 * The Slack Web API client (`@slack/web-api`) and the calls the adapter makes with it: answers,
 * ephemeral answers, reactions, in-place updates, modals, the App Home tab, `response_url`
 * answers. The client never retries or queues by itself (`createSlackClient`): the outbox
 * dispatcher owns retries and rate limits. Only `slackCall` waits out a short `Retry-After` once,
 * for the calls that must happen now (a modal's `trigger_id` expires in 3 s); a longer one, or a
 * second failure, is thrown as a `SendError`.
 */
import { LogLevel, WebClient, type HomeView, type ModalView } from '@slack/web-api';
import { SendError } from '../../chat/sending.js';
import type { MessageView } from '../../domain/message.js';
import type { SlackSettings } from './env.js';
import { slackSendError } from './errors.js';
import { renderSlack } from './render.js';

/** The metadata event type that marks our messages (the outbox key rides in its payload). */
export const SLACK_EVENT_TYPE = 'shoudao_outbox';

/** The Web API methods the adapter uses. */
export type SlackApi = Pick<WebClient, 'chat' | 'reactions' | 'views' | 'auth' | 'conversations' | 'filesUploadV2'>;

/** A WebClient for sending: no retries, 429s rejected at once, a request timeout. */
export function createSlackClient(env: Pick<SlackSettings, 'botToken' | 'apiUrl'>, opts: { timeoutMs?: number; logLevel?: LogLevel } = {}): WebClient {
  return new WebClient(env.botToken, {
    slackApiUrl: env.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: opts.timeoutMs ?? 10_000,
    logLevel: opts.logLevel ?? LogLevel.ERROR,
  });
}

/** The longest `Retry-After` waited out in place (ms); longer ones go back to the caller. */
const MAX_INLINE_WAIT_MS = 2_000;

/** Runs one call; on a short 429 waits `Retry-After` and tries once more. Throws `SendError`. */
export async function slackCall<T>(method: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    const e = slackSendError(err, method);
    if (e.retryAfterMs === undefined || e.retryAfterMs > MAX_INLINE_WAIT_MS) throw e;
    await new Promise((resolve) => setTimeout(resolve, e.retryAfterMs));
    try {
      return await run();
    } catch (again) {
      throw slackSendError(again, method);
    }
  }
}

/** Where an answer goes: a conversation (optionally a thread), privately to `user` when `ephemeral`. */
export interface AnswerTarget {
  channel: string;
  threadTs?: string;
  /** Only `user` sees it (https://docs.slack.dev/reference/methods/chat.postEphemeral). */
  ephemeral?: { user: string };
}

/** Posts `view` as an answer; resolves with the posted message's `ts` (none for ephemeral ones). */
export async function postAnswer(api: SlackApi, to: AnswerTarget, view: MessageView, metadata?: Record<string, unknown>): Promise<{ channel: string; ts?: string }> {
  const { text, blocks } = renderSlack(view);
  const thread = to.threadTs ? { thread_ts: to.threadTs } : {};
  if (to.ephemeral) {
    const user = to.ephemeral.user;
    // https://docs.slack.dev/reference/methods/chat.postEphemeral
    await slackCall('chat.postEphemeral', () => api.chat.postEphemeral({ channel: to.channel, user, text, blocks, ...thread }));
    return { channel: to.channel };
  }
  // https://docs.slack.dev/reference/methods/chat.postMessage
  const meta = metadata ? { metadata: { event_type: SLACK_EVENT_TYPE, event_payload: metadata } } : {};
  const res = await slackCall('chat.postMessage', () => api.chat.postMessage({ channel: to.channel, text, blocks, ...thread, ...meta } as Parameters<SlackApi['chat']['postMessage']>[0]));
  if (!res.channel) throw new SendError('slack chat.postMessage: answer without channel', { retryable: true, maybeDelivered: true });
  return { channel: res.channel, ...(res.ts ? { ts: res.ts } : {}) };
}

/** Replaces a message we posted (https://docs.slack.dev/reference/methods/chat.update). */
export async function updateMessage(api: SlackApi, channel: string, ts: string, view: MessageView): Promise<void> {
  const { text, blocks } = renderSlack(view);
  await slackCall('chat.update', () => api.chat.update({ channel, ts, text, blocks }));
}

/**
 * Adds a reaction (https://docs.slack.dev/reference/methods/reactions.add); `already_reacted`
 * counts as done. `name` has no colons.
 */
export async function react(api: SlackApi, channel: string, ts: string, name: string): Promise<void> {
  try {
    await slackCall('reactions.add', () => api.reactions.add({ channel, timestamp: ts, name }));
  } catch (err) {
    if (err instanceof SendError && /already_reacted/.test(err.message)) return;
    throw err;
  }
}

/** Opens a modal (https://docs.slack.dev/reference/methods/views.open; `trigger_id` lives 3 s). */
export async function openModal(api: SlackApi, triggerId: string, view: ModalView): Promise<void> {
  await slackCall('views.open', () => api.views.open({ trigger_id: triggerId, view }));
}

/** Publishes a person's App Home tab (https://docs.slack.dev/reference/methods/views.publish). */
export async function publishHome(api: SlackApi, user: string, view: HomeView): Promise<void> {
  await slackCall('views.publish', () => api.views.publish({ user_id: user, view }));
}

/**
 * Answers through a `response_url` (slash commands, message buttons): works in any conversation,
 * also where the bot is not a member (https://docs.slack.dev/interactivity/handling-user-interaction#message_responses).
 */
export async function respondTo(fetchFn: typeof fetch, url: string, view: MessageView, ephemeral = true): Promise<void> {
  const { text, blocks } = renderSlack(view);
  const res = await fetchFn(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ response_type: ephemeral ? 'ephemeral' : 'in_channel', replace_original: false, text, blocks }),
  });
  if (!res.ok) throw new SendError(`slack response_url: HTTP ${res.status}`, { retryable: res.status >= 500 || res.status === 429 });
}

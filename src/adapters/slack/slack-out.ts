/**
 * The inbound side's own Slack calls: answers to the person who spoke or pressed, reactions,
 * modals and the App Home tab. Messages for other people go through the outbox; these are direct
 * because they answer a request now (a modal's `trigger_id` expires in 3 s, an ephemeral answer
 * has no outbox address). The client never retries by itself (slack-sender.ts
 * `createSlackClient`): a 429 whose `Retry-After` is short is waited out here once; a longer one,
 * or a second failure, is thrown as a `SendError` — the caller hands a reply to the outbox then.
 */
import type { HomeView, ModalView, WebClient } from '@slack/web-api';
import type { MessageView } from '../../domain/message.js';
import { SendError } from '../../infra/outbox/platform-sender.js';
import { slackSendError } from './slack-errors.js';
import { renderSlack } from './slack-render.js';

/** The Web API methods the inbound side uses. */
export type SlackApi = Pick<WebClient, 'chat' | 'reactions' | 'views' | 'auth'>;

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
export async function postAnswer(api: SlackApi, to: AnswerTarget, view: MessageView): Promise<{ channel: string; ts?: string }> {
  const { text, blocks } = renderSlack(view);
  const thread = to.threadTs ? { thread_ts: to.threadTs } : {};
  if (to.ephemeral) {
    const user = to.ephemeral.user;
    // https://docs.slack.dev/reference/methods/chat.postEphemeral
    await slackCall('chat.postEphemeral', () => api.chat.postEphemeral({ channel: to.channel, user, text, blocks, ...thread }));
    return { channel: to.channel };
  }
  // https://docs.slack.dev/reference/methods/chat.postMessage
  const res = await slackCall('chat.postMessage', () => api.chat.postMessage({ channel: to.channel, text, blocks, ...thread }));
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

/**
 * The Slack `PlatformSender` (src/chat/sending.ts), on `@slack/web-api`. Every message the bot
 * sends on Slack goes through here — answers included (issue 9 §2: one path).
 *
 * Addresses: a person gets `chat.postMessage` with their user id as the channel (Slack opens the
 * DM); a department its channel; a form's thread replies in the thread of the form's root
 * message in the channel the resolver chose (surfaces/form-threads.ts). The first message for a
 * form there becomes the root (a thread root record, and a platform message standing for the
 * form); later ones pass its `ts` as `thread_ts`.
 *
 * Answers (`reply` addresses, routed by what decode.ts put in `replyTo`): to a DM message in the
 * DM (its thread, if any); to a channel message privately (ephemeral, in its thread); to a button
 * in the DM, or privately in the channel, or as a DM for the App Home; to a slash command through
 * its `response_url`; to the App Home tab by publishing it. What the event did is shown in place:
 * an acknowledgement (`view.outcome.acknowledged`) adds ✅ to the message and refreshes the
 * notices' live status lines; the answer to a new notice (`outcome.noticeCreated`) becomes the
 * notice's status line (surfaces/notice-status.ts). A reaction's answer is only the ✅.
 *
 * Live messages: after every message about a form, its root is updated in place with the form's
 * current card (`records.liveFormCard`). A notice card sent to a person (`view.about` a notice) is
 * recorded, so a ✅/👀 reaction on it acknowledges the notice. Both are best effort. When one event
 * is pushed to several people in the same thread (rows `form:<id>:e<n>:<person>` with equal
 * views), the first is posted whole and the others as a short "↑" line @-mentioning the next.
 *
 * Idempotent retries: every posted message carries `metadata: { event_type: 'shoudao_outbox',
 * event_payload: { key } }`. For a row in doubt, `wasDelivered` searches the conversation from
 * shortly before the row's first attempt and returns the message found instead of posting again.
 * Ephemeral answers, `response_url` answers and home publishes cannot be looked up: a crash in the
 * moment between Slack taking one and our commit repeats it once (the outbox README's window).
 */
import type { AdapterLog } from '../../chat/adapter-contract.js';
import type { PlatformRecords } from '../../chat/platform-records.js';
import { SendError, type PlatformAddress, type PlatformSender, type RateLimitSpec, type SendResult, type SentRow } from '../../chat/sending.js';
import type { MessageView, ReplyTo } from '../../domain/message.js';
import { postAnswer, publishHome, react, respondTo, SLACK_EVENT_TYPE, updateMessage, type AnswerTarget, type SlackApi } from './api.js';
import { slackSendError } from './errors.js';
import { renderSlack } from './render.js';
import { homeView } from './surfaces/home.js';
import { createNoticeStatus } from './surfaces/notice-status.js';

/** The reaction the bot adds to record an acknowledgement. */
export const ACK_MARK = 'white_check_mark';

/**
 * Slack's documented limit (protocols.md C.8): `chat.postMessage` about 1 per second per channel
 * (bursts not guaranteed). The workspace-wide limit is unpublished; a 429 handles it.
 */
export const SLACK_LIMITS: RateLimitSpec = {
  perConversation: { intervalMs: 1000, burst: 1 },
  conversationOf: (a) => String(a.replyTo?.['channel'] ?? a.id),
};

/** What the sender needs: a client that never retries by itself, the records, a clock. */
export interface SlackSenderOptions {
  client: SlackApi;
  records: PlatformRecords;
  now: () => number;
  log: AdapterLog;
  /** For `response_url` answers (default: global fetch). */
  fetch?: typeof fetch;
  /** How far before the first attempt `wasDelivered` searches (clock skew; default 5 min). */
  lookbackMs?: number;
  /** Pages of 200 messages `wasDelivered` reads at most (default 10). */
  maxPages?: number;
}

type Page = { messages?: Array<{ ts?: string; metadata?: { event_type?: string; event_payload?: Record<string, unknown> } }>; has_more?: boolean; response_metadata?: { next_cursor?: string } };

/** Slack's `ts` form of an instant (seconds with six decimals). */
export const slackTs = (ms: number): string => (Math.max(0, ms) / 1000).toFixed(6);

const str = (r: ReplyTo | undefined, k: string): string | undefined => (typeof r?.[k] === 'string' && r[k] !== '' ? (r[k]) : undefined);
const isDm = (channel: string | undefined) => channel?.startsWith('D') ?? false;

/** Where a `postMessage` answer goes (undefined: the answer is not a posted message). */
function postTarget(r: ReplyTo, user: string): AnswerTarget | undefined {
  const channel = str(r, 'channel');
  const threadTs = str(r, 'threadTs');
  const thread = threadTs ? { threadTs } : {};
  switch (r['kind']) {
    case 'message':
      return r['im'] ? { channel: channel!, ...thread } : { channel: channel!, ...thread, ephemeral: { user } };
    case 'click':
    case 'view':
      if (!channel) return { channel: user };
      return isDm(channel) ? { channel, ...thread } : { channel, ...thread, ephemeral: { user } };
    case 'command':
      return isDm(channel) ? { channel: channel! } : { channel: channel ?? user, ephemeral: { user } };
    default:
      return { channel: user };
  }
}

/** The Slack `PlatformSender`; see the module comment. */
export function createSlackSender(opts: SlackSenderOptions): PlatformSender {
  const { client, records } = opts;
  const lookbackMs = opts.lookbackMs ?? 5 * 60_000;
  const maxPages = opts.maxPages ?? 10;
  const fetchFn = opts.fetch ?? globalThis.fetch;
  const notices = createNoticeStatus(client, records, opts.now);
  /** Per thread root: the event and view last posted there (in memory; after a restart, full copies). */
  const lastInThread = new Map<string, string>();

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
    const root = await records.threadRoot(address.formId, 'slack');
    // A root in another channel (the department's channel changed) is not continued.
    return root && sameConversation(address.id, root.channel) ? root.rootId : undefined;
  };

  const recordRoot = async (address: PlatformAddress, channel: string, ts: string) => {
    if (address.kind !== 'thread' || address.formId === undefined || !sameConversation(address.id, channel)) return;
    const now = opts.now();
    const stored = await records.putThreadRoot({ formId: address.formId, platform: 'slack', channel, rootId: ts, createdAt: now });
    const subjectRef = address.formNumber ?? `#${address.formId}`;
    await records.putMessage({ platform: 'slack', channel: stored.channel, messageId: stored.rootId, subjectKind: 'form', subjectId: address.formId, subjectRef, createdAt: now });
  };

  /** Best effort: the form's root shows its current state (https://docs.slack.dev/reference/methods/chat.update). */
  const updateRoot = async (formId: number) => {
    try {
      const root = await records.threadRoot(formId, 'slack');
      const card = root && (await records.liveFormCard(formId));
      if (root && card) await updateMessage(client, root.channel, root.rootId, card);
    } catch (err) {
      opts.log.warn({ platform: 'slack', formId, err: slackSendError(err, 'chat.update').message }, 'slack: updating the form root failed');
    }
  };

  /** Best effort: a notice card sent to a person can be acknowledged by a reaction on it. */
  const recordNotice = async (view: MessageView, channel: string, ts: string) => {
    const about = view.about;
    if (about?.kind !== 'notice' || about.id === undefined) return;
    try {
      await records.putMessage({ platform: 'slack', channel, messageId: ts, subjectKind: 'notice', subjectId: about.id, subjectRef: about.ref, createdAt: opts.now() });
    } catch (err) {
      opts.log.warn({ platform: 'slack', notice: about.id, err: String(err) }, 'slack: recording the notice message failed');
    }
  };

  /** Best effort: ✅ on the message that acknowledged, and the notices' status lines refreshed. */
  const showAcknowledged = async (view: MessageView, channel: string | undefined, ts: string | undefined) => {
    const refs = view.outcome?.acknowledged;
    if (!refs?.length) return;
    try {
      if (channel && ts) await react(client, channel, ts, ACK_MARK);
      await notices.refresh(refs);
    } catch (err) {
      opts.log.warn({ platform: 'slack', err: err instanceof Error ? err.message : String(err) }, 'slack: showing an acknowledgement failed');
    }
  };

  async function sendReply(address: PlatformAddress, view: MessageView, row: SentRow): Promise<SendResult> {
    const r = address.replyTo ?? {};
    const user = str(r, 'user') ?? address.id;
    const meta = { key: row.key };
    const kind = r['kind'];
    if (kind === 'home') {
      await publishHome(client, user, homeView(view));
      return { messageId: `home:${row.key}` };
    }
    if (kind === 'reaction') {
      await showAcknowledged(view, str(r, 'channel'), str(r, 'ts'));
      return { messageId: `reaction:${row.key}` };
    }
    if (kind === 'command' && str(r, 'responseUrl')) {
      await respondTo(fetchFn, str(r, 'responseUrl')!, view);
      await showAcknowledged(view, undefined, undefined);
      return { messageId: `response:${row.key}` };
    }
    const created = view.outcome?.noticeCreated;
    let posted: { channel: string; ts?: string };
    if (created && kind === 'message') {
      const channel = str(r, 'channel')!;
      const origin = r['im'] ? { channel, ...(str(r, 'threadTs') ? { threadTs: str(r, 'threadTs')! } : {}) } : { channel, noticeTs: str(r, 'ts')! };
      posted = await notices.created(created.ref, origin, view, meta);
    } else {
      posted = await postAnswer(client, postTarget(r, user)!, view, meta);
    }
    if (view.attachment && posted.ts) await uploadAttachment(view.attachment, posted.channel, postTarget(r, user)?.threadTs);
    await showAcknowledged(view, str(r, 'channel'), str(r, kind === 'click' ? 'messageTs' : 'ts'));
    return { messageId: posted.ts ? `${posted.channel}:${posted.ts}` : `ephemeral:${row.key}` };
  }

  /**
   * Shares a file (导出's XLSX) where the answer was posted: WebClient.filesUploadV2 runs
   * https://docs.slack.dev/reference/methods/files.getUploadURLExternal, the upload, then
   * https://docs.slack.dev/reference/methods/files.completeUploadExternal. A failure after the
   * answer was posted is in doubt: the retry finds the answer and does not post or upload again.
   */
  async function uploadAttachment(file: NonNullable<MessageView['attachment']>, channel: string, threadTs: string | undefined): Promise<void> {
    try {
      const common = { channel_id: channel, file: Buffer.from(file.base64, 'base64'), filename: file.name, title: file.name };
      await call('files.uploadV2', () => client.filesUploadV2(threadTs ? { ...common, thread_ts: threadTs } : common));
    } catch (err) {
      throw new SendError(`slack: answered, but the file upload failed: ${String(err)}`, { retryable: true, maybeDelivered: true });
    }
  }

  /** Pages through a history or replies listing for the message carrying `key`. */
  async function search(method: string, list: (cursor?: string) => Promise<Page>, key: string): Promise<{ ts: string } | undefined> {
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

  /** Looks for `key` in a conversation (`channel` may be a user id: its DM), in the thread of `root` if given. */
  async function find(channelOrUser: string, root: string | undefined, row: SentRow): Promise<{ channel: string; ts: string } | undefined> {
    const oldest = slackTs((row.firstAttemptAt ?? row.createdAt) - lookbackMs);
    let channel = channelOrUser;
    if (/^[UW]/.test(channelOrUser)) {
      // https://docs.slack.dev/reference/methods/conversations.open — the DM's channel id (idempotent).
      const opened = await call('conversations.open', () => client.conversations.open({ users: channelOrUser }));
      if (!opened.channel?.id) throw new SendError('slack conversations.open: no channel id', { retryable: true });
      channel = opened.channel.id;
    }
    const found = root
      ? // https://docs.slack.dev/reference/methods/conversations.replies — the root and its replies.
        await search('conversations.replies', (cursor) => client.conversations.replies({ channel, ts: root, oldest, include_all_metadata: true, limit: 200, ...(cursor ? { cursor } : {}) }), row.key)
      : // https://docs.slack.dev/reference/methods/conversations.history — top-level messages only.
        await search('conversations.history', (cursor) => client.conversations.history({ channel, oldest, include_all_metadata: true, limit: 200, ...(cursor ? { cursor } : {}) }), row.key);
    return found && { channel, ts: found.ts };
  }

  return {
    platform: 'slack',

    async send(address, view, row): Promise<SendResult> {
      if (address.kind === 'reply') return sendReply(address, view, row);
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
      if (address.kind === 'user') await recordNotice(view, res.channel, res.ts);
      if (address.formId !== undefined) await updateRoot(address.formId);
      return { messageId: `${res.channel}:${res.ts}` };
    },

    async wasDelivered(address: PlatformAddress, row: SentRow): Promise<SendResult | undefined> {
      if (address.kind === 'reply') {
        const r = address.replyTo ?? {};
        const target = r['kind'] === 'home' || r['kind'] === 'reaction' || str(r, 'responseUrl') ? undefined : postTarget(r, str(r, 'user') ?? address.id);
        // Ephemeral answers, response_url answers and home publishes leave nothing to find.
        if (!target || target.ephemeral) return undefined;
        const found = await find(target.channel, target.threadTs, row);
        return found && { messageId: `${found.channel}:${found.ts}` };
      }
      const root = await rootOf(address);
      const found = await find(address.id, root, row);
      if (!found) return undefined;
      if (!root) await recordRoot(address, found.channel, found.ts); // the lost message was this form's root
      return { messageId: `${found.channel}:${found.ts}` };
    },
  };
}

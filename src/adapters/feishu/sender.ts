/**
 * The Feishu `PlatformSender` (src/chat/sending.ts): renders the view (render.ts) and sends it
 * through the API client. Translation only — the dispatcher owns retries, back-off, ordering and
 * the limits declared in `FEISHU_LIMITS`.
 *
 * Addresses (`PlatformAddress`, platform `feishu`):
 * - `user`: a direct message to open id `id`. A notice card is recorded (a quoted reply 收到
 *   acknowledges it) and watched for read receipts (src/chat/read-receipts.ts: `read_users`
 *   covers the bot's own messages for 7 days, so the watch ends then); `view.ring` adds 加急 (`urgent_app`, or SMS / phone when the
 *   policy names them) on that message.
 * - `channel`: a message to group chat `id`.
 * - `thread`: a form's thread in chat `id` (the resolver put it in the receiving department's chat,
 *   src/chat/channel-threads.ts). The first message becomes the root (a card, recorded as the
 *   form's root); later ones reply to it with `reply_in_thread`. After every message about a form
 *   its root card is updated in place with the form's current card (state, next-step buttons).
 * - `reply`: back where the event came from (decode.ts `replyTo`): a direct chat gets a message; a
 *   group message or click gets a reply (in its thread when there is one). A click's answer also
 *   updates the clicked card: a form's root shows the form as it is now, any other card shows who
 *   did what (`view.outcome.clicked`) and loses its buttons. The answer to a message that created
 *   a notice (`outcome.noticeCreated`) is the notice's live status card (已确认 n/m, who has and
 *   who has not); every acknowledgement that arrives through Feishu updates it in place.
 *
 * Idempotency: every create and reply carries `uuid` = a hash of the outbox key; Feishu sends a
 * uuid at most once within an hour, so a retry after a crash or a timeout cannot duplicate it.
 * Failures become `SendError`s from the error code (errors.ts), with admin hints logged.
 */
import { createHash } from 'node:crypto';
import type { AdapterLog } from '../../chat/adapter-contract.js';
import type { PlatformRecords } from '../../chat/platform-records.js';
import { bucketOf, SendError, type PlatformAddress, type PlatformSender, type RateLimitSpec, type SendResult, type SentRow } from '../../chat/sending.js';
import type { MessageView, ReplyTo } from '../../domain/message.js';
import type { PersonId } from '../../domain/org.js';
import type { FeishuApi, SentMessage } from './api.js';
import { FeishuApiError } from './errors.js';
import { cardOf, clickedCard, renderFeishu } from './render.js';

/**
 * Feishu's documented limits (protocols-feishu.md §8): message send 50/s and 1000/min per app,
 * and 5 QPS to one user or one group (shared by every bot in it); kept 3 % under.
 */
export const FEISHU_LIMITS: RateLimitSpec = {
  perConversation: bucketOf(5, 1000),
  perApp: [bucketOf(50, 1000), bucketOf(1000, 60_000)],
  conversationOf: (a) => String(a.replyTo?.['chat'] ?? a.id),
};

export interface FeishuSenderOptions {
  api: FeishuApi;
  records: PlatformRecords;
  /** The directory person with this open id (read watches name the people they wait for). */
  personOf(openId: string): PersonId | undefined;
  now: () => number;
  log: AdapterLog;
}

/** The idempotency key of an outbox row: ≤ 50 characters, the same on every attempt. */
export const uuidOf = (key: string): string => `sd${createHash('sha256').update(key).digest('base64url').slice(0, 40)}`;

/** read_users answers for messages at most 7 days old. */
export const READ_WINDOW_MS = 7 * 24 * 3600_000;
/** How soon a notice message is first asked about. */
const FIRST_POLL_MS = 60_000;

const str = (r: ReplyTo | undefined, k: string): string | undefined => (typeof r?.[k] === 'string' && r[k] !== '' ? (r[k]) : undefined);

export function createFeishuSender(opts: FeishuSenderOptions): PlatformSender {
  const { api, records, log } = opts;
  const warn = (what: string, err: unknown, extra: object = {}) => log.warn({ platform: 'feishu', ...extra, err: err instanceof Error ? err.message : String(err) }, `feishu: ${what} failed`);

  /** Best effort: the form's root card shows its current state. */
  async function updateRoot(formId: number): Promise<void> {
    try {
      const root = await records.threadRoot(formId, 'feishu');
      const card = root && (await records.liveFormCard(formId));
      if (root && card) await api.patchCard(root.rootId, cardOf(card));
    } catch (err) {
      warn('updating the form root', err, { formId });
    }
  }

  /** Best effort: a click's card shows what the click did. */
  async function showClicked(view: MessageView, r: ReplyTo): Promise<void> {
    const chat = str(r, 'chat');
    const messageId = str(r, 'messageId');
    const clicked = view.outcome?.clicked;
    if (!chat || !messageId || !clicked) return;
    try {
      const pm = await records.findMessage('feishu', chat, messageId);
      if (pm?.subjectKind === 'form') await updateRoot(pm.subjectId);
      else await api.patchCard(messageId, clickedCard(clicked, view));
    } catch (err) {
      warn('updating the clicked card', err);
    }
  }

  async function recordNotice(view: MessageView, m: SentMessage, openId: string): Promise<void> {
    const about = view.about;
    if (about?.kind !== 'notice' || about.id === undefined) return;
    try {
      const now = opts.now();
      await records.putMessage({ platform: 'feishu', channel: m.chatId, messageId: m.messageId, subjectKind: 'notice', subjectId: about.id, subjectRef: about.ref, createdAt: now });
      const person = opts.personOf(openId);
      if (person) {
        await records.watchReads({ platform: 'feishu', noticeId: about.id, handle: m.messageId, channel: m.chatId, readers: { [openId]: person }, until: now + READ_WINDOW_MS, nextPollAt: now + FIRST_POLL_MS, createdAt: now });
      }
    } catch (err) {
      warn('recording the notice message', err, { notice: about.id });
    }
  }

  /** 加急 on a message just sent (best effort: the message itself is delivered). */
  async function ring(view: MessageView, m: SentMessage, openId: string | undefined): Promise<void> {
    if (!view.ring || !openId) return;
    try {
      const invalid = await api.urgent(m.messageId, [openId], view.ring);
      if (invalid.length) log.warn({ platform: 'feishu', invalid: invalid.length }, 'feishu: urgent refused for some recipients');
    } catch (err) {
      warn('sending the urgent message', err);
    }
  }

  /** Best effort: the live status cards of the notices an event acknowledged show it. */
  async function refreshNotices(refs: string[] | undefined): Promise<void> {
    for (const ref of new Set(refs ?? [])) {
      try {
        const status = await records.noticeStatus(ref);
        if (!status) continue;
        for (const line of await records.messagesOf('feishu', 'notice_status', status.id)) await api.patchCard(line.messageId, cardOf(status.view));
      } catch (err) {
        warn('updating a notice status card', err);
      }
    }
  }

  async function sendReply(address: PlatformAddress, view: MessageView, uuid: string): Promise<SentMessage> {
    const r = address.replyTo ?? {};
    const chat = str(r, 'chat');
    const messageId = str(r, 'messageId');
    const created = view.outcome?.noticeCreated;
    const status = created && !address.sealed ? await records.noticeStatus(created.ref).catch(() => undefined) : undefined;
    const shown = status?.view ?? view;
    const dm = r['p2p'] === true || !chat || !messageId;
    const body = renderFeishu(shown, { ...(dm ? { dm: true } : {}), ...(status ? { card: true } : {}) });
    let sent: SentMessage;
    if (!chat || !messageId) sent = await api.send('open_id', address.id, body, uuid);
    else if (r['p2p'] === true) sent = await api.send('chat_id', chat, body, uuid);
    else sent = await api.reply(messageId, body, r['kind'] === 'click' || Boolean(str(r, 'root')), uuid);
    if (status) {
      await records
        .putMessage({ platform: 'feishu', channel: sent.chatId || chat || '', messageId: sent.messageId, subjectKind: 'notice_status', subjectId: status.id, subjectRef: created!.ref, createdAt: opts.now() })
        .catch((err: unknown) => warn('recording the notice status card', err));
    }
    if (r['kind'] === 'click') await showClicked(view, r);
    await refreshNotices(view.outcome?.acknowledged);
    return sent;
  }

  async function sendThread(address: PlatformAddress, view: MessageView, uuid: string): Promise<SentMessage> {
    const root = address.formId === undefined ? undefined : await records.threadRoot(address.formId, 'feishu');
    const mention = address.mention ? { mention: address.mention } : {};
    if (root && root.channel === address.id) return api.reply(root.rootId, renderFeishu(view, mention), true, uuid);
    const sent = await api.send('chat_id', address.id, renderFeishu(view, { ...mention, card: true }), uuid);
    if (address.formId !== undefined) {
      try {
        const stored = await records.putThreadRoot({ formId: address.formId, platform: 'feishu', channel: sent.chatId || address.id, rootId: sent.messageId, createdAt: opts.now() });
        await records.putMessage({ platform: 'feishu', channel: stored.channel, messageId: stored.rootId, subjectKind: 'form', subjectId: address.formId, subjectRef: address.formNumber ?? `#${address.formId}`, createdAt: opts.now() });
      } catch (err) {
        // Sent but not recorded: a retry is answered with the same message (same uuid) and records it.
        throw new SendError(`feishu: sent, but recording the thread root failed: ${String(err)}`, { retryable: true, maybeDelivered: true });
      }
    }
    return sent;
  }

  /**
   * A file that goes with the message (导出's XLSX, 月度考评, 导出违规): uploaded (im/v1/files), then
   * a `file` message in the chat the text went to. A failure fails the row; the retry sends the
   * text again under the same uuid, which Feishu answers with the first message, so only the file
   * is new.
   */
  async function sendFile(chatId: string, file: NonNullable<MessageView['attachment']>, row: SentRow): Promise<void> {
    const fileKey = await api.uploadFile(file.name, Buffer.from(file.base64, 'base64'), file.mime);
    await api.send('chat_id', chatId, { msgType: 'file', content: { file_key: fileKey } }, uuidOf(`${row.key}:file`));
  }

  async function deliver(address: PlatformAddress, view: MessageView, row: SentRow): Promise<SentMessage> {
    const uuid = uuidOf(row.key);
    switch (address.kind) {
      case 'reply':
        return sendReply(address, view, uuid);
      case 'thread': {
        const sent = await sendThread(address, view, uuid);
        await ring(view, sent, address.mention);
        return sent;
      }
      case 'channel':
        return api.send('chat_id', address.id, renderFeishu(view), uuid);
      default: {
        const context = address.formNumber && !view.title?.includes(address.formNumber) ? `联络单 ${address.formNumber}` : undefined;
        const sent = await api.send('open_id', address.id, renderFeishu(view, { dm: true, ...(context ? { context } : {}) }), uuid);
        if (!address.sealed) await recordNotice(view, sent, address.id);
        await ring(view, sent, address.id);
        return sent;
      }
    }
  }

  return {
    platform: 'feishu',
    async send(address, view, row): Promise<SendResult> {
      try {
        const sent = await deliver(address, view, row);
        if (view.attachment && sent.chatId) await sendFile(sent.chatId, view.attachment, row);
        if (address.formId !== undefined) await updateRoot(address.formId);
        return { messageId: `${sent.chatId}:${sent.messageId}` };
      } catch (err) {
        if (!(err instanceof FeishuApiError)) throw err;
        if (err.adminHint) log.error({ platform: 'feishu', code: err.code, api: err.api, adminHint: err.adminHint, outbox: row.id }, 'feishu send needs an administrator');
        const o: ConstructorParameters<typeof SendError>[1] = { retryable: err.retryable, maybeDelivered: err.kind === 'network' };
        if (err.retryAfterMs !== undefined && err.retryable) {
          o.retryAfterMs = err.retryAfterMs;
          o.pause = err.appWide ? 'app' : 'conversation';
        }
        throw new SendError(err.message, o);
      }
    },
  };
}

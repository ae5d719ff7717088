/**
 * The WeCom `PlatformSender` for the outbox dispatcher (src/chat/sending.ts): renders the view
 * (render.ts) and sends it through the API client. Translation only — the dispatcher owns retries,
 * back-off, ordering and the rate limits declared in `WECOM_LIMITS` (30 messages a minute from one
 * app to one member, the excess silently dropped, protocols.md A.8; the app's daily budget).
 *
 * Addresses (`PlatformAddress`, platform `wecom`):
 * - `user` / `reply`: message/send to userid `id` (cards allowed). A reply to a card click
 *   (`replyTo.responseCode`) also updates the clicked card's button to show who did what
 *   (`view.outcome.clicked`, update_template_card); a refused click leaves the card as it was.
 * - `channel`: appchat/send to chat `id` (an app group chat created by this app; text/markdown
 *   only, as template_card in app chats is unconfirmed).
 * - `thread`: WeCom has no threads. With `mention` the message goes to that member directly, as a
 *   card with buttons; otherwise to the group chat `id` as text. Either way it carries the form
 *   number.
 * A message about a form (`view.about`, or the thread's form) always names the form's number,
 * since WeCom app messages have no threads to say it.
 *
 * Failures become `SendError`s from the errcode: token errors were already retried once by the
 * client; 45009/45033/-1 are retryable after the lockout; 60020 (untrusted IP), 48002/60011 (no
 * permission), 40001/40013 (credentials) and 81013 (invalid user) are permanent and logged with a
 * hint for the administrator; so is an answer that names the only recipient in `invaliduser` or
 * `unlicenseduser` (errcode 0, nothing delivered). A timeout may have been delivered
 * (`maybeDelivered`); WeCom offers no lookup, so there is no `wasDelivered` and a crash in that
 * window can duplicate one message.
 */
import type { AdapterLog } from '../../chat/adapter-contract.js';
import { bucketOf, SendError, type PlatformAddress, type PlatformSender, type RateLimitSpec, type SendResult, type SentRow } from '../../chat/sending.js';
import type { MessageView } from '../../domain/message.js';
import type { WecomApi } from './api.js';
import { recipientRefused, WecomApiError } from './errors.js';
import { encodeView, truncateChars } from './render.js';
import { newTaskId } from './wire/button-key.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * WeCom's documented limits (protocols.md A.8): 30 messages a minute from one app to one member
 * (kept 3 % under: one every 2.06 s; a thread message pushed to one person counts against that
 * person — the excess would be dropped without an error), and the app's daily budget
 * of (account limit × 200) person-times as a bucket holding an hour's share. ⚠️ The account limit
 * is the corp's; `accountLimit` defaults to 100.
 */
export function wecomLimits(accountLimit = 100): RateLimitSpec {
  const perDay = accountLimit * 200;
  const burst = Math.max(1, Math.floor(perDay / 24));
  return {
    perConversation: bucketOf(30, MINUTE),
    perApp: [{ intervalMs: DAY / Math.max(1, perDay - burst), burst }],
    conversationOf: (a) => (a.mention ?? a.id).toLowerCase(),
  };
}

export interface WecomSenderOptions {
  api: WecomApi;
  now: () => number;
  log: AdapterLog;
}

export function createWecomSender(opts: WecomSenderOptions): PlatformSender {
  async function deliver(address: PlatformAddress, view: MessageView): Promise<string | undefined> {
    const formNumber = address.formNumber ?? (view.about?.kind === 'form' ? view.about.ref : undefined);
    const toUser = address.kind === 'user' || address.kind === 'reply' ? address.id : address.kind === 'thread' ? address.mention : undefined;
    const taskId = newTaskId(view.about?.ref ?? formNumber, opts.now());
    if (toUser) {
      const body = encodeView(view, { taskId, ...(formNumber ? { formNumber } : {}) });
      const r = await opts.api.sendMessage({ touser: [toUser] }, body);
      // Its only recipient named as invalid or unlicensed: WeCom delivered nothing (ids come back lowercased).
      const me = toUser.toLowerCase();
      if (r.invalidUsers.some((u) => u.toLowerCase() === me)) throw recipientRefused('/cgi-bin/message/send', 'invalid');
      if (r.unlicensedUsers.some((u) => u.toLowerCase() === me)) throw recipientRefused('/cgi-bin/message/send', 'unlicensed');
      if (view.attachment) await sendFile(toUser, view.attachment);
      const code = address.replyTo?.['responseCode'];
      if (address.kind === 'reply' && typeof code === 'string' && view.outcome?.clicked) {
        // https://developer.work.weixin.qq.com/document/path/94888 — the clicked card shows who did what.
        await opts.api.updateCardButton([toUser], code, truncateChars(view.outcome.clicked, 12)).catch((err: unknown) =>
          opts.log.warn({ platform: 'wecom', err: err instanceof Error ? err.message : String(err) }, 'wecom: updating the clicked card failed'),
        );
      }
      return r.msgid;
    }
    if (!address.id) throw new SendError('wecom: no group chat id for this recipient (departments need channels.wecom)', { retryable: false });
    const body = encodeView(view, { taskId, noCards: true, ...(formNumber ? { formNumber } : {}) });
    if (body.msgtype === 'template_card') throw new SendError('wecom: cards are not sent to group chats', { retryable: false });
    await opts.api.sendToChat(address.id, body);
    return undefined;
  }

  /**
   * 导出's XLSX after its text: uploaded as temporary media, then a `file` message. WeCom has no
   * lookup, so a failure here retries the whole message (the text may arrive twice).
   */
  async function sendFile(toUser: string, file: NonNullable<MessageView['attachment']>): Promise<void> {
    const mediaId = await opts.api.uploadFile(file.name, Buffer.from(file.base64, 'base64'), file.mime);
    await opts.api.sendMessage({ touser: [toUser] }, { msgtype: 'file', file: { media_id: mediaId } });
  }

  return {
    platform: 'wecom',
    async send(address: PlatformAddress, view: MessageView, row: SentRow): Promise<SendResult> {
      try {
        const msgid = await deliver(address, view);
        return { messageId: msgid ?? `wecom:${row.key}` };
      } catch (err) {
        if (!(err instanceof WecomApiError)) throw err;
        if (err.adminHint) opts.log.error({ platform: 'wecom', errcode: err.errcode, api: err.api, adminHint: err.adminHint, outbox: row.id }, 'wecom send needs an administrator');
        const o: ConstructorParameters<typeof SendError>[1] = { retryable: err.retryable, maybeDelivered: err.kind === 'network' };
        if (err.retryAfterMs !== undefined) {
          o.retryAfterMs = err.retryAfterMs;
          // 系统繁忙 (-1) delays this message only; 45009/45033 hold the whole app.
          if (err.appWide) o.pause = 'app';
          else if (err.errcode === -1) o.pause = 'none';
        }
        throw new SendError(err.message, o);
      }
    },
  };
}

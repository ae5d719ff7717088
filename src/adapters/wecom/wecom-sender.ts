/**
 * The WeCom `PlatformSender` for the outbox dispatcher (src/infra/outbox/platform-sender.ts):
 * renders the view (encode.ts) and sends it through the API client. Translation only — the
 * dispatcher owns retries, back-off, ordering and the per-member limit (30 messages a minute from
 * one app, the excess silently dropped, protocols.md A.8; `defaultLimits().wecom`).
 *
 * Addresses (`PlatformAddress`, platform `wecom`):
 * - `user`: message/send to userid `id` (cards allowed); with `formNumber` (the resolver's fallback
 *   for a thread without a WeCom group chat) the message carries the form number.
 * - `channel`: appchat/send to chat `id` (an app group chat created by this app; text/markdown
 *   only, as template_card in app chats is unconfirmed).
 * - `thread`: WeCom has no threads. With `mention` the message goes to that member directly, as a
 *   card with buttons (they must act on it, and cards cannot go to group chats); otherwise to the
 *   group chat `id` as text. Either way it carries the form number (`formNumber`).
 *
 * Failures become `SendError`s from the errcode: token errors were already retried once by the
 * client; 45009/45033/-1 are retryable after the lockout; 60020 (untrusted IP), 48002/60011 (no
 * permission), 40001/40013 (credentials) and 81013 (invalid user) are permanent and logged with a
 * hint for the administrator. A timeout may have been delivered (`maybeDelivered`); WeCom offers
 * no lookup, so there is no `wasDelivered` and a crash in that window can duplicate one message.
 */
import type { OutboxRow } from '../../app/ports.js';
import type { MessageView } from '../../domain/message.js';
import { SendError, type PlatformAddress, type PlatformSender, type SendResult } from '../../infra/outbox/platform-sender.js';
import type { WecomApi } from './api-client.js';
import { WecomApiError } from './api-errors.js';
import { newTaskId, refInText } from './button-key.js';
import type { WecomLog } from './callback.js';
import { encodeView } from './encode.js';

export interface WecomSenderOptions {
  api: WecomApi;
  now?: () => number;
  log?: WecomLog;
}

/** The first form/notice reference a view is about, for the card's task id. */
function refOf(view: MessageView, address: PlatformAddress): string | undefined {
  return address.formNumber ?? [view.title ?? '', ...view.lines, ...(view.buttons ?? []).map((b) => b.command)].map(refInText).find(Boolean);
}

export function createWecomSender(opts: WecomSenderOptions): PlatformSender {
  const now = opts.now ?? Date.now;

  async function deliver(address: PlatformAddress, view: MessageView): Promise<string | undefined> {
    const formNumber = address.formNumber; // set for threads, and for a thread's fallback to a direct message
    const toUser = address.kind === 'user' ? address.id : address.kind === 'thread' ? address.mention : undefined;
    const taskId = newTaskId(refOf(view, address), now());
    if (toUser) {
      const body = encodeView(view, { taskId, ...(formNumber ? { formNumber } : {}) });
      const r = await opts.api.sendMessage({ touser: [toUser] }, body);
      if (r.invalidUsers.length) opts.log?.warn({ platform: 'wecom', invalidUsers: r.invalidUsers }, 'wecom reported invalid recipients');
      return r.msgid;
    }
    if (!address.id) throw new SendError('wecom: no group chat id for this recipient (departments need channels.wecom)', { retryable: false });
    const body = encodeView(view, { taskId, noCards: true, ...(formNumber ? { formNumber } : {}) });
    if (body.msgtype === 'template_card') throw new SendError('wecom: cards are not sent to group chats', { retryable: false });
    await opts.api.sendToChat(address.id, body);
    return undefined;
  }

  return {
    platform: 'wecom',
    async send(address: PlatformAddress, view: MessageView, row: OutboxRow): Promise<SendResult> {
      try {
        const msgid = await deliver(address, view);
        return { messageId: msgid ?? `wecom:${row.key}` };
      } catch (err) {
        if (!(err instanceof WecomApiError)) throw err;
        if (err.adminHint) opts.log?.error({ platform: 'wecom', errcode: err.errcode, api: err.api, adminHint: err.adminHint, outbox: row.id }, 'wecom send needs an administrator');
        const o: ConstructorParameters<typeof SendError>[1] = { retryable: err.retryable, maybeDelivered: err.kind === 'network' };
        if (err.retryAfterMs !== undefined) o.retryAfterMs = err.retryAfterMs;
        throw new SendError(err.message, o);
      }
    },
  };
}

/**
 * The DingTalk `PlatformSender` for the outbox dispatcher (src/chat/sending.ts): renders the view
 * (render.ts) and sends it through the API client (api.ts). Translation only — the dispatcher owns
 * retries, back-off, ordering and the rate limits declared by `dingtalkLimits`.
 *
 * Addresses (platform `dingtalk`):
 * - `user`: oToMessages/batchSend to staff id `id`. A view that rings (`ring`, an escalation step
 *   with `via:`) goes as a DING instead (`/v1.0/robot/ding/send`, remindType 1 in-app, 2 SMS,
 *   3 phone); where DING is not available (edition, quota, permission) the ordinary message goes
 *   and the administrator is told once in the log.
 * - `reply`: back where it was said — the group (`replyTo.cid`) or the 1:1 chat; a sealed reply
 *   (anonymous feedback) always goes 1:1. A reply to a card click also updates that card's status
 *   line with who did what (`outcome.clicked`).
 * - `channel`: groupMessages/send to `openConversationId` `id` (a department's `channels.dingtalk`).
 * - `thread`: DingTalk has no threads — to the person `mention` directly, else to the group; the
 *   message carries the form number either way.
 * With `cardTemplateId` configured and card callbacks available (`cards`: over Stream, or over
 * HTTP with the registered route key), messages with buttons to a 1:1 chat or group go as
 * interactive cards (card/instances/createAndDeliver); otherwise as markdown with the fallback
 * buttons of render.ts.
 *
 * Read receipts: a notice message is registered for polling (`PlatformRecords.watchReads`, the
 * shared src/chat/read-receipts.ts) by its `processQueryKey`, for `READ_WATCH_MS`: delivered 1:1
 * it waits for that person (`oToMessages/readStatus`); delivered to a group (the answer to a
 * 【通知】 said there, which names the notice) it waits for the notice's recipients who have a
 * DingTalk id (`outcome.noticeCreated`) (`groupMessages/query`, which lists readers only). Interactive cards have no
 * processQueryKey and are not watched (their read status is unverified, protocols-dingtalk-more.md §6).
 *
 * Errors: `invalidStaffIdList` makes the send permanent (reported with a hint: the org file's
 * `dingtalk:` id is wrong or the person left); `flowControlledStaffIdList` is retried after a
 * minute for that conversation only. Classified API errors map to `SendError`s (errors.ts).
 */
import type { AdapterLog } from '../../chat/adapter-contract.js';
import type { PlatformRecords } from '../../chat/platform-records.js';
import { bucketOf, SendError, type PlatformAddress, type PlatformSender, type RateLimitSpec, type SendResult, type SentRow } from '../../chat/sending.js';
import type { MessageView } from '../../domain/message.js';
import type { PersonId } from '../../domain/org.js';
import type { CardRequest, DingtalkApi, SendAnswer } from './api.js';
import { DingtalkApiError } from './errors.js';
import { cardParams, plainText, renderMessage } from './render.js';

/** How long a 1:1 notice's read status is polled (DingTalk keeps send records about 24 h). */
export const READ_WATCH_MS = 24 * 60 * 60_000;
const FLOW_CONTROL_WAIT_MS = 60_000;

/**
 * DingTalk's limits (protocols-dingtalk-more.md §8): 20 API calls a second for a 标准版 app (kept
 * 3 % under), and 20 messages a minute to one conversation (the robot is throttled for 10 minutes
 * above that, B.4 — ⚠️ documented for custom robots; kept for ours to be safe).
 */
export function dingtalkLimits(): RateLimitSpec {
  return { perConversation: bucketOf(20, 60_000), perApp: [bucketOf(20, 1000)], conversationOf: (a) => (a.kind === 'thread' && a.mention ? a.mention : typeof a.replyTo?.['cid'] === 'string' && !a.sealed ? a.replyTo['cid'] : a.id) };
}

export interface DingtalkSenderOptions {
  api: DingtalkApi;
  records: PlatformRecords;
  now: () => number;
  log: AdapterLog;
  /** Staff id → person (the org file's `dingtalk:` ids), for read watches. */
  personOf(staffId: string): PersonId | undefined;
  /** Person → staff id, for the read watches of group messages. */
  staffIdOf(person: PersonId): string | undefined;
  cardTemplateId?: string;
  /** How card clicks come back: over Stream, or over HTTP to the route registered under `routeKey`; unset: no cards. */
  cards?: { callbackType: 'STREAM' } | { callbackType: 'HTTP'; routeKey: string };
}

const RING: Record<NonNullable<MessageView['ring']>, 1 | 2 | 3> = { app: 1, sms: 2, phone: 3 };

export function createDingtalkSender(opts: DingtalkSenderOptions): PlatformSender {
  const { api, log } = opts;
  let dingUnavailableLogged = false;

  function checkRecipients(a: SendAnswer, to: string): void {
    if (a.invalidStaffIds.includes(to)) {
      throw new SendError(`dingtalk: staff id not valid — 钉钉 userId 无效(不存在、已离职或不在应用可见范围):核对 org 文件中的 dingtalk 账号 — check the person's dingtalk id`, { retryable: false });
    }
    if (a.flowControlledStaffIds.includes(to)) throw new SendError('dingtalk: recipient throttled (flowControlledStaffIdList)', { retryable: true, retryAfterMs: FLOW_CONTROL_WAIT_MS, pause: 'conversation' });
  }

  const card = (view: MessageView, row: SentRow, to: CardRequest['to'], formNumber?: string): Promise<string> | undefined => {
    const cards = opts.cards;
    if (!cards || !opts.cardTemplateId || !view.buttons?.length) return undefined;
    const outTrackId = `sd${row.id}x${opts.now().toString(36)}`;
    const routing = cards.callbackType === 'HTTP' ? { callbackType: 'HTTP' as const, callbackRouteKey: cards.routeKey } : { callbackType: 'STREAM' as const };
    return api.createAndDeliverCard({ templateId: opts.cardTemplateId, outTrackId, params: cardParams(view, formNumber), ...routing, to }).then(() => `card:${outTrackId}`);
  };

  /** Best effort: a delivered notice message is polled for who read it. */
  async function watch(noticeId: number | undefined, processQueryKey: string | undefined, channel: string, readers: () => Promise<Record<string, PersonId>>): Promise<void> {
    if (!processQueryKey || noticeId === undefined) return;
    try {
      const who = await readers();
      if (!Object.keys(who).length) return;
      const now = opts.now();
      await opts.records.watchReads({ platform: 'dingtalk', noticeId, handle: processQueryKey, channel, readers: who, until: now + READ_WATCH_MS, nextPollAt: now + 60_000, createdAt: now });
    } catch (err) {
      log.warn({ platform: 'dingtalk', err: err instanceof Error ? err.message : String(err) }, 'dingtalk: read watch not stored');
    }
  }

  async function toUser(userId: string, view: MessageView, row: SentRow, formNumber?: string): Promise<string | undefined> {
    if (view.ring) {
      try {
        const r = await api.ding([userId], plainText(view, formNumber), RING[view.ring]);
        if (!r.failed.includes(userId)) return r.openDingId ? `ding:${r.openDingId}` : undefined;
      } catch (err) {
        if (!(err instanceof DingtalkApiError) || (err.kind !== 'not_available' && err.kind !== 'no_permission')) throw err;
        if (!dingUnavailableLogged) log.error({ platform: 'dingtalk', code: err.code, adminHint: err.adminHint }, 'dingtalk DING not available; sending ordinary messages instead');
        dingUnavailableLogged = true;
      }
    }
    const asCard = card(view, row, { userId }, formNumber);
    if (asCard) return asCard;
    const a = await api.sendToUsers([userId], renderMessage(view, formNumber ? { formNumber } : {}));
    checkRecipients(a, userId);
    const person = opts.personOf(userId);
    await watch(view.about?.kind === 'notice' ? view.about.id : undefined, a.processQueryKey, '', async () => (person ? { [userId]: person } : {}));
    return a.processQueryKey;
  }

  async function toGroup(cid: string, view: MessageView, row: SentRow, formNumber?: string): Promise<string | undefined> {
    const asCard = card(view, row, { openConversationId: cid }, formNumber);
    if (asCard) return asCard;
    const key = (await api.sendToGroup(cid, renderMessage(view, { group: true, ...(formNumber ? { formNumber } : {}) }))).processQueryKey;
    // The answer to a 【通知】 said in the group names the notice and its people, in front of them.
    const created = view.outcome?.noticeCreated;
    await watch(created?.id, key, cid, async () => {
      const who: Record<string, PersonId> = {};
      for (const person of created ? await opts.records.noticeRecipients(created.id) : []) {
        const staffId = opts.staffIdOf(person);
        if (staffId) who[staffId] = person;
      }
      return who;
    });
    return key;
  }

  async function deliver(address: PlatformAddress, view: MessageView, row: SentRow): Promise<string | undefined> {
    const formNumber = address.formNumber ?? (view.about?.kind === 'form' ? view.about.ref : undefined);
    switch (address.kind) {
      case 'user':
        return toUser(address.id, view, row, formNumber);
      case 'reply': {
        const track = address.replyTo?.['outTrackId'];
        if (typeof track === 'string' && view.outcome?.clicked) {
          // https://open.dingtalk.com/document/orgapp/interactive-card-update-interface — the card shows who did what.
          await api.updateCard(track, { status: view.outcome.clicked }).catch((err: unknown) => log.warn({ platform: 'dingtalk', err: err instanceof Error ? err.message : String(err) }, 'dingtalk: updating the clicked card failed'));
        }
        const cid = address.replyTo?.['cid'];
        if (typeof cid === 'string' && cid && !address.sealed) return toGroup(cid, view, row, formNumber);
        return toUser(address.id, view, row, formNumber);
      }
      case 'channel':
        if (!address.id) throw new SendError('dingtalk: no group for this recipient (departments need channels.dingtalk)', { retryable: false });
        return toGroup(address.id, view, row, formNumber);
      case 'thread':
        if (address.mention) return toUser(address.mention, view, row, formNumber);
        if (!address.id) throw new SendError('dingtalk: no group for this form (departments need channels.dingtalk)', { retryable: false });
        return toGroup(address.id, view, row, formNumber);
    }
  }

  return {
    platform: 'dingtalk',
    async send(address, view, row): Promise<SendResult> {
      try {
        const id = await deliver(address, view, row);
        return { messageId: id ?? `dingtalk:${row.key}` };
      } catch (err) {
        if (!(err instanceof DingtalkApiError)) throw err;
        if (err.adminHint) log.error({ platform: 'dingtalk', code: err.code, api: err.api, adminHint: err.adminHint, outbox: row.id }, 'dingtalk send needs an administrator');
        const o: ConstructorParameters<typeof SendError>[1] = { retryable: err.retryable, maybeDelivered: err.kind === 'network' };
        if (err.retryAfterMs !== undefined) {
          o.retryAfterMs = err.retryAfterMs;
          o.pause = err.appWide ? 'app' : 'none';
        }
        throw new SendError(err.message, o);
      }
    },
  };
}

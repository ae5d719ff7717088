/**
 * A stored DingTalk callback → what it means (src/chat/adapter-contract.ts `PlatformInbound`).
 * Pure: no I/O, no clock. Two payloads, as DingTalk sends them (over Stream or HTTP alike):
 *
 * - a robot message (protocols.md B.2): `conversationType` "1" is the person's 1:1 chat with the
 *   robot, "2" a group that @-mentioned it (place `group`, channel = `conversationId`, which is
 *   the `openConversationId` of `channels.dingtalk`). `text.content` or the text parts of
 *   `richText` are read; the leading space DingTalk leaves after the @-mention is dropped. Other
 *   people @-mentioned (`atUsers`, in the order they appear) become `@<person id>` when each
 *   `@nick` can be matched to one of them in order; otherwise the names stay as typed.
 * - a card callback (protocols-dingtalk-more.md §3): the clicked button's `params.command`.
 * The sender is `senderStaffId` (card: `userId`), looked up by the shared pipeline through the org
 * file's `dingtalk:` ids. Anything else is ignored with a reason.
 */
import type { DecodeContext, PlatformInbound, PlatformPlace } from '../../chat/adapter-contract.js';
import type { ReplyTo } from '../../domain/message.js';
import { scalarText } from '../../domain/scalar-text.js';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** Whether the payload is a card callback (an `actionCallback` with its card's `outTrackId`). */
export function isCardCallback(p: Json): boolean {
  return typeof p.outTrackId === 'string' && (p.type === 'actionCallback' || typeof p.content === 'string') && p.msgtype === undefined;
}

/** The text of a robot message: `text.content`, or the text parts of `richText`. */
export function messageText(p: Json): string | undefined {
  if (p.msgtype === 'text') return isObj(p.text) ? str(p.text.content) : undefined;
  if (p.msgtype === 'richText') {
    const parts = isObj(p.content) && Array.isArray(p.content.richText) ? p.content.richText : [];
    const text = parts.map((x) => (isObj(x) && typeof x.text === 'string' ? x.text : '')).join('');
    return text || undefined;
  }
  return undefined;
}

function withMentions(text: string, p: Json, ctx: DecodeContext): string {
  const ats = (Array.isArray(p.atUsers) ? p.atUsers : []).flatMap((a) => (isObj(a) && typeof a.staffId === 'string' ? [a.staffId] : []));
  const people = ats.map((s) => ctx.personOf(s));
  const tokens = text.match(/@[^\s@]+/g) ?? [];
  if (!ats.length || tokens.length !== ats.length || people.some((x) => x === undefined)) return text;
  let i = 0;
  return text.replace(/@[^\s@]+/g, () => `@${people[i++]!}`);
}

function decodeCard(p: Json): PlatformInbound {
  const user = str(p.userId);
  if (!user) return { kind: 'ignore', reason: 'card_without_user' };
  let content: unknown = p.content;
  try {
    if (typeof content === 'string') content = JSON.parse(content);
  } catch {
    return { kind: 'ignore', reason: 'card_content_not_json' };
  }
  const params = isObj(content) && isObj(content.cardPrivateData) && isObj(content.cardPrivateData.params) ? content.cardPrivateData.params : undefined;
  const command = params ? str(params.command) : undefined;
  if (!command || command.length > 200) return { kind: 'ignore', reason: 'card_without_command' };
  const group = p.spaceType === 'IM_GROUP' && str(p.spaceId);
  const place: PlatformPlace = group ? { kind: 'group', channel: group } : { kind: 'dm' };
  return { kind: 'click', user, command, place, reply: { outTrackId: String(p.outTrackId), ...(group ? { cid: group } : {}) } };
}

/** Decodes a stored payload; never throws. */
export function decodeDingtalk(payload: unknown, ctx: DecodeContext): PlatformInbound {
  if (!isObj(payload)) return { kind: 'ignore', reason: 'not_an_object' };
  if (isCardCallback(payload)) return decodeCard(payload);
  const user = str(payload.senderStaffId);
  if (!user) return { kind: 'ignore', reason: 'no_sender_staff_id' };
  const conv = scalarText(payload.conversationType);
  if (conv !== '1' && conv !== '2') return { kind: 'ignore', reason: 'unknown_conversation_type' };
  const raw = messageText(payload);
  if (raw === undefined) return { kind: 'ignore', reason: `unsupported_msgtype:${String(payload.msgtype).slice(0, 20)}` };
  const text = withMentions(raw.trim(), payload, ctx);
  if (!text) return { kind: 'ignore', reason: 'empty_text' };
  const cid = str(payload.conversationId);
  if (conv === '2' && !cid) return { kind: 'ignore', reason: 'group_without_conversation' };
  const reply: ReplyTo = conv === '2' ? { cid } : {};
  const place: PlatformPlace = conv === '2' ? { kind: 'group', channel: cid! } : { kind: 'dm' };
  return { kind: 'message', user, text, place, reply };
}

/** The dedupe key of a payload: the message's `msgId`, a card click's track id + user + content. */
export function dedupeKeyOf(payload: Json, frameMessageId?: string): string | undefined {
  if (isCardCallback(payload)) return `card:${scalarText(payload.outTrackId)}:${scalarText(payload.userId)}:${scalarText(payload.content)}`.slice(0, 500);
  return str(payload.msgId) ?? (frameMessageId ? `frame:${frameMessageId}` : undefined);
}

/** The order key: the sender's staff id. */
export function orderKeyOf(payload: Json): string {
  return scalarText(isCardCallback(payload) ? payload.userId : payload.senderStaffId);
}

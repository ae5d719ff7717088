/**
 * A stored Feishu event (wire/envelope.ts `FeishuPayload`) → what it means for the bot
 * (src/chat/adapter-contract.ts `PlatformInbound`). Pure: no I/O, no clock; the directory only
 * through `personOf`, to write mentions as `@<person id>`.
 *
 * Users are their `open_id` (`ou_…`): it is in every event, read receipt and urgent call without
 * any extra scope, whereas `user_id` needs `contact:user.employee_id:readonly` and is empty
 * without it. The org file's `feishu:` ids are therefore open ids of this app (they differ between
 * apps; bot-manifests/feishu.md says how to find them).
 *
 * - `im.message.receive_v1` from a user, `text` or `post`: a message. In a direct chat (`p2p`) it
 *   is said to the bot; in a group, in a thread when it has a `root_id` (the thread's root
 *   message), else in the group. Mention placeholders (`@_user_1`) become `@<person>` for people
 *   in the directory and are dropped otherwise (the bot itself, strangers) — longest key first, so
 *   `@_user_1` never eats the start of `@_user_10`.
 * - `card.action.trigger` on one of our buttons (a `cmd` in its callback value): a click; a card
 *   in a direct chat says so (`dm`), a card in a group is taken as said in the thread of the
 *   clicked message (the pipeline makes it the form's thread when that message is a form's root).
 * - The submit button of the 信息反馈 form card (`form: 'feedback'` in its value): a submission
 *   of the command `反馈` with `action.form_value` as its fields.
 * - `im.message.message_read_v1` (direct chats only, pushed when someone reads the bot's messages):
 *   a read of the messages in `message_id_list` by `reader.reader_id.open_id` at `read_time` (ms);
 *   the pipeline records it for the notice messages it watches (src/app/record-read.ts), the same
 *   evidence the `read_users` poll gives, deduplicated with it.
 * - Anything else (other message types, bots, other events): ignored, with the reason.
 */
import type { PlatformInbound, DecodeContext, PlatformPlace } from '../../chat/adapter-contract.js';
import type { ReplyTo } from '../../domain/message.js';
import type { ButtonValue } from './render.js';
import { formFields } from './feedback-form-card.js';
import type { FeishuPayload } from './wire/envelope.js';
import { scalarText } from '../../domain/scalar-text.js';

export type { FeishuPayload };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const MAX_TEXT = 20_000;
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;

interface Mention {
  key: string;
  openId?: string;
}

function mentionsOf(message: Obj): Mention[] {
  const list = Array.isArray(message['mentions']) ? message['mentions'] : [];
  return list.filter(isObj).flatMap((m) => {
    const key = str(m['key']);
    if (!key) return [];
    const openId = isObj(m['id']) ? str(m['id']['open_id']) : undefined;
    return [{ key, ...(openId ? { openId } : {}) }];
  });
}

/** Replaces placeholders, longest key first (see the module comment). */
function withMentions(text: string, mentions: Mention[], ctx: DecodeContext): string {
  let out = text;
  for (const m of [...mentions].sort((a, b) => b.key.length - a.key.length)) {
    const person = m.openId ? ctx.personOf(m.openId) : undefined;
    out = out.split(m.key).join(person ? `@${person}` : '');
  }
  return out.replace(/@_all\b/g, '').replace(/[ \t]{2,}/g, ' ').trim();
}

/** A post's paragraphs as plain text; `at` elements keep their placeholder for `withMentions`. */
function postText(content: Obj): string | undefined {
  const body = Array.isArray(content['content']) ? content : Object.values(content).find((v) => isObj(v) && Array.isArray(v['content']));
  if (!isObj(body) || !Array.isArray(body['content'])) return undefined;
  const paragraphs = (body['content'] as unknown[]).filter(Array.isArray).map((p) =>
    (p as unknown[])
      .filter(isObj)
      .map((el) => (el['tag'] === 'text' || el['tag'] === 'a' ? scalarText(el['text']) : el['tag'] === 'at' ? ` ${scalarText(el['user_id'])} ` : ''))
      .join(''),
  );
  const title = str(body['title']);
  return [...(title ? [title] : []), ...paragraphs].join('\n');
}

function decodeMessage(ev: Obj, ctx: DecodeContext): PlatformInbound {
  const sender = ev['sender'];
  const message = ev['message'];
  if (!isObj(sender) || !isObj(message)) return { kind: 'ignore', reason: 'malformed_message' };
  if (sender['sender_type'] !== 'user') return { kind: 'ignore', reason: 'not_from_a_user' };
  const user = isObj(sender['sender_id']) ? str(sender['sender_id']['open_id']) : undefined;
  const chat = str(message['chat_id']);
  const messageId = str(message['message_id']);
  if (!user || !chat || !messageId) return { kind: 'ignore', reason: 'malformed_message' };
  let content: unknown;
  try {
    content = JSON.parse(scalarText(message['content']));
  } catch {
    return { kind: 'ignore', reason: 'content_not_json' };
  }
  if (!isObj(content)) return { kind: 'ignore', reason: 'content_not_json' };
  const type = message['message_type'];
  const raw = type === 'text' ? str(content['text']) : type === 'post' ? postText(content) : undefined;
  if (raw === undefined) return { kind: 'ignore', reason: `unsupported_type:${String(type).slice(0, 30)}` };
  const text = withMentions(raw.slice(0, MAX_TEXT), mentionsOf(message), ctx).replace(CONTROL, ' ');
  if (!text) return { kind: 'ignore', reason: 'empty_text' };
  const p2p = message['chat_type'] === 'p2p';
  const root = str(message['root_id']);
  // A reply in a direct chat quotes a message (a notice card, say): its thread, in the DM.
  const place: PlatformPlace = root ? { kind: 'thread', channel: chat, root, ...(p2p ? { dm: true } : {}) } : p2p ? { kind: 'dm' } : { kind: 'group', channel: chat };
  const reply: ReplyTo = { kind: 'message', chat, messageId, p2p, ...(root ? { root } : {}) };
  return { kind: 'message', user, text, place, reply };
}

function decodeClick(ev: Obj): PlatformInbound {
  const operator = ev['operator'];
  const action = ev['action'];
  const context = ev['context'];
  const user = isObj(operator) ? str(operator['open_id']) : undefined;
  if (!user || !isObj(action) || !isObj(context)) return { kind: 'ignore', reason: 'malformed_card_action' };
  const value = action['value'];
  const cmd = isObj(value) ? (value as Partial<ButtonValue>).cmd : undefined;
  if (typeof cmd !== 'string' || !cmd.trim() || cmd.length > 500 || CONTROL.test(cmd)) return { kind: 'ignore', reason: 'not_our_button' };
  const chat = str(context['open_chat_id']);
  const messageId = str(context['open_message_id']);
  if (!chat || !messageId) return { kind: 'ignore', reason: 'malformed_card_action' };
  const dm = isObj(value) && value['dm'] === true;
  const place: PlatformPlace = dm ? { kind: 'dm' } : { kind: 'thread', channel: chat, root: messageId };
  const reply: ReplyTo = { kind: 'click', chat, messageId, p2p: dm };
  // The submit button of the intake form (feedback-form-card.ts): what was filled in, as fields.
  if (isObj(value) && value['form'] === 'feedback') {
    const formValue = isObj(action['form_value']) ? formFields(action['form_value']) : {};
    return { kind: 'submission', user, command: cmd.trim(), fields: formValue, place, reply };
  }
  return { kind: 'click', user, command: cmd.trim(), place, reply };
}

const MAX_READ_MESSAGES = 500;

function decodeRead(ev: Obj): PlatformInbound {
  const reader = ev['reader'];
  const user = isObj(reader) && isObj(reader['reader_id']) ? str(reader['reader_id']['open_id']) : undefined;
  const time = isObj(reader) ? reader['read_time'] : undefined;
  const n = typeof time === 'string' && /^\d{10,13}$/.test(time) ? Number(time) : undefined;
  // Feishu sends milliseconds; a value in seconds is read as such.
  const readAt = n === undefined ? undefined : n < 1e12 ? n * 1000 : n;
  const list = Array.isArray(ev['message_id_list']) ? ev['message_id_list'] : undefined;
  if (!user || readAt === undefined || !list) return { kind: 'ignore', reason: 'malformed_read' };
  const messages = [...new Set(list.filter((m): m is string => typeof m === 'string' && m.length > 0 && m.length <= 255))].slice(0, MAX_READ_MESSAGES);
  if (!messages.length) return { kind: 'ignore', reason: 'malformed_read' };
  return { kind: 'read', user, messages, readAt };
}

/** Decodes a stored event; never throws. */
export function decodeFeishu(payload: unknown, ctx: DecodeContext): PlatformInbound {
  if (!isObj(payload) || !isObj(payload['header']) || !isObj(payload['event'])) return { kind: 'ignore', reason: 'not a feishu payload' };
  const type = payload['header']['event_type'];
  try {
    if (type === 'im.message.receive_v1') return decodeMessage(payload['event'], ctx);
    if (type === 'card.action.trigger') return decodeClick(payload['event']);
    if (type === 'im.message.message_read_v1') return decodeRead(payload['event']);
  } catch {
    return { kind: 'ignore', reason: 'malformed_event' };
  }
  return { kind: 'ignore', reason: `unsupported_event:${String(type).slice(0, 60)}` };
}

/** The order key of a stored event: the sender's open id (undefined: not one we act on). */
export function senderOf(payload: FeishuPayload): string | undefined {
  const ev = payload.event;
  if (payload.header.event_type === 'card.action.trigger') return isObj(ev['operator']) ? str(ev['operator']['open_id']) : undefined;
  if (payload.header.event_type === 'im.message.message_read_v1') return isObj(ev['reader']) && isObj(ev['reader']['reader_id']) ? str(ev['reader']['reader_id']['open_id']) : undefined;
  const sender = ev['sender'];
  return isObj(sender) && isObj(sender['sender_id']) ? str(sender['sender_id']['open_id']) : undefined;
}

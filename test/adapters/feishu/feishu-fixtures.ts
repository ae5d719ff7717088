/**
 * Feishu events as the platform sends them (protocols-feishu.md §2, §4, §5.5): schema 2.0
 * envelopes of `im.message.receive_v1` and `card.action.trigger`, and the HTTP mode's encrypted,
 * signed request around them (wire/crypto.ts does the AES; the tests check it against the SDK).
 */
import { encrypt, signatureOf } from '../../../src/adapters/feishu/wire/crypto.js';
import { p2pChat } from '../../fakes/fake-feishu.js';

export const ENV = {
  appId: 'cli_0123456789abcdef',
  appSecret: 'feishu-app-secret',
  verificationToken: 'vtoken123',
  encryptKey: 'test key',
} as const;

let seq = 0;
const nextId = () => `ev${Date.now().toString(16)}${(++seq).toString(16).padStart(6, '0')}`;

export interface MessageOptions {
  eventId?: string;
  chatId?: string;
  chatType?: 'p2p' | 'group';
  rootId?: string;
  messageType?: 'text' | 'post';
  content?: unknown;
  mentions?: Array<{ key: string; openId: string; name: string }>;
  token?: string;
  senderType?: string;
}

/** An `im.message.receive_v1` envelope from `openId` (a direct chat unless told otherwise). */
export function messageEvent(openId: string, text: string, o: MessageOptions = {}): Record<string, unknown> {
  const eventId = o.eventId ?? nextId();
  return {
    schema: '2.0',
    header: { event_id: eventId, token: o.token ?? ENV.verificationToken, create_time: String(Date.now()), event_type: 'im.message.receive_v1', tenant_key: 'tk', app_id: ENV.appId },
    event: {
      sender: { sender_id: { open_id: openId, union_id: `on_${openId}`, user_id: '' }, sender_type: o.senderType ?? 'user', tenant_key: 'tk' },
      message: {
        message_id: `om_in_${eventId}`,
        ...(o.rootId ? { root_id: o.rootId, parent_id: o.rootId } : {}),
        create_time: String(Date.now()),
        chat_id: o.chatId ?? p2pChat(openId),
        chat_type: o.chatType ?? 'p2p',
        message_type: o.messageType ?? 'text',
        content: JSON.stringify(o.content ?? { text }),
        mentions: (o.mentions ?? []).map((m) => ({ key: m.key, id: { open_id: m.openId, union_id: '', user_id: '' }, name: m.name, tenant_key: 'tk' })),
      },
    },
  };
}

/** A `card.action.trigger` envelope: `openId` pressed the button with `value` on message `messageId` in `chatId`. */
export function cardAction(openId: string, value: unknown, where: { messageId: string; chatId: string }, o: { eventId?: string; token?: string } = {}): Record<string, unknown> {
  return {
    schema: '2.0',
    header: { event_id: o.eventId ?? nextId(), token: o.token ?? ENV.verificationToken, create_time: `${Date.now()}000`, event_type: 'card.action.trigger', tenant_key: 'tk', app_id: ENV.appId },
    event: {
      operator: { tenant_key: 'tk', user_id: '', open_id: openId, union_id: `on_${openId}` },
      token: 'c-card-update-token',
      action: { value, tag: 'button', timezone: 'Asia/Shanghai', form_value: {} },
      host: 'im_message',
      context: { open_message_id: where.messageId, open_chat_id: where.chatId },
    },
  };
}

/** An `im.message.message_read_v1` envelope: `openId` read the bot's messages `messageIds` at `readTime` (ms). */
export function readEvent(openId: string, messageIds: string[], readTime: number, o: { eventId?: string; token?: string } = {}): Record<string, unknown> {
  return {
    schema: '2.0',
    header: { event_id: o.eventId ?? nextId(), token: o.token ?? ENV.verificationToken, create_time: String(readTime), event_type: 'im.message.message_read_v1', tenant_key: 'tk', app_id: ENV.appId },
    event: { reader: { reader_id: { open_id: openId, union_id: `on_${openId}`, user_id: '' }, read_time: String(readTime), tenant_key: 'tk' }, message_id_list: messageIds },
  };
}

/** The HTTP request Feishu makes for `json` with an Encrypt Key: encrypted body, signature headers. */
export function encryptedRequest(json: unknown, o: { key?: string; ts?: string; nonce?: string; signWith?: string } = {}): { headers: Record<string, string>; body: string } {
  const key = o.key ?? ENV.encryptKey;
  const body = JSON.stringify({ encrypt: encrypt(key, JSON.stringify(json)) });
  const ts = o.ts ?? String(Math.floor(Date.now() / 1000));
  const nonce = o.nonce ?? `n${++seq}`;
  return {
    headers: { 'content-type': 'application/json', 'x-lark-request-timestamp': ts, 'x-lark-request-nonce': nonce, 'x-lark-signature': signatureOf(ts, nonce, o.signWith ?? key, body) },
    body,
  };
}

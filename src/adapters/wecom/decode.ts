/**
 * A stored WeCom callback (the fields of its decrypted XML, wire/xml.ts) → what it means for the
 * bot (src/chat/adapter-contract.ts `PlatformInbound`). Pure: no I/O, no clock, no directory —
 * the shared pipeline looks the sender up (WeCom userids compare without regard to case,
 * src/chat/directory.ts).
 *
 * A text message is a message in the person's direct conversation with the app (WeCom app
 * messages have no threads and no group chats for us); a template-card click is the command its
 * button carries (wire/button-key.ts). Anything else — other events, unknown keys — is ignored.
 * `reply` carries what the sender needs to answer in place: the clicked card's single-use
 * `response_code` (to show who did what on it) and the form the card was about. A submitted
 * intake card (feedback-card.ts) is a click carrying `choices`; one whose `SelectedItems` this card
 * could not have sent is ignored, before anything is stored.
 */
import type { PlatformInbound } from '../../chat/adapter-contract.js';
import type { ReplyTo } from '../../domain/message.js';
import { FEEDBACK_CARD_KEY, readCardChoices } from './feedback-card.js';
import { decodeButtonKey } from './wire/button-key.js';
import type { WecomMessage } from './wire/xml.js';

/** The stored payload: the callback's fields as WeCom sent them. */
export type WecomPayload = WecomMessage;

const isPayload = (p: unknown): p is WecomPayload =>
  typeof p === 'object' && p !== null && typeof (p as WecomPayload).fromUserName === 'string' && typeof (p as WecomPayload).msgType === 'string';

/** Decodes a stored callback; never throws. */
export function decodeWecom(payload: unknown): PlatformInbound {
  if (!isPayload(payload)) return { kind: 'ignore', reason: 'not a wecom payload' };
  const user = payload.fromUserName;
  if (payload.msgType === 'text') {
    const text = (payload.content ?? '').trim();
    if (!text) return { kind: 'ignore', reason: 'empty_text' };
    return { kind: 'message', user, text, place: { kind: 'dm' }, reply: {} };
  }
  if (payload.msgType === 'event' && payload.event === 'template_card_event' && (payload.selectedItems || payload.eventKey === FEEDBACK_CARD_KEY)) {
    // The intake card's submit (feedback-card.ts): its choices answer the guided 反馈's first steps.
    const choices = payload.eventKey === FEEDBACK_CARD_KEY && payload.selectedItems ? readCardChoices(payload.selectedItems) : undefined;
    if (!choices || !payload.taskId) return { kind: 'ignore', reason: 'bad_card_choices' };
    const reply: ReplyTo = { taskId: payload.taskId };
    if (payload.responseCode) reply['responseCode'] = payload.responseCode;
    const { category, ...rest } = choices;
    return { kind: 'click', user, command: category ?? '反馈', choices: { ...(category ? { category } : {}), ...rest }, place: { kind: 'dm' }, reply };
  }
  if (payload.msgType === 'event' && payload.event === 'template_card_event') {
    const command = payload.eventKey === undefined ? undefined : decodeButtonKey(payload.eventKey);
    if (!command || !payload.taskId) return { kind: 'ignore', reason: 'unknown_button_key' };
    const reply: ReplyTo = { taskId: payload.taskId };
    if (payload.responseCode) reply['responseCode'] = payload.responseCode;
    return { kind: 'click', user, command, place: { kind: 'dm' }, reply };
  }
  const what = payload.msgType === 'event' ? `event:${payload.event ?? '?'}` : `type:${payload.msgType}`;
  return { kind: 'ignore', reason: `unsupported_${what}`.slice(0, 80) };
}

/**
 * Slack payloads → what the bot understands (ARCHITECTURE rule 6). Pure functions over the real
 * payload shapes of the Events API (https://docs.slack.dev/apis/events-api/), block actions
 * (https://docs.slack.dev/reference/interaction-payloads/block_actions-payload), slash commands
 * (https://docs.slack.dev/interactivity/implementing-slash-commands) and view submissions
 * (https://docs.slack.dev/reference/interaction-payloads/view-interactions-payload). Nothing here
 * looks anything up: mapping users to people and threads to forms happens afterwards, in the
 * shared pipeline (src/chat/inbound-pipeline.ts); `decodeSlack` is the adapter contract's decode.
 */
import type { DecodeContext, PlatformInbound, PlatformPlace } from '../../chat/adapter-contract.js';
import { NEW_FORM_COMMAND } from '../../chat/input-request.js';
import type { ReplyTo } from '../../domain/message.js';
import { BUTTON_ACTION_PREFIX } from './render.js';
import { FEEDBACK_CALLBACK, FEEDBACK_FORM_COMMAND, feedbackFields } from './surfaces/feedback-modal.js';
import { NEW_FORM_CALLBACK, newFormFields, STEP_CALLBACK, stepCommand, stepContext } from './surfaces/modals.js';

/** Our global shortcuts (bot-manifests/slack.yaml) and the command each stands for. */
export const SHORTCUT_COMMANDS: Record<string, string> = { [NEW_FORM_CALLBACK]: NEW_FORM_COMMAND, [FEEDBACK_CALLBACK]: FEEDBACK_FORM_COMMAND };
/** Slash command texts that open the feedback modal. */
const FEEDBACK_OPENERS = new Set(['反馈', '匿名反馈']);

/** A person's message in a DM, a channel, or a thread. `threadTs` is set for replies only. */
export interface MessageIn {
  kind: 'message';
  eventId?: string;
  user: string;
  channel: string;
  /** `im`, `channel`, `group` (private channel) or `mpim`. */
  channelType: string;
  ts: string;
  threadTs?: string;
  /** As Slack sent it (mrkdwn with `<@U…>` mentions); see `fromSlackText`. */
  text: string;
}

/** A reaction added to a message (`reaction_added` with an item of type `message`). */
export interface ReactionIn {
  kind: 'reaction';
  eventId?: string;
  user: string;
  /** The emoji name without colons (`white_check_mark`, `eyes`). */
  reaction: string;
  channel: string;
  /** The `ts` of the message that was reacted to. */
  ts: string;
}

/** The App Home tab opened (`app_home_opened`, tab `home`). */
export interface HomeIn {
  kind: 'home';
  eventId?: string;
  user: string;
}

/** What an event callback carries, decoded. */
export type EventIn = MessageIn | ReactionIn | HomeIn | { kind: 'ignore'; reason: string };

/** A press on one of our buttons (`action_id` `shoudao_cmd_<n>`, `value` the command text). */
export interface ButtonIn {
  kind: 'button';
  user: string;
  command: string;
  triggerId: string;
  /** Where the button's message is (absent for buttons on a view, such as App Home). */
  channel?: string;
  messageTs?: string;
  threadTs?: string;
  responseUrl?: string;
  /** Pressed on the App Home tab. */
  inHome: boolean;
}

/** A slash command (`/shoudao 我的待办`). */
export interface CommandIn {
  user: string;
  command: string;
  text: string;
  channel: string;
  triggerId: string;
  responseUrl?: string;
}

/** A modal submitted: its `callback_id`, `private_metadata` and the value of each input block. */
export interface SubmissionIn {
  user: string;
  callbackId: string;
  privateMetadata: string;
  values: Record<string, string | string[] | undefined>;
}

/** Message subtypes that are still a person speaking; every other subtype is ignored. */
const PERSON_SUBTYPES = new Set([undefined, 'thread_broadcast', 'file_share']);

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Our own identity, to drop our own messages (Bolt's `ignoreSelf` does too; this is the pure check). */
export interface SelfIds {
  botUserId?: string;
  botId?: string;
}

/** An `event_callback` body → the event it carries, or why it is ignored. */
export function decodeEvent(body: unknown, self: SelfIds = {}): EventIn {
  const b = obj(body);
  const e = obj(b?.['event']);
  if (!b || !e) return { kind: 'ignore', reason: 'no event' };
  const eventId = str(b['event_id']);
  const id = eventId ? { eventId } : {};
  const type = str(e['type']);
  if (type === 'message') {
    const subtype = str(e['subtype']);
    if (!PERSON_SUBTYPES.has(subtype)) return { kind: 'ignore', reason: `subtype ${subtype}` };
    if (str(e['bot_id']) || (self.botId && e['bot_id'] === self.botId)) return { kind: 'ignore', reason: 'bot message' };
    const user = str(e['user']);
    const channel = str(e['channel']);
    const ts = str(e['ts']);
    if (!user || !channel || !ts) return { kind: 'ignore', reason: 'message without user, channel or ts' };
    if (user === self.botUserId) return { kind: 'ignore', reason: 'own message' };
    const threadTs = str(e['thread_ts']);
    const text = typeof e['text'] === 'string' ? e['text'] : '';
    return {
      kind: 'message', ...id, user, channel, ts, text,
      channelType: str(e['channel_type']) ?? (channel.startsWith('D') ? 'im' : 'channel'),
      ...(threadTs && threadTs !== ts ? { threadTs } : {}),
    };
  }
  if (type === 'reaction_added') {
    const item = obj(e['item']);
    const user = str(e['user']);
    const reaction = str(e['reaction']);
    const channel = str(item?.['channel']);
    const ts = str(item?.['ts']);
    if (item?.['type'] !== 'message' || !user || !reaction || !channel || !ts) return { kind: 'ignore', reason: 'reaction not on a message' };
    if (user === self.botUserId) return { kind: 'ignore', reason: 'own reaction' };
    return { kind: 'reaction', ...id, user, reaction, channel, ts };
  }
  if (type === 'app_home_opened') {
    const user = str(e['user']);
    if (!user || (e['tab'] !== undefined && e['tab'] !== 'home')) return { kind: 'ignore', reason: 'not the home tab' };
    return { kind: 'home', ...id, user };
  }
  return { kind: 'ignore', reason: `event ${type ?? '?'}` };
}

/**
 * Slack's message markup → plain command text: `<@U…>` becomes `@<person id>` when the user is in
 * the org file (else `@U…`, which the router reports as unknown), a leading mention of the bot is
 * dropped, `<#C…|name>` becomes `#name`, links their label (or URL), and `&lt; &gt; &amp;` are
 * unescaped (https://docs.slack.dev/messaging/formatting-message-text#escaping).
 */
export function fromSlackText(text: string, personOf: (user: string) => string | undefined, botUserId?: string): string {
  let t = text.trim();
  if (botUserId) t = t.replace(new RegExp(`^<@${botUserId}(?:\\|[^>]*)?>[\\s,:：,]*`), '');
  t = t.replace(/<([^<>]*)>/g, (_m, inner: string) => {
    const [target = '', label] = inner.split('|', 2);
    if (target.startsWith('@')) {
      const user = target.slice(1);
      return `@${personOf(user) ?? user}`;
    }
    if (target.startsWith('#')) return `#${label ?? target.slice(1)}`;
    if (target.startsWith('!subteam^')) return label ?? '@team';
    if (target.startsWith('!')) return `@${target.slice(1).split('^')[0]}`;
    return label ?? target.replace(/^mailto:/, '');
  });
  return t.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').trim();
}

/** A `block_actions` body → the press of one of our buttons, or undefined for anything else. */
export function decodeButton(body: unknown): ButtonIn | undefined {
  const b = obj(body);
  const action = Array.isArray(b?.['actions']) ? obj((b['actions'] as unknown[])[0]) : undefined;
  const actionId = str(action?.['action_id']);
  const command = str(action?.['value']);
  const user = str(obj(b?.['user'])?.['id']);
  if (b?.['type'] !== 'block_actions' || !actionId?.startsWith(BUTTON_ACTION_PREFIX) || !command || !user) return undefined;
  const container = obj(b['container']);
  const message = obj(b['message']);
  const view = obj(b['view']);
  const channel = str(container?.['channel_id']) ?? str(obj(b['channel'])?.['id']);
  const messageTs = str(container?.['message_ts']) ?? str(message?.['ts']);
  const threadTs = str(container?.['thread_ts']) ?? str(message?.['thread_ts']);
  const responseUrl = str(b['response_url']);
  return {
    kind: 'button', user, command: command.trim(), triggerId: str(b['trigger_id']) ?? '',
    inHome: container?.['type'] === 'view' && view?.['type'] === 'home',
    ...(channel && container?.['type'] !== 'view' ? { channel } : {}),
    ...(messageTs ? { messageTs } : {}),
    ...(threadTs && threadTs !== messageTs ? { threadTs } : {}),
    ...(responseUrl ? { responseUrl } : {}),
  };
}

/** A slash command body (form fields as Bolt parsed them). */
export function decodeCommand(body: unknown): CommandIn | undefined {
  const b = obj(body);
  const user = str(b?.['user_id']);
  const command = str(b?.['command']);
  if (!b || !user || !command) return undefined;
  const responseUrl = str(b['response_url']);
  return {
    user, command, text: typeof b['text'] === 'string' ? b['text'].trim() : '',
    channel: str(b['channel_id']) ?? '', triggerId: str(b['trigger_id']) ?? '',
    ...(responseUrl ? { responseUrl } : {}),
  };
}

/** The value of one input element of `view.state.values`, whatever its type. */
function elementValue(el: Obj): string | string[] | undefined {
  switch (el['type']) {
    case 'plain_text_input':
      return str(el['value']);
    case 'static_select':
    case 'external_select':
      return str(obj(el['selected_option'])?.['value']);
    case 'datepicker':
      return str(el['selected_date']);
    case 'timepicker':
      return str(el['selected_time']);
    case 'users_select':
      return str(el['selected_user']);
    case 'multi_users_select':
      return Array.isArray(el['selected_users']) ? (el['selected_users'] as unknown[]).filter((u): u is string => typeof u === 'string') : undefined;
    case 'checkboxes':
    case 'multi_static_select':
      return Array.isArray(el['selected_options']) ? (el['selected_options'] as unknown[]).map((o) => str(obj(o)?.['value'])).filter((v): v is string => !!v) : undefined;
    default:
      return undefined;
  }
}

/** A `view_submission` body → its callback id, metadata and values by block id. */
export function decodeSubmission(body: unknown): SubmissionIn | undefined {
  const b = obj(body);
  const view = obj(b?.['view']);
  const user = str(obj(b?.['user'])?.['id']);
  const callbackId = str(view?.['callback_id']);
  if (b?.['type'] !== 'view_submission' || !view || !user || !callbackId) return undefined;
  const values: SubmissionIn['values'] = {};
  for (const [blockId, block] of Object.entries(obj(obj(view['state'])?.['values']) ?? {})) {
    const el = Object.values(obj(block) ?? {}).map(obj).find(Boolean);
    if (el) values[blockId] = elementValue(el);
  }
  return { user, callbackId, privateMetadata: typeof view['private_metadata'] === 'string' ? view['private_metadata'] : '', values };
}

// ─── Stored payloads → PlatformInbound ─────────────────────────────────────────────────────

/** What the receiver stores: the kind of request and its body as Slack sent it. */
export interface SlackPayload {
  type: 'event' | 'interactive' | 'command';
  body: unknown;
}

/** Reactions that acknowledge a notice. */
export const ACK_REACTIONS = new Set(['white_check_mark', 'eyes']);

const isDmChannel = (channel: string | undefined) => channel?.startsWith('D') ?? false;

/** Our bot user, as the event's `authorizations` name it. */
function selfOf(body: unknown): SelfIds {
  const auth = Array.isArray(obj(body)?.['authorizations']) ? obj((obj(body)!['authorizations'] as unknown[])[0]) : undefined;
  const user = str(auth?.['user_id']);
  return user && auth?.['is_bot'] !== false ? { botUserId: user } : {};
}

/**
 * A stored Slack request → what it means (src/chat/adapter-contract.ts). Pure; never throws.
 * `reply` tells the sender where the answer goes (see sender.ts `postTarget`).
 */
export function decodeSlack(payload: unknown, ctx: DecodeContext): PlatformInbound {
  const p = obj(payload) as Partial<SlackPayload> | undefined;
  if (!p) return { kind: 'ignore', reason: 'not a slack payload' };
  if (p.type === 'event') return fromEvent(p.body, ctx);
  if (p.type === 'command') return fromCommand(p.body, ctx);
  if (p.type === 'interactive') return fromInteraction(p.body, ctx);
  return { kind: 'ignore', reason: 'not a slack payload' };
}

function fromEvent(body: unknown, ctx: DecodeContext): PlatformInbound {
  const self = selfOf(body);
  const e = decodeEvent(body, self);
  if (e.kind === 'ignore') return e;
  if (e.kind === 'home') return { kind: 'home', user: e.user, reply: { kind: 'home', user: e.user } };
  if (e.kind === 'reaction') {
    return { kind: 'reaction', user: e.user, ack: ACK_REACTIONS.has(e.reaction), channel: e.channel, messageId: e.ts, reply: { kind: 'reaction', channel: e.channel, ts: e.ts, user: e.user } };
  }
  const text = fromSlackText(e.text, ctx.personOf, self.botUserId);
  if (!text) return { kind: 'ignore', reason: 'empty text' };
  const im = e.channelType === 'im';
  const place: PlatformPlace = e.threadTs ? { kind: 'thread', channel: e.channel, root: e.threadTs, ...(im ? { dm: true } : {}) } : im ? { kind: 'dm' } : { kind: 'group', channel: e.channel };
  const reply: ReplyTo = { kind: 'message', channel: e.channel, ts: e.ts, im, user: e.user, ...(e.threadTs ? { threadTs: e.threadTs } : {}) };
  return { kind: 'message', user: e.user, text, place, reply };
}

function fromCommand(body: unknown, ctx: DecodeContext): PlatformInbound {
  const c = decodeCommand(body);
  if (!c) return { kind: 'ignore', reason: 'not a slash command' };
  const reply: ReplyTo = { kind: 'command', channel: c.channel, user: c.user, triggerId: c.triggerId, ...(c.responseUrl ? { responseUrl: c.responseUrl } : {}) };
  // The manifest sets `should_escape: true`, so mentions arrive as `<@U…|name>`.
  const text = fromSlackText(c.text, ctx.personOf);
  if (!text || text === NEW_FORM_COMMAND) return { kind: 'click', user: c.user, command: NEW_FORM_COMMAND, place: { kind: 'dm' }, reply };
  // `/shoudao 反馈` opens the intake modal (a slash command has a trigger; a typed DM has none).
  if (FEEDBACK_OPENERS.has(text)) return { kind: 'click', user: c.user, command: text, place: { kind: 'dm' }, reply };
  return { kind: 'message', user: c.user, text, place: isDmChannel(c.channel) || !c.channel ? { kind: 'dm' } : { kind: 'group', channel: c.channel }, reply };
}

function fromInteraction(body: unknown, ctx: DecodeContext): PlatformInbound {
  const b = obj(body);
  const type = str(b?.['type']);
  if (type === 'block_actions') {
    const btn = decodeButton(body);
    if (!btn) return { kind: 'ignore', reason: 'not one of our buttons' };
    const reply: ReplyTo = {
      kind: 'click', user: btn.user, triggerId: btn.triggerId,
      ...(btn.channel ? { channel: btn.channel } : {}), ...(btn.messageTs ? { messageTs: btn.messageTs } : {}),
      ...(btn.threadTs ? { threadTs: btn.threadTs } : {}), ...(btn.responseUrl ? { responseUrl: btn.responseUrl } : {}),
    };
    const root = btn.threadTs ?? btn.messageTs;
    const place: PlatformPlace = btn.channel && root ? { kind: 'thread', channel: btn.channel, root, ...(isDmChannel(btn.channel) ? { dm: true } : {}) } : { kind: 'dm' };
    return { kind: 'click', user: btn.user, command: btn.command, place, reply, ...(btn.inHome ? { home: { kind: 'home', user: btn.user } } : {}) };
  }
  if (type === 'view_submission') {
    const s = decodeSubmission(body);
    if (!s) return { kind: 'ignore', reason: 'not a view submission' };
    if (s.callbackId === NEW_FORM_CALLBACK) {
      return { kind: 'submission', user: s.user, command: NEW_FORM_COMMAND, fields: newFormFields(s), place: { kind: 'dm' }, reply: { kind: 'view', user: s.user } };
    }
    if (s.callbackId === FEEDBACK_CALLBACK) {
      // A modal is seen by its submitter alone: the pipeline marks it private, as a DM.
      return { kind: 'submission', user: s.user, command: FEEDBACK_FORM_COMMAND, fields: feedbackFields(s), place: { kind: 'dm' }, reply: { kind: 'view', user: s.user } };
    }
    const step = s.callbackId === STEP_CALLBACK ? stepContext(s) : undefined;
    const command = step ? stepCommand(step, s, ctx.personOf) : undefined;
    if (!step || !command?.ok) return { kind: 'ignore', reason: 'not one of our modals' };
    const place: PlatformPlace = step.channel && step.threadTs ? { kind: 'thread', channel: step.channel, root: step.threadTs, ...(isDmChannel(step.channel) ? { dm: true } : {}) } : { kind: 'dm' };
    const reply: ReplyTo = { kind: 'view', user: s.user, ...(step.channel ? { channel: step.channel } : {}), ...(step.threadTs && isDmChannel(step.channel) ? { threadTs: step.threadTs } : {}) };
    return { kind: 'submission', user: s.user, command: command.text, place, reply };
  }
  if (type === 'shortcut' || type === 'message_action') {
    const user = str(obj(b?.['user'])?.['id']);
    const trigger = str(b?.['trigger_id']);
    const command = SHORTCUT_COMMANDS[String(b?.['callback_id'])];
    if (!command || !user || !trigger) return { kind: 'ignore', reason: 'not our shortcut' };
    return { kind: 'click', user, command, place: { kind: 'dm' }, reply: { kind: 'shortcut', user, triggerId: trigger } };
  }
  return { kind: 'ignore', reason: `interaction ${type ?? '?'}` };
}

/**
 * Slack payloads → what the bot understands (ARCHITECTURE rule 6). Pure functions over the real
 * payload shapes of the Events API (https://docs.slack.dev/apis/events-api/), block actions
 * (https://docs.slack.dev/reference/interaction-payloads/block_actions-payload), slash commands
 * (https://docs.slack.dev/interactivity/implementing-slash-commands) and view submissions
 * (https://docs.slack.dev/reference/interaction-payloads/view-interactions-payload). Nothing here
 * looks anything up: mapping users to people and threads to forms happens afterwards.
 */
import { BUTTON_ACTION_PREFIX } from './slack-render.js';

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

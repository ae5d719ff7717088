/**
 * Slack requests as Slack builds them (protocols.md C.1–C.3): the Events API envelope, block
 * actions, slash commands and view submissions, and the `v0` signature over the raw body.
 */
import { createHmac } from 'node:crypto';

export const SIGNING_SECRET = 'test-signing-secret';
export const TEAM = 'T1';
export const BOT_USER = 'UBOT';

/** `v0=hex(HMAC_SHA256(secret, "v0:" + ts + ":" + body))`. */
export function sign(body: string, ts: number, secret = SIGNING_SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
}

/** The raw body and content type of a payload: JSON for events, form-encoded for the rest. */
export interface RawRequest {
  body: string;
  contentType: string;
}

export const jsonRequest = (payload: unknown): RawRequest => ({ body: JSON.stringify(payload), contentType: 'application/json' });
/** Interactivity: `payload=<json>`; Bolt wants the bare content type (protocols.md C.3). */
export const interactiveRequest = (payload: unknown): RawRequest => ({
  body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
  contentType: 'application/x-www-form-urlencoded',
});
export const commandRequest = (fields: Record<string, string>): RawRequest => ({
  body: new URLSearchParams(fields).toString(),
  contentType: 'application/x-www-form-urlencoded',
});

let seq = 0;
/** A fresh message `ts` (unique within the test run). */
export function nextTs(): string {
  seq += 1;
  return `${Math.floor(Date.now() / 1000)}.${String(900000 + seq).padStart(6, '0')}`;
}

/** An `event_callback` carrying `event`. */
export function eventBody(event: Record<string, unknown>, eventId = `Ev${++seq}`): Record<string, unknown> {
  return {
    token: 'x', team_id: TEAM, api_app_id: 'A1', type: 'event_callback', event_id: eventId, event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: TEAM, user_id: BOT_USER, is_bot: true, is_enterprise_install: false }],
    event,
  };
}

/** A person's message; `channel` starting with D is a DM. */
export function messageEvent(user: string, channel: string, text: string, opts: { ts?: string; threadTs?: string } = {}): Record<string, unknown> {
  const ts = opts.ts ?? nextTs();
  return {
    type: 'message', channel, channel_type: channel.startsWith('D') ? 'im' : 'channel', user, text, ts, event_ts: ts, client_msg_id: `m-${ts}`,
    ...(opts.threadTs ? { thread_ts: opts.threadTs } : {}),
  };
}

export function reactionEvent(user: string, channel: string, ts: string, reaction: string): Record<string, unknown> {
  return { type: 'reaction_added', user, reaction, item: { type: 'message', channel, ts }, item_user: 'U0WANG', event_ts: nextTs() };
}

/** A press on a button of a message (`value` is the command text). */
export function blockAction(user: string, value: string, where: { channel: string; messageTs: string; threadTs?: string } | { home: true }, responseUrl?: string): Record<string, unknown> {
  const container = 'home' in where
    ? { type: 'view', view_id: 'VHOME' }
    : { type: 'message', message_ts: where.messageTs, channel_id: where.channel, is_ephemeral: false, ...(where.threadTs ? { thread_ts: where.threadTs } : {}) };
  return {
    type: 'block_actions', team: { id: TEAM, domain: 'd' }, user: { id: user, username: user, team_id: TEAM }, api_app_id: 'A1', token: 'x',
    trigger_id: `trig-${++seq}`, container,
    ...('home' in where ? { view: { id: 'VHOME', type: 'home' } } : { channel: { id: where.channel, name: 'c' }, message: { ts: where.messageTs, text: '…', ...(where.threadTs ? { thread_ts: where.threadTs } : {}) } }),
    ...(responseUrl ? { response_url: responseUrl } : {}),
    actions: [{ type: 'button', action_id: 'shoudao_cmd_0', block_id: 'b1', value, text: { type: 'plain_text', text: value }, action_ts: nextTs() }],
  };
}

/** A slash command's form fields. */
export function slashCommand(user: string, channel: string, text: string, responseUrl: string, command = '/shoudao'): Record<string, string> {
  return {
    token: 'x', team_id: TEAM, team_domain: 'd', channel_id: channel, channel_name: 'c', user_id: user, user_name: user, command, text,
    api_app_id: 'A1', response_url: responseUrl, trigger_id: `trig-${++seq}`,
  };
}

/** A `view_submission` of a modal we opened, with `values` by block id (element objects). */
export function viewSubmission(user: string, view: Record<string, unknown>, values: Record<string, Record<string, unknown>>): Record<string, unknown> {
  const state = Object.fromEntries(Object.entries(values).map(([block, el]) => [block, { [block]: el }]));
  return {
    type: 'view_submission', team: { id: TEAM, domain: 'd' }, user: { id: user, username: user, team_id: TEAM }, api_app_id: 'A1', token: 'x',
    trigger_id: `trig-${++seq}`,
    view: { id: 'V1', type: 'modal', callback_id: view['callback_id'], private_metadata: view['private_metadata'] ?? '', state: { values: state } },
  };
}

export const shortcut = (user: string, callbackId: string): Record<string, unknown> => ({
  type: 'shortcut', team: { id: TEAM, domain: 'd' }, user: { id: user, username: user, team_id: TEAM }, callback_id: callbackId, trigger_id: `trig-${++seq}`, token: 'x',
});

/** Input values as Slack reports them. */
export const text = (value: string) => ({ type: 'plain_text_input', value });
export const date = (value: string) => ({ type: 'datepicker', selected_date: value });
export const select = (value: string) => ({ type: 'static_select', selected_option: { value, text: { type: 'plain_text', text: value } } });
export const users = (ids: string[]) => ({ type: 'multi_users_select', selected_users: ids });

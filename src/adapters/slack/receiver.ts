/**
 * Receiving Slack traffic (protocols.md C.1–C.4): verify, classify, commit to the inbox, and only
 * then acknowledge (ARCHITECTURE rule 11) — over HTTP at `POST /slack/events` (events, slash
 * commands and interactivity) and over Socket Mode (`@slack/socket-mode`'s client, the one Bolt's
 * SocketModeReceiver wraps). Bolt's App is not used: it acknowledges events before its listeners
 * run, which is exactly what must not happen here; its request verification is
 * (`isValidSlackRequest`, the raw body's `v0` HMAC and the 5-minute staleness rule), plus our own
 * refusal of timestamps from the future (Bolt checks only the past).
 *
 * Classification (`classify`, shared by both paths): an event is stored under its `event_id`,
 * an interaction under its `trigger_id`, ordered by the Slack user (a shortcut by the user's
 * shortcuts only: it opens a modal and nothing else), and interactions are `urgent`
 * (a modal's trigger lives 3 s). What the bot will never act on — its own or another bot's
 * messages, edits, unknown events, foreign buttons — is acknowledged and not stored. A modal
 * submission is checked before the acknowledgement (pure functions): a mistake is answered as
 * field errors while the modal is still open, and nothing is stored.
 *
 * Answers: 200 (empty; or the challenge; or the field errors) once committed; 401 for a bad or
 * stale signature or a timestamp more than 5 minutes off; 400 for a body that is not Slack's;
 * 413 over 1 MB; 408 for a body that does not arrive; 503 when the inbox cannot store it (Slack
 * then retries an event) or while stopping.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isValidSlackRequest } from '@slack/bolt';
import { SocketModeClient } from '@slack/socket-mode';
import type { AdapterLog, Inbox, InboxEntry, PlatformHealth } from '../../chat/adapter-contract.js';
import { personOn } from '../../chat/directory.js';
import { readBody } from '../../chat/http-body.js';
import type { Org } from '../../domain/org.js';
import type { Policy } from '../../domain/policy.js';
import { TI } from '../../texts/inbound.js';
import { checkFeedbackForm } from '../../chat/feedback-form.js';
import { decodeButton, decodeCommand, decodeEvent, decodeSubmission, SHORTCUT_COMMANDS, type SlackPayload } from './decode.js';
import { FEEDBACK_CALLBACK, feedbackFields } from './surfaces/feedback-modal.js';
import { checkNewForm, NEW_FORM_CALLBACK, STEP_CALLBACK, stepCommand, stepContext } from './surfaces/modals.js';
import { scalarText } from '../../domain/scalar-text.js';

/** The path of events, slash commands and interactivity (ARCHITECTURE "Contracts"). */
export const SLACK_EVENTS_PATH = '/slack/events';
export const SLACK_MAX_BODY_BYTES = 1024 * 1024;
/** How far a request's timestamp may be from now, either way (Slack's own staleness window). */
const MAX_SKEW_S = 300;

/** What a request comes to: store it, answer field errors, or acknowledge and drop it. */
export type Classified =
  | { kind: 'store'; entry: InboxEntry }
  | { kind: 'errors'; ack: { response_action: 'errors'; errors: Record<string, string> } }
  | { kind: 'ignore'; reason: string };

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** What classification reads besides the request: the directory, the policy and the time. */
export interface ClassifyContext {
  org: () => Org;
  policy: Policy;
  now: () => number;
}

/** The order key suffix of shortcuts (see `classify`): a user's shortcuts are one order of their own. */
export const SHORTCUT_ORDER = '\u0001shortcut';

/** Classifies one Slack request body of `type`; pure apart from reading `ctx`. */
export function classify(type: SlackPayload['type'], body: unknown, ctx: ClassifyContext): Classified {
  const entry = (dedupeKey: string, user: string, urgent: boolean): Classified => ({
    kind: 'store',
    entry: { platform: 'slack', dedupeKey, orderKey: user, payload: { type, body } satisfies SlackPayload, ...(urgent ? { urgent } : {}) },
  });
  const b = obj(body);
  if (type === 'event') {
    const auth = Array.isArray(b?.['authorizations']) ? obj((b['authorizations'] as unknown[])[0]) : undefined;
    const e = decodeEvent(body, str(auth?.['user_id']) ? { botUserId: str(auth?.['user_id'])! } : {});
    if (e.kind === 'ignore') return e;
    return entry(`event:${str(b?.['event_id']) ?? `${e.user}:${str(obj(b?.['event'])?.['event_ts']) ?? ''}`}`, e.user, false);
  }
  if (type === 'command') {
    const c = decodeCommand(body);
    if (!c) return { kind: 'ignore', reason: 'not a slash command' };
    return entry(`command:${c.triggerId || `${c.user}:${ctx.now()}`}`, c.user, true);
  }
  const t = str(b?.['type']);
  if (t === 'block_actions') {
    const btn = decodeButton(body);
    if (!btn) return { kind: 'ignore', reason: 'not one of our buttons' };
    const action = Array.isArray(b?.['actions']) ? obj((b['actions'] as unknown[])[0]) : undefined;
    return entry(`action:${btn.triggerId}:${str(action?.['action_ts']) ?? ''}`, btn.user, true);
  }
  if (t === 'view_submission') {
    const s = decodeSubmission(body);
    if (!s) return { kind: 'ignore', reason: 'not a view submission' };
    const errors = (e: Record<string, string>): Classified => ({ kind: 'errors', ack: { response_action: 'errors', errors: e } });
    const org = ctx.org();
    const person = personOn(org, 'slack', s.user);
    if (s.callbackId === NEW_FORM_CALLBACK) {
      if (!person) return errors({ subject: TI.notInDirectory('slack', s.user)[0]! });
      const checked = checkNewForm(s, { org, policy: ctx.policy, now: ctx.now(), person });
      if (!checked.ok) return errors(checked.errors);
    } else if (s.callbackId === FEEDBACK_CALLBACK) {
      if (!person) return errors({ description: TI.notInDirectory('slack', s.user)[0]! });
      // Anonymity is offered only where it is available; the router refuses a forged request for it.
      const checked = checkFeedbackForm(org, feedbackFields(s), true);
      if (!checked.ok) return errors(checked.errors);
    } else {
      const step = s.callbackId === STEP_CALLBACK ? stepContext(s) : undefined;
      if (!step || !person) return { kind: 'ignore', reason: 'not one of our modals' };
      const command = stepCommand(step, s, (u) => personOn(org, 'slack', u));
      if (!command.ok) return errors(command.errors);
    }
    const view = obj(b?.['view']);
    return entry(`view:${str(view?.['id']) ?? ''}:${str(view?.['hash']) ?? str(b?.['trigger_id']) ?? ''}`, s.user, true);
  }
  if (t === 'shortcut' || t === 'message_action') {
    const user = str(obj(b?.['user'])?.['id']);
    if (!SHORTCUT_COMMANDS[String(b?.['callback_id'])] || !user || !str(b?.['trigger_id'])) return { kind: 'ignore', reason: 'not our shortcut' };
    // A shortcut only asks for a modal, and its trigger dies in 3 s: it is ordered among the
    // user's shortcuts, not behind their messages still queued (during a burst those took the
    // trigger's life). What the modal submits (`view_submission`) is in the user's order again.
    return entry(`shortcut:${str(b?.['trigger_id'])}`, `${user}${SHORTCUT_ORDER}`, true);
  }
  return { kind: 'ignore', reason: `interaction ${t ?? '?'}` };
}

/** What the receivers are built from. */
export interface SlackReceiverOptions extends ClassifyContext {
  inbox: Inbox;
  log: AdapterLog;
}

type Answer = { status: number; body?: unknown };

/** Classifies and commits one request; the answer to give Slack. Never throws. */
async function take(opts: SlackReceiverOptions, type: SlackPayload['type'], body: unknown): Promise<Answer> {
  let c: Classified;
  try {
    c = classify(type, body, opts);
  } catch (err) {
    opts.log.warn({ platform: 'slack', err: err instanceof Error ? err.name : String(err) }, 'slack request could not be read');
    return { status: 400 };
  }
  if (c.kind === 'ignore') {
    opts.log.info({ platform: 'slack', reason: c.reason }, 'slack request ignored');
    return { status: 200 };
  }
  if (c.kind === 'errors') return { status: 200, body: c.ack };
  try {
    if ((await opts.inbox.accept(c.entry)) === 'duplicate') opts.log.info({ platform: 'slack' }, 'slack retry ignored (already stored)');
    return { status: 200 };
  } catch (err) {
    opts.log.error({ platform: 'slack', err: err instanceof Error ? err.message : String(err) }, 'slack request not stored; not acknowledged so Slack retries');
    return { status: 503 };
  }
}

function write(res: ServerResponse, a: Answer): void {
  const text = a.body === undefined ? '' : JSON.stringify(a.body);
  res.writeHead(a.status, { 'content-type': a.body === undefined ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text || undefined);
}

/** The HTTP receiver: `handle` is the route for `POST /slack/events`. */
export interface SlackHttpReceiver {
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  close(): void;
}

export function createSlackHttpReceiver(opts: SlackReceiverOptions & { signingSecret: string }): SlackHttpReceiver {
  let open = true;
  const refuse = (res: ServerResponse, status: number, reason: string) => {
    opts.log.warn({ platform: 'slack', reason }, 'slack request refused');
    write(res, { status });
  };
  return {
    close() {
      open = false;
    },
    async handle(req, res) {
      if (!open) return write(res, { status: 503 });
      const read = await readBody(req, { maxBytes: SLACK_MAX_BODY_BYTES });
      if (!read.ok) {
        res.setHeader('connection', 'close');
        return refuse(res, read.reason === 'too_large' ? 413 : 408, `body ${read.reason}`);
      }
      const raw = read.body.toString('utf8');
      const contentType = scalarText(req.headers['content-type']).split(';')[0]!.trim().toLowerCase();
      // Slack's SSL check is an unsigned form post; it is answered and nothing else is read.
      if (contentType === 'application/x-www-form-urlencoded' && new URLSearchParams(raw).get('ssl_check') === '1') return write(res, { status: 200 });
      const ts = Number(req.headers['x-slack-request-timestamp']);
      const signature = req.headers['x-slack-signature'];
      const nowMs = opts.now();
      if (!Number.isFinite(ts) || Math.abs(nowMs / 1000 - ts) > MAX_SKEW_S) return refuse(res, 401, 'timestamp missing or more than 5 minutes off');
      if (typeof signature !== 'string' || !isValidSlackRequest({ signingSecret: opts.signingSecret, body: raw, headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': ts }, nowMilliseconds: nowMs })) {
        return refuse(res, 401, 'bad signature');
      }
      let type: SlackPayload['type'];
      let body: unknown;
      try {
        if (contentType === 'application/json') {
          body = JSON.parse(raw);
          const b = obj(body);
          if (b?.['type'] === 'url_verification') return write(res, { status: 200, body: { challenge: scalarText(b['challenge']) } });
          if (b?.['type'] !== 'event_callback') return refuse(res, 400, 'not an event callback');
          type = 'event';
        } else if (contentType === 'application/x-www-form-urlencoded') {
          const form = new URLSearchParams(raw);
          const payload = form.get('payload');
          if (payload !== null) {
            body = JSON.parse(payload);
            type = 'interactive';
          } else {
            body = Object.fromEntries(form);
            type = 'command';
          }
        } else {
          return refuse(res, 400, 'unknown content type');
        }
      } catch {
        return refuse(res, 400, 'body is not JSON');
      }
      if (!obj(body)) return refuse(res, 400, 'body is not an object');
      write(res, await take(opts, type, body));
    },
  };
}

/** Socket Mode (protocols.md C.4): envelopes are committed, then acked; `health` follows the socket. */
export interface SlackSocketReceiver {
  start(): Promise<void>;
  stop(): Promise<void>;
  health(): PlatformHealth;
}

const ENVELOPE_TYPES: Record<string, SlackPayload['type']> = { events_api: 'event', interactive: 'interactive', slash_commands: 'command' };

export function createSlackSocketReceiver(opts: SlackReceiverOptions & { appToken: string; apiUrl: string }): SlackSocketReceiver {
  let state: PlatformHealth = 'connecting';
  const client = new SocketModeClient({
    appToken: opts.appToken,
    clientOptions: { slackApiUrl: opts.apiUrl },
    logger: silentLogger(opts.log),
  });
  client.on('connected', () => {
    state = 'up';
    opts.log.info({ platform: 'slack' }, 'slack socket mode connected');
  });
  for (const event of ['connecting', 'reconnecting']) client.on(event, () => (state = 'connecting'));
  client.on('disconnected', () => {
    state = 'down';
    opts.log.warn({ platform: 'slack' }, 'slack socket mode disconnected');
  });
  const onEnvelope = async (e: { ack: (response?: unknown) => Promise<void>; type: string; body: unknown }): Promise<void> => {
    const type = ENVELOPE_TYPES[e.type];
    if (!type) return;
    const a = await take(opts, type, e.body);
    // Not acked when it could not be stored: Slack delivers the envelope again.
    if (a.status === 200) await e.ack(a.body).catch((err: unknown) => opts.log.warn({ platform: 'slack', err: String(err) }, 'slack socket ack failed'));
  };
  // The emitter ignores what a listener returns: a failure is logged here, never left unhandled
  // (an unhandled rejection would end the process); the envelope, not acked, comes again.
  client.on('slack_event', (e: Parameters<typeof onEnvelope>[0]) => {
    onEnvelope(e).catch((err: unknown) => opts.log.error({ platform: 'slack', err: err instanceof Error ? err.message : String(err) }, 'slack socket envelope failed'));
  });
  return {
    async start() {
      await client.start();
    },
    async stop() {
      state = 'down';
      await client.disconnect().catch(() => undefined);
    },
    health: () => state,
  };
}

/** The socket client's logger on ours: debug dropped, payloads never logged. */
function silentLogger(log: AdapterLog) {
  let level = 'info';
  const text = (msg: unknown[]) => msg.map((m) => (m instanceof Error ? m.message : typeof m === 'string' ? m : '')).filter(Boolean).join(' ').slice(0, 300);
  return {
    debug: () => undefined,
    info: (...m: unknown[]) => log.info({ platform: 'slack', source: 'socket-mode' }, text(m)),
    warn: (...m: unknown[]) => log.warn({ platform: 'slack', source: 'socket-mode' }, text(m)),
    error: (...m: unknown[]) => log.error({ platform: 'slack', source: 'socket-mode' }, text(m)),
    setLevel: (l: string) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  } as unknown as NonNullable<ConstructorParameters<typeof SocketModeClient>[0]>['logger'];
}

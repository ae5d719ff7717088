/**
 * The Slack adapter assembled (issue 5): one Web API client shared by the outbox sender and the
 * inbound side; Bolt on the shared HTTP server at `POST /slack/events` when a signing secret is
 * set, and in Socket Mode when `SLACK_APP_TOKEN` is set; the resolver wrapper that puts form
 * threads in the receiving department's channel.
 *
 * Inbound traffic is acknowledged by Bolt and then queued (serial per Slack user) — the work runs
 * after the acknowledgement, so Slack's 3 seconds hold under load. A retried delivery
 * (`X-Slack-Retry-Num`, or Socket Mode's `retry_attempt`) carries the same `event_id` and is
 * dropped here, once per process (see the dedupe note in src/adapters/wecom/dedupe.ts, which
 * applies alike).
 *
 * Wiring (src/infra/http/platforms.ts):
 *   const slack = createSlackAdapter({ env: env.slack, deps, log, wake: () => loop.wake() });
 *   for (const r of slack.routes) http.addRoute(r.method, r.path, r.handler);
 *   resolve = slack.withFormThreads(resolve); senders.slack = slack.sender;
 *   await slack.start(); … await slack.stop();
 */
import type { App } from '@slack/bolt';
import { LogLevel, type WebClient } from '@slack/web-api';
import type { AppDeps } from '../../app/deps.js';
import { handleInbound } from '../../chat/router.js';
import type { SlackEnv } from '../../config/env-platforms.js';
import type { RouteHandler } from '../../infra/http/server.js';
import type { AddressResolver } from '../../infra/outbox/address-resolver.js';
import type { PlatformSender } from '../../infra/outbox/platform-sender.js';
import { SeenSet } from '../wecom/dedupe.js';
import { boltLogger, SharedHttpReceiver, SLACK_EVENTS_PATH } from './bolt-receiver.js';
import { decodeButton, decodeCommand, decodeEvent, decodeSubmission } from './decode.js';
import { slackDirectory } from './directory.js';
import { withSlackFormThreads } from './form-threads.js';
import type { InboundContext, SlackLog } from './inbound-context.js';
import { liveFormCard } from './live-views.js';
import { NEW_FORM_CALLBACK } from './modals.js';
import { createNoticeStatus } from './notice-status.js';
import { createIdentity, createHttpApp, createSocketApp, type SlackEntry } from './slack-apps.js';
import { checkSubmission, onButton, onCommand, onHome, onShortcut } from './slack-interactive.js';
import { onMessage, onReaction } from './slack-messages.js';
import { createSerialQueue } from './serial-queue.js';
import { createSlackClient, createSlackSender } from './slack-sender.js';

/** What the adapter is built from: the Slack environment, the app, and where it logs and wakes the dispatcher. */
export interface SlackAdapterOptions {
  env: SlackEnv;
  deps: AppDeps;
  log?: SlackLog;
  /** Wakes the outbox dispatcher after inbound work (set later with `setWake` if need be). */
  wake?: () => void;
  /** For `response_url` answers (default: global fetch). */
  fetch?: typeof fetch;
  /** How long an `event_id` is remembered to drop retries (default 15 minutes; Slack retries within 5). */
  dedupeTtlMs?: number;
}

/** A route for `HttpServer.addRoute`. */
export interface SlackRoute {
  method: 'POST';
  path: string;
  handler: RouteHandler;
}

/** The assembled adapter: its client, outbox sender, routes, Bolt apps, and its life cycle. */
export interface SlackAdapter {
  api: WebClient;
  sender: PlatformSender;
  /** `POST /slack/events` when a signing secret is set. */
  routes: SlackRoute[];
  /** The Bolt apps: HTTP (with a signing secret) and Socket Mode (with an app token). */
  apps: { http?: App; socket?: App };
  /** Wraps the outbox's resolver so form threads live where issue 5 §3 says (form-threads.ts). */
  withFormThreads(base: AddressResolver): AddressResolver;
  setWake(wake: () => void): void;
  /** Starts accepting HTTP requests and connects Socket Mode (resolves once connected). */
  start(): Promise<void>;
  /** Stops receiving, then waits for the queued work. */
  stop(): Promise<void>;
  /** Resolves when all work accepted so far is done (tests, benches, shutdown). */
  idle(): Promise<void>;
}

/** Builds the adapter; nothing is received until `start()`. */
export function createSlackAdapter(opts: SlackAdapterOptions): SlackAdapter {
  const { env, deps, log } = opts;
  const api = createSlackClient(env);
  const identity = createIdentity(api);
  const dir = slackDirectory(deps.org);
  let wake = opts.wake ?? (() => undefined);
  const ctx: InboundContext = {
    deps, api, dir, notices: createNoticeStatus(deps, api),
    handle: (ev) => handleInbound(deps, ev, log),
    self: () => identity.known(),
    wake: () => wake(),
    fetch: opts.fetch ?? globalThis.fetch,
    ...(log ? { log } : {}),
  };
  const seen = new SeenSet({ ttlMs: opts.dedupeTtlMs ?? 15 * 60_000 });
  const queue = createSerialQueue((err, user) => {
    const e = err as { message?: string };
    log?.error({ platform: 'slack', user: `slack:${user}`, err: e?.message ?? String(err) }, 'slack inbound processing failed');
  });

  const entry: SlackEntry = {
    event(body) {
      const d = decodeEvent(body, identity.known());
      if (d.kind === 'ignore') return;
      if (d.eventId && !seen.firstSeen(`event:${d.eventId}`, Date.now())) {
        log?.info?.({ platform: 'slack', eventId: d.eventId }, 'slack retry ignored (event already handled)');
        return;
      }
      queue.push(d.user, () => (d.kind === 'message' ? onMessage(ctx, d) : d.kind === 'reaction' ? onReaction(ctx, d) : onHome(ctx, d)));
    },
    action(body) {
      const b = decodeButton(body);
      if (b) queue.push(b.user, () => onButton(ctx, b));
    },
    command(body) {
      const c = decodeCommand(body);
      if (c) queue.push(c.user, () => onCommand(ctx, c));
    },
    shortcut(body) {
      const s = body as { callback_id?: string; trigger_id?: string; user?: { id?: string } };
      const user = s.user?.id;
      if (s.callback_id === NEW_FORM_CALLBACK && user && s.trigger_id) queue.push(user, () => onShortcut(ctx, { user, triggerId: s.trigger_id! }));
    },
    submission(body) {
      const s = decodeSubmission(body);
      if (!s) return undefined;
      const outcome = checkSubmission(ctx, s);
      if (outcome.work) queue.push(s.user, outcome.work);
      return outcome.ack;
    },
  };

  const common = {
    botToken: env.botToken, identity, entry, logger: boltLogger(log),
    clientOptions: { slackApiUrl: env.apiUrl, logLevel: LogLevel.ERROR, retryConfig: { retries: 0 } },
    onError: (err: Error) => log?.error({ platform: 'slack', err: err.message }, 'slack listener failed'),
  };
  const apps: SlackAdapter['apps'] = {};
  const routes: SlackRoute[] = [];
  if (env.signingSecret) {
    const receiver = new SharedHttpReceiver({ signingSecret: env.signingSecret, logger: common.logger });
    apps.http = createHttpApp({ ...common, receiver });
    routes.push({ method: 'POST', path: SLACK_EVENTS_PATH, handler: receiver.handle });
  }
  if (env.appToken) apps.socket = createSocketApp({ ...common, appToken: env.appToken });

  const sender = createSlackSender({
    client: api, store: deps.store, clock: deps.clock, ...(log ? { log } : {}),
    liveCard: async (formId) => {
      const loaded = await deps.store.transaction(async (tx) => {
        const form = await tx.forms.byId(formId);
        return form && { form, events: await tx.formEvents.forForm(formId) };
      });
      return loaded && liveFormCard(loaded.form, loaded.events, deps.org, deps.policy.timezone);
    },
  });

  return {
    api, sender, routes, apps,
    withFormThreads: (base) => withSlackFormThreads(base, { org: deps.org, store: deps.store }),
    setWake(w) {
      wake = w;
    },
    async start() {
      await apps.http?.start();
      await apps.socket?.start();
    },
    async stop() {
      for (const app of [apps.http, apps.socket]) {
        // A Socket Mode client that never connected refuses to stop; shutting down goes on.
        await app?.stop().catch((err: unknown) => log?.warn({ platform: 'slack', err: String(err) }, 'slack: stopping a receiver failed'));
      }
      await queue.idle();
    },
    idle: () => queue.idle(),
  };
}

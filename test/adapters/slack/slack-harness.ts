/**
 * The real bot on Slack for tests: the demo org (with a few more Slack ids), a SQLite store, a
 * virtual clock, the Slack adapter with real Bolt — over HTTP on the shared server with signed
 * requests, or in Socket Mode against a local WebSocket server — the outbox dispatcher with the
 * adapter's sender, and the fake Slack Web API that records every call. `deliver()` waits for the
 * queued inbound work and sends every due outbox row, so a test reads like a conversation.
 */
import { createHttpServer, type HttpServer } from '../../../src/infra/http/server.js';
import { createMetrics } from '../../../src/infra/http/metrics.js';
import { createLogger } from '../../../src/infra/log.js';
import { createAddressResolver, formDeptsFromStore } from '../../../src/infra/outbox/address-resolver.js';
import { createDispatcher, type Dispatcher } from '../../../src/infra/outbox/dispatcher.js';
import { createSlackAdapter, type SlackAdapter } from '../../../src/adapters/slack/slack-adapter.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import type { TestDialect } from '../../helpers/databases.js';
import { FakeSlack } from '../../fakes/fake-slack.js';
import { FakeSlackSocket, type EnvelopeType } from '../../fakes/fake-slack-socket.js';
import { commandRequest, eventBody, interactiveRequest, jsonRequest, messageEvent, sign, SIGNING_SECRET, type RawRequest } from './slack-fixtures.js';

/** How Slack reaches the bot. */
export type Mode = 'http' | 'socket';

/** Slack ids added to the demo org for these tests (the demo has wang, chen, liu, zhao, lin, han). */
export const EXTRA_SLACK_IDS: Record<string, string> = { zheng: 'U0ZHENG', feng: 'U0FENG', cao: 'U0CAO', he: 'U0HE' };

/** What Slack got back: HTTP status (200 for a Socket Mode ack) and the body (or ack payload). */
export interface Answer {
  status: number;
  body: unknown;
}

/** Log lines the adapter wrote (level, fields, message). */
export type LogLine = { level: string; obj: Record<string, unknown>; msg: string };

/** A running bot with its fake Slack, and how to talk to it in either mode. */
export interface SlackBot {
  mode: Mode;
  app: TestApp;
  fake: FakeSlack;
  adapter: SlackAdapter;
  logs: LogLine[];
  /** The shared HTTP server's base URL (HTTP mode). */
  base: string;
  event(body: unknown, opts?: { retryNum?: number }): Promise<Answer>;
  interactive(payload: unknown): Promise<Answer>;
  command(fields: Record<string, string>): Promise<Answer>;
  /** POSTs raw bytes to /slack/events with the given headers (HTTP mode only). */
  raw(req: RawRequest, headers: Record<string, string>): Promise<Answer>;
  deliver(): Promise<void>;
  close(): Promise<void>;
}

async function readAnswer(res: Response): Promise<Answer> {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : '';
  } catch {
    /* plain text */
  }
  return { status: res.status, body };
}

/** Starts the bot; `dialect` picks the database (default: a SQLite file). */
export async function startSlackBot(mode: Mode, dialect?: TestDialect): Promise<SlackBot> {
  const db = dialect && dialect.name !== 'sqlite' ? await dialect.create() : undefined;
  const app = await createTestApp('2026-11-24 09:00', db ? { url: db.url, drop: db.drop } : {});
  for (const p of app.org.people) if (EXTRA_SLACK_IDS[p.id]) p.platformIds.slack = EXTRA_SLACK_IDS[p.id];
  const fake = await new FakeSlack().start();
  const socket = mode === 'socket' ? await new FakeSlackSocket().start() : undefined;
  if (socket) fake.socketUrl = socket.url;
  const logs: LogLine[] = [];
  const at = (level: string) => (obj: object, msg: string) => void logs.push({ level, obj: obj as Record<string, unknown>, msg });
  const log = { info: at('info'), warn: at('warn'), error: at('error') };
  const env = {
    botToken: 'xoxb-test', apiUrl: fake.url, socketMode: mode === 'socket',
    ...(mode === 'http' ? { signingSecret: SIGNING_SECRET } : { appToken: 'xapp-test' }),
  };
  const adapter = createSlackAdapter({ env, deps: app, log });
  const http: HttpServer = createHttpServer({ health: { store: app.store }, metrics: createMetrics({ defaultMetrics: false }), log: createLogger({ level: 'silent' }) });
  for (const r of adapter.routes) http.addRoute(r.method, r.path, r.handler);
  const port = await http.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${port}`;
  const resolve = adapter.withFormThreads(createAddressResolver({ org: app.org, platforms: ['slack'], formDepts: formDeptsFromStore(app.store) }));
  const dispatcher: Dispatcher = createDispatcher({ store: app.store, senders: { slack: adapter.sender }, resolve, clock: app.clock, limits: {}, log });
  await adapter.start();
  if (socket) await socket.connected;

  const raw = async (req: RawRequest, headers: Record<string, string>) =>
    readAnswer(await fetch(`${base}/slack/events`, { method: 'POST', headers: { 'content-type': req.contentType, ...headers }, body: req.body }));
  const signed = (req: RawRequest, extra: Record<string, string> = {}) => {
    const ts = Math.floor(Date.now() / 1000);
    return raw(req, { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sign(req.body, ts), ...extra });
  };
  const viaSocket = async (type: EnvelopeType, payload: unknown, retryAttempt?: number): Promise<Answer> =>
    ({ status: 200, body: await socket!.send(type, payload, retryAttempt ? { retryAttempt } : {}) });

  return {
    mode, app, fake, adapter, logs, base, raw,
    event: (body, opts = {}) =>
      socket ? viaSocket('events_api', body, opts.retryNum) : signed(jsonRequest(body), opts.retryNum ? { 'x-slack-retry-num': String(opts.retryNum), 'x-slack-retry-reason': 'http_timeout' } : {}),
    interactive: (payload) => (socket ? viaSocket('interactive', payload) : signed(interactiveRequest(payload))),
    command: (fields) => (socket ? viaSocket('slash_commands', fields) : signed(commandRequest(fields))),
    async deliver() {
      for (let round = 0; round < 50; round++) {
        await adapter.idle();
        const pass = await dispatcher.dispatchOnce(app.clock.now());
        if (pass.claimed === 0) return;
      }
      throw new Error('outbox did not drain');
    },
    async close() {
      await adapter.stop();
      await http.close();
      await socket?.stop();
      await fake.stop();
      await app.close();
    },
  };
}

/** Sends a message event and waits for its work and deliveries; returns the message's ts. */
export async function say(bot: SlackBot, user: string, channel: string, text: string, opts: { threadTs?: string } = {}): Promise<string> {
  const ev = messageEvent(user, channel, text, opts);
  // Slack has the person's message before it tells the bot (a thread reply needs its root there).
  bot.fake.messages.push({ channel, ts: String(ev['ts']), text, ...(opts.threadTs ? { thread_ts: opts.threadTs } : {}) });
  const a = await bot.event(eventBody(ev));
  if (a.status !== 200) throw new Error(`event answered ${a.status}`);
  await bot.deliver();
  return String(ev['ts']);
}

/**
 * The real bot on Slack for tests: `serve()` (server mode: the HTTP server, the durable inbox and
 * its worker, the dispatcher, the scheduler) with the demo org (plus a few more Slack ids) on a
 * SQLite file or PostgreSQL, a virtual clock, the Slack adapter — over HTTP on the shared server
 * with signed requests, or in Socket Mode against a local WebSocket server — and the fake Slack
 * Web API that records every call. `deliver()` waits until every committed event is processed and
 * the outbox is empty, so a test reads like a conversation. Rate limits are off here (a virtual
 * clock that stands still would hold the second message to a channel for ever); the conformance
 * suite and the benches run with them.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { AppDeps } from '../../../src/app/deps.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { localInstant } from '../../../src/domain/local-time.js';
import { VirtualClock } from '../../../src/infra/clock.js';
import { createLogger } from '../../../src/infra/log.js';
import { serve, type Served } from '../../../src/server/serve.js';
import { TEST_SECRET, TZ } from '../../helpers/app.js';
import { createSqliteFile, type TestDialect } from '../../helpers/databases.js';
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

/** Log lines the bot wrote (level, fields, message). */
export type LogLine = { level: string; obj: Record<string, unknown>; msg: string };

/** A running bot with its fake Slack, and how to talk to it in either mode. */
export interface SlackBot {
  mode: Mode;
  /** The running app's dependencies (store, org, policy, clock). */
  app: AppDeps & { clock: VirtualClock };
  served: Served;
  fake: FakeSlack;
  logs: LogLine[];
  /** The shared HTTP server's base URL. */
  base: string;
  /** The database (`sqlite:PATH` by default). */
  dbUrl: string;
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

/** The demo org file with the extra Slack ids, written next to the database. */
function orgFileWithSlackIds(dir: string): string {
  const org = parse(readFileSync('data/org.example.yaml', 'utf8')) as { people: Array<{ id: string; slack?: string }> };
  for (const p of org.people) if (EXTRA_SLACK_IDS[p.id]) p.slack = EXTRA_SLACK_IDS[p.id];
  const file = join(dir, 'org.yaml');
  writeFileSync(file, stringify(org));
  return file;
}

/** A JSON log destination that keeps the lines. */
function logSink(lines: LogLine[]) {
  return {
    write(chunk: string) {
      for (const l of chunk.split('\n').filter(Boolean)) {
        const o = JSON.parse(l) as Record<string, unknown>;
        lines.push({ level: ({ 30: 'info', 40: 'warn', 50: 'error' } as Record<number, string>)[o['level'] as number] ?? String(o['level']), obj: o, msg: String(o['msg']) });
      }
    },
  };
}

/** Starts the bot; `dialect` picks the database (default: a SQLite file). */
export async function startSlackBot(mode: Mode, dialect?: TestDialect, opts: { env?: Record<string, string> } = {}): Promise<SlackBot> {
  const db = dialect && dialect.name !== 'sqlite' ? await dialect.create() : await createSqliteFile();
  const dir = mkdtempSync(join(tmpdir(), 'shoudao-slack-'));
  const fake = await new FakeSlack().start();
  const socket = mode === 'socket' ? await new FakeSlackSocket().start() : undefined;
  if (socket) fake.socketUrl = socket.url;
  const logs: LogLine[] = [];
  const env: Record<string, string> = {
    DATABASE_URL: db.url,
    ORG_FILE: orgFileWithSlackIds(dir),
    SHOUDAO_SECRET: TEST_SECRET,
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_API_URL: fake.url,
    ...(mode === 'http' ? { SLACK_SIGNING_SECRET: SIGNING_SECRET } : { SLACK_APP_TOKEN: 'xapp-test' }),
    ...opts.env,
  };
  const clock = new VirtualClock(localInstant('2026-11-24 09:00', TZ));
  const config = loadConfig({ env, cwd: process.cwd() });
  const served = await serve(config, { log: createLogger({ level: 'info', destination: logSink(logs) }), clock, port: 0, rateLimits: false });
  const app = Object.assign(served.deps, { clock });
  const base = `http://127.0.0.1:${served.port}`;
  if (socket) await socket.connected;
  // The start-up catch-up tick (reports of the past month) is done before a test begins.
  await served.scheduler.tickNow();

  const raw = async (req: RawRequest, headers: Record<string, string>) =>
    readAnswer(await fetch(`${base}/slack/events`, { method: 'POST', headers: { 'content-type': req.contentType, ...headers }, body: req.body }));
  const signed = (req: RawRequest, extra: Record<string, string> = {}) => {
    const ts = Math.floor(clock.now() / 1000);
    return raw(req, { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sign(req.body, ts), ...extra });
  };
  const viaSocket = async (type: EnvelopeType, payload: unknown, retryAttempt?: number): Promise<Answer> =>
    ({ status: 200, body: await socket!.send(type, payload, retryAttempt ? { retryAttempt } : {}) });

  const bot: SlackBot = {
    mode, app, served, fake, logs, base, raw, dbUrl: db.url,
    event: (body, o = {}) =>
      socket ? viaSocket('events_api', body, o.retryNum) : signed(jsonRequest(body), o.retryNum ? { 'x-slack-retry-num': String(o.retryNum), 'x-slack-retry-reason': 'http_timeout' } : {}),
    interactive: (payload) => (socket ? viaSocket('interactive', payload) : signed(interactiveRequest(payload))),
    command: (fields) => (socket ? viaSocket('slash_commands', fields) : signed(commandRequest(fields))),
    async deliver() {
      for (const until = Date.now() + 15_000; Date.now() < until; ) {
        await served.idle();
        const left = await served.deps.store.transaction(async (tx) => (await tx.outbox.count('pending')) + (await tx.outbox.count('sending')));
        if (left === 0 && (await served.deps.store.transaction(async (tx) => (await tx.inbox.counts()).pending)) === 0) return;
        served.platforms.wake();
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error('outbox did not drain');
    },
    async close() {
      await served.stop();
      await socket?.stop();
      await fake.stop();
      await db.drop();
    },
  };
  // …and its messages delivered: a test starts with nothing in flight.
  await bot.deliver();
  return bot;
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

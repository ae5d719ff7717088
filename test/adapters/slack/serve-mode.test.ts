/**
 * Server mode wires Slack from the environment alone (issue 5 §1): `SLACK_SIGNING_SECRET` mounts
 * the receiver on the one HTTP server at `POST /slack/events`; `SLACK_APP_TOKEN` connects Socket Mode;
 * `SLACK_API_URL` points the Web API client — and Socket Mode's `apps.connections.open` — at the
 * fake. A DM gets its answer, and an outbox message reaches Slack through the dispatcher.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';
import { localInstant } from '../../../src/domain/local-time.js';
import { VirtualClock } from '../../../src/infra/clock.js';
import { serve, type Served } from '../../../src/server/serve.js';
import { createLogger } from '../../../src/infra/log.js';
import { FakeSlack } from '../../fakes/fake-slack.js';
import { FakeSlackSocket } from '../../fakes/fake-slack-socket.js';
import { TEST_SECRET, TZ } from '../../helpers/app.js';
import { ConfigError } from '../../../src/config/config-error.js';
import { createSqliteFile, type TestDatabase } from '../../helpers/databases.js';
import { eventBody, jsonRequest, messageEvent, sign, SIGNING_SECRET } from './slack-fixtures.js';

let served: Served | undefined;
let db: TestDatabase | undefined;
let fake: FakeSlack | undefined;
let socket: FakeSlackSocket | undefined;
afterEach(async () => {
  await served?.stop();
  await db?.drop();
  await fake?.stop();
  await socket?.stop();
  served = db = fake = socket = undefined;
});

async function start(env: Record<string, string>) {
  db = await createSqliteFile();
  const config = loadConfig({ env: { DATABASE_URL: db.url, SHOUDAO_SECRET: TEST_SECRET, SLACK_BOT_TOKEN: 'xoxb-test', SLACK_API_URL: fake!.url, ...env }, cwd: process.cwd() });
  clock = new VirtualClock(localInstant('2026-11-24 09:00', TZ));
  served = await serve(config, { log: createLogger({ level: 'silent' }), clock, port: 0 });
}
let clock: VirtualClock;

/** Waits until `check` holds (the dispatch loop and Socket Mode run on their own). */
async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  expect(check()).toBe(true);
}

describe('Slack in server mode', () => {
  it('refuses to start a chat platform without SHOUDAO_SECRET (inbound payloads are sealed with it), naming the variable', async () => {
    fake = await new FakeSlack().start();
    db = await createSqliteFile();
    const config = loadConfig({ env: { DATABASE_URL: db.url, SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.url }, cwd: process.cwd() });
    const err = await serve(config, { log: createLogger({ level: 'silent' }), port: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toContain('SHOUDAO_SECRET');
  });

  it('HTTP: the receiver answers on /slack/events of the shared server', async () => {
    fake = await new FakeSlack().start();
    await start({ SLACK_SIGNING_SECRET: SIGNING_SECRET });
    const req = jsonRequest(eventBody(messageEvent('U0WANG', 'DU0WANG', '通知 @zhao 下午三点开会')));
    const ts = Math.floor(clock.now() / 1000);
    const res = await fetch(`http://127.0.0.1:${served!.port}/slack/events`, {
      method: 'POST', headers: { 'content-type': req.contentType, 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sign(req.body, ts) }, body: req.body,
    });
    expect(res.status).toBe(200);
    // The status line answers wang; the dispatcher, woken by the adapter, brings zhao his card.
    await until(() => fake!.messages.some((m) => m.channel === 'DU0WANG' && m.text.includes('已确认 0/1')));
    await until(() => fake!.messages.some((m) => m.channel === 'DU0ZHAO' && m.text.includes('下午三点开会')));
    const bad = await fetch(`http://127.0.0.1:${served!.port}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(bad.status).toBe(401);
  });

  it('Socket Mode: connects through SLACK_API_URL and handles envelopes', async () => {
    fake = await new FakeSlack().start();
    socket = await new FakeSlackSocket().start();
    fake.socketUrl = socket.url;
    await start({ SLACK_APP_TOKEN: 'xapp-1-test' });
    await socket.connected;
    expect(fake.callsOf('apps.connections.open')).toHaveLength(1);
    expect(await socket.send('events_api', eventBody(messageEvent('U0ZHAO', 'DU0ZHAO', '帮助')))).toEqual({});
    await until(() => fake!.messages.some((m) => m.channel === 'DU0ZHAO' && m.text.includes('帮助')));
    // No HTTP endpoint without a signing secret.
    expect((await fetch(`http://127.0.0.1:${served!.port}/slack/events`, { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('Socket Mode: /healthz shows a dropped connection as down, and up again once it is back', async () => {
    fake = await new FakeSlack().start();
    socket = await new FakeSlackSocket().start();
    fake.socketUrl = socket.url;
    await start({ SLACK_APP_TOKEN: 'xapp-1-test' });
    await socket.connected;
    const slackState = async () => ((await (await fetch(`http://127.0.0.1:${served!.port}/healthz`)).json()) as { platforms: Record<string, string> }).platforms['slack'];
    expect(await slackState()).toBe('up');
    socket.drop();
    await untilAsync(async () => (await slackState()) === 'down', 10_000);
    // A dropped platform connection is reported, not a failed instance (restarting does not bring Slack back).
    expect((await fetch(`http://127.0.0.1:${served!.port}/healthz`)).status).toBe(200);
    socket.restore();
    await untilAsync(async () => (await slackState()) === 'up', 20_000);
    expect(await socket.send('events_api', eventBody(messageEvent('U0ZHAO', 'DU0ZHAO', '帮助')))).toEqual({});
  });
});

async function untilAsync(check: () => Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check()) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  expect(await check()).toBe(true);
}

/**
 * The server under test of the Slack bench (slack-bench.ts), run as a child process so the load
 * generator and the fake Slack API do not share its CPU. `bare`: a Bolt app that only
 * acknowledges, on the same shared HTTP server and receiver as the bot. `bot`: the real server
 * mode (`serve`) from the environment — SQLite file, outbox dispatcher, scheduler and the Slack
 * adapter. Prints `{"port":N}` on stdout once listening; exits on SIGTERM.
 */
import { App } from '@slack/bolt';
import type { Store } from '../../src/app/ports.js';
import { boltLogger, SharedHttpReceiver, SLACK_EVENTS_PATH } from '../../src/adapters/slack/bolt-receiver.js';
import { loadConfig } from '../../src/config/load-config.js';
import { createMetrics } from '../../src/infra/http/metrics.js';
import { serve } from '../../src/infra/http/serve.js';
import { createHttpServer } from '../../src/infra/http/server.js';
import { createLogger } from '../../src/infra/log.js';

const mode = process.argv[2];
const log = createLogger({ level: 'warn' });

async function bare(): Promise<{ port: number; stop: () => Promise<void> }> {
  const receiver = new SharedHttpReceiver({ signingSecret: process.env['SLACK_SIGNING_SECRET']!, logger: boltLogger(log) });
  const app = new App({ receiver, authorize: async () => ({ botToken: 'xoxb-bench', botId: 'BBOT', botUserId: 'UBOT' }), logger: boltLogger(log) });
  app.event(/.*/, async () => undefined);
  app.action(/.*/, async ({ ack }) => ack());
  // No store: the bare app never serves /healthz during the bench.
  const http = createHttpServer({ health: { store: undefined as unknown as Store }, metrics: createMetrics({ defaultMetrics: false }), log });
  http.addRoute('POST', SLACK_EVENTS_PATH, receiver.handle);
  await app.start();
  const port = await http.listen(0, '127.0.0.1');
  return { port, stop: () => http.close() };
}

async function bot(): Promise<{ port: number; stop: () => Promise<void> }> {
  const config = loadConfig({ env: { ...process.env }, cwd: process.cwd() });
  const served = await serve(config, { log, port: 0 });
  return { port: served.port, stop: () => served.stop() };
}

const running = await (mode === 'bare' ? bare() : bot());
process.stdout.write(`${JSON.stringify({ port: running.port })}\n`);
process.once('SIGTERM', () => void running.stop().finally(() => process.exit(0)));

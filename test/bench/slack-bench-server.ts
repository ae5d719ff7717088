/**
 * The server under test of the Slack bench (slack-bench.ts), run as a child process so the load
 * generator and the fake Slack API do not share its CPU. `bare`: a Bolt app on Bolt's own HTTP
 * receiver that only acknowledges (the SDK floor). `bot`: the real server
 * mode (`serve`) from the environment — SQLite file, outbox dispatcher, scheduler and the Slack
 * adapter. Prints `{"port":N}` on stdout once listening; exits on SIGTERM.
 */
import { App, LogLevel } from '@slack/bolt';
import { loadConfig } from '../../src/config/load-config.js';
import { serve } from '../../src/server/serve.js';
import { createLogger } from '../../src/infra/log.js';

const mode = process.argv[2];
const log = createLogger({ level: 'warn' });

/** Bolt's own HTTP receiver on its own port, acknowledging every event and action and doing nothing else. */
async function bare(): Promise<{ port: number; stop: () => Promise<void> }> {
  const app = new App({
    signingSecret: process.env['SLACK_SIGNING_SECRET']!,
    authorize: async () => ({ botToken: 'xoxb-bench', botId: 'BBOT', botUserId: 'UBOT' }),
    logLevel: LogLevel.ERROR,
    endpoints: '/slack/events',
  });
  app.event(/.*/, async () => undefined);
  app.action(/.*/, async ({ ack }) => ack());
  const port = 20000 + Math.floor(Math.random() * 20000);
  await app.start(port);
  return { port, stop: () => app.stop() as Promise<void> };
}

async function bot(): Promise<{ port: number; stop: () => Promise<void> }> {
  const config = loadConfig({ env: { ...process.env }, cwd: process.cwd() });
  const served = await serve(config, { log, port: 0 });
  return { port: served.port, stop: () => served.stop() };
}

const running = await (mode === 'bare' ? bare() : bot());
process.stdout.write(`${JSON.stringify({ port: running.port })}\n`);
process.once('SIGTERM', () => void running.stop().finally(() => process.exit(0)));

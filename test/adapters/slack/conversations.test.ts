/**
 * Issue 5's conversations against the real Bolt app — over HTTP with requests signed as Slack
 * signs them, and in Socket Mode against a local WebSocket server — with the fake Slack Web API
 * recording every call: a form's whole life, and a notice acknowledged three ways.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { testDialects, type TestDialect } from '../../helpers/databases.js';
import { formLife, noticeAcks } from './scenarios.js';
import { startSlackBot, type Mode, type SlackBot } from './slack-harness.js';

let bot: SlackBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

/** HTTP and Socket Mode on SQLite; HTTP on PostgreSQL too when TEST_DATABASE_URL is set. */
const cases: Array<{ mode: Mode; dialect: TestDialect }> = testDialects().flatMap((dialect) =>
  (dialect.name === 'sqlite' ? (['http', 'socket'] as const) : (['http'] as const)).map((mode) => ({ mode, dialect })));

describe.each(cases)('Slack over $mode on $dialect.name', ({ mode, dialect }) => {
  it("a form's whole life through thread replies, buttons and modals", async () => {
    bot = await startSlackBot(mode, dialect);
    await formLife(bot);
    // Socket Mode really connected through apps.connections.open; HTTP never did.
    expect(bot.fake.callsOf('apps.connections.open')).toHaveLength(mode === 'socket' ? 1 : 0);
    if (process.env['SHOW_SLACK']) for (const m of bot.fake.messages) console.log(m.channel, m.ts, m.thread_ts ?? '', m.text.replace(/\n/g, ' ⏎ '));
  });

  it('a notice acknowledged by a reaction, a thread reply and a button', async () => {
    bot = await startSlackBot(mode, dialect);
    await noticeAcks(bot);
  });
});

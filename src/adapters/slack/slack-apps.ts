/**
 * The Bolt apps (protocols.md C.4–C.5): one on the shared HTTP server (bolt-receiver.ts), and one
 * in Socket Mode when `SLACK_APP_TOKEN` is set. Both register the same listeners, which only
 * acknowledge and hand the payload to `SlackEntry` (slack-adapter.ts): events are acknowledged by
 * Bolt before any listener runs; actions, commands, shortcuts and views are acknowledged first
 * thing here, a view with its field errors when it has some. Nothing waits for the bot's work.
 *
 * Authorization is ours: the bot token with the identity from one `auth.test`
 * (https://docs.slack.dev/reference/methods/auth.test), asked on the first event and cached —
 * a failure is not cached, so a network blip at start-up does not disable the bot.
 */
import { App, type Logger, type Receiver } from '@slack/bolt';
import type { WebClient, WebClientOptions } from '@slack/web-api';
import type { SelfIds } from './decode.js';

/** The bot's identity from `auth.test`. */
export interface Identity {
  /** The identity, asking Slack once (concurrent callers share the answer; failures are retried). */
  get(): Promise<Required<SelfIds> & { teamId?: string }>;
  /** What is known so far, without asking. */
  known(): SelfIds;
}

/** The identity behind `api`'s token, asked lazily. */
export function createIdentity(api: Pick<WebClient, 'auth'>): Identity {
  let known: (Required<SelfIds> & { teamId?: string }) | undefined;
  let asking: Promise<Required<SelfIds> & { teamId?: string }> | undefined;
  return {
    get() {
      if (known) return Promise.resolve(known);
      asking ??= api.auth.test().then(
        (r) => {
          known = { botUserId: r.user_id ?? '', botId: r.bot_id ?? '', ...(r.team_id ? { teamId: r.team_id } : {}) };
          return known;
        },
        (err: unknown) => {
          asking = undefined;
          throw err;
        },
      );
      return asking;
    },
    known: () => known ?? {},
  };
}

/** Where Bolt hands traffic after acknowledging: returns at once, the work is queued. */
export interface SlackEntry {
  event(body: unknown): void;
  action(body: unknown): void;
  command(body: unknown): void;
  shortcut(body: unknown): void;
  /** Checks a submission; answers the acknowledgement payload (field errors) and queues the work. */
  submission(body: unknown): { response_action: 'errors'; errors: Record<string, string> } | undefined;
}

/** What both apps are built from. */
export interface SlackAppOptions {
  botToken: string;
  identity: Identity;
  logger: Logger;
  clientOptions: WebClientOptions;
  entry: SlackEntry;
  onError: (err: Error) => void;
}

function register(app: App, entry: SlackEntry, onError: (err: Error) => void): App {
  app.event(/.*/, async ({ body }) => entry.event(body));
  app.action(/.*/, async ({ ack, body }) => {
    await ack();
    entry.action(body);
  });
  app.command(/.*/, async ({ ack, body }) => {
    await ack();
    entry.command(body);
  });
  app.shortcut(/.*/, async ({ ack, body }) => {
    await ack();
    entry.shortcut(body);
  });
  app.view(/.*/, async ({ ack, body }) => {
    const errors = entry.submission(body);
    await (errors ? ack(errors) : ack());
  });
  app.error(async (err) => onError(err));
  return app;
}

const authorize = (opts: SlackAppOptions) => async () => {
  const id = await opts.identity.get();
  return { botToken: opts.botToken, botId: id.botId, botUserId: id.botUserId, ...(id.teamId ? { teamId: id.teamId } : {}) };
};

/** The app behind `SharedHttpReceiver` (or any receiver). */
export function createHttpApp(opts: SlackAppOptions & { receiver: Receiver }): App {
  const app = new App({ receiver: opts.receiver, authorize: authorize(opts), logger: opts.logger, clientOptions: opts.clientOptions });
  return register(app, opts.entry, opts.onError);
}

/** The Socket Mode app: `apps.connections.open` goes to `clientOptions.slackApiUrl` too. */
export function createSocketApp(opts: SlackAppOptions & { appToken: string }): App {
  const app = new App({ appToken: opts.appToken, socketMode: true, authorize: authorize(opts), logger: opts.logger, clientOptions: opts.clientOptions });
  return register(app, opts.entry, opts.onError);
}

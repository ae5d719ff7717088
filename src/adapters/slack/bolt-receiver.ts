/**
 * Receiving Slack traffic with Bolt (ARCHITECTURE: a `Receiver { init, start, stop }` kept apart
 * from handling, as in bolt-js's receivers; protocols.md C.4, C.6 pattern 1).
 *
 * `SharedHttpReceiver` mounts Bolt's own `HTTPReceiver` request listener on the deployment's one
 * HTTP server (src/infra/http/server.ts) at `POST /slack/events` instead of letting Bolt open a
 * port. Everything Slack-specific stays in Bolt: the signature check over the raw body (401), the
 * 5-minute staleness window (401), malformed bodies (400), oversized ones (413), `ssl_check` and
 * `url_verification`, and the acknowledgement (`processBeforeResponse: false`: the HTTP answer
 * goes out as soon as a listener acks, before the work). Socket Mode uses Bolt's
 * `SocketModeReceiver` unchanged (slack-apps.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTPReceiver, LogLevel, type App, type Logger, type Receiver } from '@slack/bolt';
import type { SlackLog } from './inbound-context.js';

/** The path of events, slash commands and interactivity (ARCHITECTURE "Contracts"). */
export const SLACK_EVENTS_PATH = '/slack/events';

/** Options of `SharedHttpReceiver`. */
export interface SharedHttpReceiverOptions {
  signingSecret: string;
  logger: Logger;
  /** How long Bolt waits for a listener's `ack()` before answering 404 itself (default 3001 ms). */
  unhandledRequestTimeoutMillis?: number;
}

/** Bolt's HTTP receiver without its own server; `handle` is the route for `HttpServer.addRoute`. */
export class SharedHttpReceiver implements Receiver {
  private readonly inner: HTTPReceiver;
  private accepting = false;

  constructor(opts: SharedHttpReceiverOptions) {
    this.inner = new HTTPReceiver({
      signingSecret: opts.signingSecret,
      endpoints: [SLACK_EVENTS_PATH],
      logger: opts.logger,
      processBeforeResponse: false,
      ...(opts.unhandledRequestTimeoutMillis !== undefined ? { unhandledRequestTimeoutMillis: opts.unhandledRequestTimeoutMillis } : {}),
    });
  }

  init(app: App): void {
    this.inner.init(app);
  }

  /** Starts accepting requests (the HTTP server itself is the deployment's). */
  start(): Promise<void> {
    this.accepting = true;
    return Promise.resolve();
  }

  /** Stops accepting: later requests get 503, so Slack retries them elsewhere or later. */
  stop(): Promise<void> {
    this.accepting = false;
    return Promise.resolve();
  }

  /** The route handler: Bolt's request listener (it answers every request itself). */
  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    if (!this.accepting) {
      res.writeHead(503, { 'content-type': 'text/plain' });
      res.end('not accepting');
      return;
    }
    this.inner.requestListener(req, res);
  };
}

/** Bolt's logger on ours: debug is dropped; arguments are reduced to messages (no payloads). */
export function boltLogger(log: SlackLog | undefined): Logger {
  let level = LogLevel.INFO;
  const text = (msg: unknown[]) =>
    msg.map((m) => (m instanceof Error ? m.message : typeof m === 'string' ? m : '')).filter(Boolean).join(' ').slice(0, 300);
  return {
    debug: () => undefined,
    info: (...msg: unknown[]) => log?.info?.({ platform: 'slack', source: 'bolt' }, text(msg)),
    warn: (...msg: unknown[]) => log?.warn({ platform: 'slack', source: 'bolt' }, text(msg)),
    error: (...msg: unknown[]) => log?.error({ platform: 'slack', source: 'bolt' }, text(msg)),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

/**
 * The conformance suite's view of a platform (ARCHITECTURE rule 13): one conversation suite
 * (test/conformance/suite.ts, one test file per platform family) runs against every adapter through its fake platform
 * server, with the REAL bot as a child process (`node --import tsx src/main.ts`, server mode, a
 * SQLite file or PostgreSQL) — so a kill is a real SIGKILL. A platform is done when its driver
 * passes the suite unchanged.
 *
 * A driver starts its fake platform (HTTP API, and the long-connection gateway where the platform
 * has one), says which environment variables point the bot at it, and speaks the platform's real
 * wire protocol to the bot: signed/encrypted HTTP callbacks, or frames over the gateway's socket.
 * Every person of the conformance org (deployment.ts) has an id on every platform (`userOf`).
 * Drivers are listed in drivers/index.ts.
 */
import type { PersonId } from '../../src/domain/org.js';

/** What the platform got back for one delivery of an event. */
export interface Delivered {
  /** The platform's event id; delivering the same id again is a redelivery (a retry). */
  id: string;
  /** The bot acknowledged it (HTTP 2xx, or an ack frame for this event). */
  acked: boolean;
  /** The HTTP status, where there is one (a refused delivery is not acked). */
  status?: number;
}

/** A message the bot sent to the fake, reduced to what the suite checks. */
export interface Received {
  /** The platform user it went to (a DM, or the person @-mentioned / shown the ephemeral). */
  to: string;
  /** Every text of the message flattened into one string: title, lines, fields, card text. */
  text: string;
  /** The commands of its buttons (as the button would send them), in order. */
  buttons: string[];
  /** The bot's outbox key of the message, where the platform carries it (Slack's metadata). */
  key?: string;
}

/** A running fake platform, as the suite drives it. */
export interface FakePlatform {
  /** Environment variables that configure the bot for this platform against this fake. */
  env: Record<string, string>;
  /** The platform user id of a person of the conformance org. */
  userOf(person: PersonId): string;
  /** A platform user id that is in no org (a stranger). */
  stranger: string;
  /** Where the bot listens (`http://127.0.0.1:PORT`): HTTP-callback platforms post there. */
  target(botBase: string): void;
  /** Resolves once the bot is connected, for long-connection platforms (else at once). */
  connected(): Promise<void>;
  /**
   * Whether the platform lets the bot look a message up before re-sending it (Slack: by the outbox
   * key in its metadata). With it every answer arrives exactly once even across a kill; without
   * it (WeCom, DingTalk) one duplicate is possible per kill, for the message in flight.
   */
  exactlyOnceReplies: boolean;
  /** `user` sends `text` to the bot in a direct conversation. */
  sendText(user: string, text: string): Promise<Delivered>;
  /**
   * `user` presses the button whose command starts with `prefix` on the newest message the bot
   * sent them that has one (throws if none).
   */
  click(user: string, prefix: string): Promise<Delivered>;
  /** Delivers the same event again, as the platform retries (same event id, fresh signature). */
  redeliver(d: Delivered): Promise<Delivered>;
  /** Everything the bot sent so far, oldest first. */
  received(): Received[];
  /** While on, every send API call of the bot fails as the platform fails (HTTP 500 / error code). */
  failSends(on: boolean): void;
  stop(): Promise<void>;
}

/** One platform mode the suite runs against. */
export interface ConformanceDriver {
  /** `slack-http`, `slack-socket`, `wecom`, `dingtalk-stream`, `dingtalk-http`, `feishu-ws`, `feishu-http`. */
  name: string;
  start(): Promise<FakePlatform>;
}

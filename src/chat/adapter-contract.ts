/**
 * The adapter contract (ARCHITECTURE rules 11–13): what every chat platform folder under
 * src/adapters/<platform>/ provides, and what the shared layers give it. A platform folder has the
 * same files with the same roles:
 *
 * - `env.ts`      its environment variables → its settings (pure; no SDK import);
 * - `adapter.ts`  registration: settings + `AdapterDeps` → `PlatformAdapter`;
 * - `receiver.ts` verify, read the dedupe and order keys, commit to the inbox, acknowledge;
 * - `decode.ts`   pure: a stored payload → `PlatformInbound`;
 * - `render.ts`   pure: a neutral `MessageView` → the platform's message payload;
 * - `api.ts`      the platform API client (token cache, error classification, no retries);
 * - `sender.ts`   the outbox `PlatformSender` (src/chat/sending.ts), declaring its rate limits;
 * - `errors.ts`   the platform's error codes, classified, with admin hints;
 * plus platform-only extras in a subfolder (Slack modals, WeCom crypto, a Stream watchdog).
 *
 * An adapter imports only src/chat, src/texts, src/domain (types and pure functions) and its own
 * folder — never a sibling adapter, never infra (a lint rule enforces it). What every platform
 * shares is written once in src/chat: the directory lookup and its "not in the directory" answer,
 * per-sender order, thread and card binding, and the reply path that honours confidentiality.
 *
 * The life of an inbound event:
 *   receiver: verify → `inbox.accept(entry)` (group commit, sealed payload) → only then 200/ack
 *   worker (any instance): claim in order per sender → `adapter.decode(payload)` →
 *     chat pipeline (directory, place → where, binding) → router → use case, and in the SAME
 *     transaction the reply's outbox row and the inbox row marked done → dispatcher → sender.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MessageView, ReplyTo } from '../domain/message.js';
import type { Org, PersonId, Platform } from '../domain/org.js';
import type { Policy } from '../domain/policy.js';
import type { PlatformRecords } from './platform-records.js';
import type { AddressResolver, PlatformSender, RateLimitSpec } from './sending.js';

/** The chat platforms (the console is in-process and has no inbox). */
export type ChatPlatform = Exclude<Platform, 'console'>;

// ─── Receiving ──────────────────────────────────────────────────────────────────────────────

/** One inbound platform event, as the receiver commits it before acknowledging. */
export interface InboxEntry {
  /** The chat platform — or `customer`, the 客户意见 endpoint (src/server/customer-route.ts). */
  platform: ChatPlatform | 'customer';
  /**
   * Unique per platform event, the same on every redelivery: Slack `event_id` (or an
   * interaction's ids), WeCom `MsgId` (or the event key), DingTalk `msgId` / the frame's
   * `messageId`, Feishu `event_id`. Stored only as a keyed hash.
   */
  dedupeKey: string;
  /**
   * Events with the same order key are processed one at a time, in arrival order, across all
   * instances: the platform's id of the sender. Stored only as a keyed hash, cleared once done.
   */
  orderKey: string;
  /** What `decode` reads later (JSON); sealed at rest, cleared once the event is processed. */
  payload: unknown;
  /** Interactive events whose answer cannot wait (Slack's `trigger_id` lives 3 s): processed first. */
  urgent?: boolean;
}

/** The outcome of `accept`: newly stored, or already stored (a retry; acknowledge it again). */
export type AcceptResult = 'stored' | 'duplicate';

/**
 * The durable inbox. `accept` resolves once the entry is committed (requests arriving together
 * share one transaction); it rejects when the database could not take it — the receiver then
 * answers an error (HTTP 5xx, no ack frame) so the platform delivers it again. Never acknowledge
 * before `accept` has resolved.
 */
export interface Inbox {
  accept(entry: InboxEntry): Promise<AcceptResult>;
}

// ─── Decoding ───────────────────────────────────────────────────────────────────────────────

/**
 * Where something was said, in the platform's own ids: a direct conversation with the bot, a group
 * chat or channel, or a reply in the thread of message `root` (platforms with real threads).
 * The chat pipeline turns it into a `Where` (a DM, a department's chat, a form's thread).
 */
export type PlatformPlace =
  | { kind: 'dm' }
  | { kind: 'group'; channel: string }
  /** `dm`: the thread is in the direct conversation `channel` (Slack DMs have threads too). */
  | { kind: 'thread'; channel: string; root: string; dm?: boolean };

/**
 * What a stored payload means, in platform terms (user ids, not people — the chat layer looks
 * people up). `reply` is how an answer gets back (see `ReplyTo`).
 * - `message`: a person's text (mentions already turned into `@<person id>` with `personOf`);
 * - `click`: a press on one of our buttons; `command` is the button's command text;
 * - `reaction`: an emoji on message `messageId` in `channel`; `ack` when it is one that
 *   acknowledges (✅ / 👀 on Slack);
 * - `submission`: a submitted form (a Slack modal) as the command text it stands for;
 * - `home`: a person opened the bot's home (Slack App Home): answer with their 待办;
 * - `read`: the platform pushed that `user` read the bot's messages `messages` (platform message
 *   ids) at `readAt` (Feishu `im.message.message_read_v1`): recorded as read receipts of the
 *   notices those messages are watched for (src/app/record-read.ts), never answered;
 * - `ignore`: nothing to do (another bot, an edit, an unknown event), with the reason for the log.
 */
export type PlatformInbound =
  | { kind: 'message'; user: string; text: string; place: PlatformPlace; reply: ReplyTo }
  /** `home`: the click was on the bot's home (Slack App Home): refresh it there afterwards. */
  | { kind: 'click'; user: string; command: string; place: PlatformPlace; reply: ReplyTo; home?: ReplyTo }
  | { kind: 'reaction'; user: string; ack: boolean; channel: string; messageId: string; reply: ReplyTo }
  /** `fields`: a submitted new form's fields by name (`receivingDept`, `subject`, `deadline`, …) */
  | { kind: 'submission'; user: string; command: string; fields?: Record<string, string>; place: PlatformPlace; reply: ReplyTo }
  | { kind: 'home'; user: string; reply: ReplyTo }
  | { kind: 'read'; user: string; messages: string[]; readAt: number }
  | { kind: 'ignore'; reason: string };

/** What a pure decode may consult: the directory, to write mentions as `@<person id>`. */
export interface DecodeContext {
  personOf: (platformUser: string) => PersonId | undefined;
}

// ─── Registration ───────────────────────────────────────────────────────────────────────────

/** A problem with a platform's environment variables (never containing a value). */
export interface EnvIssue {
  /** The variable. */
  entry: string;
  message: string;
}

/** Environment variables as read: trimmed, empty ones absent. */
export type EnvVars = Partial<Record<string, string>>;

/** A route on the deployment's one HTTP server (ARCHITECTURE "Contracts"). */
export interface AdapterRoutes {
  add(method: 'GET' | 'POST', path: string, handler: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>): void;
}

/** pino-compatible logging: ids, reasons and counts only — never message text or sender ids. */
export interface AdapterLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** A platform's connection as `/healthz` reports it. */
export type PlatformHealth = 'up' | 'down' | 'connecting';

/** What an adapter is built from. */
export interface AdapterDeps<Settings> {
  settings: Settings;
  inbox: Inbox;
  /** The current directory (it may be reloaded while running: read it when needed, don't keep it). */
  org: () => Org;
  policy: Policy;
  /** Epoch ms (the deployment's clock; tests move it). */
  now: () => number;
  log: AdapterLog;
  routes: AdapterRoutes;
  /** What senders persist about platform messages (thread roots, notice cards, live lines). */
  records: PlatformRecords;
}

/** Flags the shared chat layer reads to treat a platform right. */
export interface PlatformCapabilities {
  /** Replies can live in a message's thread (Slack, Feishu); without threads, replies are bound to the card clicked last. */
  threads: boolean;
  /** A click can open a form to fill in (Slack modals): the router then asks for input instead of refusing. */
  modals: boolean;
}

/** A running platform adapter, as the shared layers use it. */
export interface PlatformAdapter {
  platform: ChatPlatform;
  capabilities: PlatformCapabilities;
  /** Pure: a payload this adapter's receiver stored → what it means. Never throws. */
  decode(payload: unknown, ctx: DecodeContext): PlatformInbound;
  sender: PlatformSender;
  limits: RateLimitSpec;
  /** Wraps the deployment's recipient resolver where this platform puts things elsewhere (form threads). */
  resolver?(base: AddressResolver): AddressResolver;
  /**
   * Runs right after the transaction that processed an event committed, for effects that are
   * worthless later and need no durability (Slack: opening a modal with a `trigger_id` that
   * expires in 3 s). Best effort: a failure is logged, the reply already went to the outbox.
   */
  afterCommit?(reply: MessageView, replyTo: ReplyTo): Promise<void>;
  /**
   * Called on every scheduler tick (once a minute, and after downtime) for polling the platform
   * must do itself (DingTalk/Feishu read receipts of notice messages). Optional.
   */
  tick?(now: number): Promise<void>;
  /** Starts receiving (opens a long connection; HTTP routes were added at creation). */
  start(): Promise<void>;
  /** Stops receiving: later requests are refused (so the platform retries), connections closed. */
  stop(): Promise<void>;
  health(): PlatformHealth;
}

/** A platform as the registry lists it: how to read its settings, and how to build it. */
export interface PlatformModule<Settings = unknown> {
  platform: ChatPlatform;
  /** The environment variables it reads (documented in .env.example). */
  variables: readonly string[];
  /** Its settings when configured, undefined when not; pushes an issue per problem (partial sets). */
  readEnv(vars: EnvVars, issues: EnvIssue[]): Settings | undefined;
  /** Builds the adapter (loaded on demand, so an unconfigured platform's SDK is never imported). */
  create(deps: AdapterDeps<Settings>): Promise<PlatformAdapter>;
}

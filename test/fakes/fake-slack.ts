/**
 * A local fake of the Slack Web API (ARCHITECTURE rule 7) for tests that drive the real
 * `@slack/web-api` WebClient: point `slackApiUrl` at `fake.url`. It records every call with the
 * fake clock's time, keeps posted messages with their metadata, and implements chat.postMessage,
 * chat.update, users.list (cursor-paged `users`), conversations.open, conversations.history and conversations.replies (with
 * `include_all_metadata`, `oldest` and cursor paging), plus auth.test — and for the inbound side
 * (issue 5) chat.postEphemeral, reactions.add, views.open, views.publish, apps.connections.open
 * (answering `socketUrl`, with an `xapp-` token) and `response_url`s under `responseUrl(id)`.
 *
 * It fails on demand: `chaos` makes a fraction of calls answer 429 (with `Retry-After`) or 500,
 * drawn from a seeded random; some 500s can come *after* the message was stored (the request
 * reached Slack but the answer was lost); `failNext` scripts the next answers of one method; and
 * `channelErrors` makes a channel answer `ok: false` with a given error (e.g. channel_not_found).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { scalarText } from '../../src/domain/scalar-text.js';

/** A message the fake holds: posted by the bot, or seeded as a person's. */
export interface FakeMessage {
  channel: string;
  ts: string;
  text: string;
  blocks?: unknown;
  thread_ts?: string;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

/** One recorded Web API call and how the fake answered it. */
export interface FakeCall {
  method: string;
  /** The fake clock's time when the call arrived. */
  at: number;
  args: Record<string, unknown>;
  status: number;
  /** `ok:false` error code, `ratelimited`, or `http_500`. */
  error?: string;
  /** A 500 answered after the message was stored. */
  storedAnyway?: boolean;
}

/** What the bot answered through a `response_url`. */
export interface FakeResponse {
  id: string;
  body: Record<string, unknown>;
}

/** Random failures: a fraction of calls answer 429 or 500. */
export interface ChaosOptions {
  /** Fraction of calls to fail (half 429, half 500). */
  rate: number;
  random: () => number;
  retryAfterSec?: number;
  /** Fraction of the 500s that store the message before failing. */
  storeThenFail?: number;
  /** Methods affected (default: all but auth.test). */
  methods?: string[];
}

type Scripted = { status: 429; retryAfterSec: number } | { status: 500; store?: boolean } | { error: string };
type Answer = { status: number; body: Record<string, unknown>; headers?: Record<string, string> };

const JSON_ARGS = new Set(['blocks', 'metadata', 'attachments']);

/** The fake Web API server; see the module comment. */
export class FakeSlack {
  readonly calls: FakeCall[] = [];
  readonly messages: FakeMessage[] = [];
  chaos: ChaosOptions | undefined;
  readonly channelErrors = new Map<string, string>();
  readonly ephemerals: Array<{ channel: string; user: string; text: string; blocks?: unknown; thread_ts?: string }> = [];
  readonly reactions: Array<{ channel: string; timestamp: string; name: string }> = [];
  /** `at`: when the fake took the call (Date.now()), for the trigger's 3-second life. */
  readonly views: Array<{ method: 'views.open' | 'views.publish'; trigger_id?: string; user_id?: string; view: Record<string, unknown>; at: number }> = [];
  readonly responses: FakeResponse[] = [];
  /** The workspace's members, as `users.list` answers them (issue 12 sync), and its page size. */
  users: Array<{ id: string; name: string; real_name?: string; deleted?: boolean; is_bot?: boolean; profile?: { email?: string; real_name?: string } }> = [];
  usersPageSize = 200;
  /** Files shared with files.completeUploadExternal: their bytes as uploaded to the upload URL. */
  readonly files: Array<{ id: string; filename: string; title?: string; channel: string; threadTs?: string; bytes: Buffer }> = [];
  private readonly uploads = new Map<string, { filename: string; bytes?: Buffer }>();
  /** What `apps.connections.open` answers (a local WebSocket server's URL). */
  socketUrl = '';
  private readonly scripted = new Map<string, Scripted[]>();
  private server: Server | undefined;
  private seq = 0;
  url = '';

  constructor(private readonly now: () => number = Date.now) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/`;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** The next answers of `method`, in order, before any chaos. */
  failNext(method: string, ...answers: Scripted[]): void {
    this.scripted.set(method, [...(this.scripted.get(method) ?? []), ...answers]);
  }

  /** Stored messages carrying outbox key `key` in their metadata. */
  byKey(key: string): FakeMessage[] {
    return this.messages.filter((m) => m.metadata?.event_payload['key'] === key);
  }

  /** A `response_url` on this fake; what is posted there lands in `responses`. */
  responseUrl(id: string): string {
    return this.url.replace(/\/api\/$/, `/response/${id}`);
  }

  /** Calls of one method. */
  callsOf(method: string): FakeCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Posts a message directly, as if sent before a crash. */
  seed(message: Omit<FakeMessage, 'ts'>): FakeMessage {
    const m = { ...message, ts: this.nextTs() };
    this.messages.push(m);
    return m;
  }

  private nextTs(): string {
    this.seq += 1;
    const now = this.now();
    return `${Math.floor(now / 1000)}.${String((now % 1000) * 1000 + (this.seq % 1000)).padStart(6, '0')}`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(Buffer.from(chunk as Uint8Array));
    const raw = Buffer.concat(chunks).toString();
    // https://docs.slack.dev/reference/methods/files.getUploadURLExternal — the upload URL takes the raw bytes.
    if ((req.url ?? '').startsWith('/upload/')) {
      const upload = this.uploads.get((req.url ?? '').slice('/upload/'.length));
      if (upload) upload.bytes = Buffer.concat(chunks);
      res.writeHead(upload ? 200 : 404, { 'content-type': 'text/plain' });
      res.end(upload ? 'OK - uploaded' : 'no such upload');
      return;
    }
    if ((req.url ?? '').startsWith('/response/')) {
      this.responses.push({ id: (req.url ?? '').slice('/response/'.length), body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {} });
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
      return;
    }
    const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0]!;
    const args: Record<string, unknown> = {};
    if ((req.headers['content-type'] ?? '').includes('json')) Object.assign(args, raw ? JSON.parse(raw) : {});
    else for (const [k, v] of new URLSearchParams(raw)) args[k] = JSON_ARGS.has(k) ? JSON.parse(v) : v;
    const call: FakeCall = { method, at: this.now(), args, status: 200 };
    this.calls.push(call);
    const auth = req.headers.authorization ?? '';
    const authed = /^Bearer xox/.test(auth) || (method === 'apps.connections.open' && /^Bearer xapp-/.test(auth));
    const answer = authed ? this.answer(method, args, call) : { status: 200, body: { ok: false, error: 'not_authed' } };
    call.status = answer.status;
    if (answer.body['ok'] === false) call.error = String(answer.body['error']);
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(JSON.stringify(answer.body));
  }

  /** While set, every call but the connection's answers HTTP 500 without storing anything (Slack is down). */
  down = false;

  private answer(method: string, args: Record<string, unknown>, call: FakeCall): Answer {
    if (this.down && method !== 'auth.test' && method !== 'apps.connections.open') return { status: 500, body: { ok: false, error: 'http_500' } };
    const failure = this.scripted.get(method)?.shift() ?? this.chaosFailure(method);
    if (failure && 'status' in failure && failure.status === 429) {
      return { status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': String(failure.retryAfterSec) } };
    }
    if (failure && 'status' in failure) {
      if (failure.store) {
        call.storedAnyway = true;
        this.handleMethod(method, args);
      }
      return { status: 500, body: { ok: false, error: 'http_500' } };
    }
    if (failure) return { status: 200, body: { ok: false, error: failure.error } };
    return { status: 200, body: this.handleMethod(method, args) };
  }

  private chaosFailure(method: string): Scripted | undefined {
    const c = this.chaos;
    if (!c || method === 'auth.test' || (c.methods && !c.methods.includes(method))) return undefined;
    if (c.random() >= c.rate) return undefined;
    if (c.random() < 0.5) return { status: 429, retryAfterSec: c.retryAfterSec ?? 1 };
    return { status: 500, store: c.random() < (c.storeThenFail ?? 0) };
  }

  private handleMethod(method: string, args: Record<string, unknown>): Record<string, unknown> {
    const channelArg = scalarText(args['channel']);
    const channelError = this.channelErrors.get(channelArg);
    if (channelError && method !== 'auth.test') return { ok: false, error: channelError };
    // DMs: posting to a user id goes to the DM channel D<user>, as conversations.open answers.
    const channel = /^[UW]/.test(channelArg) ? `D${channelArg}` : channelArg;
    switch (method) {
      case 'auth.test':
        return { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' };
      case 'users.list': {
        // Cursor paging: the cursor is the index of the next member (issue 12 sync).
        const from = Number(args['cursor'] || 0);
        const size = Math.min(Number(args['limit'] ?? 200), this.usersPageSize);
        const next = from + size < this.users.length ? String(from + size) : '';
        return { ok: true, members: this.users.slice(from, from + size), response_metadata: { next_cursor: next } };
      }
      case 'chat.postMessage': {
        if (!channelArg) return { ok: false, error: 'channel_not_found' };
        const threadTs = args['thread_ts'] as string | undefined;
        if (threadTs && !this.messages.some((m) => m.channel === channel && m.ts === threadTs)) return { ok: false, error: 'thread_not_found' };
        const m = this.seed({ channel, text: scalarText(args['text']), blocks: args['blocks'], ...(threadTs ? { thread_ts: threadTs } : {}), ...(args['metadata'] ? { metadata: args['metadata'] as FakeMessage['metadata'] } : {}) });
        return { ok: true, channel, ts: m.ts, message: { text: m.text, ts: m.ts } };
      }
      case 'files.getUploadURLExternal': {
        const id = `F${this.uploads.size + 1}`;
        this.uploads.set(id, { filename: scalarText(args['filename']) });
        return { ok: true, upload_url: this.url.replace(/\/api\/$/, `/upload/${id}`), file_id: id };
      }
      case 'files.completeUploadExternal': {
        const listed = (typeof args['files'] === 'string' ? JSON.parse(args['files']) : args['files']) as Array<{ id: string; title?: string }>;
        for (const f of listed) {
          const upload = this.uploads.get(f.id);
          if (!upload?.bytes) return { ok: false, error: 'file_not_found' };
          const threadTs = args['thread_ts'] as string | undefined;
          this.files.push({ id: f.id, filename: upload.filename, ...(f.title ? { title: f.title } : {}), channel: scalarText(args['channel_id']), ...(threadTs ? { threadTs } : {}), bytes: upload.bytes });
        }
        return { ok: true, files: listed.map((f) => ({ id: f.id })) };
      }
      case 'chat.update': {
        const m = this.messages.find((x) => x.channel === channel && x.ts === args['ts']);
        if (!m) return { ok: false, error: 'message_not_found' };
        if (args['text'] !== undefined) m.text = scalarText(args['text']);
        if (args['blocks'] !== undefined) m.blocks = args['blocks'];
        return { ok: true, channel, ts: m.ts, text: m.text };
      }
      case 'chat.postEphemeral': {
        const e = { channel, user: scalarText(args['user']), text: scalarText(args['text']), blocks: args['blocks'], ...(args['thread_ts'] ? { thread_ts: scalarText(args['thread_ts']) } : {}) };
        this.ephemerals.push(e);
        return { ok: true, message_ts: this.nextTs() };
      }
      case 'reactions.add': {
        const r = { channel, timestamp: scalarText(args['timestamp']), name: scalarText(args['name']) };
        if (this.reactions.some((x) => x.channel === r.channel && x.timestamp === r.timestamp && x.name === r.name)) return { ok: false, error: 'already_reacted' };
        this.reactions.push(r);
        return { ok: true };
      }
      case 'views.open':
      case 'views.publish': {
        const view = typeof args['view'] === 'string' ? (JSON.parse(args['view']) as Record<string, unknown>) : (args['view'] as Record<string, unknown>);
        this.views.push({ method, view, at: Date.now(), ...(args['trigger_id'] ? { trigger_id: scalarText(args['trigger_id']) } : {}), ...(args['user_id'] ? { user_id: scalarText(args['user_id']) } : {}) });
        return { ok: true, view: { id: `V${this.views.length}`, ...view } };
      }
      case 'apps.connections.open':
        return this.socketUrl ? { ok: true, url: this.socketUrl } : { ok: false, error: 'no_socket_server' };
      case 'conversations.open':
        return { ok: true, channel: { id: `D${scalarText(args['users']).split(',')[0]}` } };
      case 'conversations.history':
        return this.page(this.messages.filter((m) => m.channel === channel && (!m.thread_ts || m.thread_ts === m.ts)).reverse(), args);
      case 'conversations.replies': {
        const ts = scalarText(args['ts']);
        const thread = this.messages.filter((m) => m.channel === channel && (m.ts === ts || m.thread_ts === ts));
        return thread.length ? this.page(thread, args) : { ok: false, error: 'thread_not_found' };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  /** One page of `list` after `oldest`, `limit` per page, the cursor being an offset. */
  private page(list: FakeMessage[], args: Record<string, unknown>): Record<string, unknown> {
    const oldest = Number(args['oldest'] ?? 0);
    const all = list.filter((m) => Number(m.ts) > oldest);
    const limit = Number(args['limit'] ?? 100);
    const from = Number(args['cursor'] ?? 0);
    const withMeta = args['include_all_metadata'] === 'true' || args['include_all_metadata'] === true;
    const messages = all.slice(from, from + limit).map((m) => ({
      type: 'message',
      ts: m.ts,
      text: m.text,
      ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}),
      ...(withMeta && m.metadata ? { metadata: m.metadata } : {}),
    }));
    const more = from + limit < all.length;
    return { ok: true, messages, has_more: more, response_metadata: { next_cursor: more ? String(from + limit) : '' } };
  }
}

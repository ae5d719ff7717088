/**
 * A fake Feishu / Lark open platform on 127.0.0.1 for tests, driven by the bot's real clients
 * (protocols-feishu.md §1, §3, §5, §6):
 * - `POST /open-apis/auth/v3/tenant_access_token/internal` (app id + secret → `t-…`);
 * - `POST /callback/ws/endpoint` → a `ws://` URL on this server, where the SDK's `WSClient`
 *   connects and speaks protobuf frames (feishu-frame.ts): pings get pongs (the first one makes
 *   the client `connected`: the SDK listens for frames only after it), `push()` sends an
 *   event (optionally in fragments) and resolves with the client's ack;
 * - im/v1 messages: create (`receive_id_type` open_id | chat_id), reply (`reply_in_thread`),
 *   PATCH a card (only interactive messages with `update_multi`), `read_users`, `urgent_app` /
 *   `urgent_sms` / `urgent_phone` — with the documented checks that catch our mistakes: a valid
 *   token, `content` a JSON string, a `uuid` sent at most once (a repeat answers the first message);
 * - `POST /open-apis/im/v1/files` (multipart `file_type`, `file_name`, `file` → `file_key`) and
 *   `file` messages, which must name an uploaded key.
 * Direct chats are `oc_p2p_<open id>`. `down` makes every message call answer HTTP 500;
 * `failNext(match, status, code, headers)` makes the next calls whose path contains `match`
 * answer that error (429 with `x-ogw-ratelimit-reset`, 99991672 missing scope, …);
 * `expireTokens()` makes every issued token invalid (99991663).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { decodeFrame, encodeFrame, type Frame } from './feishu-frame.js';
import { scalarText } from '../../src/domain/scalar-text.js';

type Json = Record<string, unknown>;

/** A message the bot created. */
export interface FakeMessage {
  messageId: string;
  chatId: string;
  /** The open id of a direct chat's person; undefined in a group. */
  to?: string;
  msgType: string;
  content: Json;
  rootId?: string;
  uuid?: string;
  /** Card content after PATCHes (the latest). */
  patched?: Json;
}

export interface FakeFeishuOptions {
  appId: string;
  appSecret: string;
}

export const p2pChat = (openId: string) => `oc_p2p_${openId}`;

export class FakeFeishu {
  url = '';
  messages: FakeMessage[] = [];
  patches: Array<{ messageId: string; content: Json }> = [];
  urgents: Array<{ messageId: string; via: string; users: string[] }> = [];
  /** Files uploaded with im/v1/files, by file_key. */
  readonly files = new Map<string, { name: string; fileType: string; type: string; bytes: Buffer }>();
  /** Calls that reached the API (path and the code answered). */
  log: Array<{ method: string; path: string; code: number }> = [];
  tokenCalls = 0;
  endpointCalls = 0;
  down = false;
  readonly reads = new Map<string, Array<{ openId: string; at: number }>>();
  private server = createServer((req, res) => void this.route(req, res));
  private wss = new WebSocketServer({ noServer: true });
  private socket: WebSocket | undefined;
  private waiting = new Map<string, (code: number, frame: Frame) => void>();
  /** Per socket, the pushes waiting for its ack: rejected at once when it closes. */
  private pending = new Map<WebSocket, Map<string, (err: Error) => void>>();
  private seq = 0;
  private tokens = new Set<string>();
  private byUuid = new Map<string, FakeMessage>();
  private connectedResolve: (() => void) | undefined;
  connected: Promise<void> = new Promise((r) => (this.connectedResolve = r));
  pings = 0;
  private failures: Array<{ match: string; status: number; code: number; headers: Record<string, string> }> = [];

  failNext(match: string, status: number, code: number, headers: Record<string, string> = {}, times = 1): void {
    for (let i = 0; i < times; i++) this.failures.push({ match, status, code, headers });
  }

  expireTokens(): void {
    this.tokens.clear();
  }

  constructor(private readonly opts: FakeFeishuOptions) {}

  async start(): Promise<this> {
    this.server.on('upgrade', (req, sock, head) => {
      if (!req.url?.startsWith('/ws')) return sock.destroy();
      this.wss.handleUpgrade(req, sock, head, (ws) => this.onSocket(ws));
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  private onSocket(ws: WebSocket): void {
    this.socket = ws;
    ws.on('close', () => {
      for (const fail of this.pending.get(ws)?.values() ?? []) fail(new Error('long connection closed before the ack'));
      this.pending.delete(ws);
      if (this.socket === ws) {
        this.socket = undefined;
        this.connected = new Promise((r) => (this.connectedResolve = r));
      }
    });
    ws.on('message', (data: Buffer) => {
      const f = decodeFrame(data);
      if (f.method === 0 && f.headers['type'] === 'ping') {
        this.pings++;
        // The SDK pings on 'open' and attaches its frame handler right after (a microtask later):
        // only once its first ping is here can a pushed frame not be lost.
        if (this.socket === ws) this.connectedResolve?.();
        ws.send(encodeFrame({ ...f, headers: { type: 'pong' }, payload: Buffer.from(JSON.stringify({ PingInterval: 120, ReconnectCount: -1, ReconnectInterval: 1, ReconnectNonce: 0 })) }));
        return;
      }
      const id = f.headers['message_id'];
      if (f.method === 1 && id) {
        const code = Number((JSON.parse(f.payload?.toString() || '{}') as { code?: number }).code ?? 0);
        this.waiting.get(id)?.(code, f);
      }
    });
  }

  get isConnected(): boolean {
    return this.socket?.readyState === 1;
  }

  /**
   * Pushes an event over the long connection, in `fragments` data frames (default 1), and resolves
   * with the ack's code (200 ok, 500 handler failed) and payload; rejects without an ack in
   * `timeoutMs` (default 20 s: a loaded machine is slow, not broken) or when the connection closes.
   */
  push(event: unknown, opts: { fragments?: number; sum?: number; timeoutMs?: number; messageId?: string; type?: string } = {}): Promise<{ code: number; data?: unknown }> {
    const ws = this.socket;
    if (!ws || ws.readyState !== 1) return Promise.reject(new Error('no long connection'));
    const id = opts.messageId ?? `msg-${++this.seq}`;
    const body = Buffer.from(JSON.stringify(event));
    const n = opts.fragments ?? 1;
    const size = Math.ceil(body.length / n);
    if (!this.pending.has(ws)) this.pending.set(ws, new Map());
    const pending = this.pending.get(ws)!;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        pending.delete(id);
        reject(new Error(`no ack for ${id}`));
      }, opts.timeoutMs ?? 20_000);
      pending.set(id, (err) => {
        clearTimeout(timer);
        this.waiting.delete(id);
        pending.delete(id);
        reject(err);
      });
      this.waiting.set(id, (code, f) => {
        clearTimeout(timer);
        this.waiting.delete(id);
        pending.delete(id);
        const p = JSON.parse(f.payload?.toString() || '{}') as { data?: string };
        resolve({ code, ...(p.data ? { data: JSON.parse(Buffer.from(p.data, 'base64').toString()) as unknown } : {}) });
      });
      for (let i = 0; i < n; i++) {
        const headers = { type: opts.type ?? 'event', message_id: id, sum: String(opts.sum ?? n), seq: String(i), trace_id: `tr-${id}` };
        ws.send(encodeFrame({ seqId: 0, logId: 0, service: 42, method: 1, headers, payload: body.subarray(i * size, (i + 1) * size) }));
      }
    });
  }

  /** Sends one raw data frame (fuzzing the long connection). */
  sendRaw(frame: Frame | Buffer): void {
    this.socket?.send(Buffer.isBuffer(frame) ? frame : encodeFrame(frame));
  }

  /** Marks a message read by `openId` (what read_users then lists). */
  markRead(messageId: string, openId: string, at: number): void {
    const list = this.reads.get(messageId) ?? [];
    list.push({ openId, at });
    this.reads.set(messageId, list);
  }

  /** Drops the long connection (the client reconnects). */
  dropConnection(): void {
    this.socket?.terminate();
  }

  async stop(): Promise<void> {
    for (const c of this.wss.clients) c.terminate();
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    if (path === '/open-apis/im/v1/files') return this.upload(req, Buffer.concat(chunks), res);
    let body: Json = {};
    try {
      body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString()) as Json) : {};
    } catch {
      return this.reply(res, req.method!, path, 400, { code: 9499, msg: 'bad json' });
    }
    if (path === '/open-apis/auth/v3/tenant_access_token/internal') {
      this.tokenCalls++;
      if (body['app_id'] !== this.opts.appId || body['app_secret'] !== this.opts.appSecret) return this.reply(res, 'POST', path, 200, { code: 10014, msg: 'app secret invalid' });
      const token = `t-fake${this.tokenCalls}`;
      this.tokens.add(token);
      return this.reply(res, 'POST', path, 200, { code: 0, msg: 'ok', tenant_access_token: token, expire: 7200 });
    }
    if (path === '/callback/ws/endpoint') {
      this.endpointCalls++;
      if (body['AppID'] !== this.opts.appId || body['AppSecret'] !== this.opts.appSecret) return this.reply(res, 'POST', path, 200, { code: 514, msg: 'auth failed' });
      const ws = `${this.url.replace('http', 'ws')}/ws?fpid=1&device_id=dev1&service_id=42&ticket=t`;
      return this.reply(res, 'POST', path, 200, { code: 0, msg: 'ok', data: { URL: ws, ClientConfig: { PingInterval: 120, ReconnectCount: -1, ReconnectInterval: 1, ReconnectNonce: 0 } } });
    }
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token || !this.tokens.has(token)) return this.reply(res, req.method!, path, 400, { code: 99991663, msg: 'Invalid access token for authorization' });
    if (this.down) return this.reply(res, req.method!, path, 500, { code: 1, msg: 'internal error' });
    const f = this.failures.findIndex((x) => path.includes(x.match));
    if (f >= 0) {
      const [fail] = this.failures.splice(f, 1);
      return this.reply(res, req.method!, path, fail!.status, { code: fail!.code, msg: `fake error ${fail!.code}` }, fail!.headers);
    }
    return this.im(req.method!, path, url.searchParams, body, res);
  }

  private im(method: string, path: string, q: URLSearchParams, body: Json, res: ServerResponse): void {
    const bad = (msg: string) => this.reply(res, method, path, 400, { code: 230001, msg });
    const m = /^\/open-apis\/im\/v1\/messages(?:\/([^/]+))?(?:\/(reply|read_users|urgent_app|urgent_sms|urgent_phone))?$/.exec(path);
    if (!m) return this.reply(res, method, path, 404, { code: 404, msg: 'not found' });
    const [, id, verb] = m;
    const target = id ? this.messages.find((x) => x.messageId === decodeURIComponent(id)) : undefined;
    if (id && !target) return this.reply(res, method, path, 400, { code: 230001, msg: 'message not found' });
    if (method === 'GET' && verb === 'read_users') {
      if (!q.get('user_id_type')) return bad('user_id_type is required');
      const items = (this.reads.get(target!.messageId) ?? []).map((r) => ({ user_id_type: 'open_id', user_id: r.openId, timestamp: String(r.at), tenant_key: 'tk' }));
      return this.reply(res, method, path, 200, { code: 0, msg: 'success', data: { items, has_more: false, page_token: '' } });
    }
    if (method === 'PATCH' && verb?.startsWith('urgent_')) {
      const users = Array.isArray(body['user_id_list']) ? (body['user_id_list'] as string[]) : [];
      if (!users.length || q.get('user_id_type') !== 'open_id') return bad('user_id_list / user_id_type');
      this.urgents.push({ messageId: target!.messageId, via: verb.slice(7), users });
      return this.reply(res, method, path, 200, { code: 0, msg: 'success', data: { invalid_user_id_list: [] } });
    }
    if (method === 'PATCH' && !verb) {
      const content = this.content(body);
      if (!content) return bad('content must be a JSON string');
      if (target!.msgType !== 'interactive') return this.reply(res, method, path, 400, { code: 230001, msg: 'only cards can be patched' });
      if ((content['config'] as Json | undefined)?.['update_multi'] !== true || (target!.content['config'] as Json | undefined)?.['update_multi'] !== true) return this.reply(res, method, path, 400, { code: 230099, msg: 'not a shared card' });
      target!.patched = content;
      this.patches.push({ messageId: target!.messageId, content });
      return this.reply(res, method, path, 200, { code: 0, msg: 'success', data: {} });
    }
    if (method !== 'POST') return this.reply(res, method, path, 404, { code: 404, msg: 'not found' });
    const content = this.content(body);
    const msgType = scalarText(body['msg_type']);
    if (!content || !['text', 'post', 'interactive', 'file'].includes(msgType)) return bad('msg_type / content');
    if (msgType === 'file' && !this.files.has(scalarText(content['file_key']))) return this.reply(res, method, path, 400, { code: 230099, msg: 'file_key not found' });
    const uuid = typeof body['uuid'] === 'string' ? body['uuid'] : undefined;
    if (uuid && uuid.length > 50) return bad('uuid too long');
    const again = uuid ? this.byUuid.get(uuid) : undefined;
    if (again) return this.reply(res, method, path, 200, { code: 0, msg: 'success', data: this.data(again) });
    let msg: FakeMessage;
    const messageId = `om_${String(this.messages.length + 1).padStart(6, '0')}`;
    if (verb === 'reply') {
      const root = body['reply_in_thread'] === true || target!.rootId ? (target!.rootId ?? target!.messageId) : undefined;
      msg = { messageId, chatId: target!.chatId, ...(target!.to ? { to: target!.to } : {}), msgType, content, ...(root ? { rootId: root } : {}) };
    } else {
      const type = q.get('receive_id_type');
      const rid = scalarText(body['receive_id']);
      if (!rid || (type !== 'open_id' && type !== 'chat_id')) return bad('receive_id / receive_id_type');
      const to = type === 'open_id' ? rid : rid.startsWith('oc_p2p_') ? rid.slice(7) : undefined;
      msg = { messageId, chatId: type === 'open_id' ? p2pChat(rid) : rid, ...(to ? { to } : {}), msgType, content };
    }
    if (uuid) {
      msg.uuid = uuid;
      this.byUuid.set(uuid, msg);
    }
    this.messages.push(msg);
    return this.reply(res, method, path, 200, { code: 0, msg: 'success', data: this.data(msg) });
  }

  /** im/v1/files: the bot's token, `file_type` one of Feishu's, a name, and the file itself. */
  private async upload(req: IncomingMessage, raw: Buffer, res: ServerResponse): Promise<void> {
    const path = '/open-apis/im/v1/files';
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token || !this.tokens.has(token)) return this.reply(res, 'POST', path, 400, { code: 99991663, msg: 'Invalid access token for authorization' });
    if (this.down) return this.reply(res, 'POST', path, 500, { code: 1, msg: 'internal error' });
    const f = this.failures.findIndex((x) => path.includes(x.match));
    if (f >= 0) {
      const [fail] = this.failures.splice(f, 1);
      return this.reply(res, 'POST', path, fail!.status, { code: fail!.code, msg: `fake error ${fail!.code}` }, fail!.headers);
    }
    const form = await new Request('http://fake/', { method: 'POST', headers: { 'content-type': scalarText(req.headers['content-type']) }, body: new Uint8Array(raw) }).formData().catch(() => undefined);
    const file = form?.get('file');
    const fileType = scalarText(form?.get('file_type'));
    const name = scalarText(form?.get('file_name'));
    if (!file || typeof file === 'string' || !name || !['opus', 'mp4', 'pdf', 'doc', 'xls', 'ppt', 'stream'].includes(fileType)) return this.reply(res, 'POST', path, 400, { code: 234001, msg: 'invalid file_type / file_name / file' });
    const key = `file_v3_${this.files.size + 1}`;
    this.files.set(key, { name, fileType, type: file.type, bytes: Buffer.from(await file.arrayBuffer()) });
    return this.reply(res, 'POST', path, 200, { code: 0, msg: 'success', data: { file_key: key } });
  }

  private content(body: Json): Json | undefined {
    if (typeof body['content'] !== 'string') return undefined;
    try {
      const v = JSON.parse(body['content']) as unknown;
      return v && typeof v === 'object' ? (v as Json) : undefined;
    } catch {
      return undefined;
    }
  }

  private data(m: FakeMessage): Json {
    return { message_id: m.messageId, chat_id: m.chatId, msg_type: m.msgType, ...(m.rootId ? { root_id: m.rootId, thread_id: `omt_${m.rootId}` } : {}) };
  }

  private reply(res: ServerResponse, method: string, path: string, status: number, body: Json, headers: Record<string, string> = {}): void {
    this.log.push({ method, path, code: Number(body['code'] ?? 0) });
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(text);
  }
}

/** Every text of a message (card title, markdown, button labels; text content), flattened. */
export function textOfMessage(m: Pick<FakeMessage, 'content' | 'patched'>): string {
  return JSON.stringify(m.patched ?? m.content);
}

/** The commands of a card's callback buttons, in order. */
export function buttonsOfCard(content: Json): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Json;
      if (o['type'] === 'callback' && o['value'] && typeof (o['value'] as Json)['cmd'] === 'string') out.push((o['value'] as Json)['cmd'] as string);
      else Object.values(o).forEach(walk);
    }
  };
  walk(content);
  return out;
}

/**
 * A fake DingTalk on 127.0.0.1 (protocols.md B.5–B.6, protocols-dingtalk-more.md): the OpenAPI
 * calls the bot makes and the Stream gateway, speaking the wire protocol to the real
 * `dingtalk-stream` client.
 *
 * OpenAPI: `oauth2/accessToken` (checks appKey/appSecret), then every call must carry a current
 * `x-acs-dingtalk-access-token` (else 401 `InvalidAuthentication`); `robot/oToMessages/batchSend`
 * and `robot/groupMessages/send` check `robotCode`, `msgKey`, that `msgParam` is a JSON *string*,
 * ≤ 20 userIds, and answer a `processQueryKey`; `oToMessages/readStatus` and
 * `groupMessages/query` answer the reads the test marked; `robot/ding/send`; card
 * `createAndDeliver` / `PUT card/instances`; `card/callbacks/register` (route key → URL and apiSecret;
 * an HTTP card must name a registered route key) and `clickHttp()`, which POSTs a card callback to
 * the registered URL signed as DingTalk signs it (x-ddpaas-signature over the timestamp).
 *
 * Gateway: `POST /v1.0/gateway/connections/open` (checks the credentials and the subscriptions)
 * answers `ws://…/connect` and a single-use ticket; on the socket the test pushes CALLBACK frames
 * (`push`) and waits for their ack frames. Faults: `dropSocket()`, `silent` (no pongs, no
 * frames — a half-dead socket), `disconnectFrame()`, `repushAfterMs` (re-push unacked frames, as
 * the SDK docs say; undefined = fire-and-forget, as the FAQ says), `down` (sends fail 500),
 * `expireToken()`. Staff ids starting with `invalid` come back in `invalidStaffIdList`, with
 * `throttled` in `flowControlledStaffIdList`.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { wsText } from './ws-text.js';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { scalarText } from '../../src/domain/scalar-text.js';

type Json = Record<string, unknown>;

/** A message the bot sent: to staff ids or a group, with the parsed msgParam. */
export interface FakeSent {
  api: 'batchSend' | 'groupSend' | 'ding' | 'card';
  to: string[];
  group?: string;
  msgKey: string;
  param: Json;
  processQueryKey: string;
}

export interface FakeDingtalkOptions {
  clientId: string;
  clientSecret: string;
  robotCode: string;
}

export class FakeDingtalk {
  url = '';
  readonly sent: FakeSent[] = [];
  readonly cardUpdates: Json[] = [];
  /** Card callback registrations by route key (the last one wins with forceUpdate). */
  readonly cardRoutes = new Map<string, { url: string; apiSecret: string }>();
  /** Each card's callback type and route key, by outTrackId. */
  readonly cardCallbacks = new Map<string, { type: string; routeKey?: string }>();
  /** Every API call: path and HTTP status answered. */
  readonly log: Array<{ path: string; status: number }> = [];
  tokenCalls = 0;
  gatewayCalls = 0;
  connections = 0;
  down = false;
  /** DING answers `ding.serverquota.insufficient` (a plain edition, no quota). */
  dingUnavailable = false;
  /** No pongs and no frames from the gateway while set. */
  silent = false;
  /** Re-push a frame not acked within this many ms (undefined: never, fire-and-forget). */
  repushAfterMs: number | undefined;
  readonly acks = new Map<string, Json>();
  /** Frames pushed (by messageId), counting re-pushes. */
  readonly pushes = new Map<string, number>();
  private token = '';
  private tokenSeq = 0;
  private readonly tickets = new Set<string>();
  private readonly reads = new Map<string, Array<{ userId: string; at: number }>>();
  private server = createServer((req, res) => void this.handle(req, res));
  private wss = new WebSocketServer({ noServer: true, autoPong: false });
  /** Open sockets, oldest first; frames go to the newest (a second client takes over while it lives). */
  private sockets: WebSocket[] = [];
  private get socket(): WebSocket | undefined {
    return this.sockets.at(-1);
  }
  private waiters = new Map<string, () => void>();
  private connectedWaiters: Array<() => void> = [];
  private seq = 0;

  constructor(private readonly opts: FakeDingtalkOptions) {}

  async start(): Promise<this> {
    this.server.on('upgrade', (req, sock, head) => {
      const u = new URL(req.url ?? '/', 'http://x');
      const ticket = u.searchParams.get('ticket') ?? '';
      if (u.pathname !== '/connect' || !this.tickets.delete(ticket)) {
        sock.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
        return;
      }
      this.wss.handleUpgrade(req, sock, head, (ws) => this.onSocket(ws));
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  private onSocket(ws: WebSocket): void {
    this.sockets.push(ws);
    this.connections += 1;
    ws.on('ping', (data) => {
      if (!this.silent) ws.pong(data);
    });
    ws.on('message', (raw) => {
      let frame: Json;
      try {
        frame = JSON.parse(wsText(raw)) as Json;
      } catch {
        return;
      }
      const id = scalarText((frame.headers as Json | undefined)?.messageId);
      if (frame.code === 200 && id) {
        this.acks.set(id, frame);
        this.waiters.get(id)?.();
      }
    });
    ws.on('close', () => {
      this.sockets = this.sockets.filter((x) => x !== ws);
    });
    for (const w of this.connectedWaiters.splice(0)) w();
  }

  /** Resolves when a client is connected. */
  connected(): Promise<void> {
    if (this.socket?.readyState === 1) return Promise.resolve();
    return new Promise((r) => this.connectedWaiters.push(r));
  }

  get isConnected(): boolean {
    return this.socket?.readyState === 1;
  }

  /** Pushes a CALLBACK frame; resolves true when acked within `timeoutMs`. */
  async push(topic: string, data: Json, messageId = `mid-${++this.seq}`, timeoutMs = 10_000): Promise<boolean> {
    const ws = this.socket;
    if (!ws || ws.readyState !== 1 || this.silent) return false;
    this.acks.delete(messageId);
    const acked = new Promise<boolean>((resolve) => {
      const t = setTimeout(() => {
        this.waiters.delete(messageId);
        resolve(false);
      }, timeoutMs);
      this.waiters.set(messageId, () => {
        clearTimeout(t);
        this.waiters.delete(messageId);
        resolve(true);
      });
    });
    const frame = { specVersion: '1.0', type: 'CALLBACK', headers: { appId: 'app1', connectionId: 'conn1', contentType: 'application/json', messageId, time: String(Date.now()), topic }, data: JSON.stringify(data) };
    const send = () => {
      this.pushes.set(messageId, (this.pushes.get(messageId) ?? 0) + 1);
      this.socket?.send(JSON.stringify(frame));
    };
    send();
    if (this.repushAfterMs !== undefined) {
      const again = setInterval(() => {
        if (this.acks.has(messageId) || (this.pushes.get(messageId) ?? 0) > 5) clearInterval(again);
        else if (this.socket?.readyState === 1) send();
      }, this.repushAfterMs);
      again.unref();
    }
    return acked;
  }

  /**
   * DingTalk calling back over HTTP for a card created with `callbackType: HTTP`: POSTs `payload` to
   * the URL registered for the card's route key, signed with its apiSecret at `timestampMs`.
   */
  async clickHttp(outTrackId: string, payload: Json, timestampMs: number): Promise<{ status: number; body: string }> {
    const card = this.cardCallbacks.get(outTrackId);
    if (card?.type !== 'HTTP' || !card.routeKey) throw new Error(`card ${outTrackId} has no HTTP callback`);
    const route = this.cardRoutes.get(card.routeKey);
    if (!route) throw new Error(`route key ${card.routeKey} not registered`);
    const ts = String(timestampMs);
    const res = await fetch(route.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-ddpaas-signature-timestamp': ts, 'x-ddpaas-signature': createHmac('sha256', route.apiSecret).update(ts).digest('base64') }, body: JSON.stringify(payload) });
    return { status: res.status, body: await res.text() };
  }

  /** Sends raw text on the socket (fuzz). */
  raw(text: string): void {
    this.socket?.send(text);
  }

  /** The gateway's SYSTEM `disconnect` (the server closes 10 s later; here at once after 200 ms). */
  disconnectFrame(): void {
    const ws = this.socket;
    ws?.send(JSON.stringify({ specVersion: '1.0', type: 'SYSTEM', headers: { topic: 'disconnect', messageId: `sys-${++this.seq}`, contentType: 'application/json', time: String(Date.now()) }, data: '{}' }));
    setTimeout(() => ws?.terminate(), 200).unref();
  }

  dropSocket(): void {
    this.socket?.terminate();
  }

  expireToken(): void {
    this.token = '';
  }

  /** `userId` read the message of `processQueryKey` at `at`. */
  markRead(processQueryKey: string, userId: string, at: number): void {
    this.reads.set(processQueryKey, [...(this.reads.get(processQueryKey) ?? []), { userId, at }]);
  }

  async stop(): Promise<void> {
    for (const c of this.wss.clients) c.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private answer(res: ServerResponse, path: string, status: number, body: Json): void {
    this.log.push({ path, status });
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', 'http://x');
    const path = u.pathname;
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let body: Json = {};
    try {
      const text = Buffer.concat(chunks).toString('utf8');
      if (text) body = JSON.parse(text) as Json;
    } catch {
      return this.answer(res, path, 400, { code: 'invalidParameter', message: 'body is not JSON' });
    }
    const bad = (message: string) => this.answer(res, path, 400, { code: 'invalidParameter.param.invalid', message, requestid: randomUUID() });
    if (path === '/v1.0/oauth2/accessToken') {
      this.tokenCalls += 1;
      if (body.appKey !== this.opts.clientId || body.appSecret !== this.opts.clientSecret) return this.answer(res, path, 400, { code: 'invalidClientIdOrSecret', message: '无效的clientId或者clientSecret' });
      this.token ||= `tok-${++this.tokenSeq}`;
      return this.answer(res, path, 200, { accessToken: this.token, expireIn: 7200 });
    }
    if (path === '/v1.0/gateway/connections/open') {
      this.gatewayCalls += 1;
      if (body.clientId !== this.opts.clientId || body.clientSecret !== this.opts.clientSecret) return this.answer(res, path, 401, { code: 'invalidClientIdOrSecret' });
      const subs = Array.isArray(body.subscriptions) ? (body.subscriptions as Json[]) : [];
      if (!subs.some((s) => s.type === 'CALLBACK' && s.topic === '/v1.0/im/bot/messages/get')) return bad('no robot subscription');
      const ticket = randomUUID();
      this.tickets.add(ticket);
      return this.answer(res, path, 200, { endpoint: `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/connect`, ticket });
    }
    const token = req.headers['x-acs-dingtalk-access-token'];
    if (!token || token !== this.token) return this.answer(res, path, 401, { code: 'InvalidAuthentication', message: '不合法的access_token', requestid: randomUUID() });
    if (this.down) return this.answer(res, path, 500, { code: 'system.error', message: 'fake down' });
    const param = (): Json | undefined => {
      if (typeof body.msgParam !== 'string') return undefined;
      try {
        return JSON.parse(body.msgParam) as Json;
      } catch {
        return undefined;
      }
    };
    const pqk = () => `pqk-${++this.seq}`;
    switch (path) {
      case '/v1.0/robot/oToMessages/batchSend': {
        const users = Array.isArray(body.userIds) ? (body.userIds as string[]) : [];
        const p = param();
        if (body.robotCode !== this.opts.robotCode) return this.answer(res, path, 400, { code: 'invalid.chatbotId' });
        if (!users.length || users.length > 20 || !p || typeof body.msgKey !== 'string') return bad('userIds 1..20, msgKey and msgParam (a JSON string) required');
        if (body.msgKey === 'sampleMarkdown' && (typeof p.title !== 'string' || typeof p.text !== 'string' || !p.text)) return bad('sampleMarkdown needs title and text');
        const key = pqk();
        this.sent.push({ api: 'batchSend', to: users, msgKey: body.msgKey, param: p, processQueryKey: key });
        return this.answer(res, path, 200, { processQueryKey: key, invalidStaffIdList: users.filter((x) => x.startsWith('invalid')), flowControlledStaffIdList: users.filter((x) => x.startsWith('throttled')) });
      }
      case '/v1.0/robot/groupMessages/send': {
        const p = param();
        if (body.robotCode !== this.opts.robotCode) return this.answer(res, path, 400, { code: 'invalid.chatbotId' });
        if (typeof body.openConversationId !== 'string' || !p || typeof body.msgKey !== 'string') return bad('openConversationId, msgKey, msgParam required');
        if (Buffer.byteLength(body.msgParam as string) > 15_000) return bad('msgParam over 15000 bytes');
        const key = pqk();
        this.sent.push({ api: 'groupSend', to: [], group: body.openConversationId, msgKey: body.msgKey, param: p, processQueryKey: key });
        return this.answer(res, path, 200, { processQueryKey: key });
      }
      case '/v1.0/robot/oToMessages/readStatus': {
        const key = u.searchParams.get('processQueryKey') ?? '';
        const send = this.sent.find((s) => s.processQueryKey === key);
        if (!send || u.searchParams.get('robotCode') !== this.opts.robotCode) return bad('unknown processQueryKey');
        const reads = this.reads.get(key) ?? [];
        const list = send.to.map((userId) => {
          const r = reads.find((x) => x.userId === userId);
          return { name: userId, userId, readStatus: r ? 'READ' : 'UNREAD', ...(r ? { readTimestamp: r.at } : {}) };
        });
        return this.answer(res, path, 200, { sendStatus: 'SUCCESS', messageReadInfoList: list });
      }
      case '/v1.0/robot/groupMessages/query': {
        const key = scalarText(body.processQueryKey);
        return this.answer(res, path, 200, { sendStatus: 'SUCCESS', readUserIds: (this.reads.get(key) ?? []).map((r) => r.userId), hasMore: false });
      }
      case '/v1.0/robot/ding/send': {
        if (this.dingUnavailable) return this.answer(res, path, 400, { code: 'ding.serverquota.insufficient', message: '额度不足' });
        const users = Array.isArray(body.receiverUserIdList) ? (body.receiverUserIdList as string[]) : [];
        if (body.robotCode !== this.opts.robotCode || !users.length || typeof body.content !== 'string' || ![1, 2, 3].includes(Number(body.remindType))) return bad('ding: robotCode, receivers, content, remindType');
        const key = `ding-${++this.seq}`;
        this.sent.push({ api: 'ding', to: users, msgKey: `remindType${String(body.remindType)}`, param: { content: body.content }, processQueryKey: key });
        return this.answer(res, path, 200, { openDingId: key, failedList: {} });
      }
      case '/v1.0/card/instances/createAndDeliver': {
        const data = body.cardData as Json | undefined;
        const params = (data?.cardParamMap ?? {}) as Json;
        if (!body.cardTemplateId || !body.outTrackId || !body.openSpaceId || Object.values(params).some((v) => typeof v !== 'string')) return bad('card: template, outTrackId, openSpaceId, string params');
        if (body.callbackType !== 'STREAM' && body.callbackType !== 'HTTP') return bad('callbackType STREAM or HTTP');
        if (body.callbackType === 'HTTP' && !this.cardRoutes.has(scalarText(body.callbackRouteKey))) return bad('callbackRouteKey not registered');
        this.cardCallbacks.set(scalarText(body.outTrackId), { type: body.callbackType, ...(typeof body.callbackRouteKey === 'string' ? { routeKey: body.callbackRouteKey } : {}) });
        const space = scalarText(body.openSpaceId);
        this.sent.push({ api: 'card', to: space.includes('IM_ROBOT.') ? [space.split('IM_ROBOT.')[1]!] : [], ...(space.includes('IM_GROUP.') ? { group: space.split('IM_GROUP.')[1]! } : {}), msgKey: scalarText(body.outTrackId), param: params, processQueryKey: scalarText(body.outTrackId) });
        return this.answer(res, path, 200, { success: true, result: { outTrackId: body.outTrackId, deliverResults: [{ spaceType: 'IM_ROBOT', success: true }] } });
      }
      case '/v1.0/card/callbacks/register': {
        const key = body.callbackRouteKey;
        if (typeof key !== 'string' || !key || typeof body.callbackUrl !== 'string' || typeof body.apiSecret !== 'string' || !body.apiSecret) return bad('register: callbackRouteKey, callbackUrl, apiSecret');
        const old = this.cardRoutes.get(key);
        // Without forceUpdate an existing mapping stays (protocols-dingtalk-more.md §3.2).
        if (!old || body.forceUpdate === true) this.cardRoutes.set(key, { url: body.callbackUrl, apiSecret: body.apiSecret });
        return this.answer(res, path, 200, { result: { callbackUrl: (old && body.forceUpdate !== true ? old : this.cardRoutes.get(key)!).url } });
      }
      case '/v1.0/card/instances':
        this.cardUpdates.push(body);
        return this.answer(res, path, 200, { success: true, result: true });
      default:
        return this.answer(res, path, 404, { code: 'notFound' });
    }
  }
}

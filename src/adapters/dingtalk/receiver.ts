/**
 * DingTalk inbound, both modes, through the shared inbox (ARCHITECTURE rule 11: nothing is
 * acknowledged before its inbox row commits).
 *
 * HTTP (`POST /dingtalk/callback`, protocols.md B.2): the `timestamp` (ms) and `sign` headers are
 * checked first — `sign` = Base64(HMAC-SHA256(appSecret, timestamp + "\n" + appSecret)), compared
 * in constant time; a timestamp more than an hour off is refused (403) — then the body (≤ 1 MB)
 * must be a JSON object. What the bot acts on is committed under its dedupe key (`msgId`) and
 * ordered by the sender; 200 `{}` once durable, 503 when the inbox cannot take it (DingTalk may then
 * deliver it again). Authentic but uninteresting callbacks (a picture, no sender) are answered 200
 * and ignored with a log line; nothing refused or ignored is stored.
 *
 * HTTP card callbacks (`POST /dingtalk/card`, protocols-dingtalk-more.md §3.2; cards created with
 * `callbackType: HTTP` and the registered route key): `x-ddpaas-signature` =
 * Base64(HMAC-SHA256(apiSecret, timestamp)) over `x-ddpaas-signature-timestamp`, compared in
 * constant time, and the timestamp (ms, or s) at most `DINGTALK_CARD_MAX_SKEW_MS` off. The
 * signature does not cover the body, so a signature seen once is remembered for the window with a
 * hash of its body: the same signature with another body is refused as a replay (a redelivery of
 * the same click is the same body and is deduplicated by the inbox). The body must be a JSON
 * object; a click is committed to the inbox (urgent: DingTalk allows 2 s) before the answer, 200
 * `{}` (no change to the card; the bot updates it afterwards with who did what).
 *
 * Stream (stream/connection.ts) hands each CALLBACK frame's `data` to `acceptFrame`, which does the
 * same checks minus the signature (the socket is authenticated) and answers whether to ack.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AdapterLog, Inbox } from '../../chat/adapter-contract.js';
import { readBody } from '../../chat/http-body.js';
import { decodeDingtalk, dedupeKeyOf, isCardCallback, orderKeyOf } from './decode.js';

export const DINGTALK_CALLBACK_PATH = '/dingtalk/callback';
export const DINGTALK_MAX_BODY_BYTES = 1024 * 1024;
/** DingTalk's documented window for the callback timestamp. */
export const DINGTALK_MAX_SKEW_MS = 60 * 60_000;

export const DINGTALK_CARD_PATH = '/dingtalk/card';
/** Our window for a card callback's timestamp (DingTalk documents none; the signature has no nonce). */
export const DINGTALK_CARD_MAX_SKEW_MS = 5 * 60_000;
const MAX_REMEMBERED_SIGNATURES = 20_000;

export interface HttpAnswer {
  status: number;
  body: string;
}

/** The outgoing-callback signature (protocols.md B.2, test vector there). */
export function callbackSign(timestamp: string, appSecret: string): string {
  return createHmac('sha256', appSecret).update(`${timestamp}\n${appSecret}`).digest('base64');
}

/** Whether `sign` is right for `timestamp` and fresh at `now` (constant-time comparison). */
export function verifyCallback(timestamp: string | undefined, sign: string | undefined, appSecret: string, now: number): 'ok' | 'missing' | 'stale' | 'bad_sign' {
  if (!timestamp || !sign || timestamp.length > 20 || sign.length > 200) return 'missing';
  if (!/^\d{10,16}$/.test(timestamp)) return 'missing';
  if (Math.abs(now - Number(timestamp)) > DINGTALK_MAX_SKEW_MS) return 'stale';
  const want = Buffer.from(callbackSign(timestamp, appSecret));
  const got = Buffer.from(sign);
  return want.length === got.length && timingSafeEqual(want, got) ? 'ok' : 'bad_sign';
}

/** The card-callback signature (protocols-dingtalk-more.md §3.2, test vector there): the timestamp only. */
export function cardCallbackSign(timestamp: string, apiSecret: string): string {
  return createHmac('sha256', apiSecret).update(timestamp).digest('base64');
}

/** Whether a card callback's signature is right for its timestamp and fresh at `now` (constant time). */
export function verifyCardCallback(timestamp: string | undefined, signature: string | undefined, apiSecret: string, now: number): 'ok' | 'missing' | 'stale' | 'bad_sign' {
  if (!timestamp || !signature || signature.length > 200 || !/^\d{10,13}$/.test(timestamp)) return 'missing';
  const n = Number(timestamp);
  const ms = n < 1e12 ? n * 1000 : n;
  if (Math.abs(now - ms) > DINGTALK_CARD_MAX_SKEW_MS) return 'stale';
  const want = Buffer.from(cardCallbackSign(timestamp, apiSecret));
  const got = Buffer.from(signature);
  return want.length === got.length && timingSafeEqual(want, got) ? 'ok' : 'bad_sign';
}

export interface DingtalkReceiverOptions {
  appSecret: string;
  /** The apiSecret HTTP card callbacks are signed with (default: `appSecret`). */
  cardSecret?: string;
  inbox: Inbox;
  now: () => number;
  log: AdapterLog;
}

/** What to do with a stream frame: ack it, ack-and-drop it (not ours), or leave it unacked. */
export type FrameOutcome = 'stored' | 'duplicate' | 'ignored' | 'failed';

export interface DingtalkReceiver {
  receive(headers: { timestamp?: string; sign?: string }, body: Buffer): Promise<HttpAnswer>;
  /** An HTTP card callback (`POST /dingtalk/card`). */
  receiveCard(headers: { timestamp?: string; signature?: string }, body: Buffer): Promise<HttpAnswer>;
  acceptFrame(data: string, messageId: string): Promise<FrameOutcome>;
  close(): void;
}

const answer = (status: number, body = '{}'): HttpAnswer => ({ status, body });
// The decode only needs to know whether it is something to act on: any personOf will do.
const noDirectory = { personOf: () => undefined };

export function createDingtalkReceiver(opts: DingtalkReceiverOptions): DingtalkReceiver {
  const { log } = opts;
  let open = true;
  // Each group's openConversationId is logged once, so administrators can fill channels.dingtalk.
  const groupsSeen = new Set<string>();

  // Card-callback signatures seen within the window → the hash of their body (replay guard).
  const seenSignatures = new Map<string, { body: string; at: number }>();
  function replayed(signature: string, body: Buffer, now: number): boolean {
    const hash = createHash('sha256').update(body).digest('base64');
    const seen = seenSignatures.get(signature);
    if (seen && now - seen.at <= 2 * DINGTALK_CARD_MAX_SKEW_MS) return seen.body !== hash;
    if (seenSignatures.size >= MAX_REMEMBERED_SIGNATURES) {
      for (const [k, v] of seenSignatures) if (now - v.at > 2 * DINGTALK_CARD_MAX_SKEW_MS) seenSignatures.delete(k);
      // Still full of fresh ones (only DingTalk can sign them): forget the oldest.
      if (seenSignatures.size >= MAX_REMEMBERED_SIGNATURES) seenSignatures.delete(seenSignatures.keys().next().value!);
    }
    seenSignatures.set(signature, { body: hash, at: now });
    return false;
  }

  async function store(payload: Record<string, unknown>, frameMessageId?: string): Promise<FrameOutcome> {
    const decoded = decodeDingtalk(payload, noDirectory);
    const dedupeKey = dedupeKeyOf(payload, frameMessageId);
    if (decoded.kind === 'ignore' || !dedupeKey) {
      log.info({ platform: 'dingtalk', reason: decoded.kind === 'ignore' ? decoded.reason : 'no_dedupe_key' }, 'dingtalk callback ignored');
      return 'ignored';
    }
    const cid = decoded.kind !== 'home' && 'place' in decoded && decoded.place.kind === 'group' ? decoded.place.channel : undefined;
    if (cid && !groupsSeen.has(cid) && groupsSeen.size < 1000) {
      groupsSeen.add(cid);
      log.info({ platform: 'dingtalk', openConversationId: cid }, 'dingtalk group seen (use it as channels.dingtalk)');
    }
    try {
      const r = await opts.inbox.accept({ platform: 'dingtalk', dedupeKey, orderKey: orderKeyOf(payload), payload, urgent: decoded.kind === 'click' });
      if (r === 'duplicate') log.info({ platform: 'dingtalk' }, 'dingtalk redelivery ignored (already stored)');
      return r;
    } catch (err) {
      log.error({ platform: 'dingtalk', err: err instanceof Error ? err.message : String(err) }, 'dingtalk callback not stored; not acknowledged');
      return 'failed';
    }
  }

  const parse = (text: string): Record<string, unknown> | undefined => {
    try {
      const v = JSON.parse(text) as unknown;
      return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  };

  return {
    async receive(headers, body) {
      try {
        if (!open) return answer(503, '{"error":"stopping"}');
        const v = verifyCallback(headers.timestamp, headers.sign, opts.appSecret, opts.now());
        if (v !== 'ok') {
          log.warn({ platform: 'dingtalk', reason: v }, 'dingtalk callback refused');
          return answer(v === 'missing' ? 400 : 403, '{"error":"refused"}');
        }
        if (body.length > DINGTALK_MAX_BODY_BYTES) return answer(413, '{"error":"too large"}');
        const payload = parse(body.toString('utf8'));
        if (!payload) {
          log.warn({ platform: 'dingtalk', reason: 'not_json' }, 'dingtalk callback refused');
          return answer(400, '{"error":"not json"}');
        }
        const r = await store(payload);
        return r === 'failed' ? answer(503, '{"error":"busy"}') : answer(200);
      } catch (err) {
        log.error({ platform: 'dingtalk', err: (err as Error)?.message }, 'dingtalk callback failed unexpectedly');
        return answer(400, '{"error":"refused"}');
      }
    },
    async receiveCard(headers, body) {
      try {
        if (!open) return answer(503, '{"error":"stopping"}');
        const now = opts.now();
        const v = verifyCardCallback(headers.timestamp, headers.signature, opts.cardSecret ?? opts.appSecret, now);
        if (v !== 'ok') {
          log.warn({ platform: 'dingtalk', reason: v }, 'dingtalk card callback refused');
          return answer(v === 'missing' ? 400 : 403, '{"error":"refused"}');
        }
        if (body.length > DINGTALK_MAX_BODY_BYTES) return answer(413, '{"error":"too large"}');
        const payload = parse(body.toString('utf8'));
        if (!payload) {
          log.warn({ platform: 'dingtalk', reason: 'not_json' }, 'dingtalk card callback refused');
          return answer(400, '{"error":"not json"}');
        }
        if (replayed(headers.signature!, body, now)) {
          log.warn({ platform: 'dingtalk', reason: 'signature_reused' }, 'dingtalk card callback refused');
          return answer(403, '{"error":"refused"}');
        }
        if (!isCardCallback(payload)) {
          log.info({ platform: 'dingtalk', reason: 'not_a_card_callback' }, 'dingtalk card callback ignored');
          return answer(200);
        }
        const r = await store(payload);
        return r === 'failed' ? answer(503, '{"error":"busy"}') : answer(200);
      } catch (err) {
        log.error({ platform: 'dingtalk', err: (err as Error)?.message }, 'dingtalk card callback failed unexpectedly');
        return answer(400, '{"error":"refused"}');
      }
    },
    async acceptFrame(data, messageId) {
      if (!open) return 'failed';
      const payload = typeof data === 'string' && data.length <= DINGTALK_MAX_BODY_BYTES ? parse(data) : undefined;
      if (!payload) {
        log.warn({ platform: 'dingtalk', reason: 'frame_not_json' }, 'dingtalk frame ignored');
        return 'ignored';
      }
      return store(payload, messageId).catch(() => 'failed' as const);
    },
    close() {
      open = false;
    },
  };
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

function write(res: ServerResponse, a: HttpAnswer, close = false): void {
  res.writeHead(a.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(a.body), ...(close ? { connection: 'close' } : {}) });
  res.end(a.body);
}

type Route = { method: 'POST'; path: string; handler: (req: IncomingMessage, res: ServerResponse) => Promise<void> };

const route = (path: string, take: (req: IncomingMessage, body: Buffer) => Promise<HttpAnswer>): Route => ({
  method: 'POST',
  path,
  handler: async (req, res) => {
    const body = await readBody(req, { maxBytes: DINGTALK_MAX_BODY_BYTES });
    if (!body.ok) {
      write(res, body.reason === 'too_large' ? answer(413, '{"error":"too large"}') : answer(408, '{"error":"timeout"}'), true);
      return;
    }
    write(res, await take(req, body.body));
  },
});

/** The HTTP mode's routes on the shared HTTP server: robot callbacks and card callbacks. */
export function dingtalkRoutes(receiver: DingtalkReceiver): Route[] {
  return [
    route(DINGTALK_CALLBACK_PATH, (req, body) => receiver.receive({ timestamp: header(req, 'timestamp'), sign: header(req, 'sign') }, body)),
    route(DINGTALK_CARD_PATH, (req, body) => receiver.receiveCard({ timestamp: header(req, 'x-ddpaas-signature-timestamp'), signature: header(req, 'x-ddpaas-signature') }, body)),
  ];
}

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
 * Stream (stream/connection.ts) hands each CALLBACK frame's `data` to `acceptFrame`, which does the
 * same checks minus the signature (the socket is authenticated) and answers whether to ack.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AdapterLog, Inbox } from '../../chat/adapter-contract.js';
import { readBody } from '../../chat/http-body.js';
import { decodeDingtalk, dedupeKeyOf, orderKeyOf } from './decode.js';

export const DINGTALK_CALLBACK_PATH = '/dingtalk/callback';
export const DINGTALK_MAX_BODY_BYTES = 1024 * 1024;
/** DingTalk's documented window for the callback timestamp. */
export const DINGTALK_MAX_SKEW_MS = 60 * 60_000;

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

export interface DingtalkReceiverOptions {
  appSecret: string;
  inbox: Inbox;
  now: () => number;
  log: AdapterLog;
}

/** What to do with a stream frame: ack it, ack-and-drop it (not ours), or leave it unacked. */
export type FrameOutcome = 'stored' | 'duplicate' | 'ignored' | 'failed';

export interface DingtalkReceiver {
  receive(headers: { timestamp?: string; sign?: string }, body: Buffer): Promise<HttpAnswer>;
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

/** The callback route on the shared HTTP server. */
export function dingtalkRoutes(receiver: DingtalkReceiver): Array<{ method: 'POST'; path: string; handler: (req: IncomingMessage, res: ServerResponse) => Promise<void> }> {
  return [
    {
      method: 'POST',
      path: DINGTALK_CALLBACK_PATH,
      handler: async (req, res) => {
        const body = await readBody(req, { maxBytes: DINGTALK_MAX_BODY_BYTES });
        if (!body.ok) {
          write(res, body.reason === 'too_large' ? answer(413, '{"error":"too large"}') : answer(408, '{"error":"timeout"}'), true);
          return;
        }
        write(res, await receiver.receive({ timestamp: header(req, 'timestamp'), sign: header(req, 'sign') }, body.body));
      },
    },
  ];
}

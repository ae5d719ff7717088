/**
 * The WeCom callback endpoint, `GET`/`POST /wecom/callback` (protocols.md A.4–A.5): verify,
 * decode, commit to the inbox, and only then acknowledge (ARCHITECTURE rule 11).
 *
 * GET (URL verification): signature over `echostr`, timestamp window, decryption, corp id; the
 * plaintext is answered bare (no quotes, no newline).
 *
 * POST: body size cap (1 MB) and time limit, `Encrypt` from the envelope, the same checks, the
 * inner XML parsed (wire/xml.ts) and decoded (decode.ts). What the bot will act on — a text, a
 * click on one of our cards — is committed to the inbox under its dedupe key (wire/dedupe-key.ts)
 * and ordered by the sender; the answer is 200 with an empty body once the commit is durable
 * (WeCom then never sends it again). A retry of something already stored is answered 200 too. If
 * the inbox cannot store it, the answer is 503 and WeCom retries (5 s, three times).
 *
 * Anything that fails a check is refused (4xx) or, once proven authentic but of no interest (an
 * event we do not handle, another app's AgentID, unreadable XML), answered 200 and ignored; each
 * gets one log line with a reason and no content; none of it is stored.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AdapterLog, Inbox } from '../../chat/adapter-contract.js';
import { readBody } from '../../chat/http-body.js';
import { decodeWecom } from './decode.js';
import type { WecomSettings } from './env.js';
import { openSigned, type CryptoFailure, type SignedQuery, type WecomCryptoConfig } from './wire/crypto.js';
import { dedupeKey } from './wire/dedupe-key.js';
import { parseWecomXml } from './wire/xml.js';

export const WECOM_CALLBACK_PATH = '/wecom/callback';
/** Bodies above this are refused with 413 (a real callback is a few kilobytes). */
export const WECOM_MAX_BODY_BYTES = 1024 * 1024;

/** What to answer over HTTP. */
export interface HttpAnswer {
  status: number;
  body: string;
}

const STATUS: Record<CryptoFailure, number> = {
  missing_params: 400,
  oversized: 413,
  stale_timestamp: 403,
  bad_signature: 403,
  bad_base64: 400,
  bad_ciphertext: 400,
  wrong_corp_id: 403,
};

/** The query parameters the signature covers, each at most 4 KiB. */
export function signedQuery(q: URLSearchParams): SignedQuery {
  const out: SignedQuery = {};
  for (const name of ['msg_signature', 'timestamp', 'nonce', 'echostr'] as const) {
    const v = q.get(name);
    if (v !== null && v.length <= 4096) out[name] = v;
  }
  return out;
}

/** The envelope's `Encrypt` value; by index, not regex, so hostile bodies cost linear time. */
export function envelopeEncrypt(body: string): string | undefined {
  const start = body.indexOf('<Encrypt>');
  if (start < 0) return undefined;
  const end = body.indexOf('</Encrypt>', start);
  if (end < 0) return undefined;
  let v = body.slice(start + '<Encrypt>'.length, end).trim();
  if (v.startsWith('<![CDATA[')) {
    if (!v.endsWith(']]>')) return undefined;
    v = v.slice('<![CDATA['.length, -']]>'.length);
  }
  return v || undefined;
}

/** What the receiver is built from. */
export interface WecomReceiverOptions {
  settings: WecomSettings;
  inbox: Inbox;
  now: () => number;
  log: AdapterLog;
  /** Seconds the timestamp may be off (default 300). */
  maxSkewSeconds?: number;
}

/** The endpoint, framework-free: the route handlers below call these. Neither ever throws. */
export interface WecomReceiver {
  verify(query: URLSearchParams): HttpAnswer;
  receive(query: URLSearchParams, body: Buffer): Promise<HttpAnswer>;
  /** Refuse new callbacks (503, so WeCom retries), while stopping. */
  close(): void;
}

const answer = (status: number, body = ''): HttpAnswer => ({ status, body });

export function createWecomReceiver(opts: WecomReceiverOptions): WecomReceiver {
  const { log, settings } = opts;
  const cfg: WecomCryptoConfig = { token: settings.token, encodingAesKey: settings.encodingAesKey, corpId: settings.corpId };
  if (opts.maxSkewSeconds !== undefined) cfg.maxSkewSeconds = opts.maxSkewSeconds;
  let open = true;
  const refuse = (reason: string, status: number): HttpAnswer => {
    log.warn({ platform: 'wecom', reason }, 'wecom callback refused');
    return answer(status, status === 413 ? 'payload too large' : 'refused');
  };
  const ignore = (reason: string): HttpAnswer => {
    log.info({ platform: 'wecom', reason }, 'wecom callback ignored');
    return answer(200);
  };

  async function accept(query: URLSearchParams, body: Buffer): Promise<HttpAnswer> {
    if (!open) return answer(503, 'stopping');
    if (body.length > WECOM_MAX_BODY_BYTES) return refuse('body_too_large', 413);
    const opened = openSigned(cfg, signedQuery(query), envelopeEncrypt(body.toString('utf8')), opts.now());
    if (!opened.ok) return refuse(opened.reason, STATUS[opened.reason]);
    const parsed = parseWecomXml(opened.message);
    if (!parsed.ok) return ignore(parsed.reason);
    const msg = parsed.msg;
    if (msg.agentId !== undefined && msg.agentId !== String(settings.agentId)) return ignore('other_agent');
    const decoded = decodeWecom(msg);
    if (decoded.kind === 'ignore') return ignore(decoded.reason);
    try {
      const r = await opts.inbox.accept({ platform: 'wecom', dedupeKey: dedupeKey(msg), orderKey: msg.fromUserName.toLowerCase(), payload: msg });
      if (r === 'duplicate') log.info({ platform: 'wecom' }, 'wecom callback retry ignored (already stored)');
    } catch (err) {
      log.error({ platform: 'wecom', err: err instanceof Error ? err.message : String(err) }, 'wecom callback not stored; answered 503 so WeCom retries');
      return answer(503, 'busy');
    }
    return answer(200);
  }

  return {
    verify(query) {
      try {
        const q = signedQuery(query);
        const opened = openSigned(cfg, q, q.echostr, opts.now());
        return opened.ok ? answer(200, opened.message) : refuse(opened.reason, STATUS[opened.reason]);
      } catch (err) {
        log.error({ platform: 'wecom', err: (err as Error)?.message }, 'wecom url verification failed unexpectedly');
        return answer(400, 'refused');
      }
    },
    receive(query, body) {
      return accept(query, body).catch((err: unknown) => {
        log.error({ platform: 'wecom', err: (err as Error)?.message }, 'wecom callback failed unexpectedly');
        return answer(400, 'refused');
      });
    },
    close() {
      open = false;
    },
  };
}

/** The query string as `URL` would read it (what follows `?`, up to any `#`). */
function queryOf(req: IncomingMessage): URLSearchParams {
  const url = req.url ?? '';
  const q = url.indexOf('?');
  if (q < 0) return new URLSearchParams();
  const hash = url.indexOf('#', q);
  return new URLSearchParams(url.slice(q + 1, hash < 0 ? undefined : hash));
}

function write(res: ServerResponse, a: HttpAnswer, close = false): void {
  res.writeHead(a.status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(a.body), ...(close ? { connection: 'close' } : {}) });
  res.end(a.body || undefined);
}

/** The two routes of the callback on the shared HTTP server. */
export function wecomRoutes(receiver: WecomReceiver): Array<{ method: 'GET' | 'POST'; path: string; handler: (req: IncomingMessage, res: ServerResponse) => Promise<void> }> {
  return [
    { method: 'GET', path: WECOM_CALLBACK_PATH, handler: async (req, res) => write(res, receiver.verify(queryOf(req))) },
    {
      method: 'POST',
      path: WECOM_CALLBACK_PATH,
      handler: async (req, res) => {
        const body = await readBody(req, { maxBytes: WECOM_MAX_BODY_BYTES });
        if (!body.ok) {
          write(res, body.reason === 'too_large' ? answer(413, 'payload too large') : answer(408, 'request timeout'), true);
          return;
        }
        write(res, await receiver.receive(queryOf(req), body.body));
      },
    },
  ];
}

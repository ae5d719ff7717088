/**
 * The WeCom callback endpoint, `GET`/`POST /wecom/callback` (protocols.md A.4–A.5), independent of
 * any HTTP framework: the server hands over the query and the raw body and writes back the
 * `{ status, body }` it gets.
 *
 * GET (URL verification): signature over `echostr`, timestamp window, decryption, corp id; the
 * plaintext is answered bare (no quotes, no newline) at once.
 *
 * POST: body size cap, `Encrypt` taken from the envelope, then the same checks, then the inner XML
 * is parsed, decoded and deduplicated — all synchronously, in well under WeCom's 5 s — and the
 * answer is 200 with an empty body. The bot's work (router, database, replies through the API)
 * runs afterwards, one message at a time per sender, so WeCom never times out and retries; during
 * a burst it waits for a gap between callbacks, at most a second (idle-gate.ts), so that answering
 * comes first. At most `maxPending` callbacks wait for their work (default 10,000); beyond that a
 * new one is answered 503 without being recorded, and WeCom sends it again later.
 *
 * Contract: `get` and `post` never throw and never reject, whatever the input. Anything that fails
 * a check is refused (4xx) or, once proven authentic, acknowledged and ignored (200, so WeCom does
 * not retry something hopeless); each gets one log line; none of it reaches `handle` or the store.
 */
import type { Reply } from '../../app/deps.js';
import type { InboundEvent } from '../../chat/inbound.js';
import type { WecomEnv } from '../../config/env-platforms.js';
import { personName, type Org, type PersonId } from '../../domain/org.js';
import type { WecomApi } from './api-client.js';
import { WecomApiError } from './api-errors.js';
import { newTaskId, refInText } from './button-key.js';
import { openSigned, type CryptoFailure, type SignedQuery, type WecomCryptoConfig } from './crypto.js';
import { decodeWecomMessage, parseWecomXml, type Decoded } from './decode.js';
import { dedupeKey, SeenSet } from './dedupe.js';
import { IdleGate } from './idle-gate.js';
import { encodeView, truncateChars } from './encode.js';
import type { ThreadBinding } from './thread-binding.js';

/** Bodies above this are refused with 413 (a real callback is a few kilobytes). */
export const WECOM_MAX_BODY_BYTES = 1024 * 1024;

/** pino-compatible logging; only ids and reasons are logged, never message text or secrets. */
export interface WecomLog {
  info?(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export type QueryInput = URLSearchParams | Record<string, string | string[] | undefined>;

/** What to answer over HTTP. */
export interface HttpAnswer {
  status: number;
  body: string;
  contentType: string;
}

export interface WecomCallbackOptions {
  env: WecomEnv;
  org: Org;
  /** The chat layer (`handleInbound` with the app's deps). */
  handle: (ev: InboundEvent) => Promise<Reply | null>;
  /** Sends replies and updates clicked cards. */
  api: WecomApi;
  now?: () => number;
  log?: WecomLog;
  /** Binds bare replies to the last clicked card (thread-binding.ts); without it, nothing is bound. */
  binding?: ThreadBinding;
  seen?: SeenSet;
  /**
   * Where a reply goes when sending it failed in a way worth retrying (rate limit, network): the
   * adapter puts it in the outbox, whose dispatcher retries with back-off. `key` is unique per
   * callback. Without it such a reply is only logged.
   */
  fallback?: (person: PersonId, reply: Reply, key: string) => Promise<void>;
  maxSkewSeconds?: number;
  maxBodyBytes?: number;
  /** When work may start (idle-gate.ts); tests pass one with other timings. */
  gate?: IdleGate;
  /** Callbacks accepted but not yet processed, at most (default 10,000); more are answered 503. */
  maxPending?: number;
}

/** The endpoint; `idle()` resolves when all accepted callbacks have been processed (tests, shutdown). */
export interface WecomCallback {
  get(query: QueryInput): HttpAnswer;
  /** The answer to a POST, given at once (no promise on the answering path); the work runs later. */
  receive(query: QueryInput, body: string | Buffer): HttpAnswer;
  /** `receive` as a promise. */
  post(query: QueryInput, body: string | Buffer): Promise<HttpAnswer>;
  idle(): Promise<void>;
}

const answer = (status: number, body = ''): HttpAnswer => ({ status, body, contentType: 'text/plain; charset=utf-8' });
const STATUS: Record<CryptoFailure, number> = {
  missing_params: 400,
  oversized: 413,
  stale_timestamp: 403,
  bad_signature: 403,
  bad_base64: 400,
  bad_ciphertext: 400,
  wrong_corp_id: 403,
};

function signedQuery(q: QueryInput): SignedQuery {
  const pick = (name: string): string | undefined => {
    const v = q instanceof URLSearchParams ? q.get(name) ?? undefined : q[name];
    const s = Array.isArray(v) ? v[0] : v;
    return typeof s === 'string' && s.length <= 4096 ? s : undefined;
  };
  const out: SignedQuery = {};
  for (const name of ['msg_signature', 'timestamp', 'nonce', 'echostr'] as const) {
    const v = pick(name);
    if (v !== undefined) out[name] = v;
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

const notInDirectory = (user: string) =>
  `你不在「收到」的通讯录中,暂时无法使用本应用。请联系管理员在 org 文件中登记你的企业微信账号(${user})。— You are not in Shoudao's directory; ask an administrator to add your WeCom userid (${user}) to the org file.`;

export function createWecomCallback(opts: WecomCallbackOptions): WecomCallback {
  const now = opts.now ?? Date.now;
  const log = opts.log;
  const seen = opts.seen ?? new SeenSet();
  const maxBody = opts.maxBodyBytes ?? WECOM_MAX_BODY_BYTES;
  const cfg: WecomCryptoConfig = { token: opts.env.token, encodingAesKey: opts.env.encodingAesKey, corpId: opts.env.corpId };
  if (opts.maxSkewSeconds !== undefined) cfg.maxSkewSeconds = opts.maxSkewSeconds;
  /** Each sender's callbacks waiting for their work, in order; the first is the one being worked on. */
  const queues = new Map<string, Array<{ d: Exclude<Decoded, { kind: 'ignore' }>; key: string; arrivedAt: number }>>();
  /** One drain per sender with work queued. */
  const drains = new Set<Promise<void>>();
  let pending = 0;
  const gate = opts.gate ?? new IdleGate();
  const maxPending = opts.maxPending ?? 10_000;

  const refuse = (reason: string, status: number): HttpAnswer => {
    log?.warn({ platform: 'wecom', reason }, 'wecom callback refused');
    return answer(status, status === 413 ? 'payload too large' : 'refused');
  };

  async function sendReply(user: string, reply: Reply, ev: InboundEvent, key: string): Promise<void> {
    const formNumber = ev.where.kind === 'thread' ? ev.where.formNumber : undefined;
    const ref = formNumber ?? refInText(ev.text) ?? reply.buttons?.map((b) => refInText(b.command)).find(Boolean);
    const body = encodeView(reply, { taskId: newTaskId(ref, now()), ...(formNumber ? { formNumber } : {}) });
    try {
      await opts.api.sendMessage({ touser: [user] }, body);
    } catch (err) {
      if (!(err instanceof WecomApiError) || !err.retryable || !opts.fallback) throw err;
      log?.warn({ platform: 'wecom', user: `wecom:${user}`, errcode: err.errcode, kind: err.kind }, 'wecom reply deferred to the outbox');
      // The outbox sends to the person directly, so the form number must be in the view itself.
      const tagged = formNumber && !JSON.stringify(reply).includes(formNumber) ? { ...reply, lines: [`【${formNumber}】`, ...reply.lines] } : reply;
      await opts.fallback(ev.sender, tagged, `wecom-reply:${key}`);
    }
  }

  async function work(d: Exclude<Decoded, { kind: 'ignore' }>, key: string): Promise<void> {
    if (d.kind === 'stranger') {
      log?.warn({ platform: 'wecom', user: `wecom:${d.user}` }, 'wecom message from a user not in the org directory');
      await opts.api.sendMessage({ touser: [d.user] }, { msgtype: 'text', text: { content: notInDirectory(d.user) } });
      return;
    }
    let ev = d.event;
    if (d.kind === 'click' && d.click.ref && opts.binding) await opts.binding.remember(ev.sender, d.click.ref, now());
    if (d.kind === 'message' && opts.binding) ev = await opts.binding.bind(ev, now());
    const reply = await opts.handle(ev);
    if (reply) await sendReply(d.user, reply, ev, key);
    if (d.kind === 'click' && d.click.responseCode && reply && !reply.refused) {
      // The card now shows who did what; a refused click leaves the card as it was, to try again.
      const word = ev.text.split(/\s+/)[0] ?? '';
      const label = truncateChars(`${personName(opts.org, ev.sender)} 已${word}`, 12);
      await opts.api.updateCardButton([d.user], d.click.responseCode, label);
    }
  }

  /** Works through one sender's queue, one callback at a time, each once the gate lets it. */
  async function drain(user: string): Promise<void> {
    const queue = queues.get(user)!;
    try {
      while (queue.length) {
        const job = queue[0]!;
        await gate.ready(job.arrivedAt);
        try {
          await work(job.d, job.key);
        } catch (err) {
          const e = err as { message?: string; errcode?: number; adminHint?: string };
          log?.error({ platform: 'wecom', user: `wecom:${user}`, errcode: e.errcode, adminHint: e.adminHint, err: e.message }, 'wecom callback processing failed');
        }
        queue.shift();
        pending -= 1;
      }
    } finally {
      queues.delete(user);
    }
  }

  /** Queues the work of an accepted callback; synchronous, so answering creates no promise. */
  function enqueue(d: Exclude<Decoded, { kind: 'ignore' }>, key: string): void {
    pending += 1;
    const job = { d, key, arrivedAt: gate.time() };
    const queue = queues.get(d.user);
    if (queue) {
      queue.push(job);
      return;
    }
    queues.set(d.user, [job]);
    const running: Promise<void> = drain(d.user).finally(() => drains.delete(running));
    drains.add(running);
  }

  function accept(body: string | Buffer, query: QueryInput): HttpAnswer {
    const bytes = typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.length;
    if (bytes > maxBody) return refuse('body_too_large', 413);
    const text = typeof body === 'string' ? body : body.toString('utf8');
    const opened = openSigned(cfg, signedQuery(query), envelopeEncrypt(text), now());
    if (!opened.ok) return refuse(opened.reason, STATUS[opened.reason]);
    const parsed = parseWecomXml(opened.message);
    if (!parsed.ok) {
      log?.warn({ platform: 'wecom', reason: parsed.reason }, 'wecom callback ignored');
      return answer(200);
    }
    const decoded = decodeWecomMessage(parsed.msg, { org: opts.org, agentId: opts.env.agentId });
    if (decoded.kind === 'ignore') {
      log?.info?.({ platform: 'wecom', reason: decoded.reason }, 'wecom callback ignored');
      return answer(200);
    }
    const key = dedupeKey(parsed.msg);
    if (pending >= maxPending) {
      // Not recorded as seen: WeCom's retry of it is processed once there is room.
      log?.warn({ platform: 'wecom', pending }, 'wecom callback refused: too many waiting to be processed');
      return answer(503, 'busy');
    }
    if (!seen.firstSeen(key, now())) {
      log?.info?.({ platform: 'wecom', user: `wecom:${decoded.user}` }, 'wecom callback retry ignored (duplicate)');
      return answer(200);
    }
    enqueue(decoded, key);
    return answer(200);
  }

  return {
    get(query) {
      try {
        const q = signedQuery(query);
        const opened = openSigned(cfg, q, q.echostr, now());
        return opened.ok ? answer(200, opened.message) : refuse(opened.reason, STATUS[opened.reason]);
      } catch (err) {
        log?.error({ platform: 'wecom', err: (err as Error)?.message }, 'wecom url verification failed unexpectedly');
        return answer(400, 'refused');
      }
    },

    receive(query, body) {
      gate.arrived();
      try {
        return accept(body, query);
      } catch (err) {
        log?.error({ platform: 'wecom', err: (err as Error)?.message }, 'wecom callback failed unexpectedly');
        return answer(400, 'refused');
      }
    },

    post(query, body) {
      return Promise.resolve(this.receive(query, body));
    },

    async idle() {
      while (drains.size) await Promise.all([...drains]);
    },
  };
}

/**
 * Feishu inbound, in one of two modes (`FEISHU_MODE`, protocols-feishu.md §2–3). Both verify,
 * read the dedupe key (`header.event_id`; v1 `uuid`) and the order key (the sender's open id),
 * commit to the inbox and only then acknowledge (ARCHITECTURE rule 11).
 *
 * `ws` (default): the SDK's `WSClient` long connection, `domain` = `FEISHU_API_BASE`. Events come
 * in plain JSON over a connection the app secret authenticated. Our dispatcher answers the frame
 * only after the commit; if the inbox cannot take it, it throws, the SDK acks with code 500 and
 * Feishu pushes the event again. Fragmented frames are bounded (wire/fragment-guard.ts).
 *
 * `http`: `POST /feishu/events`, closing the SDK's gaps: the signature over the raw body (when an
 * Encrypt Key is set every request but the URL check must be encrypted and signed), a ±5 min
 * timestamp window, AES-256-CBC decryption, the verification token compared in constant time, and
 * the `url_verification` challenge answered in plaintext. A forged token, a bad signature, a stale
 * timestamp or a wrong key is refused (403/400, never the SDK's empty 200) and nothing is stored.
 *
 * Either way, an event that is authentic but of no interest (another app's, a bot's message, an
 * unknown event, a button that is not ours) is acknowledged and ignored, unstored; a card click is
 * answered with a toast (the real answer follows as a message). Every refusal or ignore gets one
 * log line with a reason and no content.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { AdapterLog, Inbox, PlatformHealth } from '../../chat/adapter-contract.js';
import { readBody } from '../../chat/http-body.js';
import { checkFeedbackForm, formErrorLines } from '../../chat/feedback-form.js';
import type { Org } from '../../domain/org.js';
import { TF } from '../../texts/feishu.js';
import { decodeFeishu, senderOf } from './decode.js';
import type { FeishuSettings } from './env.js';
import { checkSignature, decrypt } from './wire/crypto.js';
import { openEnvelope } from './wire/envelope.js';

export const FEISHU_EVENTS_PATH = '/feishu/events';
export const FEISHU_MAX_BODY_BYTES = 1024 * 1024;

/** What the bot answers a delivery: an HTTP status and a JSON body (WS: the handler's return value). */
export interface IntakeAnswer {
  status: number;
  body: Record<string, unknown>;
  /** Stored (or a retry of something stored): the event may be acknowledged. */
  accepted: boolean;
}

export interface FeishuIntakeOptions {
  settings: FeishuSettings;
  inbox: Inbox;
  now: () => number;
  log: AdapterLog;
  /** The directory, to check a submitted intake form's department before storing it. */
  org?: () => Org;
  /** Seconds a signed request's timestamp may be off (default 300). */
  maxSkewSeconds?: number;
}

const answer = (status: number, body: Record<string, unknown> = {}, accepted = false): IntakeAnswer => ({ status, body, accepted });

function sameSecret(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Envelope → inbox; shared by both transports. `checkToken`: HTTP mode compares the verification token. */
export function createFeishuIntake(opts: FeishuIntakeOptions) {
  const { log, settings } = opts;
  const refuse = (reason: string, status: number) => {
    log.warn({ platform: 'feishu', reason }, 'feishu event refused');
    return answer(status, { msg: 'refused' });
  };
  const ignore = (reason: string) => {
    log.info({ platform: 'feishu', reason }, 'feishu event ignored');
    return answer(200, {}, true);
  };

  async function take(json: unknown, checkToken: boolean): Promise<IntakeAnswer> {
    const env = openEnvelope(json);
    if (!env.ok) return refuse(env.reason, 400);
    if (checkToken && !sameSecret(env.token, settings.verificationToken ?? '')) return refuse('bad_verification_token', 403);
    if (env.kind === 'challenge') return answer(200, { challenge: env.challenge }, true);
    const appId = env.payload.header.app_id;
    if (appId && appId !== settings.appId) return ignore('other_app');
    const decoded = decodeFeishu(env.payload, { personOf: () => undefined });
    if (decoded.kind === 'ignore') return ignore(decoded.reason);
    const card = env.eventType === 'card.action.trigger';
    if (decoded.kind === 'submission' && decoded.fields && opts.org) {
      // The intake form's mistakes are answered at once, as an error toast, and nothing is stored.
      const checked = checkFeedbackForm(opts.org(), decoded.fields, true);
      if (!checked.ok) {
        log.info({ platform: 'feishu', reason: 'form_errors', fields: Object.keys(checked.errors) }, 'feishu form refused');
        return answer(200, { toast: { type: 'error', content: formErrorLines(checked.errors).join(' ') } }, true);
      }
    }
    try {
      const r = await opts.inbox.accept({ platform: 'feishu', dedupeKey: env.eventId, orderKey: senderOf(env.payload) ?? '', payload: env.payload, ...(card ? { urgent: true } : {}) });
      if (r === 'duplicate') log.info({ platform: 'feishu' }, 'feishu event retry ignored (already stored)');
    } catch (err) {
      log.error({ platform: 'feishu', err: err instanceof Error ? err.message : String(err) }, 'feishu event not stored; not acknowledged so Feishu delivers it again');
      return answer(503, card ? { toast: { type: 'error', content: TF.clickFailed } } : { msg: 'busy' });
    }
    return answer(200, card ? { toast: { type: 'info', content: TF.clickTaken } } : {}, true);
  }

  return { take };
}

export type FeishuIntake = ReturnType<typeof createFeishuIntake>;

/** The HTTP receiver, framework-free; never throws. */
export interface FeishuHttpReceiver {
  receive(headers: IncomingMessage['headers'], body: Buffer): Promise<IntakeAnswer>;
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  close(): void;
}

const header = (h: IncomingMessage['headers'], name: string): string | undefined => {
  const v = h[name];
  return typeof v === 'string' ? v : undefined;
};

export function createFeishuHttpReceiver(opts: FeishuIntakeOptions): FeishuHttpReceiver {
  const { settings, log } = opts;
  const intake = createFeishuIntake(opts);
  let open = true;
  const refuse = (reason: string, status: number) => {
    log.warn({ platform: 'feishu', reason }, 'feishu event refused');
    return answer(status, { msg: 'refused' });
  };

  async function receive(headers: IncomingMessage['headers'], body: Buffer): Promise<IntakeAnswer> {
    if (!open) return answer(503, { msg: 'stopping' });
    if (body.length > FEISHU_MAX_BODY_BYTES) return refuse('body_too_large', 413);
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      return refuse('not_json', 400);
    }
    const sig = { timestamp: header(headers, 'x-lark-request-timestamp'), nonce: header(headers, 'x-lark-request-nonce'), signature: header(headers, 'x-lark-signature') };
    const signed = Boolean(sig.timestamp || sig.nonce || sig.signature);
    const encrypted = typeof json === 'object' && json !== null && typeof (json as Record<string, unknown>)['encrypt'] === 'string';
    if (encrypted) {
      if (!settings.encryptKey) return refuse('encrypted_without_key', 400);
      if (signed) {
        const c = checkSignature(sig, settings.encryptKey, body, opts.now(), opts.maxSkewSeconds);
        if (!c.ok) return refuse(c.reason, 403);
      }
      const plain = decrypt(settings.encryptKey, (json as Record<string, string>)['encrypt']!);
      if (plain === undefined) return refuse('bad_ciphertext', 400);
      try {
        json = JSON.parse(plain);
      } catch {
        return refuse('bad_ciphertext', 400);
      }
      // Only the URL check comes unsigned (protocols-feishu.md §2.1).
      if (!signed && (json as Record<string, unknown> | null)?.['type'] !== 'url_verification') return refuse('missing_signature', 403);
    } else if (settings.encryptKey) {
      return refuse('not_encrypted', 403);
    }
    return intake.take(json, true);
  }

  return {
    receive: (headers, body) =>
      receive(headers, body).catch((err: unknown) => {
        log.error({ platform: 'feishu', err: (err as Error)?.message }, 'feishu event failed unexpectedly');
        return answer(400, { msg: 'refused' });
      }),
    async handle(req, res) {
      const body = await readBody(req, { maxBytes: FEISHU_MAX_BODY_BYTES });
      const a = body.ok ? await this.receive(req.headers, body.body) : answer(body.reason === 'too_large' ? 413 : 408, { msg: 'refused' });
      const text = JSON.stringify(a.body);
      res.writeHead(a.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...(body.ok ? {} : { connection: 'close' }) });
      res.end(text);
    },
    close() {
      open = false;
    },
  };
}

/** The long-connection receiver. */
export interface FeishuWsReceiver {
  start(): Promise<void>;
  stop(): Promise<void>;
  health(): PlatformHealth;
}

export async function createFeishuWsReceiver(opts: FeishuIntakeOptions): Promise<FeishuWsReceiver> {
  const lark = await import('@larksuiteoapi/node-sdk');
  const { guardFragments } = await import('./wire/fragment-guard.js');
  const { settings, log } = opts;
  const intake = createFeishuIntake(opts);
  let failed = false;
  const sdkLog = (level: 'warn' | 'error' | 'info') => (...msg: unknown[]) =>
    log[level]({ platform: 'feishu', sdk: msg.map((m) => (m instanceof Error ? m.message : typeof m === 'string' ? m.slice(0, 300) : typeof m)).join(' ') }, 'feishu sdk');
  const logger = { error: sdkLog('error'), warn: sdkLog('warn'), info: () => undefined, debug: () => undefined, trace: () => undefined };
  const client = new lark.WSClient({
    appId: settings.appId,
    appSecret: settings.appSecret,
    domain: settings.apiBase,
    logger,
    loggerLevel: lark.LoggerLevel.warn,
    onReady: () => log.info({ platform: 'feishu' }, 'feishu long connection ready'),
    onError: (err: Error) => {
      failed = true;
      log.error({ platform: 'feishu', err: err.message }, 'feishu long connection gave up');
    },
  });
  guardFragments(client, (reason) => log.warn({ platform: 'feishu', reason }, 'feishu frame fragment dropped (not acknowledged)'));
  const dispatcher = {
    async invoke(data: unknown) {
      const a = await intake.take(data, false);
      // The inbox could not take it: not acknowledged (code 500), so Feishu pushes it again. A
      // malformed event is acknowledged (unstored): pushing it again would not make it better.
      if (a.status >= 500) throw new Error(`not stored (${a.status})`);
      return Object.keys(a.body).length ? a.body : undefined;
    },
  };
  return {
    async start() {
      failed = false;
      await client.start({ eventDispatcher: dispatcher as unknown as InstanceType<typeof lark.EventDispatcher> });
    },
    async stop() {
      client.close({ force: true });
    },
    health(): PlatformHealth {
      if (failed) return 'down';
      const state = client.getConnectionStatus().state;
      return state === 'connected' ? 'up' : state === 'failed' || state === 'idle' ? 'down' : 'connecting';
    },
  };
}

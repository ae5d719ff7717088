/**
 * A small fetch-based client for the WeCom server API of one self-built app (protocols.md A.7).
 * The base URL comes from `WECOM_API_BASE` (default `https://qyapi.weixin.qq.com`), so tests and
 * proxies can stand in for WeCom.
 *
 * Access token: one per app (corp id + secret), cached until shortly before `expires_in` runs
 * out. Concurrent callers share one gettoken call (single flight). When a call answers 40014 /
 * 42001 / 41001 the token it used is dropped — only if it is still the cached one, so ten calls
 * failing on the same stale token cause one refresh — and the call is retried once.
 *
 * Every other failure becomes a `WecomApiError` (api-errors.ts) that says whether and when to
 * retry; this client does not retry those itself (the outbox dispatcher owns back-off).
 */
import { createTokenCache } from '../../chat/token-cache.js';
import { WecomApiError, isTokenError } from './errors.js';
import type { TemplateCard, WecomMessageBody } from './render.js';

export interface WecomApiOptions {
  corpId: string;
  secret: string;
  agentId: number;
  apiBase: string;
  /** Injected for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Clock for the token cache (ms). */
  now?: () => number;
  /** Per-request timeout (default 10 s). */
  timeoutMs?: number;
}

/** Who a message/send goes to: member userids (`|`-joined by the client). */
export interface SendTarget {
  touser: string[];
}

/** The useful part of a message/send answer. */
export interface SendResult {
  msgid?: string;
  /** For interactive cards: a single-use code for update_template_card (72 h). */
  responseCode?: string;
  /** Recipients WeCom did not deliver to (the send itself succeeded for the others). */
  invalidUsers: string[];
  /** Recipients without an interface licence (接口许可, `unlicenseduser`): not delivered to either. */
  unlicensedUsers: string[];
}

/** The WeCom API operations Shoudao uses. */
export interface WecomApi {
  /** The cached access token, fetched when missing or about to expire. */
  accessToken(): Promise<string>;
  sendMessage(to: SendTarget, body: WecomMessageBody): Promise<SendResult>;
  /** Sends to an app group chat created by this app (text or markdown only). */
  sendToChat(chatid: string, body: Exclude<WecomMessageBody, { msgtype: 'template_card' }>): Promise<void>;
  /** Replaces the clicked button's text for these users (after a click; `responseCode` is single-use). */
  updateCardButton(userids: string[], responseCode: string, replaceName: string): Promise<void>;
  /** Replaces the whole card for these users. */
  updateCard(userids: string[], responseCode: string, card: TemplateCard): Promise<void>;
  /** Uploads a temporary file (3 days) and returns its media_id for a `file` message. */
  uploadFile(name: string, bytes: Uint8Array, mime: string): Promise<string>;
}

interface ApiAnswer {
  errcode?: number;
  errmsg?: string;
  [k: string]: unknown;
}

/** Refresh this long before WeCom's expiry: clocks differ and a call takes time. */
const TOKEN_MARGIN_MS = 5 * 60_000;

export function createWecomApi(opts: WecomApiOptions): WecomApi {
  const doFetch = opts.fetch ?? fetch;
  const now = opts.now ?? Date.now;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const base = opts.apiBase.replace(/\/+$/, '');

  async function request(api: string, query: Record<string, string>, body?: unknown): Promise<ApiAnswer> {
    const url = `${base}${api}?${new URLSearchParams(query).toString()}`;
    let res: Response;
    try {
      // A FormData body (media/upload) sets its own multipart content type.
      const form = body instanceof FormData;
      res = await doFetch(url, {
        method: body === undefined ? 'GET' : 'POST',
        headers: body === undefined || form ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? null : form ? body : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      // The URL carries the token or the secret: report the path and the cause's name only.
      throw new WecomApiError(api, 0, `request failed (${err instanceof Error ? err.name : 'error'})`, 'network');
    }
    const text = await res.text().catch(() => '');
    if (res.status !== 200) throw new WecomApiError(api, 0, `HTTP ${res.status}`, 'network');
    try {
      const json = JSON.parse(text) as unknown;
      if (json && typeof json === 'object' && !Array.isArray(json)) return json as ApiAnswer;
    } catch {
      // fall through
    }
    throw new WecomApiError(api, 0, 'answer is not JSON', 'bad_response');
  }

  // https://developer.work.weixin.qq.com/document/path/91039 (获取access_token)
  async function fetchToken(): Promise<{ token: string; ttlMs: number }> {
    const api = '/cgi-bin/gettoken';
    const a = await request(api, { corpid: opts.corpId, corpsecret: opts.secret });
    const errcode = Number(a.errcode ?? 0);
    if (errcode !== 0) throw new WecomApiError(api, errcode, String(a.errmsg ?? ''));
    if (typeof a.access_token !== 'string' || !a.access_token) throw new WecomApiError(api, 0, 'no access_token', 'bad_response');
    return { token: a.access_token, ttlMs: Math.max(60, Number(a.expires_in) || 7200) * 1000 };
  }

  const tokens = createTokenCache(fetchToken, now, TOKEN_MARGIN_MS);
  const accessToken = () => tokens.get();

  /** A token-authenticated call: retried once after refreshing on a token error. */
  async function call(api: string, body: unknown, query: Record<string, string> = {}): Promise<ApiAnswer> {
    for (let attempt = 0; ; attempt++) {
      const token = await accessToken();
      const a = await request(api, { access_token: token, ...query }, typeof body === 'function' ? (body as () => unknown)() : body);
      const errcode = Number(a.errcode ?? 0);
      if (errcode === 0) return a;
      if (isTokenError(errcode) && attempt === 0) {
        tokens.invalidate(token);
        continue;
      }
      throw new WecomApiError(api, errcode, String(a.errmsg ?? ''));
    }
  }

  const split = (v: unknown): string[] => (typeof v === 'string' && v ? v.split('|') : []);

  return {
    accessToken,

    // https://developer.work.weixin.qq.com/document/path/90236 (发送应用消息)
    async sendMessage(to, body) {
      const a = await call('/cgi-bin/message/send', { touser: to.touser.join('|'), agentid: opts.agentId, safe: 0, ...body });
      const out: SendResult = { invalidUsers: split(a.invaliduser), unlicensedUsers: split(a.unlicenseduser) };
      if (typeof a.msgid === 'string' && a.msgid) out.msgid = a.msgid;
      if (typeof a.response_code === 'string' && a.response_code) out.responseCode = a.response_code;
      return out;
    },

    // https://developer.work.weixin.qq.com/document/path/90253 (上传临时素材), type=file, field `media`
    async uploadFile(name, bytes, mime) {
      // A fresh FormData per attempt: a body stream can be read only once.
      const form = () => {
        const f = new FormData();
        f.append('media', new Blob([new Uint8Array(bytes)], { type: mime }), name);
        return f;
      };
      const a = await call('/cgi-bin/media/upload', form, { type: 'file' });
      if (typeof a.media_id !== 'string' || !a.media_id) throw new WecomApiError('/cgi-bin/media/upload', 0, 'no media_id', 'bad_response');
      return a.media_id;
    },

    // https://developer.work.weixin.qq.com/document/path/90248 (应用推送消息 / appchat/send)
    async sendToChat(chatid, body) {
      await call('/cgi-bin/appchat/send', { chatid, safe: 0, ...body });
    },

    // https://developer.work.weixin.qq.com/document/path/94888 (更新模版卡片消息)
    async updateCardButton(userids, responseCode, replaceName) {
      await call('/cgi-bin/message/update_template_card', {
        userids,
        agentid: opts.agentId,
        response_code: responseCode,
        button: { replace_name: replaceName },
      });
    },

    // https://developer.work.weixin.qq.com/document/path/94888 (更新模版卡片消息)
    async updateCard(userids, responseCode, card) {
      await call('/cgi-bin/message/update_template_card', {
        userids,
        agentid: opts.agentId,
        response_code: responseCode,
        template_card: card,
      });
    },
  };
}

/**
 * A small fetch-based client for the Feishu / Lark OpenAPI calls the bot makes (protocols-feishu.md
 * §1, §5, §6): seven endpoints, each with its documentation URL. The SDK is used where it earns its
 * place (the long connection, receiver.ts); for these calls a thin client gives what the outbox
 * needs and the SDK's `Client` does not: a timeout per request, the rate-limit headers, and a token
 * cache that is invalidated on 99991663.
 *
 * tenant_access_token: cached until 3 minutes before `expire`; concurrent callers share one
 * request (single flight). A call answered with a token error drops the token it used — only if it
 * is still the cached one, so ten calls failing on one stale token cause one refresh — and is
 * retried once. Every other failure is a `FeishuApiError`; this client never retries otherwise
 * (the outbox dispatcher owns back-off).
 */
import { createTokenCache } from '../../chat/token-cache.js';
import { FeishuApiError, isTokenError } from './errors.js';
import { scalarText } from '../../domain/scalar-text.js';

export interface FeishuApiOptions {
  appId: string;
  appSecret: string;
  /** `https://open.feishu.cn`, `https://open.larksuite.com`, or a fake. */
  apiBase: string;
  fetch?: typeof fetch;
  /** Clock for the token cache (ms). */
  now?: () => number;
  /** Per-request timeout (default 10 s). */
  timeoutMs?: number;
}

/** Who a new message goes to. */
export type ReceiveIdType = 'open_id' | 'chat_id';

/** What Feishu answers about a message it created. */
export interface SentMessage {
  messageId: string;
  chatId: string;
  rootId?: string;
  threadId?: string;
}

/** A message body: `msg_type` and its content object (stringified on the wire). */
export interface FeishuContent {
  msgType: 'text' | 'post' | 'interactive' | 'file';
  content: unknown;
}

export interface FeishuApi {
  tenantToken(): Promise<string>;
  send(idType: ReceiveIdType, receiveId: string, body: FeishuContent, uuid?: string): Promise<SentMessage>;
  reply(messageId: string, body: FeishuContent, inThread: boolean, uuid?: string): Promise<SentMessage>;
  /** Replaces an interactive card's content (shared cards: `update_multi`). */
  patchCard(messageId: string, card: unknown): Promise<void>;
  /** Readers of a message the bot sent (≤ 7 days old): open ids and read times (ms). */
  readUsers(messageId: string): Promise<Array<{ openId: string; readAt: number }>>;
  /** 加急 in-app (or SMS / phone, which cost the tenant money); the ids Feishu refused. */
  urgent(messageId: string, openIds: string[], via?: 'app' | 'sms' | 'phone'): Promise<string[]>;
  /** Uploads a file for a `file` message (导出's XLSX); its `file_key`. */
  uploadFile(name: string, bytes: Uint8Array, mime: string): Promise<string>;
}

/** A multipart body, built afresh for each attempt (a retried request sends it again). */
type FormBody = { form: () => FormData };
const isForm = (b: unknown): b is FormBody => typeof b === 'object' && b !== null && typeof (b as FormBody).form === 'function';

interface Answer {
  code?: number;
  msg?: string;
  data?: Record<string, unknown>;
  [k: string]: unknown;
}

const TOKEN_MARGIN_MS = 3 * 60_000;
const MAX_READ_PAGES = 20;

export function createFeishuApi(opts: FeishuApiOptions): FeishuApi {
  const doFetch = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const base = opts.apiBase.replace(/\/+$/, '');

  async function request(method: string, path: string, query: Record<string, string>, body: unknown, token?: string): Promise<Answer> {
    const qs = new URLSearchParams(query).toString();
    let res: Response;
    try {
      // A FormData body (im/v1/files) sets its own multipart content type.
      res = await doFetch(`${base}${path}${qs ? `?${qs}` : ''}`, {
        method,
        headers: { ...(isForm(body) ? {} : { 'content-type': 'application/json; charset=utf-8' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? null : isForm(body) ? body.form() : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw new FeishuApiError(path, 0, `request failed (${err instanceof Error ? err.name : 'error'})`, 'network');
    }
    const text = await res.text().catch(() => '');
    let json: Answer | undefined;
    try {
      const v = JSON.parse(text) as unknown;
      if (v && typeof v === 'object' && !Array.isArray(v)) json = v as Answer;
    } catch {
      // not JSON
    }
    const reset = Number(res.headers.get('x-ogw-ratelimit-reset'));
    const retryAfterMs = Number.isFinite(reset) && reset > 0 ? Math.min(reset, 3600) * 1000 : undefined;
    if (res.status === 429) throw new FeishuApiError(path, Number(json?.code ?? 99991400), scalarText(json?.msg, 'HTTP 429'), undefined, retryAfterMs ?? 1000);
    if (res.status >= 500) throw new FeishuApiError(path, 0, `HTTP ${res.status}`, 'network');
    if (!json) throw new FeishuApiError(path, 0, `HTTP ${res.status}, answer is not JSON`, 'bad_response');
    const code = Number(json.code ?? 0);
    if (code !== 0) throw new FeishuApiError(path, code, scalarText(json.msg), undefined, code === 230020 || code === 230049 ? (retryAfterMs ?? 1000) : retryAfterMs);
    return json;
  }

  // https://open.feishu.cn/document/server-docs/authentication-management/access-token/tenant_access_token_internal
  async function fetchToken() {
    const a = await request('POST', '/open-apis/auth/v3/tenant_access_token/internal', {}, { app_id: opts.appId, app_secret: opts.appSecret });
    const token = a['tenant_access_token'];
    if (typeof token !== 'string' || !token) throw new FeishuApiError('/open-apis/auth/v3/tenant_access_token/internal', 0, 'no tenant_access_token', 'bad_response');
    return { token, ttlMs: Math.max(60, Number(a['expire']) || 7200) * 1000 };
  }
  const tokens = createTokenCache(fetchToken, opts.now ?? Date.now, TOKEN_MARGIN_MS);
  const tenantToken = () => tokens.get();

  /** A token-authenticated call, retried once after a token error. */
  async function call(method: string, path: string, query: Record<string, string>, body?: unknown): Promise<Answer> {
    for (let attempt = 0; ; attempt++) {
      const token = await tenantToken();
      try {
        return await request(method, path, query, body, token);
      } catch (err) {
        if (!(err instanceof FeishuApiError) || !isTokenError(err.code) || attempt > 0) throw err;
        tokens.invalidate(token);
      }
    }
  }

  const sent = (path: string, a: Answer): SentMessage => {
    const d = a.data ?? {};
    if (typeof d['message_id'] !== 'string') throw new FeishuApiError(path, 0, 'no message_id', 'bad_response');
    const m: SentMessage = { messageId: d['message_id'], chatId: scalarText(d['chat_id']) };
    if (typeof d['root_id'] === 'string' && d['root_id']) m.rootId = d['root_id'];
    if (typeof d['thread_id'] === 'string' && d['thread_id']) m.threadId = d['thread_id'];
    return m;
  };
  const wire = (b: FeishuContent, uuid?: string) => ({ msg_type: b.msgType, content: JSON.stringify(b.content), ...(uuid ? { uuid } : {}) });

  return {
    tenantToken,

    // https://open.feishu.cn/document/server-docs/im-v1/message/create
    async send(idType, receiveId, body, uuid) {
      const path = '/open-apis/im/v1/messages';
      return sent(path, await call('POST', path, { receive_id_type: idType }, { receive_id: receiveId, ...wire(body, uuid) }));
    },

    // https://open.feishu.cn/document/server-docs/im-v1/message/reply
    async reply(messageId, body, inThread, uuid) {
      const path = `/open-apis/im/v1/messages/${encodeURIComponent(messageId)}/reply`;
      return sent(path, await call('POST', path, {}, { ...wire(body, uuid), reply_in_thread: inThread }));
    },

    // https://open.feishu.cn/document/server-docs/im-v1/message-card/patch
    async patchCard(messageId, card) {
      await call('PATCH', `/open-apis/im/v1/messages/${encodeURIComponent(messageId)}`, {}, { content: JSON.stringify(card) });
    },

    // https://open.feishu.cn/document/server-docs/im-v1/message/read_users
    async readUsers(messageId) {
      const path = `/open-apis/im/v1/messages/${encodeURIComponent(messageId)}/read_users`;
      const out: Array<{ openId: string; readAt: number }> = [];
      let pageToken = '';
      for (let page = 0; page < MAX_READ_PAGES; page++) {
        const a = await call('GET', path, { user_id_type: 'open_id', page_size: '100', ...(pageToken ? { page_token: pageToken } : {}) });
        const items = Array.isArray(a.data?.['items']) ? (a.data['items'] as Array<Record<string, unknown>>) : [];
        for (const it of items) {
          const ts = Number(it['timestamp']);
          if (typeof it['user_id'] === 'string' && Number.isFinite(ts)) out.push({ openId: it['user_id'], readAt: ts });
        }
        pageToken = typeof a.data?.['page_token'] === 'string' ? a.data['page_token'] : '';
        if (a.data?.['has_more'] !== true || !pageToken) break;
      }
      return out;
    },

    // https://open.feishu.cn/document/server-docs/im-v1/buzz-messages/urgent_app (and urgent_sms, urgent_phone)
    async urgent(messageId, openIds, via = 'app') {
      const a = await call('PATCH', `/open-apis/im/v1/messages/${encodeURIComponent(messageId)}/urgent_${via}`, { user_id_type: 'open_id' }, { user_id_list: openIds });
      const invalid = a.data?.['invalid_user_id_list'];
      return Array.isArray(invalid) ? invalid.filter((x): x is string => typeof x === 'string') : [];
    },

    // https://open.feishu.cn/document/server-docs/im-v1/file/create — multipart: file_type, file_name, file (≤ 30 MB).
    async uploadFile(name, bytes, mime) {
      const path = '/open-apis/im/v1/files';
      const form = () => {
        const f = new FormData();
        f.append('file_type', /spreadsheet|excel/.test(mime) ? 'xls' : mime === 'application/pdf' ? 'pdf' : 'stream');
        f.append('file_name', name);
        f.append('file', new Blob([new Uint8Array(bytes)], { type: mime }), name);
        return f;
      };
      const a = await call('POST', path, {}, { form });
      const key = a.data?.['file_key'];
      if (typeof key !== 'string' || !key) throw new FeishuApiError(path, 0, 'no file_key', 'bad_response');
      return key;
    },
  };
}

/**
 * WeCom API errors, decided by `errcode` only (the docs say never to branch on `errmsg`).
 * Global error codes: https://developer.work.weixin.qq.com/document/path/90313 (全局错误码);
 * rate limits: https://developer.work.weixin.qq.com/document/path/90312 (访问频率限制).
 *
 * Each error says whether retrying can help (`retryable`), how long to wait first
 * (`retryAfterMs`), and, for errors only an administrator can fix (untrusted IP, missing
 * permission, wrong secret, invalid recipients), a bilingual `adminHint` saying what to do. Error
 * messages never contain the access token or the secret.
 */

/** What kind of failure an errcode (or a transport problem) is. */
export type WecomErrorKind =
  | 'token' // 40014 / 42001 / 41001: refresh the access token and retry once
  | 'credentials' // 40001 / 40013: wrong secret or corp id
  | 'untrusted_ip' // 60020
  | 'no_permission' // 48002, 60011, 301002
  | 'rate_limited' // 45009 / 45033 / -1
  | 'invalid_user' // 81013
  | 'bad_request' // the request itself is wrong; retrying will not help
  | 'network' // no answer, timeout, HTTP status other than 200
  | 'bad_response'; // an answer that is not WeCom JSON

interface Rule {
  kind: WecomErrorKind;
  retryable: boolean;
  retryAfterMs?: number;
  /** The wait is the whole app's (a per-minute or concurrency limit), not only this message's. */
  appWide?: boolean;
  adminHint?: string;
}

/** Per-minute limits lock out for 60 s (access-frequency-restriction doc). */
const MINUTE_LOCKOUT_MS = 60_000;

const RULES: Record<number, Rule> = {
  40014: { kind: 'token', retryable: true },
  42001: { kind: 'token', retryable: true },
  41001: { kind: 'token', retryable: true },
  40001: {
    kind: 'credentials',
    retryable: false,
    adminHint: 'WECOM_SECRET 无效:请在 应用管理 → 应用 → Secret 查看并更新 — WECOM_SECRET is invalid: copy the app Secret again',
  },
  40013: {
    kind: 'credentials',
    retryable: false,
    adminHint: 'WECOM_CORP_ID 无效:见 我的企业 → 企业信息 → 企业ID — WECOM_CORP_ID is invalid: see 我的企业 → 企业ID',
  },
  60020: {
    kind: 'untrusted_ip',
    retryable: false,
    adminHint:
      '企业微信拒绝了本服务器的出口 IP:请在 应用管理 → 应用 → 企业可信IP 中加入它 — WeCom refused this server\'s IP: add it under the app\'s 企业可信IP (trusted IP)',
  },
  48002: {
    kind: 'no_permission',
    retryable: false,
    adminHint: '应用没有此接口权限:检查应用的 API 权限与可见范围 — the app lacks permission for this API: check its API permissions and visible range',
  },
  60011: {
    kind: 'no_permission',
    retryable: false,
    adminHint: '成员不在应用可见范围内:在 应用管理 → 应用 → 可见范围 中加入 — the member is outside the app\'s visible range (可见范围)',
  },
  45009: { kind: 'rate_limited', retryable: true, retryAfterMs: MINUTE_LOCKOUT_MS, appWide: true },
  45033: { kind: 'rate_limited', retryable: true, retryAfterMs: 2_000, appWide: true },
  // 系统繁忙: retry this call after a moment (at most 3 times, the doc says); nothing else waits.
  [-1]: { kind: 'rate_limited', retryable: true, retryAfterMs: 1_000 },
  81013: {
    kind: 'invalid_user',
    retryable: false,
    adminHint:
      '收件人无效(不存在、已离职或不在可见范围):核对 org 文件中的 wecom 账号 — the recipient is invalid (unknown, left, or outside the visible range): check the wecom id in the org file',
  },
};

/** A failed WeCom API call. */
export class WecomApiError extends Error {
  override readonly name = 'WecomApiError';
  readonly kind: WecomErrorKind;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  /** The wait applies to the whole app (45009, 45033), not only this call. */
  readonly appWide: boolean;
  readonly adminHint: string | undefined;

  constructor(
    /** The API path, e.g. `/cgi-bin/message/send` (never the query, which holds the token). */
    readonly api: string,
    /** WeCom's errcode; 0 for transport failures. */
    readonly errcode: number,
    readonly errmsg: string,
    kind?: WecomErrorKind,
    adminHint?: string,
  ) {
    const rule: Rule = kind ? { kind, retryable: kind === 'network' || kind === 'bad_response', ...(adminHint ? { adminHint } : {}) } : (RULES[errcode] ?? { kind: 'bad_request', retryable: false });
    super(`${api}: errcode ${errcode} ${errmsg.slice(0, 200)}${rule.adminHint ? ` — ${rule.adminHint}` : ''}`);
    this.kind = rule.kind;
    this.retryable = rule.retryable;
    // Only WeCom's own limits say how long to wait; transport failures take the dispatcher's back-off.
    this.retryAfterMs = rule.retryAfterMs;
    this.appWide = rule.appWide === true;
    this.adminHint = rule.adminHint;
  }
}

/**
 * message/send answered errcode 0 but named its only recipient in `invaliduser` or
 * `unlicenseduser`: nothing was delivered (WeCom answers 81013 only when every recipient of a
 * send to several is invalid). Permanent, with what the administrator can do.
 */
export function recipientRefused(api: string, why: 'invalid' | 'unlicensed'): WecomApiError {
  return why === 'invalid'
    ? new WecomApiError(api, 81013, 'invaliduser', 'invalid_user', RULES[81013]!.adminHint)
    : new WecomApiError(api, 0, 'unlicenseduser', 'invalid_user',
      '收件人没有接口许可(unlicenseduser):在 管理后台 → 应用管理 → 接口许可 为其激活帐号 — the recipient has no interface licence: activate one for them (接口许可)');
}

/** Whether an errcode means "the access token is invalid, expired or missing". */
export function isTokenError(errcode: number): boolean {
  return RULES[errcode]?.kind === 'token';
}

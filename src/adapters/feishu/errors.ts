/**
 * Feishu OpenAPI errors, decided by `code` (and the HTTP status for transport failures).
 * Generic codes: https://open.feishu.cn/document/server-docs/api-call-guide/generic-error-code;
 * frequency control: https://open.feishu.cn/document/server-docs/api-call-guide/frequency-control;
 * IM codes on the message create / reply / urgent pages (protocols-feishu.md §8).
 *
 * Each error says whether retrying can help, how long to wait (`x-ogw-ratelimit-reset`), whether
 * the wait is the whole app's, and — for what only an administrator can fix (a missing scope, the
 * bot not in the group, a user outside the availability range, an unpublished app) — a bilingual
 * `adminHint`. Messages never contain the tenant token or the app secret.
 */

export type FeishuErrorKind =
  | 'token' // 99991663 / 99991664 / 99991661 / 99991671: drop the cached token, refresh, retry once
  | 'rate_limited' // 99991400 (app), 230020 (this chat or user)
  | 'admin' // fixable only in the developer console or the group
  | 'bad_request' // the request itself is wrong; retrying will not help
  | 'network' // no answer, timeout, HTTP 5xx
  | 'bad_response'; // an answer that is not Feishu JSON

interface Rule {
  kind: FeishuErrorKind;
  retryable: boolean;
  /** The wait is the app's (99991400), not only this chat's. */
  appWide?: boolean;
  adminHint?: string;
}

const RULES: Record<number, Rule> = {
  99991661: { kind: 'token', retryable: true },
  99991663: { kind: 'token', retryable: true },
  99991664: { kind: 'token', retryable: true },
  99991671: { kind: 'token', retryable: true },
  99991400: { kind: 'rate_limited', retryable: true, appWide: true },
  230020: { kind: 'rate_limited', retryable: true },
  // 消息正在发送中: the same uuid is still being sent; try again shortly.
  230049: { kind: 'rate_limited', retryable: true },
  99991672: {
    kind: 'admin',
    retryable: false,
    adminHint: '应用缺少权限:在开发者后台 权限管理 开通错误信息中列出的权限,并创建版本发布 — the app lacks a scope: add the scope named in the error under 权限管理, then publish a new version',
  },
  99991401: { kind: 'admin', retryable: false, adminHint: '服务器出口 IP 不在应用的 IP 白名单中 — this server\'s IP is not on the app\'s IP allowlist' },
  99991662: { kind: 'admin', retryable: false, adminHint: '应用未启用:在管理后台启用该应用 — the app is not enabled in the tenant' },
  99991673: { kind: 'admin', retryable: false, adminHint: '应用未获授权或未发布:发布版本并由管理员审核 — the app is not authorised: publish a version and have it approved' },
  10003: { kind: 'admin', retryable: false, adminHint: 'FEISHU_APP_ID / FEISHU_APP_SECRET 无效:见 凭证与基础信息 — invalid app id or secret' },
  10014: { kind: 'admin', retryable: false, adminHint: 'FEISHU_APP_SECRET 无效:见 凭证与基础信息 — invalid app secret' },
  230002: { kind: 'admin', retryable: false, adminHint: '机器人不在该群:群设置 → 群机器人 → 添加机器人 — the bot is not in the group: add it under 群设置 → 群机器人' },
  230006: { kind: 'admin', retryable: false, adminHint: '未开启机器人能力或应用未发布 — the bot capability is off or the app is not published' },
  230013: {
    kind: 'admin',
    retryable: false,
    adminHint: '用户不在应用可用范围内:在 版本管理与发布 中扩大可用范围并发布 — the user is outside the app\'s availability range (可用范围): widen it and publish',
  },
  230027: { kind: 'admin', retryable: false, adminHint: '缺少操作权限(如加急需群设置允许)— no permission for this (urgent messages need the group setting)' },
  230035: { kind: 'admin', retryable: false, adminHint: '机器人在该会话中没有发言权限 — the bot may not post in this chat' },
  99992351: { kind: 'admin', retryable: false, adminHint: 'open_id 不存在:核对 org 文件中的 feishu 账号(须为本应用的 open_id)— unknown open_id: check the feishu id in the org file (this app\'s open_id)' },
  99992361: { kind: 'admin', retryable: false, adminHint: 'open_id 属于另一个应用:org 文件须用本应用的 open_id — the open_id belongs to another app' },
};

/** A failed Feishu API call. */
export class FeishuApiError extends Error {
  override readonly name = 'FeishuApiError';
  readonly kind: FeishuErrorKind;
  readonly retryable: boolean;
  readonly appWide: boolean;
  readonly adminHint: string | undefined;

  constructor(
    /** The API path without query, e.g. `/open-apis/im/v1/messages`. */
    readonly api: string,
    /** Feishu's business code; 0 for transport failures. */
    readonly code: number,
    msg: string,
    kind?: FeishuErrorKind,
    /** `x-ogw-ratelimit-reset` (seconds → ms) where the platform said how long to wait. */
    readonly retryAfterMs?: number,
  ) {
    const rule: Rule = kind ? { kind, retryable: kind === 'network' || kind === 'bad_response' } : (RULES[code] ?? { kind: 'bad_request', retryable: false });
    super(`${api}: code ${code} ${msg.slice(0, 300)}${rule.adminHint ? ` — ${rule.adminHint}` : ''}`);
    this.kind = rule.kind;
    this.retryable = rule.retryable;
    this.appWide = rule.appWide === true;
    this.adminHint = rule.adminHint;
  }
}

/** Whether a code means "this tenant_access_token is no good": refresh and retry once. */
export const isTokenError = (code: number): boolean => RULES[code]?.kind === 'token';

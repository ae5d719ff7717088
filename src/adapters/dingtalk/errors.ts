/**
 * DingTalk OpenAPI errors, classified by the `code` of the new API (HTTP 4xx/5xx
 * `{code, message, requestid}`) or the legacy `errcode` (protocols.md B.6,
 * protocols-dingtalk-more.md §2.1, §7, §8). Each says whether retrying helps, how long to wait,
 * whether the wait holds the whole app, and — for what only an administrator can fix (a missing
 * permission, wrong credentials, a DING edition) — a bilingual `adminHint`. Messages never carry the
 * access token or the secret. Codes: https://open.dingtalk.com/document/orgapp/server-api-error-codes-1
 */

export type DingtalkErrorKind =
  | 'token' // InvalidAuthentication / 40014 / 88: refresh the token once and retry
  | 'credentials' // invalidClientIdOrSecret: wrong DINGTALK_CLIENT_ID / SECRET
  | 'no_permission' // Forbidden.AccessDenied.*: a 权限点 is missing
  | 'rate_limited' // Throttling / send.too.fast / 660026 / toomuch.msg
  | 'invalid_user' // every recipient invalid
  | 'not_available' // DING on a plain edition, quota exhausted
  | 'bad_request'
  | 'network'
  | 'bad_response';

interface Rule {
  kind: DingtalkErrorKind;
  retryable: boolean;
  retryAfterMs?: number;
  appWide?: boolean;
  adminHint?: string;
}

const PERMISSION_HINT =
  '钉钉应用缺少接口权限:在 开发者后台 → 应用 → 权限管理 申请 企业内机器人发送消息(qyapi_robot_sendmsg)、互动卡片实例写权限(Card.Instance.Write)、企业机器人发送撤回DING消息(Premium.Ding.Write),并发布新版本 — the DingTalk app lacks a permission: request it under 权限管理 and publish a new version (bot-manifests/dingtalk.md)';

const RULES: Record<string, Rule> = {
  InvalidAuthentication: { kind: 'token', retryable: true },
  '40014': { kind: 'token', retryable: true },
  '88': { kind: 'token', retryable: true },
  '42001': { kind: 'token', retryable: true },
  invalidClientIdOrSecret: {
    kind: 'credentials',
    retryable: false,
    adminHint: 'DINGTALK_CLIENT_ID / DINGTALK_CLIENT_SECRET 无效:在 开发者后台 → 应用 → 凭证与基础信息 复制 Client ID 与 Client Secret — the DingTalk client id or secret is invalid',
  },
  'Forbidden.AccessDenied.AccessTokenPermissionDenied': { kind: 'no_permission', retryable: false, adminHint: PERMISSION_HINT },
  'Forbidden.AccessDenied': { kind: 'no_permission', retryable: false, adminHint: PERMISSION_HINT },
  'invalid.chatbotId': {
    kind: 'bad_request',
    retryable: false,
    adminHint: 'DINGTALK_ROBOT_CODE 无效:内部应用机器人的 robotCode 通常等于 Client ID — the robot code is invalid (usually the client id)',
  },
  'resource.not.found': { kind: 'bad_request', retryable: false, adminHint: '机器人未加入该群,或 openConversationId 有误 — the robot is not in that group, or channels.dingtalk is wrong' },
  Throttling: { kind: 'rate_limited', retryable: true, retryAfterMs: 1_000, appWide: true },
  'Throttling.Api': { kind: 'rate_limited', retryable: true, retryAfterMs: 1_000, appWide: true },
  'send.too.fast': { kind: 'rate_limited', retryable: true, retryAfterMs: 60_000, appWide: true },
  'send.byToken.tooFast': { kind: 'rate_limited', retryable: true, retryAfterMs: 60_000, appWide: true },
  'toomuch.msg': { kind: 'rate_limited', retryable: true, retryAfterMs: 60_000, appWide: true },
  '660026': { kind: 'rate_limited', retryable: true, retryAfterMs: 10 * 60_000, appWide: true },
  '-1': { kind: 'network', retryable: true }, // legacy 系统繁忙
  'system.busy': { kind: 'rate_limited', retryable: true, retryAfterMs: 2_000 },
  'system.error': { kind: 'network', retryable: true },
  'ding.serverquota.insufficient': {
    kind: 'not_available',
    retryable: false,
    adminHint: 'DING 额度不足或当前钉钉版本不支持(需专业版/专属版,短信/电话 DING 需购买)— DING quota exhausted or not in this DingTalk edition',
  },
  'send.ding.exception': { kind: 'not_available', retryable: false, adminHint: 'DING 发送失败:检查钉钉版本与 Premium.Ding.Write 权限 — DING failed: check the edition and the Premium.Ding.Write permission' },
};

/** A failed DingTalk API call. */
export class DingtalkApiError extends Error {
  override readonly name = 'DingtalkApiError';
  readonly kind: DingtalkErrorKind;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly appWide: boolean;
  readonly adminHint: string | undefined;

  constructor(
    /** The API path (never the query). */
    readonly api: string,
    /** DingTalk's code (new API) or errcode (legacy), '' for transport failures. */
    readonly code: string,
    detail: string,
    kind?: DingtalkErrorKind,
    /** The HTTP status (0: no answer). */
    readonly status = 0,
  ) {
    const rule: Rule = kind
      ? { kind, retryable: kind === 'network' || kind === 'bad_response' || kind === 'rate_limited' }
      : (RULES[code] ?? (code.startsWith('Forbidden') ? RULES['Forbidden.AccessDenied']! : status >= 500 ? { kind: 'network', retryable: true } : { kind: 'bad_request', retryable: false }));
    super(`${api}: ${code || 'error'} ${detail.slice(0, 200)}${rule.adminHint ? ` — ${rule.adminHint}` : ''}`);
    this.kind = rule.kind;
    this.retryable = rule.retryable;
    this.retryAfterMs = rule.retryAfterMs;
    this.appWide = rule.appWide === true;
    this.adminHint = rule.adminHint;
  }
}

/** Whether a code means "the access token is invalid or expired". */
export function isTokenError(code: string, status: number): boolean {
  return RULES[code]?.kind === 'token' || (status === 401 && !code);
}

/**
 * Feishu's environment variables → its settings (src/chat/adapter-contract.ts `PlatformModule`).
 * `FEISHU_APP_ID` and `FEISHU_APP_SECRET` enable it (both needed: sending and the long
 * connection). `FEISHU_MODE` is `ws` (default: the SDK's long connection, no public URL) or `http`
 * (`POST /feishu/events`), which also needs `FEISHU_VERIFICATION_TOKEN`; `FEISHU_ENCRYPT_KEY` is
 * optional in either mode but strongly advised for `http` (without it the token, sent in the clear,
 * is the only proof that a request comes from Feishu). `FEISHU_API_BASE` points the client at Lark
 * (`https://open.larksuite.com`), a proxy or a local fake; default `https://open.feishu.cn`.
 */
import type { EnvIssue, EnvVars } from '../../chat/adapter-contract.js';
import { checkUrls, requireAll } from '../../chat/platform-env.js';

/** How Feishu events reach the bot. */
export type FeishuMode = 'ws' | 'http';

/** A Feishu / Lark custom app (企业自建应用) with the bot capability. */
export interface FeishuSettings {
  appId: string;
  appSecret: string;
  mode: FeishuMode;
  /** 事件与回调 → 加密策略 → Verification Token; required in `http` mode. */
  verificationToken?: string;
  /** 加密策略 → Encrypt Key: events arrive AES-256-CBC encrypted and signed. */
  encryptKey?: string;
  /** OpenAPI base, also the long connection's `domain` (endpoint discovery at `/callback/ws/endpoint`). */
  apiBase: string;
}

const REQUIRED = ['FEISHU_APP_ID', 'FEISHU_APP_SECRET'] as const;
export const FEISHU_VARIABLES = [...REQUIRED, 'FEISHU_VERIFICATION_TOKEN', 'FEISHU_ENCRYPT_KEY', 'FEISHU_MODE', 'FEISHU_API_BASE'] as const;

/** App ids are `cli_` and 16 hex digits (the SDK's WSClient refuses anything else). */
const APP_ID = /^cli_[0-9a-fA-F]{16}$/;

/** Feishu's settings when configured (undefined when not); an issue per problem. */
export function readFeishuEnv(vars: EnvVars, issues: EnvIssue[]): FeishuSettings | undefined {
  const before = issues.length;
  const appId = vars['FEISHU_APP_ID'];
  if (appId !== undefined && !APP_ID.test(appId)) issues.push({ entry: 'FEISHU_APP_ID', message: '须为 cli_ 加 16 位十六进制,如 cli_a1b2c3d4e5f60789 — must be cli_ followed by 16 hex digits' });
  const mode = vars['FEISHU_MODE'] ?? 'ws';
  if (mode !== 'ws' && mode !== 'http') issues.push({ entry: 'FEISHU_MODE', message: '须为 ws(长连接)或 http(请求地址)— must be ws or http' });
  checkUrls(vars, ['FEISHU_API_BASE'], issues);
  const triggers = [...REQUIRED, 'FEISHU_VERIFICATION_TOKEN', 'FEISHU_ENCRYPT_KEY'];
  const needed = mode === 'http' ? [...REQUIRED, 'FEISHU_VERIFICATION_TOKEN'] : REQUIRED;
  if (!requireAll(vars, ['飞书', 'Feishu'], needed, triggers, issues) || issues.length > before) return undefined;
  const settings: FeishuSettings = {
    appId: appId!,
    appSecret: vars['FEISHU_APP_SECRET']!,
    mode: mode as FeishuMode,
    apiBase: (vars['FEISHU_API_BASE'] ?? 'https://open.feishu.cn').replace(/\/+$/, ''),
  };
  if (vars['FEISHU_VERIFICATION_TOKEN']) settings.verificationToken = vars['FEISHU_VERIFICATION_TOKEN'];
  if (vars['FEISHU_ENCRYPT_KEY']) settings.encryptKey = vars['FEISHU_ENCRYPT_KEY'];
  return settings;
}

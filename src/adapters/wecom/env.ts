/**
 * WeCom's environment variables → its settings (src/chat/adapter-contract.ts `PlatformModule`).
 * All five credentials are needed (sending and the encrypted callback); `WECOM_API_BASE` alone
 * enables nothing, it points the client at another base (a proxy, or a local fake in tests).
 */
import type { EnvIssue, EnvVars } from '../../chat/adapter-contract.js';
import { checkUrls, requireAll } from '../../chat/platform-env.js';

/** WeCom 企业微信 self-built app: the callback's Token and EncodingAESKey, and the API credentials. */
export interface WecomSettings {
  corpId: string;
  agentId: number;
  secret: string;
  token: string;
  encodingAesKey: string;
  /** API base, `https://qyapi.weixin.qq.com` unless `WECOM_API_BASE` is set. */
  apiBase: string;
}

const REQUIRED = ['WECOM_CORP_ID', 'WECOM_AGENT_ID', 'WECOM_SECRET', 'WECOM_TOKEN', 'WECOM_ENCODING_AES_KEY'] as const;
export const WECOM_VARIABLES = [...REQUIRED, 'WECOM_API_BASE'] as const;

/** WeCom's settings when configured (undefined when not); an issue per problem. */
export function readWecomEnv(vars: EnvVars, issues: EnvIssue[]): WecomSettings | undefined {
  const before = issues.length;
  const agent = vars['WECOM_AGENT_ID'];
  if (agent !== undefined && !/^\d+$/.test(agent)) issues.push({ entry: 'WECOM_AGENT_ID', message: '须为数字 AgentId,如 1000002 — must be a numeric AgentId' });
  const key = vars['WECOM_ENCODING_AES_KEY'];
  if (key !== undefined && !/^[A-Za-z0-9]{43}$/.test(key)) {
    issues.push({ entry: 'WECOM_ENCODING_AES_KEY', message: `须为 43 个字母或数字(当前 ${key.length} 个字符)— must be exactly 43 letters or digits (has ${key.length} characters)` });
  }
  checkUrls(vars, ['WECOM_API_BASE'], issues);
  if (!requireAll(vars, ['企业微信', 'WeCom'], REQUIRED, REQUIRED, issues) || issues.length > before) return undefined;
  return {
    corpId: vars['WECOM_CORP_ID']!,
    agentId: Number(agent),
    secret: vars['WECOM_SECRET']!,
    token: vars['WECOM_TOKEN']!,
    encodingAesKey: key!,
    apiBase: vars['WECOM_API_BASE'] ?? 'https://qyapi.weixin.qq.com',
  };
}

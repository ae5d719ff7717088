/**
 * DingTalk's environment variables → its settings (src/chat/adapter-contract.ts
 * `PlatformModule`): client id and secret; the robot code defaults to the client id (internal
 * apps); `DINGTALK_MODE` is `stream` (default) or `http`. In HTTP mode, card buttons call back to
 * `POST /dingtalk/card`: `DINGTALK_CARD_CALLBACK_URL` is that route's public URL, registered with
 * DingTalk at start under `DINGTALK_CARD_ROUTE_KEY` (default `shoudao`) with the signing secret
 * `DINGTALK_CARD_CALLBACK_SECRET` (default: the client secret).
 */
import type { EnvIssue, EnvVars } from '../../chat/adapter-contract.js';
import { checkUrls, requireAll } from '../../chat/platform-env.js';

/** DingTalk 钉钉 enterprise internal app with its robot. */
export interface DingtalkSettings {
  clientId: string;
  clientSecret: string;
  robotCode: string;
  mode: 'stream' | 'http';
  /** New-style OpenAPI base, `https://api.dingtalk.com` unless `DINGTALK_API_BASE` is set. */
  apiBase: string;
  /** Legacy API base, `https://oapi.dingtalk.com` unless `DINGTALK_OAPI_BASE` is set. */
  oapiBase: string;
  /** A published 高级版 card template (bot-manifests/dingtalk-card.json) for buttons; unset: markdown fallback. */
  cardTemplateId?: string;
  /** HTTP mode's card callbacks (protocols-dingtalk-more.md §3.2); without `url` no callback is registered. */
  cardCallback?: { url?: string; routeKey: string; secret: string };
}

export const DINGTALK_VARIABLES = ['DINGTALK_CLIENT_ID', 'DINGTALK_CLIENT_SECRET', 'DINGTALK_ROBOT_CODE', 'DINGTALK_MODE', 'DINGTALK_API_BASE', 'DINGTALK_OAPI_BASE', 'DINGTALK_CARD_TEMPLATE_ID', 'DINGTALK_CARD_CALLBACK_URL', 'DINGTALK_CARD_ROUTE_KEY', 'DINGTALK_CARD_CALLBACK_SECRET'] as const;

/** DingTalk's settings when configured (undefined when not); an issue per problem. */
export function readDingtalkEnv(vars: EnvVars, issues: EnvIssue[]): DingtalkSettings | undefined {
  const before = issues.length;
  const mode = vars['DINGTALK_MODE'];
  if (mode !== undefined && mode !== 'stream' && mode !== 'http') {
    issues.push({ entry: 'DINGTALK_MODE', message: `须为 stream 或 http,实际为 ${JSON.stringify(mode)} — must be stream or http` });
  }
  checkUrls(vars, ['DINGTALK_API_BASE', 'DINGTALK_OAPI_BASE', 'DINGTALK_CARD_CALLBACK_URL'], issues);
  const routeKey = vars['DINGTALK_CARD_ROUTE_KEY'];
  if (routeKey !== undefined && !/^[A-Za-z0-9_-]{1,64}$/.test(routeKey)) issues.push({ entry: 'DINGTALK_CARD_ROUTE_KEY', message: '须为 1–64 个字母、数字、_ 或 - — must be 1–64 letters, digits, _ or -' });
  const required = ['DINGTALK_CLIENT_ID', 'DINGTALK_CLIENT_SECRET'];
  if (!requireAll(vars, ['钉钉', 'DingTalk'], required, [...required, 'DINGTALK_ROBOT_CODE'], issues) || issues.length > before) return undefined;
  return {
    clientId: vars['DINGTALK_CLIENT_ID']!,
    clientSecret: vars['DINGTALK_CLIENT_SECRET']!,
    robotCode: vars['DINGTALK_ROBOT_CODE'] ?? vars['DINGTALK_CLIENT_ID']!,
    mode: mode === 'http' ? 'http' : 'stream',
    apiBase: vars['DINGTALK_API_BASE'] ?? 'https://api.dingtalk.com',
    oapiBase: vars['DINGTALK_OAPI_BASE'] ?? 'https://oapi.dingtalk.com',
    ...(vars['DINGTALK_CARD_TEMPLATE_ID'] ? { cardTemplateId: vars['DINGTALK_CARD_TEMPLATE_ID'] } : {}),
    cardCallback: {
      ...(vars['DINGTALK_CARD_CALLBACK_URL'] ? { url: vars['DINGTALK_CARD_CALLBACK_URL'] } : {}),
      routeKey: routeKey ?? 'shoudao',
      secret: vars['DINGTALK_CARD_CALLBACK_SECRET'] ?? vars['DINGTALK_CLIENT_SECRET']!,
    },
  };
}

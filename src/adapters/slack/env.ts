/**
 * Slack's environment variables → its settings (src/chat/adapter-contract.ts `PlatformModule`):
 * `SLACK_BOT_TOKEN` plus `SLACK_SIGNING_SECRET` (HTTP events at `/slack/events`) and/or
 * `SLACK_APP_TOKEN` (Socket Mode, used when set). `SLACK_API_URL` points the Web API client — and
 * Socket Mode's `apps.connections.open` — at another base (a proxy, or a local fake in tests).
 */
import type { EnvIssue, EnvVars } from '../../chat/adapter-contract.js';
import { checkUrls, requireAll } from '../../chat/platform-env.js';

/** The Slack app's credentials and where its Web API is. */
export interface SlackSettings {
  botToken: string;
  signingSecret?: string;
  appToken?: string;
  socketMode: boolean;
  /** Web API base, `https://slack.com/api/` unless `SLACK_API_URL` is set. */
  apiUrl: string;
}

export const SLACK_VARIABLES = ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'SLACK_API_URL'] as const;

/** Slack's settings when configured (undefined when not); an issue per problem. */
export function readSlackEnv(vars: EnvVars, issues: EnvIssue[]): SlackSettings | undefined {
  const before = issues.length;
  const { SLACK_BOT_TOKEN: botToken, SLACK_SIGNING_SECRET: signingSecret, SLACK_APP_TOKEN: appToken } = vars;
  if (botToken?.startsWith('xapp-')) {
    issues.push({ entry: 'SLACK_BOT_TOKEN', message: '这是 App-Level Token(xapp-),应填入 SLACK_APP_TOKEN — this is an app-level token; it belongs in SLACK_APP_TOKEN' });
  }
  if (appToken?.startsWith('xox')) {
    issues.push({ entry: 'SLACK_APP_TOKEN', message: '应为 xapp- 开头的 App-Level Token,而不是 Bot/User Token — expected an app-level token (xapp-…), not a bot or user token' });
  }
  checkUrls(vars, ['SLACK_API_URL'], issues);
  if (!requireAll(vars, ['Slack ', 'Slack'], ['SLACK_BOT_TOKEN'], ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN'], issues)) return undefined;
  if (!signingSecret && !appToken) {
    issues.push({
      entry: 'SLACK_SIGNING_SECRET',
      message: 'Slack 配置不完整:还需要 SLACK_SIGNING_SECRET(HTTP 事件)或 SLACK_APP_TOKEN(Socket Mode)— Slack is partly configured: set SLACK_SIGNING_SECRET (HTTP events) or SLACK_APP_TOKEN (Socket Mode)',
    });
  }
  if (issues.length > before) return undefined;
  return {
    botToken: botToken!,
    socketMode: appToken !== undefined,
    apiUrl: vars['SLACK_API_URL'] ?? 'https://slack.com/api/',
    ...(signingSecret ? { signingSecret } : {}),
    ...(appToken ? { appToken } : {}),
  };
}

/**
 * Which chat platforms the environment enables (ARCHITECTURE "Contracts"): a platform starts
 * when its credentials are set. Setting only part of a platform's credentials is an error that
 * names each missing variable (never a value). The `*_API_*` variables alone enable nothing;
 * they point a platform's client at another base URL (a proxy, or a local fake in tests).
 */
import type { ConfigIssue } from './config-error.js';

/**
 * Slack: `SLACK_BOT_TOKEN` plus `SLACK_SIGNING_SECRET` (HTTP events at `/slack/events`) and/or
 * `SLACK_APP_TOKEN` (Socket Mode, used when set).
 */
export interface SlackEnv {
  botToken: string;
  signingSecret?: string;
  appToken?: string;
  socketMode: boolean;
  /** Web API base, `https://slack.com/api/` unless `SLACK_API_URL` is set. */
  apiUrl: string;
}

/** WeCom 企业微信: all five credentials are needed (sending and the encrypted callback). */
export interface WecomEnv {
  corpId: string;
  agentId: number;
  secret: string;
  token: string;
  encodingAesKey: string;
  /** API base, `https://qyapi.weixin.qq.com` unless `WECOM_API_BASE` is set. */
  apiBase: string;
}

/** DingTalk 钉钉: client id and secret; the robot code defaults to the client id (internal apps). */
export interface DingtalkEnv {
  clientId: string;
  clientSecret: string;
  robotCode: string;
  mode: 'stream' | 'http';
  /** New-style OpenAPI base, `https://api.dingtalk.com` unless `DINGTALK_API_BASE` is set. */
  apiBase: string;
  /** Legacy API base, `https://oapi.dingtalk.com` unless `DINGTALK_OAPI_BASE` is set. */
  oapiBase: string;
}

/** The enabled platforms; absent = not configured. */
export interface PlatformsEnv {
  slack?: SlackEnv;
  wecom?: WecomEnv;
  dingtalk?: DingtalkEnv;
}

type Vars = Partial<Record<string, string>>;

/** Reports each missing variable of a partly configured platform; returns whether all are set. */
function requireAll(vars: Vars, platform: [zh: string, en: string], names: string[], triggers: string[], issues: ConfigIssue[]): boolean {
  const set = triggers.filter((n) => vars[n] !== undefined);
  if (set.length === 0) return false;
  const missing = names.filter((n) => vars[n] === undefined);
  for (const name of missing) {
    issues.push({
      entry: name,
      field: '',
      message: `${platform[0]}配置不完整,缺少此变量(已设置 ${set.join(', ')})— ${platform[1]} is partly configured: this variable is missing (set: ${set.join(', ')})`,
    });
  }
  return missing.length === 0;
}

/**
 * Derives the enabled platforms from trimmed, non-empty variables, appending a problem to
 * `issues` for each partial set. Values are assumed individually validated by `env.ts`.
 */
export function derivePlatforms(vars: Vars, issues: ConfigIssue[]): PlatformsEnv {
  const out: PlatformsEnv = {};

  const slackVars = ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN'];
  if (requireAll(vars, ['Slack ', 'Slack'], ['SLACK_BOT_TOKEN'], slackVars, issues)) {
    const { SLACK_BOT_TOKEN: botToken, SLACK_SIGNING_SECRET: signingSecret, SLACK_APP_TOKEN: appToken } = vars;
    if (!signingSecret && !appToken) {
      issues.push({
        entry: 'SLACK_SIGNING_SECRET',
        field: '',
        message:
          'Slack 配置不完整:还需要 SLACK_SIGNING_SECRET(HTTP 事件)或 SLACK_APP_TOKEN(Socket Mode)— Slack is partly configured: set SLACK_SIGNING_SECRET (HTTP events) or SLACK_APP_TOKEN (Socket Mode)',
      });
    } else {
      out.slack = {
        botToken: botToken!,
        socketMode: appToken !== undefined,
        apiUrl: vars.SLACK_API_URL ?? 'https://slack.com/api/',
      };
      if (signingSecret) out.slack.signingSecret = signingSecret;
      if (appToken) out.slack.appToken = appToken;
    }
  }

  const wecomVars = ['WECOM_CORP_ID', 'WECOM_AGENT_ID', 'WECOM_SECRET', 'WECOM_TOKEN', 'WECOM_ENCODING_AES_KEY'];
  if (requireAll(vars, ['企业微信', 'WeCom'], wecomVars, wecomVars, issues)) {
    out.wecom = {
      corpId: vars.WECOM_CORP_ID!,
      agentId: Number(vars.WECOM_AGENT_ID),
      secret: vars.WECOM_SECRET!,
      token: vars.WECOM_TOKEN!,
      encodingAesKey: vars.WECOM_ENCODING_AES_KEY!,
      apiBase: vars.WECOM_API_BASE ?? 'https://qyapi.weixin.qq.com',
    };
  }

  const dingRequired = ['DINGTALK_CLIENT_ID', 'DINGTALK_CLIENT_SECRET'];
  if (requireAll(vars, ['钉钉', 'DingTalk'], dingRequired, [...dingRequired, 'DINGTALK_ROBOT_CODE'], issues)) {
    out.dingtalk = {
      clientId: vars.DINGTALK_CLIENT_ID!,
      clientSecret: vars.DINGTALK_CLIENT_SECRET!,
      robotCode: vars.DINGTALK_ROBOT_CODE ?? vars.DINGTALK_CLIENT_ID!,
      mode: vars.DINGTALK_MODE === 'http' ? 'http' : 'stream',
      apiBase: vars.DINGTALK_API_BASE ?? 'https://api.dingtalk.com',
      oapiBase: vars.DINGTALK_OAPI_BASE ?? 'https://oapi.dingtalk.com',
    };
  }
  return out;
}

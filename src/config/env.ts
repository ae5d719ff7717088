/**
 * The process environment, validated (ARCHITECTURE "Contracts"; documented in `.env.example`).
 * An empty variable counts as unset. A platform is enabled when its credentials are set; a
 * partial set is an error naming each missing variable. Errors are `ConfigError`s with file
 * `environment`, and never contain a secret value (nor a URL, which may carry a password).
 */
import { z } from 'zod';
import { ConfigError, type ConfigIssue } from './config-error.js';
import { derivePlatforms, type PlatformsEnv } from './env-platforms.js';
import { isValidTimeZone } from './policy-schema.js';

export type { DingtalkEnv, PlatformsEnv, SlackEnv, WecomEnv } from './env-platforms.js';

/** Where the store lives: an SQLite file (or `:memory:`), or a PostgreSQL URL. */
export type DatabaseEnv = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

/**
 * The validated environment. `databaseUrl` is the variable as written (default
 * `sqlite:data/shoudao.db`), `database` its parsed form; `platforms` has an entry for each
 * platform whose credentials are set.
 */
export interface Env {
  databaseUrl: string;
  database: DatabaseEnv;
  orgFile?: string;
  policyFile?: string;
  port: number;
  timezone: string;
  /** Key material for encrypting anonymous senders' ids (SPEC §2); at least 16 characters. */
  secret?: string;
  /** `SHOUDAO_SERVE=1`: run the HTTP server and scheduler even with no chat platform configured. */
  serve: boolean;
  platforms: PlatformsEnv;
}

/** Every variable Shoudao reads; the environment is copied through this list only. */
export const ENV_VARIABLES = [
  'DATABASE_URL',
  'ORG_FILE',
  'POLICY_FILE',
  'PORT',
  'SHOUDAO_TIMEZONE',
  'SHOUDAO_SECRET',
  'SHOUDAO_SERVE',
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'SLACK_API_URL',
  'WECOM_CORP_ID',
  'WECOM_AGENT_ID',
  'WECOM_SECRET',
  'WECOM_TOKEN',
  'WECOM_ENCODING_AES_KEY',
  'WECOM_API_BASE',
  'DINGTALK_CLIENT_ID',
  'DINGTALK_CLIENT_SECRET',
  'DINGTALK_ROBOT_CODE',
  'DINGTALK_MODE',
  'DINGTALK_API_BASE',
  'DINGTALK_OAPI_BASE',
] as const;

/** The name of an environment variable Shoudao reads. */
export type EnvVariable = (typeof ENV_VARIABLES)[number];

/** A string variable checked by `problem`, which returns a message (without the value) or undefined. */
function checked(problem: (value: string) => string | undefined) {
  return z.string().transform((value, ctx) => {
    const message = problem(value);
    if (message) ctx.addIssue({ code: 'custom', message });
    return value;
  });
}

function parseDatabase(url: string): DatabaseEnv | undefined {
  if (url === 'sqlite::memory:') return { kind: 'sqlite', path: ':memory:' };
  if (url.startsWith('sqlite:')) return url.length > 'sqlite:'.length ? { kind: 'sqlite', path: url.slice(7) } : undefined;
  if (/^postgres(ql)?:\/\/\S+$/.test(url)) return { kind: 'postgres', url };
  return undefined;
}

/** Whether `value` is an http(s) URL. */
export function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

const url = checked((v) => (isHttpUrl(v) ? undefined : '须为 http:// 或 https:// 地址 — must be an http(s) URL'));

const EnvSchema = z.object({
  DATABASE_URL: checked((v) =>
    parseDatabase(v)
      ? undefined
      : '须为 sqlite:路径、sqlite::memory: 或 postgres:// / postgresql:// 地址 — must be sqlite:PATH, sqlite::memory: or a postgres:// or postgresql:// URL',
  ).default('sqlite:data/shoudao.db'),
  ORG_FILE: z.string().optional(),
  POLICY_FILE: z.string().optional(),
  PORT: checked((v) =>
    /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 65535
      ? undefined
      : `须为 1-65535 的整数,实际为 ${JSON.stringify(v)} — must be an integer from 1 to 65535`,
  ).default('3000'),
  SHOUDAO_TIMEZONE: checked((v) =>
    isValidTimeZone(v) ? undefined : `未知时区 ${JSON.stringify(v)},应为 IANA 时区,如 Asia/Shanghai — unknown IANA time zone`,
  ).default('Asia/Shanghai'),
  SHOUDAO_SERVE: checked((v) => (v === '0' || v === '1' ? undefined : '应为 1(服务模式)或 0 — expected 1 (server mode) or 0')).optional(),
  SHOUDAO_SECRET: checked((v) => (v.length >= 16 ? undefined : '至少 16 个字符 — must be at least 16 characters')).optional(),
  SLACK_BOT_TOKEN: checked((v) =>
    v.startsWith('xapp-')
      ? '这是 App-Level Token(xapp-),应填入 SLACK_APP_TOKEN — this is an app-level token; it belongs in SLACK_APP_TOKEN'
      : undefined,
  ).optional(),
  SLACK_SIGNING_SECRET: z.string().optional(),
  SLACK_APP_TOKEN: checked((v) =>
    v.startsWith('xox')
      ? '应为 xapp- 开头的 App-Level Token,而不是 Bot/User Token — expected an app-level token (xapp-…), not a bot or user token'
      : undefined,
  ).optional(),
  SLACK_API_URL: url.optional(),
  WECOM_CORP_ID: z.string().optional(),
  WECOM_AGENT_ID: checked((v) => (/^\d+$/.test(v) ? undefined : '须为数字 AgentId,如 1000002 — must be a numeric AgentId')).optional(),
  WECOM_SECRET: z.string().optional(),
  WECOM_TOKEN: z.string().optional(),
  WECOM_ENCODING_AES_KEY: checked((v) =>
    /^[A-Za-z0-9]{43}$/.test(v)
      ? undefined
      : `须为 43 个字母或数字(当前 ${v.length} 个字符)— must be exactly 43 letters or digits (has ${v.length} characters)`,
  ).optional(),
  WECOM_API_BASE: url.optional(),
  DINGTALK_CLIENT_ID: z.string().optional(),
  DINGTALK_CLIENT_SECRET: z.string().optional(),
  DINGTALK_ROBOT_CODE: z.string().optional(),
  DINGTALK_MODE: checked((v) =>
    v === 'stream' || v === 'http' ? undefined : `须为 stream 或 http,实际为 ${JSON.stringify(v)} — must be stream or http`,
  ).default('stream'),
  DINGTALK_API_BASE: url.optional(),
  DINGTALK_OAPI_BASE: url.optional(),
});

/** The known variables of `env`, trimmed, with empty ones dropped. */
function knownVariables(env: NodeJS.ProcessEnv): Partial<Record<EnvVariable, string>> {
  const out: Partial<Record<EnvVariable, string>> = {};
  for (const name of ENV_VARIABLES) {
    const value = env[name]?.trim();
    if (value) out[name] = value;
  }
  return out;
}

/**
 * Validates the environment and derives the enabled platforms. Throws `ConfigError` (file
 * `environment`, entry = the variable) listing every problem; messages never carry secrets.
 */
export function loadEnv(env: NodeJS.ProcessEnv): Env {
  const vars = knownVariables(env);
  const parsed = EnvSchema.safeParse(vars);
  const issues: ConfigIssue[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({
        entry: String(issue.path[0] ?? ''),
        field: '',
        message: issue.code === 'custom' ? issue.message : `无效 — invalid (${issue.code})`,
      }));
  const platforms = derivePlatforms(vars, issues);
  if (!parsed.success || issues.length > 0) throw new ConfigError('environment', issues);
  const e = parsed.data;
  const result: Env = {
    databaseUrl: e.DATABASE_URL,
    database: parseDatabase(e.DATABASE_URL)!,
    port: Number(e.PORT),
    timezone: e.SHOUDAO_TIMEZONE,
    serve: e.SHOUDAO_SERVE === '1',
    platforms,
  };
  if (e.ORG_FILE) result.orgFile = e.ORG_FILE;
  if (e.POLICY_FILE) result.policyFile = e.POLICY_FILE;
  if (e.SHOUDAO_SECRET) result.secret = e.SHOUDAO_SECRET;
  return result;
}

/**
 * The process environment, validated (ARCHITECTURE "Contracts"; documented in `.env.example`).
 * An empty variable counts as unset. A platform is enabled when its credentials are set; a
 * partial set is an error naming each missing variable. Errors are `ConfigError`s with file
 * `environment`, and never contain a secret value (nor a URL, which may carry a password).
 */
import { z } from 'zod';
import { ConfigError, type ConfigIssue } from './config-error.js';
import type { ChatPlatform, EnvIssue } from '../chat/adapter-contract.js';
import { isHttpUrl } from '../chat/platform-env.js';
import { PLATFORM_MODULES } from '../platforms.js';
import { isValidTimeZone } from './policy-schema.js';

export { isHttpUrl };

/**
 * The configured platforms' settings, each as its adapter's `env.ts` read them (src/platforms.ts);
 * absent = not configured.
 */
export type PlatformsEnv = Partial<Record<ChatPlatform, unknown>>;

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
  /** `SHOUDAO_PUBLIC_URL`: the base of the dashboard links the bot sends (default `http://localhost:PORT`). */
  publicUrl?: string;
  /** `SHOUDAO_SERVE=1`: run the HTTP server and scheduler even with no chat platform configured. */
  serve: boolean;
  platforms: PlatformsEnv;
}

/** The variables of Shoudao itself; each platform adds its own (src/platforms.ts). */
const CORE_VARIABLES = ['DATABASE_URL', 'ORG_FILE', 'POLICY_FILE', 'PORT', 'SHOUDAO_TIMEZONE', 'SHOUDAO_SECRET', 'SHOUDAO_SERVE', 'SHOUDAO_PUBLIC_URL'] as const;

/** Every variable Shoudao reads; the environment is copied through this list only. */
export const ENV_VARIABLES: readonly string[] = [...CORE_VARIABLES, ...PLATFORM_MODULES.flatMap((m) => m.variables)];

/** The name of an environment variable Shoudao reads. */
export type EnvVariable = string;

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
  SHOUDAO_PUBLIC_URL: checked((v) => (isHttpUrl(v) ? undefined : '须为 http:// 或 https:// 地址,如 https://bot.example.com — must be an http:// or https:// URL')).optional(),
  SHOUDAO_SECRET: checked((v) => (v.length >= 16 ? undefined : '至少 16 个字符 — must be at least 16 characters')).optional(),
});

/** The known variables of `env`, trimmed, with empty ones dropped. */
function knownVariables(env: NodeJS.ProcessEnv): Partial<Record<string, string>> {
  const out: Partial<Record<string, string>> = {};
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
  const platformIssues: EnvIssue[] = [];
  const platforms: PlatformsEnv = {};
  for (const m of PLATFORM_MODULES) {
    const settings = m.readEnv(vars, platformIssues);
    if (settings !== undefined) platforms[m.platform] = settings;
  }
  issues.push(...platformIssues.map((i) => ({ entry: i.entry, field: '', message: i.message })));
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
  if (e.SHOUDAO_PUBLIC_URL) result.publicUrl = e.SHOUDAO_PUBLIC_URL;
  return result;
}

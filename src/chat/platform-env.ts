/**
 * Helpers every platform's `env.ts` reads its variables with (src/chat/adapter-contract.ts
 * `PlatformModule.readEnv`): a platform starts when its credentials are set; a partial set is an
 * issue naming each missing variable; a malformed value is an issue naming the variable and what
 * is expected. Messages never contain a value (it may be a secret or carry a password).
 */
import type { EnvIssue, EnvVars } from './adapter-contract.js';

/**
 * Whether all of `names` are set, given that any of `triggers` being set means the platform is
 * meant to be configured; pushes one issue per missing variable of a partial set.
 */
export function requireAll(vars: EnvVars, platform: [zh: string, en: string], names: readonly string[], triggers: readonly string[], issues: EnvIssue[]): boolean {
  const set = triggers.filter((n) => vars[n] !== undefined);
  if (set.length === 0) return false;
  const missing = names.filter((n) => vars[n] === undefined);
  for (const name of missing) {
    issues.push({
      entry: name,
      message: `${platform[0]}配置不完整,缺少此变量(已设置 ${set.join(', ')})— ${platform[1]} is partly configured: this variable is missing (set: ${set.join(', ')})`,
    });
  }
  return missing.length === 0;
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

/** Pushes an issue for each of `names` that is set but is not an http(s) URL. */
export function checkUrls(vars: EnvVars, names: readonly string[], issues: EnvIssue[]): void {
  for (const name of names) {
    const v = vars[name];
    if (v !== undefined && !isHttpUrl(v)) issues.push({ entry: name, message: '须为 http:// 或 https:// 地址 — must be an http(s) URL' });
  }
}

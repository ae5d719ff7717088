/**
 * `.env` (issue 18): the file `.env.example` tells people to copy. It is read from the working
 * directory at start, before the environment is validated; a variable already set in the real
 * environment wins over the file (so a service manager or a shell can always override it). Read
 * with Node's own `util.parseEnv` (`KEY=value`, `#` comments, quotes). The start line names it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';

/** What was read: the file, the variables taken from it, and those the real environment overrode. */
export interface DotEnvResult {
  path: string;
  applied: string[];
  overridden: string[];
}

/** Reads `cwd/.env` into `env` (in place; real variables win); undefined when there is none. */
export function loadDotEnv(cwd: string, env: NodeJS.ProcessEnv): DotEnvResult | undefined {
  const path = join(cwd, '.env');
  if (!existsSync(path)) return undefined;
  const parsed = parseEnv(readFileSync(path, 'utf8'));
  const result: DotEnvResult = { path, applied: [], overridden: [] };
  for (const [key, value] of Object.entries(parsed)) {
    if (env[key] !== undefined) result.overridden.push(key);
    else {
      env[key] = value;
      result.applied.push(key);
    }
  }
  return result;
}

/** The line that names it on start (variable names only, never values). */
export function dotEnvLine(r: DotEnvResult | undefined): string {
  if (!r) return '未找到 .env,只使用环境变量 (no .env file; environment only)';
  const over = r.overridden.length ? `;已设置的环境变量优先:${r.overridden.join(', ')}` : '';
  return `已读取 ${r.path}(${r.applied.length} 个变量${over})(.env read; real environment variables win)`;
}

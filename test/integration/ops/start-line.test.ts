/**
 * Issue 18 items 19 and 20: `.env` is read (real variables win) and named on start; server mode
 * says in one line where it answers, on which database, with which platforms in what state — and,
 * with no platform, where the digest, the assessment and the 公示 will go.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { loadDotEnv } from '../../../src/config/dotenv.js';
import { freePort, waitFor } from './child-process.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

it('reads .env into the environment; a real variable wins', () => {
  dir = mkdtempSync(join(tmpdir(), 'shoudao-env-'));
  writeFileSync(join(dir, '.env'), '# comment\nPORT=4100\nSHOUDAO_TIMEZONE="Asia/Tokyo"\nDATABASE_URL=sqlite:x.db\n');
  const env: NodeJS.ProcessEnv = { PORT: '5000' };
  const r = loadDotEnv(dir, env)!;
  r.applied.sort();
  expect(env).toEqual({ PORT: '5000', SHOUDAO_TIMEZONE: 'Asia/Tokyo', DATABASE_URL: 'sqlite:x.db' });
  expect(r).toEqual({ path: join(dir, '.env'), applied: ['DATABASE_URL', 'SHOUDAO_TIMEZONE'], overridden: ['PORT'] });
  expect(loadDotEnv(join(dir, 'nowhere'), {})).toBeUndefined();
});

it('names .env on start and prints one line with the URL, the database and the platforms', async () => {
  dir = mkdtempSync(join(tmpdir(), 'shoudao-env-'));
  const port = await freePort();
  writeFileSync(join(dir, '.env'), `SHOUDAO_SERVE=1\nPORT=1\nDATABASE_URL=sqlite:${join(dir, 'bot.db')}\nORG_FILE=${resolve('data/org.example.yaml')}\n`);
  const child = spawn(process.execPath, ['--import', pathToFileURL(resolve('node_modules/tsx/dist/loader.mjs')).href, resolve('src/main.ts')], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TSX_TSCONFIG_PATH: resolve('tsconfig.json'), PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  try {
    expect(await waitFor(() => err.includes('服务已启动'), 60_000), err).toBe(true);
    expect(err).toContain(`已读取 ${join(dir, '.env')}(3 个变量;已设置的环境变量优先:PORT)`);
    expect(err).toContain(`http://localhost:${port}(/healthz /metrics)· 数据库 sqlite:${join(dir, 'bot.db')} · 平台:slack 未配置、wecom 未配置、dingtalk 未配置`);
    expect(err).toContain('没有配置任何聊天平台');
    expect(err).toContain('留在数据库的待发队列(outbox)里');
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}, 90_000);

/**
 * Issue 18 item 4: the console's virtual clock never writes future data into the server's database.
 * It has its own default file (data/console.db) and ignores DATABASE_URL; pointed explicitly at the
 * server's database, it refuses `:advance`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, expect, it } from 'vitest';

const BIN = resolve('bin/shoudao.mjs');
const ORG = resolve('data/org.example.yaml');
let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function consoleIn(cwd: string, args: string[], input: string, env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [BIN, 'console', '--org', ORG, '--now', '2026-12-01T09:00', ...args], {
    cwd, input, encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH ?? '', ...env },
  });
}

it('uses data/console.db by default, not DATABASE_URL or data/shoudao.db', () => {
  dir = mkdtempSync(join(tmpdir(), 'shoudao-console-'));
  const r = consoleIn(dir, [], ':as wang\n通知 @zhao 开会\n:advance 2h\n', { DATABASE_URL: 'sqlite:data/server.db' });
  expect(r.status, r.stderr).toBe(0);
  expect(r.stdout).toContain('【逾期');
  expect(r.stderr).toContain('控制台演练数据库 sqlite:data/console.db');
  expect(existsSync(join(dir, 'data/console.db'))).toBe(true);
  expect(existsSync(join(dir, 'data/server.db'))).toBe(false);
  expect(existsSync(join(dir, 'data/shoudao.db'))).toBe(false);
});

it('refuses :advance on the server database, in so many words', () => {
  dir = mkdtempSync(join(tmpdir(), 'shoudao-console-'));
  const r = consoleIn(dir, ['--db', 'sqlite:data/shoudao.db'], ':as wang\n通知 @zhao 开会\n:advance 2h\n:now\n');
  expect(r.status, r.stderr).toBe(0);
  expect(r.stderr).toContain('这是服务模式的数据库');
  expect(r.stdout).toContain(':advance 不可用');
  expect(r.stdout).not.toContain('【逾期');
  expect(r.stdout).toContain(':: 2026-12-01 09:00');
});

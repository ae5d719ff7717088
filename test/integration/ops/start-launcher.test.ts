/**
 * `npm start` (bin/start.mjs, issue 14): the first start compiles the current source into a build
 * named by its fingerprint, the next start runs that build without compiling, and `SHOUDAO_START=tsx`
 * runs the source through tsx. Each start is given an argument, which main.ts refuses at once
 * (exit 2 with its message): that proves the program ran, without starting a server.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';

const cache = join('node_modules', '.cache', `shoudao-start-test-${process.pid}`);
afterAll(() => rmSync(cache, { recursive: true, force: true }));

const start = (env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['bin/start.mjs', 'extra-argument'], {
    cwd: process.cwd(),
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', SHOUDAO_START_CACHE: cache, ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });

it('compiles once, then runs the cached build of the same source; tsx on request', { timeout: 300_000 }, () => {
  const first = start();
  expect(first.status).toBe(2);
  expect(first.stderr).toContain('extra-argument');
  expect(first.stderr).not.toContain('running through tsx');
  const builds = readdirSync(cache);
  expect(builds).toHaveLength(1);
  expect(builds[0]).toMatch(/^[0-9a-f]{24}$/);
  const main = join(cache, builds[0]!, 'main.js');
  expect(existsSync(main)).toBe(true);
  const built = statSync(main).mtimeMs;

  const second = start();
  expect(second.status).toBe(2);
  expect(second.stderr).toContain('extra-argument');
  expect(readdirSync(cache)).toEqual(builds); // same fingerprint: no second build
  expect(statSync(main).mtimeMs).toBe(built); // and the build was not rewritten

  const tsx = start({ SHOUDAO_START: 'tsx' });
  expect(tsx.status).toBe(2);
  expect(tsx.stderr).toContain('extra-argument');
});

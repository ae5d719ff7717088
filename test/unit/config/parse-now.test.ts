/** Issue 18 item 3: `--now` names a real time or is refused; `npm start` takes no arguments. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseNow } from '../../../src/config/parse-now.js';

const TZ = 'Asia/Shanghai';

describe('--now', () => {
  it.each([
    ['2026-12-01T09:00', Date.parse('2026-12-01T01:00:00Z')],
    ['2026-12-01 09:00', Date.parse('2026-12-01T01:00:00Z')],
    ['2026-12-01T01:00:00Z', Date.parse('2026-12-01T01:00:00Z')],
    ['2026-12-01T09:00+08:00', Date.parse('2026-12-01T01:00:00Z')],
    ['2028-02-29T09:00', Date.parse('2028-02-29T01:00:00Z')],
  ])('reads %s', (text, ms) => expect(parseNow(text, TZ)).toBe(ms));

  it.each(['2026-11-31T09:00', '2026-02-30T09:00', '2026-02-29', '2026-11-31T01:00:00Z', '2026-13-01T09:00', '2026-12-01T24:00', '2026-12-01T09:60', 'tomorrow', ''])(
    'refuses %s instead of rolling it over',
    (text) => expect(parseNow(text, TZ)).toBeUndefined(),
  );
});

describe('the command line', () => {
  it('refuses a day that does not exist, in the console and the report', () => {
    for (const args of [['console', '--db', 'sqlite::memory:', '--now', '2026-11-31T09:00'], ['report', 'monthly', '--month', '2026-11', '--db', 'sqlite::memory:', '--now', '2026-11-31T09:00']]) {
      const r = spawnSync('node', ['bin/shoudao.mjs', ...args], { input: '', encoding: 'utf8', timeout: 60_000 });
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toContain('--now 无效:2026-11-31T09:00');
    }
  });

  it('makes `npm start -- --now …` an error instead of ignoring it', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', '--now', '2026-12-01T09:00'], { input: '', encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH ?? '' } });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('npm start 不接受参数:--now 2026-12-01T09:00');
    expect(r.stderr).toContain('npx shoudao console --now');
  });
});

/**
 * ARCHITECTURE rule 1 as a test: the lint rule keeps src/domain and src/app free of platform SDKs,
 * TypeORM, node-cron, adapters/infra and the system clock. The tree must be clean, and the rule
 * must actually catch each kind of violation (a rule that catches nothing would pass too).
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function lintAs(file: string, code: string): Promise<string[]> {
  const [r] = await eslint.lintText(code, { filePath: file });
  return r!.messages.map((m) => m.message);
}

describe('domain and app purity lint', () => {
  it('finds no violation in src/domain and src/app', async () => {
    const results = await eslint.lintFiles(['src/domain/**/*.ts', 'src/app/**/*.ts']);
    const problems = results.flatMap((r) => r.messages.map((m) => `${r.filePath}:${m.line} ${m.message}`));
    expect(problems).toEqual([]);
    expect(results.length).toBeGreaterThan(20);
  });

  it.each([
    ["import { App } from '@slack/bolt';", 'platform SDK'],
    ["import { DataSource } from 'typeorm';", 'database'],
    ["import cron from 'node-cron';", 'ticks live in infra'],
    ["import { createStore } from '../infra/db/create-store.js';", 'adapters/ or infra/'],
    ['export const t = Date.now();', 'No system clock'],
    ['export const t = new Date();', 'No system clock'],
    ["import dayjs from 'dayjs'; export const t = dayjs();", 'No system clock'],
    ['setTimeout(() => {}, 10);', 'No timers'],
  ])('rejects `%s` in src/domain and src/app', async (code, expected) => {
    for (const file of ['src/domain/x.ts', 'src/app/x.ts']) {
      const messages = await lintAs(file, code);
      expect(messages.join('\n')).toContain(expected);
    }
  });

  it('allows the same code in infra', async () => {
    expect(await lintAs('src/infra/x.ts', "import { DataSource } from 'typeorm'; export const t = Date.now();")).toEqual([]);
  });
});

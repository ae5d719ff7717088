/**
 * ARCHITECTURE rule 1 as a test: the lint rule keeps src/domain and src/app free of platform SDKs,
 * TypeORM, node-cron, adapters/infra and the system clock. The tree must be clean, and the rule
 * must actually catch each kind of violation (a rule that catches nothing would pass too).
 */
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

// The architecture rules need no type information: the type-aware rules (proved in
// type-aware-lint.test.ts, run over the whole tree by `npm run lint`) are switched off here, so this
// test needs no TypeScript program and may lint files that do not exist.
const eslint = new ESLint({ cwd: process.cwd(), overrideConfig: { ...tseslint.configs.disableTypeChecked, files: ['**/*.ts', '**/*.tsx'] } });

/** The architecture rules' messages for `code` as the file `file` (the snippets' unused imports aside). */
async function lintAs(file: string, code: string): Promise<string[]> {
  const [r] = await eslint.lintText(code, { filePath: file });
  return r!.messages.filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax' || m.fatal).map((m) => m.message);
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

/**
 * ARCHITECTURE rule 12 as a test: a platform adapter imports only src/chat, src/texts, src/domain
 * and its own folder — never a sibling adapter, never app/infra/config/server — and src/infra
 * imports no adapter. The tree is clean, and each kind of violation is caught.
 */
describe('adapter boundaries lint', () => {
  it('finds no violation in src/adapters and src/infra', async () => {
    const results = await eslint.lintFiles(['src/adapters/**/*.ts', 'src/infra/**/*.ts']);
    const problems = results.flatMap((r) => r.messages.map((m) => `${r.filePath}:${m.line} ${m.message}`));
    expect(problems).toEqual([]);
    expect(results.length).toBeGreaterThan(40);
  });

  it.each([
    ['src/adapters/wecom/x.ts', "import { decodeSlack } from '../slack/decode.js';", 'sibling adapter (slack)'],
    ['src/adapters/slack/surfaces/x.ts', "import { encodeView } from '../../wecom/render.js';", 'sibling adapter (wecom)'],
    ['src/adapters/dingtalk/x.ts', "import { createStore } from '../../infra/db/create-store.js';", 'only src/chat, src/texts, src/domain'],
    ['src/adapters/feishu/x.ts', "import type { AppDeps } from '../../app/deps.js';", 'only src/chat, src/texts, src/domain'],
    ['src/adapters/slack/x.ts', "import { loadConfig } from '../../config/load-config.js';", 'only src/chat, src/texts, src/domain'],
    ['src/adapters/console/x.ts', "import { decodeWecom } from '../wecom/decode.js';", 'sibling adapter (wecom)'],
    ['src/infra/outbox/x.ts', "import { createSlackSender } from '../../adapters/slack/sender.js';", 'infra imports no adapter'],
  ])('rejects in %s: `%s`', async (file, code, expected) => {
    expect((await lintAs(file, code)).join('\n')).toContain(expected);
  });

  it('allows an adapter its own folder and the shared layers', async () => {
    const code = "import { refInText } from '../../chat/card-binding.js';\nimport { T } from '../../texts/zh.js';\nimport type { Org } from '../../domain/org.js';\nimport { decodeWecom } from './decode.js';";
    expect(await lintAs('src/adapters/wecom/x.ts', code)).toEqual([]);
  });
});

/**
 * Issue 18, item 22: ESLint runs typescript-eslint's type-aware rules (recommendedTypeChecked, with
 * the types from tsconfig.json through the project service) over the whole of src/ and test/, and
 * `.ci/run` runs it (`npm run lint`). Here the rules are shown to catch what they are for — a
 * promise nobody awaits, a promise where a callback's result is thrown away, an await on a
 * non-promise, "[object Object]" stringification, `any` leaking from JSON.parse — and to leave the
 * correct forms alone (a rule that flagged everything would pass the first half).
 *
 * The snippets are linted as if they were files in src/ and test/ (which do not exist on disk): the
 * project service is only told it may type-check those two names in a default project; every rule
 * comes from the repository's own eslint.config.js.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const PROBES = ['src/app/lint-probe.ts', 'test/lint-probe.test.ts'];
const eslint = new ESLint({
  cwd: process.cwd(),
  overrideConfig: { files: PROBES, languageOptions: { parserOptions: { projectService: { allowDefaultProject: PROBES } } } },
});

async function rulesHit(file: string, code: string): Promise<string[]> {
  const [r] = await eslint.lintText(code, { filePath: file });
  const fatal = r!.messages.filter((m) => m.fatal);
  expect(fatal.map((m) => m.message)).toEqual([]);
  return r!.messages.map((m) => `${m.line}:${m.ruleId ?? ''}`);
}

const WRONG = `
async function save(): Promise<number> { return 1; }
export function caller(): void {
  save();
}
export async function twice(): Promise<void> {
  await 5;
  [1, 2].forEach(async () => { await save(); });
  if (save()) return;
}
export function label(o: { a: number }): string {
  return String(o);
}
export function parsed(text: string): number {
  const v = JSON.parse(text);
  return v;
}
`;

const RIGHT = `
async function save(): Promise<number> { return 1; }
export function caller(): void {
  void save();
  save().catch(() => undefined);
}
export async function twice(): Promise<void> {
  await save();
  for (const _ of [1, 2]) await save();
  if (await save()) return;
}
export function label(o: { a: number }): string {
  return String(o.a);
}
export function parsed(text: string): number {
  const v = JSON.parse(text) as unknown;
  return typeof v === 'number' ? v : 0;
}
`;

describe('type-aware lint (typescript-eslint recommendedTypeChecked)', () => {
  it.each(PROBES)('catches floating and misused promises, awaits on non-promises, [object Object] and leaking any in %s', async (file) => {
    const hits = await rulesHit(file, WRONG);
    expect(hits).toEqual(expect.arrayContaining([
      '4:@typescript-eslint/no-floating-promises',
      '7:@typescript-eslint/await-thenable',
      '8:@typescript-eslint/no-misused-promises',
      '9:@typescript-eslint/no-misused-promises',
      '12:@typescript-eslint/no-base-to-string',
      '15:@typescript-eslint/no-unsafe-assignment',
      '16:@typescript-eslint/no-unsafe-return',
    ]));
  }, 240_000);

  it.each(PROBES)('leaves the correct forms alone in %s', async (file) => {
    expect(await rulesHit(file, RIGHT)).toEqual([]);
  }, 240_000);

  it('applies to every TypeScript file of src/ and test/, with the project service', async () => {
    for (const file of ['src/domain/form/form.ts', 'src/adapters/slack/sender.ts', 'src/web/app.tsx', 'test/helpers/app.ts', 'test/unit/architecture/type-aware-lint.test.ts']) {
      const config = (await eslint.calculateConfigForFile(file)) as { rules: Record<string, unknown>; languageOptions: { parserOptions: { projectService?: unknown } } };
      expect(config.languageOptions.parserOptions.projectService, file).toBeTruthy();
      for (const rule of ['no-floating-promises', 'no-misused-promises', 'await-thenable', 'no-base-to-string', 'no-unsafe-assignment']) {
        expect(config.rules[`@typescript-eslint/${rule}`], `${rule} in ${file}`).toEqual([2]);
      }
    }
  });
});

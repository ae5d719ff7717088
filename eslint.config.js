// Lint: the architecture's rules as code.
// - Rule 1: src/domain and src/app stay pure — no platform SDKs, no TypeORM, no node-cron, no
//   adapters or infra, and no system clock (time is passed in).
// - Rule 12: a platform adapter (src/adapters/<platform>/) imports only src/chat, src/texts,
//   src/domain and its own folder — never a sibling adapter, never app/infra/config/server; and
//   src/infra imports no adapter. The console (src/adapters/console) is the exception to the first
//   half: it is the in-process rehearsal tool that drives the app with a virtual clock, with no
//   inbox and no platform; it still may not import a sibling adapter.
// - Type-aware lint (issue 18, item 22): typescript-eslint's recommendedTypeChecked over the whole
//   of src/ and test/, with the type information from tsconfig.json through the project service.
//   It catches floating promises, promises passed where a callback's result is ignored, awaits on
//   non-promises, `any` leaking out of JSON.parse, "[object Object]" stringification and
//   unnecessary casts. Proved by test/unit/architecture/type-aware-lint.test.ts.
import tseslint from 'typescript-eslint';

const TS_FILES = ['src/**/*.ts', 'src/**/*.tsx', 'test/**/*.ts'];

/** The chat platform adapters (each a folder under src/adapters). */
const PLATFORM_ADAPTERS = ['slack', 'wecom', 'dingtalk', 'feishu'];
const ALL_ADAPTERS = [...PLATFORM_ADAPTERS, 'console'];

const siblingsOf = (name) => ALL_ADAPTERS.filter((a) => a !== name).map((other) => ({
  group: [`**/adapters/${other}/**`, `../${other}/**`, `../../${other}/**`, `../../../${other}/**`],
  message: `An adapter never imports a sibling adapter (${other}): what platforms share lives in src/chat (ARCHITECTURE rule 12).`,
}));

const ADAPTER_LAYERS = {
  group: ['**/app/**', '**/infra/**', '**/config/**', '**/server/**', '**/web/**', '**/platforms.js', '**/main.js', '**/cli.js'],
  message: 'An adapter imports only src/chat, src/texts, src/domain and its own folder (ARCHITECTURE rule 12).',
};

const IMPURE_IMPORTS = {
  patterns: [
    { group: ['@slack/*', '@wecom/*', 'dingtalk-stream', 'dingtalk-*'], message: 'domain/app never see a platform SDK (ARCHITECTURE rule 1).' },
    { group: ['typeorm', 'typeorm/*', 'pg', 'better-sqlite3'], message: 'domain/app never see the database (ARCHITECTURE rule 1).' },
    { group: ['node-cron'], message: 'ticks live in infra/scheduler; domain/app take `now`.' },
    { group: ['**/adapters/**', '**/infra/**'], message: 'domain/app import nothing from adapters/ or infra/.' },
  ],
};

const NO_CLOCK = [
  { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'No system clock in domain/app: take `now` or use the Clock port.' },
  { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'No system clock in domain/app: `new Date()` reads it; pass the instant in.' },
  { selector: "CallExpression[callee.name='dayjs'][arguments.length=0]", message: 'No system clock in domain/app: `dayjs()` reads it.' },
  { selector: "CallExpression[callee.object.name='performance'][callee.property.name='now']", message: 'No system clock in domain/app.' },
  { selector: "CallExpression[callee.name=/^set(Timeout|Interval)$/]", message: 'No timers in domain/app: deadlines live in the database.' },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'coverage/**', 'dist/**'] },
  ...tseslint.configs.recommendedTypeChecked.map((config) => ({ ...config, files: TS_FILES })),
  {
    files: TS_FILES,
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Tuned, not silenced:
      // - A leading underscore marks a deliberately unused binding (a rest sibling that strips a
      //   field, a callback parameter the signature requires).
      '@typescript-eslint/no-unused-vars': ['error', {
        argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_',
        destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true,
      }],
      // - An `async` method without `await` is how this codebase implements a Promise-returning
      //   port (fakes, in-memory stores, adapters' start/stop): a throw inside becomes a
      //   rejection, which is what every caller awaits. Rewriting them to `Promise.resolve(...)`
      //   would lose that and find no bug; the promise rules that do find bugs
      //   (no-floating-promises, no-misused-promises, await-thenable) stay on.
      '@typescript-eslint/require-await': 'off',
      // - A `let` declared before the closures that read it and assigned once later (a thread or
      //   server handle that exists only once started) cannot be a `const`: the closures are
      //   built first. Any other single assignment is still reported.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    files: ['src/domain/**/*.ts', 'src/app/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', IMPURE_IMPORTS],
      'no-restricted-syntax': ['error', ...NO_CLOCK],
    },
  },
  ...PLATFORM_ADAPTERS.map((name) => ({
    files: [`src/adapters/${name}/**/*.ts`],
    rules: { 'no-restricted-imports': ['error', { patterns: [ADAPTER_LAYERS, ...siblingsOf(name)] }] },
  })),
  {
    files: ['src/adapters/console/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: siblingsOf('console') }] },
  },
  {
    files: ['src/infra/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/adapters/**'], message: 'infra imports no adapter: start-up wiring lives in src/server, the platform list in src/platforms.ts (ARCHITECTURE rule 12).' }] }],
    },
  },
);

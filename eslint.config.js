// Lint: the architecture's first rule as code. src/domain and src/app stay pure — no platform SDKs,
// no TypeORM, no node-cron, no adapters or infra, and no system clock (time is passed in).
import tseslint from 'typescript-eslint';

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
  { ignores: ['node_modules/**', 'coverage/**'] },
  {
    files: ['src/**/*.ts', 'test/**/*.ts'],
    languageOptions: { parser: tseslint.parser },
  },
  {
    files: ['src/domain/**/*.ts', 'src/app/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', IMPURE_IMPORTS],
      'no-restricted-syntax': ['error', ...NO_CLOCK],
    },
  },
);

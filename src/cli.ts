/**
 * `npx shoudao <command>`:
 *   console [--org FILE] [--policy FILE] [--db URL] [--now ISO-TIME]   scripted or interactive chat
 *   report monthly --month YYYY-MM [--out FILE.xlsx] …                  月度考评 files (src/cli-report.ts)
 *   org import ROSTER.xlsx|csv [--out FILE] …                           the org file from HR's roster (src/cli-org.ts)
 * Reads configuration like `npm start`; options win over the environment. A bad option or config
 * file prints what is wrong and exits with status 2.
 */
import { parseArgs } from 'node:util';
import { ConfigError } from './config/config-error.js';
import { loadConfig } from './config/load-config.js';
import { buildDeps } from './app/build-deps.js';
import { sealerFor } from './infra/crypto/aes-sealer.js';
import { runConsole } from './adapters/console/run-console.js';
import { localInstant } from './domain/local-time.js';
import { VirtualClock } from './infra/clock.js';
import { createStore } from './infra/db/create-store.js';

const USAGE = `用法 usage:
  shoudao console [--org FILE] [--policy FILE] [--db URL] [--now ISO-TIME]
  shoudao report monthly --month YYYY-MM [--out FILE.xlsx] [--db URL] [--org FILE] [--policy FILE]
  shoudao org import ROSTER.xlsx|ROSTER.csv [--out FILE] [--company NAME] [--dry-run]`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  // Loaded on demand: the report command pulls in exceljs, which the console does not need.
  if (command === 'report') return (await import('./cli-report.js')).reportCommand(rest);
  if (command === 'org') return (await import('./cli-org.js')).orgCommand(rest);
  if (command !== 'console') {
    process.stderr.write(`${command ? `未知命令 unknown command: ${command}\n` : ''}${USAGE}\n`);
    return 2;
  }
  let values: { org?: string; policy?: string; db?: string; now?: string };
  try {
    ({ values } = parseArgs({ args: rest, options: { org: { type: 'string' }, policy: { type: 'string' }, db: { type: 'string' }, now: { type: 'string' } } }));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const config = loadConfig({ env: process.env, cwd: process.cwd(), orgFile: values.org, policyFile: values.policy });
  for (const n of config.notices) process.stderr.write(`${n}\n`);
  const start = values.now ? parseNow(values.now, config.policy.timezone) : Date.now();
  if (start === undefined) {
    process.stderr.write(`--now 无效:${values.now}。请写成 2026-11-02T09:00 或 2026-11-02T01:00:00Z\n`);
    return 2;
  }
  const store = await createStore(values.db ?? config.env.databaseUrl);
  try {
    const clock = new VirtualClock(start);
    const deps = { ...buildDeps(store, clock, config.org, config.policy, sealerFor(config.env.secret)), clock };
    const warning = deps.calendar.coverageWarning(start);
    if (warning) process.stderr.write(`${warning}\n`);
    await runConsole(deps, process.stdin, process.stdout, { interactive: process.stdin.isTTY === true });
  } finally {
    await store.close();
  }
  return 0;
}

/** An ISO time with a zone is taken as is; without one it is local time in the policy's timezone. */
export function parseNow(text: string, tz: string): number | undefined {
  if (/[zZ]|[+-]\d{2}:?\d{2}$/.test(text)) {
    const t = Date.parse(text);
    return Number.isNaN(t) ? undefined : t;
  }
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?)?$/.test(text)) return undefined;
  try {
    return localInstant(text.replace('T', ' '), tz);
  } catch {
    return undefined;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      if (err instanceof ConfigError) {
        process.stderr.write(`配置错误,无法启动 (configuration error):\n${err.message}\n`);
        process.exit(2);
      }
      process.stderr.write(`${(err as Error).stack ?? err}\n`);
      process.exit(1);
    },
  );
}

/**
 * `npm start`: configuration → store → adapters. With no chat platform configured, the bot runs
 * on SQLite with the demo org as an interactive terminal chat (the console adapter) whose clock
 * follows real time and can be pushed forward with `:advance`. A bad configuration file stops the
 * start with a message that names the file, the entry and the field.
 */
import { ConfigError } from './config/config-error.js';
import { loadConfig } from './config/load-config.js';
import { buildDeps } from './app/build-deps.js';
import { runConsole } from './adapters/console/run-console.js';
import { ShiftableClock } from './infra/clock.js';
import { createStore } from './infra/db/create-store.js';

async function start(): Promise<void> {
  const config = loadConfig({ env: process.env, cwd: process.cwd(), log: (l) => process.stderr.write(`${l}\n`) });
  const store = await createStore(config.env.databaseUrl);
  const clock = new ShiftableClock();
  const deps = { ...buildDeps(store, clock, config.org, config.policy), clock };
  const warning = deps.calendar.coverageWarning(clock.now());
  if (warning) process.stderr.write(`${warning}\n`);
  const platforms = Object.keys(config.env.platforms).filter((k) => config.env.platforms[k as keyof typeof config.env.platforms]);
  if (platforms.length) {
    process.stderr.write(`已配置平台 ${platforms.join(', ')},但本版本尚未接入这些平台;以控制台模式运行。\n`);
  }
  process.stderr.write(`收到 Shoudao · ${config.org.company} · 数据库 ${config.env.databaseUrl.replace(/\/\/[^@]*@/, '//***@')}\n`);
  try {
    await runConsole(deps, process.stdin, process.stdout, { interactive: process.stdin.isTTY === true });
  } finally {
    await store.close();
  }
}

start().catch((err) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`配置错误,无法启动 (configuration error, not starting):\n${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});

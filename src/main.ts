/**
 * `npm start`: configuration → store → adapters. With no chat platform configured, the bot runs
 * on SQLite with the demo org as an interactive terminal chat (the console adapter) whose clock
 * follows real time and can be pushed forward with `:advance`. With a platform configured, or
 * with `SHOUDAO_SERVE=1`, it runs in server mode instead (src/server/serve.ts): the HTTP
 * server on `PORT` (`/healthz`, `/metrics`, platform receivers, `/feedback/customer`), the
 * durable inbox, the scheduler with its catch-up tick, and the outbox dispatcher; SIGTERM or
 * SIGINT stops it cleanly. A bad configuration file
 * stops the start with a message that names the file, the entry and the field.
 */
import { ConfigError } from './config/config-error.js';
import { loadConfig, type LoadedConfig } from './config/load-config.js';
import { buildDeps } from './app/build-deps.js';
import { runConsole } from './adapters/console/run-console.js';
import { ShiftableClock } from './infra/clock.js';
import { createStore } from './infra/db/create-store.js';
import { serve } from './server/serve.js';
import { sealerFor } from './infra/crypto/aes-sealer.js';
import { createLogger, errorFields } from './infra/log.js';

/** The interactive console: today's default when no platform is configured. */
async function startConsole(config: LoadedConfig): Promise<void> {
  const store = await createStore(config.env.databaseUrl);
  const clock = new ShiftableClock();
  const deps = { ...buildDeps(store, clock, config.org, config.policy, sealerFor(config.env.secret)), clock };
  const warning = deps.calendar.coverageWarning(clock.now());
  if (warning) process.stderr.write(`${warning}\n`);
  process.stderr.write(`收到 Shoudao · ${config.org.company} · 数据库 ${config.env.databaseUrl.replace(/\/\/[^@]*@/, '//***@')}\n`);
  try {
    await runConsole(deps, process.stdin, process.stdout, { interactive: process.stdin.isTTY === true });
  } finally {
    await store.close();
  }
}

/** Server mode until SIGTERM / SIGINT. */
async function startServer(config: LoadedConfig, platforms: string[]): Promise<void> {
  const log = createLogger();
  // SIGHUP reloads the org file; ORG_WATCH=1 also reloads it when it changes (issue 12 §3).
  const served = await serve(config, { log, orgReload: { signal: true, watch: process.env['ORG_WATCH'] === '1' } });
  const warning = served.deps.calendar.coverageWarning(served.deps.clock.now());
  if (warning) log.warn(warning);
  log.info({ company: config.org.company, dialect: served.deps.store.dialect, platforms, port: served.port }, 'server mode started');
  const shutdown = (signal: string) => {
    log.info({ signal }, 'stopping');
    served.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ ...errorFields(err) }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

async function start(): Promise<void> {
  const config = loadConfig({ env: process.env, cwd: process.cwd(), log: (l) => process.stderr.write(`${l}\n`) });
  const platforms = Object.keys(config.env.platforms).filter((k) => config.env.platforms[k as keyof typeof config.env.platforms]);
  if (platforms.length > 0 || config.env.serve) await startServer(config, platforms);
  else await startConsole(config);
}

start().catch((err) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`配置错误,无法启动 (configuration error, not starting):\n${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});

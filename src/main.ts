/**
 * `npm start`: configuration → store → adapters. With no chat platform configured, the bot runs
 * with the demo org as an interactive terminal chat (the console adapter) on its own rehearsal
 * database (`data/console.db`, src/adapters/console/console-database.ts) whose clock follows real
 * time and can be pushed forward with `:advance`. With a platform configured, or
 * with `SHOUDAO_SERVE=1`, it runs in server mode instead (src/server/serve.ts): the HTTP
 * server on `PORT` (`/healthz`, `/metrics`, platform receivers, `/feedback/customer`), the
 * durable inbox, the scheduler with its catch-up tick, and the outbox dispatcher; SIGTERM or
 * SIGINT stops it cleanly. A bad configuration file
 * stops the start with a message that names the file, the entry and the field.
 */
import { ConfigError } from './config/config-error.js';
import { loadConfig, type LoadedConfig } from './config/load-config.js';
import { ShiftableClock } from './infra/clock.js';
import { serve } from './server/serve.js';
import { startConsole } from './console-start.js';
import { createLogger, errorFields, flushLogWithin, routeConsoleTo } from './infra/log.js';
import { TO } from './texts/ops.js';
import { PLATFORM_MODULES } from './platforms.js';
import { dotEnvLine, loadDotEnv } from './config/dotenv.js';

/**
 * How long a stop may take in all before the process exits anyway: every step of `stop()` has
 * its own deadline (10 s, src/server/serve.ts); this is the backstop for anything else.
 */
export const STOP_HARD_DEADLINE_MS = 75_000;

/** Server mode until SIGTERM / SIGINT; a second signal exits at once. */
async function startServer(config: LoadedConfig, platforms: string[]): Promise<void> {
  const log = createLogger();
  routeConsoleTo(log);
  // SIGHUP reloads the org file; ORG_WATCH=1 also reloads it when it changes (issue 12 §3).
  const served = await serve(config, { log, orgReload: { signal: true, watch: process.env['ORG_WATCH'] === '1' } });
  const warning = served.deps.calendar.coverageWarning(served.deps.clock.now());
  if (warning) log.warn(warning);
  log.info({ company: config.org.company, dialect: served.deps.store.dialect, platforms, port: served.port }, 'server mode started');
  // One line for the person at the terminal (issue 18): where it answers, on what, to whom.
  const states = PLATFORM_MODULES.map((m) => `${m.platform} ${TO.platformState(served.platforms.platformState(m.platform))}`);
  const db = config.env.databaseUrl.replace(/\/\/[^@]*@/, '//***@');
  log.info(TO.serverStarted(config.org.company, `http://localhost:${served.port}`, db, states.join('、')));
  if (platforms.length === 0) log.warn(TO.noPlatform);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    log.info({ signal }, 'stopping');
    // The backstop: whatever happens around the stop (a platform that never answers, a log that
    // nobody reads), the process ends. Logging cannot hold it: the destination never writes
    // synchronously (src/infra/log.ts), and process.exit does not wait for pending writes.
    setTimeout(() => process.exit(1), STOP_HARD_DEADLINE_MS);
    served.stop().then(
      () => flushLogWithin(log, 1_000).then(() => process.exit(0)),
      (err: unknown) => {
        log.error({ ...errorFields(err) }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

async function start(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.length) {
    process.stderr.write(`${TO.noArgs(args.join(' '))}\n`);
    process.exit(2);
  }
  const dotEnv = loadDotEnv(process.cwd(), process.env);
  process.stderr.write(`${dotEnvLine(dotEnv)}\n`);
  const config = loadConfig({ env: process.env, cwd: process.cwd(), log: (l) => process.stderr.write(`${l}\n`) });
  const platforms = Object.keys(config.env.platforms).filter((k) => config.env.platforms[k as keyof typeof config.env.platforms]);
  if (platforms.length > 0 || config.env.serve) await startServer(config, platforms);
  else await startConsole(config, new ShiftableClock(), undefined, process.cwd(), { dashboard: true }); // 看板 beside the console
}

start().catch((err) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`配置错误,无法启动 (configuration error, not starting):\n${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});

/**
 * The dashboard beside the interactive console (`npm start` with nothing configured): an HTTP
 * server on `PORT` over the console's own store and clock, so a newcomer has a terminal chat and
 * `http://localhost:3000` together (`看板` in the console prints a login link). When the port is
 * taken the console still runs, and one line says so.
 */
import type { AppDeps } from '../app/deps.js';
import type { Env } from '../config/env.js';
import { createMetrics } from '../infra/http/metrics.js';
import { createHttpServer } from '../infra/http/server.js';
import { createLogger } from '../infra/log.js';
import { WT } from '../texts/web.js';
import { dashboardConfig, mountDashboard } from './mount.js';

/** Starts the dashboard for `deps` (setting `deps.dashboard`); `say` prints the one status line. */
export async function startConsoleDashboard(deps: AppDeps, env: Env, say: (line: string) => void): Promise<{ close(): Promise<void> } | undefined> {
  const log = createLogger({ level: 'silent' });
  const http = createHttpServer({ health: { store: deps.store }, metrics: createMetrics({ store: deps.store, log, defaultMetrics: false }), log });
  const config = dashboardConfig(env);
  mountDashboard(http, deps, config);
  try {
    const port = await http.listen(env.port);
    if (!env.publicUrl) config.publicUrl = `http://localhost:${port}`;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' && (err as NodeJS.ErrnoException).code !== 'EACCES') throw err;
    say(WT.consolePortTaken(env.port));
    return undefined;
  }
  deps.dashboard = config;
  say(WT.consoleDashboard(config.publicUrl));
  return { close: () => http.close() };
}

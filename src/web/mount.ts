/**
 * Puts the dashboard on the bot's one HTTP server (every path no other route claims, so `/` and
 * its pages sit beside `/healthz`, `/metrics` and the platform callbacks), and builds its
 * configuration from the environment: `SHOUDAO_PUBLIC_URL` (default `http://localhost:PORT`) and
 * the link-signing key from `SHOUDAO_SECRET`.
 */
import { getRequestListener } from '@hono/node-server';
import { linkSigningKey, type DashboardConfig } from '../app/dashboard/web-auth.js';
import type { AppDeps } from '../app/deps.js';
import type { Env } from '../config/env.js';
import type { HttpServer } from '../infra/http/server.js';
import { createDashboardApp } from './app.js';

/** The dashboard's configuration from the validated environment; `port` is the bound port when known. */
export function dashboardConfig(env: Env, port?: number): DashboardConfig {
  const publicUrl = (env.publicUrl ?? `http://localhost:${port ?? env.port}`).replace(/\/+$/, '');
  return { publicUrl, signingKey: linkSigningKey(env.secret, env.databaseUrl) };
}

/** Serves the dashboard from `http` as its fallback. */
export function mountDashboard(http: HttpServer, deps: AppDeps, config: DashboardConfig): void {
  const app = createDashboardApp(deps, config);
  http.setFallback(getRequestListener(app.fetch));
}

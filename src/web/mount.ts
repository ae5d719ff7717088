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
import { sendJson, type HttpServer } from '../infra/http/server.js';
import { createDashboardApp } from './app.js';
import { NAV } from './layout.js';

/** The dashboard's configuration from the validated environment; `port` is the bound port when known. */
export function dashboardConfig(env: Env, port?: number): DashboardConfig {
  const publicUrl = (env.publicUrl ?? `http://localhost:${port ?? env.port}`).replace(/\/+$/, '');
  return { publicUrl, signingKey: linkSigningKey(env.secret, env.databaseUrl) };
}

/** The paths the dashboard owns: its pages, login, logout and static files. Anything else stays a plain 404. */
const DASHBOARD_PATH = new RegExp(`^/(?:$|login/|logout$|static/|(?:${NAV.map(([p]) => p.slice(1)).filter(Boolean).join('|')})(?:/|$))`);

/** Serves the dashboard from `http` as its fallback, for the dashboard's own paths. */
export function mountDashboard(http: HttpServer, deps: AppDeps, config: DashboardConfig): void {
  const app = createDashboardApp(deps, config);
  const listener = getRequestListener(app.fetch);
  http.setFallback((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (DASHBOARD_PATH.test(path)) return listener(req, res);
    sendJson(res, 404, { error: 'not found' });
  });
}

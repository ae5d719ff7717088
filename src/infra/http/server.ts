/**
 * The one HTTP server of a deployment (ARCHITECTURE "Contracts": every path on `PORT`):
 * `GET /healthz` and `GET /metrics` here, and the platform callbacks (`POST /slack/events`,
 * `GET`/`POST /wecom/callback`, `POST /dingtalk/callback`) that adapters mount with `addRoute`.
 * Routes match the method and the exact path (the query string is ignored); anything else is
 * 404 (405 for a known path with another method) unless a fallback is set (`setFallback`: the
 * dashboard, src/web, serves every other path). A handler that throws answers 500 and is logged
 * without the request body.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorFields, type Log } from '../log.js';
import { healthReport, type HealthSources } from './health.js';
import type { Metrics } from './metrics.js';

/** Handles one request; it must end the response. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** What the server serves: health from `health`, metrics from `metrics`. */
export interface HttpServerOptions {
  health: HealthSources;
  metrics: Metrics;
  log: Log;
}

/** The server, not yet listening until `listen`. `port` is the bound port once listening. */
export interface HttpServer {
  addRoute(method: string, path: string, handler: RouteHandler): void;
  /** Serves every request no route matches (at most one fallback; a second call replaces it). */
  setFallback(handler: RouteHandler): void;
  /** Listens on `port` (0 = any free port) and resolves with the bound port. */
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
  readonly port: number | undefined;
  readonly server: Server;
}

/** Writes a JSON body with `status`. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Creates the server with `/healthz` and `/metrics` mounted. */
export function createHttpServer(opts: HttpServerOptions): HttpServer {
  const routes = new Map<string, Map<string, RouteHandler>>();
  let fallback: RouteHandler | undefined;
  const addRoute = (method: string, path: string, handler: RouteHandler) => {
    const byMethod = routes.get(path) ?? new Map<string, RouteHandler>();
    const m = method.toUpperCase();
    if (byMethod.has(m)) throw new Error(`route ${m} ${path} is already mounted`);
    byMethod.set(m, handler);
    routes.set(path, byMethod);
  };

  addRoute('GET', '/healthz', async (_req, res) => {
    const report = await healthReport(opts.health);
    sendJson(res, report.status === 'ok' ? 200 : 503, report);
  });
  addRoute('GET', '/metrics', async (_req, res) => {
    const { contentType, body } = await opts.metrics.render();
    res.writeHead(200, { 'content-type': contentType });
    res.end(body);
  });

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const method = (req.method ?? 'GET').toUpperCase();
    const byMethod = routes.get(path);
    const handler = byMethod?.get(method) ?? (method === 'HEAD' ? byMethod?.get('GET') : undefined) ?? (byMethod ? undefined : fallback);
    if (!handler) {
      sendJson(res, byMethod ? 405 : 404, { error: byMethod ? 'method not allowed' : 'not found' });
      return;
    }
    Promise.resolve()
      .then(() => handler(req, res))
      .catch((err: unknown) => {
        opts.log.error({ method, path, ...errorFields(err) }, 'request failed');
        if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
        else res.end();
      });
  });

  let port: number | undefined;
  return {
    addRoute,
    setFallback(handler: RouteHandler) {
      fallback = handler;
    },
    server,
    get port() {
      return port;
    },
    listen(p: number, host?: string): Promise<number> {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(p, host, () => {
          server.off('error', reject);
          port = (server.address() as AddressInfo).port;
          opts.log.info({ port }, 'http listening');
          resolve(port);
        });
      });
    },
    close(): Promise<void> {
      return new Promise((resolve, reject) => {
        if (!server.listening) return resolve();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}

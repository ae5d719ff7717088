/**
 * Mounts the WeCom callback on the shared HTTP server (src/infra/http/server.ts `addRoute`) at
 * `GET`/`POST /wecom/callback` (ARCHITECTURE "Contracts"). Only plumbing: read the query and the
 * body (stopping at the size cap), call the framework-free callback, write its answer.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RouteHandler } from '../../infra/http/server.js';
import { WECOM_MAX_BODY_BYTES, type HttpAnswer, type WecomCallback } from './callback.js';

export const WECOM_CALLBACK_PATH = '/wecom/callback';

/** A route for `HttpServer.addRoute(method, path, handler)`. */
export interface WecomRoute {
  method: 'GET' | 'POST';
  path: string;
  handler: RouteHandler;
}

function write(res: ServerResponse, a: HttpAnswer): void {
  res.writeHead(a.status, { 'content-type': a.contentType, 'content-length': Buffer.byteLength(a.body) });
  if (a.body) res.end(a.body);
  else res.end();
}

/**
 * Reads the body and calls `done` with it, or with undefined as soon as it exceeds `max` bytes
 * (the rest is discarded) or the request fails. Callback style: the answering path creates no
 * promise (with AsyncLocalStorage in use, every promise costs a hook).
 */
function collectBody(req: IncomingMessage, max: number, done: (body: Buffer | undefined) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let finished = false;
  const finish = (body: Buffer | undefined) => {
    if (finished) return;
    finished = true;
    done(body);
  };
  req.on('data', (chunk: Buffer) => {
    if (finished) return;
    size += chunk.length;
    if (size > max) {
      chunks.length = 0;
      finish(undefined);
      return;
    }
    chunks.push(chunk);
  });
  req.on('end', () => finish(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
  req.on('error', () => finish(undefined));
}

/** Reads the body, or resolves undefined as soon as it exceeds `max` bytes (the rest is discarded). */
export function readBody(req: IncomingMessage, max: number): Promise<Buffer | undefined> {
  return new Promise((resolve) => collectBody(req, max, resolve));
}

/** The two routes of the callback; `maxBodyBytes` should match the callback's (default 1 MB). */
export function wecomRoutes(callback: WecomCallback, opts: { maxBodyBytes?: number } = {}): WecomRoute[] {
  const max = opts.maxBodyBytes ?? WECOM_MAX_BODY_BYTES;
  // The query string as `URL` would read it (what follows `?`, up to any `#`), without parsing a whole URL.
  const query = (req: IncomingMessage) => {
    const url = req.url ?? '';
    const q = url.indexOf('?');
    if (q < 0) return new URLSearchParams();
    const hash = url.indexOf('#', q);
    return new URLSearchParams(url.slice(q + 1, hash < 0 ? undefined : hash));
  };
  return [
    { method: 'GET', path: WECOM_CALLBACK_PATH, handler: (req, res) => write(res, callback.get(query(req))) },
    {
      method: 'POST',
      path: WECOM_CALLBACK_PATH,
      handler: (req, res) =>
        collectBody(req, max, (body) => {
          // Runs in a stream event, outside the server's promise: nothing may escape from here.
          try {
            if (body === undefined) {
              res.setHeader('connection', 'close');
              write(res, { status: 413, body: 'payload too large', contentType: 'text/plain; charset=utf-8' });
              return;
            }
            write(res, callback.receive(query(req), body));
          } catch {
            if (!res.headersSent) write(res, { status: 500, body: 'internal error', contentType: 'text/plain; charset=utf-8' });
            else res.destroy();
          }
        }),
    },
  ];
}

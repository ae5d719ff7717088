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
  res.end(a.body);
}

/** Reads the body, or resolves undefined as soon as it exceeds `max` bytes (the rest is discarded). */
export function readBody(req: IncomingMessage, max: number): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > max) {
        over = true;
        chunks.length = 0;
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(over ? undefined : Buffer.concat(chunks)));
    req.on('error', () => resolve(undefined));
  });
}

/** The two routes of the callback; `maxBodyBytes` should match the callback's (default 1 MB). */
export function wecomRoutes(callback: WecomCallback, opts: { maxBodyBytes?: number } = {}): WecomRoute[] {
  const max = opts.maxBodyBytes ?? WECOM_MAX_BODY_BYTES;
  const query = (req: IncomingMessage) => new URL(req.url ?? '/', 'http://localhost').searchParams;
  return [
    { method: 'GET', path: WECOM_CALLBACK_PATH, handler: (req, res) => write(res, callback.get(query(req))) },
    {
      method: 'POST',
      path: WECOM_CALLBACK_PATH,
      handler: async (req, res) => {
        const body = await readBody(req, max);
        if (body === undefined) {
          res.setHeader('connection', 'close');
          write(res, { status: 413, body: 'payload too large', contentType: 'text/plain; charset=utf-8' });
          return;
        }
        write(res, await callback.post(query(req), body));
      },
    },
  ];
}

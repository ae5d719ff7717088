/**
 * The routes over real HTTP (protocols.md A.9 recipe): URL verification answers the bare echo, a
 * POST is answered 200 with an empty body once committed, a body over 1 MB is cut off with 413
 * without being buffered whole, and a body that never ends is given up with 408. A plain node:http
 * server stands in for src/infra/http/server.ts, whose `addRoute(method, path, handler)` takes
 * exactly these handlers.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWecomReceiver, WECOM_CALLBACK_PATH, wecomRoutes } from '../../../src/adapters/wecom/receiver.js';
import { RecordingInbox } from '../../helpers/recording-inbox.js';
import { ENV, signedGet, signedPost, textXml } from './wecom-fixtures.js';

let server: Server;
let port: number;
let base: string;
const inbox = new RecordingInbox();
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

beforeAll(async () => {
  const routes = wecomRoutes(createWecomReceiver({ settings: ENV, inbox, now: Date.now, log: quiet }));
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const r = routes.find((x) => x.method === req.method && x.path === path);
    if (!r) return void res.writeHead(404).end();
    void r.handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}${WECOM_CALLBACK_PATH}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** POSTs `size` bytes (or, with `endless`, a chunked body that never ends) and resolves with the status. */
function rawPost(opts: { size?: number; endless?: boolean }): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: `${WECOM_CALLBACK_PATH}?a=1`, method: 'POST', headers: opts.endless ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(opts.size) } });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    req.on('error', (err) => (req.destroyed ? undefined : reject(err)));
    if (opts.endless) {
      req.write('<xml>');
      return;
    }
    const chunk = Buffer.alloc(64 * 1024, 'x');
    let sent = 0;
    const pump = () => {
      while (sent < opts.size! && !req.destroyed) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!req.destroyed) req.end();
    };
    pump();
  });
}

describe('GET/POST /wecom/callback over HTTP', () => {
  it('verifies the URL: the bare plaintext echo, no quotes or newline', async () => {
    const ts = String(Math.floor(Date.now() / 1000));
    const { url } = signedGet('random-echo-123', { ts });
    const res = await fetch(`${base}?${url}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('random-echo-123');
  });

  it('answers a message POST 200 with an empty body, once it is in the inbox', async () => {
    const ts = String(Math.floor(Date.now() / 1000));
    const { query, body } = signedPost(textXml('LiuMin', '帮助', '777', { ts }), { ts });
    const res = await fetch(`${base}?${query}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    expect(inbox.entries.map((e) => e.dedupeKey)).toEqual(['msg:777']);
  });

  it('refuses a body over 1 MB with 413 while it is still arriving, and keeps serving', async () => {
    expect(await rawPost({ size: 4 * 1024 * 1024 })).toBe(413);
    const again = await fetch(`${base}?a=1`, { method: 'POST', body: '<xml/>' });
    expect(again.status).toBe(400);
  });

  it('gives up a body that never ends (408), and keeps serving', async () => {
    expect(await rawPost({ endless: true })).toBe(408);
    expect((await fetch(`${base}?a=1`, { method: 'POST', body: '<xml/>' })).status).toBe(400);
  }, 20_000);
});

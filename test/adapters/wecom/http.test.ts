/**
 * The routes over real HTTP (protocols.md A.9 recipe): URL verification answers the bare echo,
 * a POST is answered 200 with an empty body, and a body over 1 MB is cut off with 413 without
 * being buffered whole. A plain node:http server stands in for src/infra/http/server.ts, whose
 * `addRoute(method, path, handler)` takes exactly these handlers.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWecomApi } from '../../../src/adapters/wecom/api-client.js';
import { createWecomCallback, type WecomCallback } from '../../../src/adapters/wecom/callback.js';
import { WECOM_CALLBACK_PATH, wecomRoutes } from '../../../src/adapters/wecom/http.js';
import type { InboundEvent } from '../../../src/chat/inbound.js';
import { demoOrg } from '../../helpers/app.js';
import { startFakeWecom, type FakeWecom } from '../../fakes/fake-wecom.js';
import { ENV, signedGet, signedPost, textXml } from './wecom-fixtures.js';

let server: Server;
let base: string;
let fake: FakeWecom;
let cb: WecomCallback;
const handled: InboundEvent[] = [];

beforeAll(async () => {
  fake = await startFakeWecom({ corpId: ENV.corpId, secret: ENV.secret });
  cb = createWecomCallback({
    env: ENV,
    org: demoOrg(),
    api: createWecomApi({ ...ENV, apiBase: fake.url }),
    handle: async (ev) => {
      handled.push(ev);
      return null;
    },
  });
  const routes = wecomRoutes(cb);
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const r = routes.find((x) => x.method === req.method && x.path === path);
    if (!r) return void res.writeHead(404).end();
    void r.handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}${WECOM_CALLBACK_PATH}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await fake.close();
});

describe('GET/POST /wecom/callback over HTTP', () => {
  it('verifies the URL: the bare plaintext echo, no quotes or newline', async () => {
    const ts = String(Math.floor(Date.now() / 1000));
    const { url } = signedGet('random-echo-123', { ts });
    const res = await fetch(`${base}?${url}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('random-echo-123');
  });

  it('answers a message POST 200 with an empty body, then processes it', async () => {
    const ts = String(Math.floor(Date.now() / 1000));
    const { query, body } = signedPost(textXml('LiuMin', '帮助', '777', { ts }), { ts });
    const res = await fetch(`${base}?${query}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    await cb.idle();
    expect(handled.map((e) => e.text)).toEqual(['帮助']);
  });

  it('refuses a body over 1 MB with 413 and keeps serving', async () => {
    const res = await fetch(`${base}?a=1`, { method: 'POST', body: 'x'.repeat(1024 * 1024 + 10) }).catch(() => undefined);
    if (res) expect(res.status).toBe(413);
    const again = await fetch(`${base}?a=1`, { method: 'POST', body: '<xml/>' });
    expect(again.status).toBe(400);
  });
});

/**
 * 客户意见 over HTTP (`POST /feedback/customer`, src/infra/http/customer-feedback-route.ts): the
 * shared secret in `X-Shoudao-Secret`, a checked JSON body, 201 with the number; the item goes
 * to the triagers like any other, and has no chat submitter to ask.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { customerFeedbackRoute, secretMatches } from '../../src/infra/http/customer-feedback-route.js';
import { conversation, type TestApp } from '../helpers/app.js';
import { feedbackApp, fk, SECRET } from './helpers.js';

let app: TestApp | undefined;
let server: Server | undefined;
afterEach(async () => {
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  await app?.close();
  app = undefined;
  server = undefined;
});

async function serve(secret: string | undefined): Promise<string> {
  app = await feedbackApp('2026-11-24 09:00');
  const handler = customerFeedbackRoute(app, secret);
  server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}/feedback/customer`;
}

const post = (url: string, body: unknown, secret?: string) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(secret ? { 'x-shoudao-secret': secret } : {}) }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('POST /feedback/customer', () => {
  it('registers a customer item with the right secret and tells the triagers', async () => {
    const url = await serve(SECRET);
    const res = await post(url, { description: '收到的锅炉安全阀漏汽,要求上门检修', customer: '上饶某化工厂 张经理 138****0000', dept: 'xsb' }, SECRET);
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ number: fk(1), registeredAt: '2026-11-24 09:00' });
    const c = conversation(app!);
    const out = await c.say(':as yang', `查看 ${fk(1)}`);
    expect(out).toContain('反馈人:客户 上饶某化工厂 张经理 138****0000');
    expect(out).toContain('相关部门:销售部');
    expect(out).toContain('外部系统');
    // The department concerned's leaders see it (客户意见 names them); there is nobody in chat to ask.
    expect(await c.say(':as han', `查看 ${fk(1)}`)).toContain('内容:收到的锅炉安全阀漏汽');
    await c.say(':as yang', `受理 ${fk(1)} @xie`);
    expect(await c.say(':as xie', `提问 ${fk(1)} 哪台锅炉?`)).toContain('没有可以在聊天中联系的反馈人');
    const notice = await app!.store.transaction((tx) => tx.outbox.presentKeys([`fb:${fk(1)}:e0:yang`]));
    expect(notice).toHaveLength(1);
  });

  it('refuses a wrong or missing secret, a bad body, and everything when no secret is configured', async () => {
    const url = await serve(SECRET);
    expect((await post(url, { description: 'x' })).status).toBe(401);
    expect((await post(url, { description: 'x' }, 'wrong-secret-wrong-secret')).status).toBe(401);
    expect((await post(url, 'not json', SECRET)).status).toBe(400);
    const missing = await post(url, { customer: '某客户' }, SECRET);
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({ error: 'description is required' });
    expect((await post(url, { description: 'x', extra: 1 }, SECRET)).status).toBe(400);
    expect((await post(url, { description: 'x', dept: 'NOPE' }, SECRET)).status).toBe(400);
    expect((await post(url, { description: 'x'.repeat(70_000) }, SECRET)).status).toBe(413);
    expect(await app!.store.transaction((tx) => tx.feedback.list({}))).toEqual([]);
    await new Promise((r) => server!.close(r));
    server = undefined;
    await app!.close();
    const closed = await serve(undefined);
    expect((await post(closed, { description: 'x' }, SECRET)).status).toBe(503);
  });

  it('compares the secret in constant time over digests', () => {
    expect(secretMatches(SECRET, SECRET)).toBe(true);
    expect(secretMatches(`${SECRET}x`, SECRET)).toBe(false);
    expect(secretMatches('', SECRET)).toBe(false);
    expect(secretMatches(undefined, SECRET)).toBe(false);
  });
});

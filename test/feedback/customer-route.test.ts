/**
 * 客户意见 over HTTP (`POST /feedback/customer`, src/server/customer-route.ts) on the running bot
 * (server mode): the shared secret in `X-Shoudao-Secret`, a checked JSON body, committed to the
 * durable inbox and processed by its worker, 201 with the number; the item goes to the triagers
 * like any other, and has no chat submitter to ask. An `Idempotency-Key` makes a retry register
 * nothing twice and answer the same number.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ConsoleSession } from '../../src/adapters/console/console-session.js';
import { loadConfig } from '../../src/config/load-config.js';
import { localInstant } from '../../src/domain/local-time.js';
import { VirtualClock } from '../../src/infra/clock.js';
import { createLogger } from '../../src/infra/log.js';
import { secretMatches } from '../../src/server/customer-route.js';
import { serve, type Served } from '../../src/server/serve.js';
import { TZ } from '../helpers/app.js';
import { createSqliteFile, type TestDatabase } from '../helpers/databases.js';
import { fk, SECRET } from './helpers.js';

let served: Served | undefined;
let db: TestDatabase | undefined;
let clock: VirtualClock;
afterEach(async () => {
  await served?.stop();
  await db?.drop();
  served = db = undefined;
});

async function start(secret: string | undefined): Promise<string> {
  db = await createSqliteFile();
  clock = new VirtualClock(localInstant('2026-11-24 09:00', TZ));
  const env: Record<string, string> = { DATABASE_URL: db.url, SHOUDAO_SERVE: '1', ...(secret ? { SHOUDAO_SECRET: secret } : {}) };
  served = await serve(loadConfig({ env, cwd: process.cwd() }), { log: createLogger({ level: 'silent' }), clock, port: 0 });
  return `http://127.0.0.1:${served.port}/feedback/customer`;
}

const post = (url: string, body: unknown, secret?: string, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(secret ? { 'x-shoudao-secret': secret } : {}), ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

/** The console speaking on the running bot's deps. */
function conversation() {
  let out: string[] = [];
  const session = new ConsoleSession({ ...served!.deps, clock }, (l) => out.push(l));
  return {
    async say(...lines: string[]): Promise<string> {
      out = [];
      for (const l of lines) await session.line(l);
      return out.join('\n');
    },
  };
}

describe('POST /feedback/customer', () => {
  it('registers a customer item with the right secret, through the inbox, and tells the triagers', async () => {
    const url = await start(SECRET);
    const res = await post(url, { description: '收到的锅炉安全阀漏汽,要求上门检修', customer: '上饶某化工厂 张经理 138****0000', dept: 'xsb' }, SECRET);
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ number: fk(1), registeredAt: '2026-11-24 09:00' });
    expect(await served!.deps.store.transaction((tx) => tx.inbox.counts())).toMatchObject({ done: 1, pending: 0 });
    const c = conversation();
    const out = await c.say(':as yang', `查看 ${fk(1)}`);
    expect(out).toContain('反馈人:客户 上饶某化工厂 张经理 138****0000');
    expect(out).toContain('相关部门:销售部');
    expect(out).toContain('外部系统');
    expect(await c.say(':as han', `查看 ${fk(1)}`)).toContain('内容:收到的锅炉安全阀漏汽');
    await c.say(':as yang', `受理 ${fk(1)} @xie`);
    expect(await c.say(':as xie', `提问 ${fk(1)} 哪台锅炉?`)).toContain('没有可以在聊天中联系的反馈人');
    expect(await served!.deps.store.transaction((tx) => tx.outbox.presentKeys([`fb:${fk(1)}:e0:yang`]))).toHaveLength(1);
  });

  it('registers a retried request once when it carries the same Idempotency-Key, answering the same number', async () => {
    const url = await start(SECRET);
    const body = { description: '发票抬头错误,请重开' };
    const a = await post(url, body, SECRET, { 'idempotency-key': 'crm-4711' });
    const b = await post(url, body, SECRET, { 'idempotency-key': 'crm-4711' });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(await b.json()).toEqual(await a.json());
    expect(await served!.deps.store.transaction((tx) => tx.feedback.list({}))).toHaveLength(1);
    // Without the key, two posts are two items (a customer may well complain twice).
    await post(url, body, SECRET);
    await post(url, body, SECRET);
    expect(await served!.deps.store.transaction((tx) => tx.feedback.list({}))).toHaveLength(3);
    expect((await post(url, body, SECRET, { 'idempotency-key': 'x'.repeat(201) })).status).toBe(400);
  });

  it('refuses a wrong or missing secret, a bad body, and everything when no secret is configured', async () => {
    const url = await start(SECRET);
    expect((await post(url, { description: 'x' })).status).toBe(401);
    expect((await post(url, { description: 'x' }, 'wrong-secret-wrong-secret')).status).toBe(401);
    expect((await post(url, 'not json', SECRET)).status).toBe(400);
    const missing = await post(url, { customer: '某客户' }, SECRET);
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({ error: 'description is required' });
    expect((await post(url, { description: 'x', extra: 1 }, SECRET)).status).toBe(400);
    expect((await post(url, { description: 'x', dept: 'NOPE' }, SECRET)).status).toBe(400);
    expect((await post(url, { description: 'x'.repeat(70_000) }, SECRET)).status).toBe(413);
    expect(await served!.deps.store.transaction((tx) => tx.feedback.list({}))).toEqual([]);
    await served!.stop();
    await db!.drop();
    const closed = await start(undefined);
    expect((await post(closed, { description: 'x' }, SECRET)).status).toBe(503);
  });

  it('compares the secret in constant time over digests', () => {
    expect(secretMatches(SECRET, SECRET)).toBe(true);
    expect(secretMatches(`${SECRET}x`, SECRET)).toBe(false);
    expect(secretMatches('', SECRET)).toBe(false);
    expect(secretMatches(undefined, SECRET)).toBe(false);
  });
});

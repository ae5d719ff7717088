/**
 * Issue 15 at `POST /feedback/customer` on the running bot (server mode), on SQLite and — with
 * TEST_DATABASE_URL — PostgreSQL, which refuses NUL in a text column: row 1 (a NUL in the
 * description was a 500 that a caller retries for ever; now the input layer removes it and the
 * item is registered), row 10 (a chunked body that never ends is given up with 408), and a
 * property over hostile JSON bodies: never a 5xx, every refusal a readable JSON `error`, a
 * refused request stores no item, and every stored text is clean.
 */
import { request } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { localInstant } from '../../src/domain/local-time.js';
import { VirtualClock } from '../../src/infra/clock.js';
import { createLogger } from '../../src/infra/log.js';
import { serve, type Served } from '../../src/server/serve.js';
import { TZ } from '../helpers/app.js';
import { testDialects, type TestDatabase } from '../helpers/databases.js';
import { FORBIDDEN, fuzz, hostileOrLong, hostileText } from '../fuzz/hostile.js';
import { fk, SECRET } from './helpers.js';

describe.each(testDialects())('the customer endpoint under hostile input, on %s', (dialect) => {
  let served: Served;
  let db: TestDatabase;
  let url: string;
  beforeAll(async () => {
    db = await dialect.create();
    const clock = new VirtualClock(localInstant('2026-11-24 09:00', TZ));
    const env = { DATABASE_URL: db.url, SHOUDAO_SERVE: '1', SHOUDAO_SECRET: SECRET };
    served = await serve(loadConfig({ env, cwd: process.cwd() }), { log: createLogger({ level: 'silent' }), clock, port: 0 });
    url = `http://127.0.0.1:${served.port}/feedback/customer`;
  });
  afterAll(async () => {
    await served.stop();
    await db.drop();
  });

  const post = (body: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-shoudao-secret': SECRET }, body });
  const items = () => served.deps.store.transaction((tx) => tx.feedback.list({}));

  it('row 1: a NUL (and other controls) in the description is removed and the item registered, not a 500', async () => {
    const res = await post(JSON.stringify({ description: '锅炉\u0000安全阀\u0007漏汽\u202e', customer: '某厂\u0000张经理' }));
    expect(res.status).toBe(201);
    const { number } = (await res.json()) as { number: string };
    expect(number).toBe(fk(1));
    const item = (await items()).find((i) => i.number === number)!;
    expect(item.description).toBe('锅炉安全阀漏汽');
    expect(item.details.customer).toBe('某厂张经理');
  });

  it('row 10: a chunked body that never ends is given up with 408, and the endpoint keeps serving', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(url, { method: 'POST', headers: { 'transfer-encoding': 'chunked', 'x-shoudao-secret': SECRET, 'content-type': 'application/json' } });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', (err) => (req.destroyed ? undefined : reject(err)));
      req.write('{"description": "');
    });
    expect(status).toBe(408);
    expect((await post(JSON.stringify({ description: '还在吗' }))).status).toBe(201);
  }, 30_000);

  it('property: hostile JSON bodies never get a 5xx; refusals are readable and store nothing; stored text is clean', async () => {
    const value = fc.oneof({ weight: 6, arbitrary: hostileOrLong() }, { weight: 1, arbitrary: fc.constantFrom(null, 1, true, [], {}) });
    const key = fc.oneof({ weight: 6, arbitrary: fc.constantFrom('description', 'customer', 'dept', 'timeNode', 'expected') }, { weight: 1, arbitrary: hostileText(3) });
    const body = fc.oneof(
      { weight: 6, arbitrary: fc.dictionary(key, value, { maxKeys: 5 }).map((o) => JSON.stringify(o)) },
      { weight: 1, arbitrary: hostileText() },
    );
    await fuzz(`customer endpoint (${dialect.name})`, body, async (b) => {
      const before = (await items()).length;
      const res = await post(b);
      expect(res.status, 'never a 5xx').toBeLessThan(500);
      expect([201, 202, 400, 413]).toContain(res.status);
      const answer = (await res.json()) as { error?: string };
      if (res.status >= 400) {
        expect(typeof answer.error).toBe('string');
        expect(answer.error).not.toMatch(/^\s+at\s|\[object |undefined|NaN/m);
        expect((await items()).length, 'a refusal stores nothing').toBe(before);
      }
      for (const i of await items()) expect(JSON.stringify([i.description, i.details])).not.toMatch(/\\u000[0-8]|\\u001[0-9a-f]|\\u007f|[\u0080-\u009f\u202a-\u202e\u2066-\u2069]/);
      for (const i of await items()) expect(i.description).not.toMatch(FORBIDDEN);
    }, { numRuns: 30 });
  }, 120_000);
});

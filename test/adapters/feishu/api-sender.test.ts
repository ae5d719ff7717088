/**
 * Feishu's API client and sender (src/adapters/feishu/api.ts, sender.ts, errors.ts) against the
 * fake OpenAPI: the tenant token fetched once for concurrent calls (single flight) and refreshed
 * once on 99991663; errors classified for the outbox — rate limits with Feishu's reset header
 * (app-wide for 99991400, the chat for 230020), a missing scope or a bot outside the group
 * permanent with an admin hint, HTTP 5xx retryable and possibly delivered; a row's uuid the same on
 * every attempt, so a retry is answered with the message already sent.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFeishuApi, type FeishuApi } from '../../../src/adapters/feishu/api.js';
import { createFeishuSender, uuidOf } from '../../../src/adapters/feishu/sender.js';
import type { PlatformRecords } from '../../../src/chat/platform-records.js';
import { SendError, type PlatformSender } from '../../../src/chat/sending.js';
import { FakeFeishu } from '../../fakes/fake-feishu.js';
import { ENV } from './feishu-fixtures.js';

let fake: FakeFeishu;
let api: FeishuApi;
let sender: PlatformSender;
const errors: Array<Record<string, unknown>> = [];
const records = { findMessage: async () => undefined, threadRoot: async () => undefined } as unknown as PlatformRecords;
const row = (id: number) => ({ id, key: `reply:${id}`, createdAt: 0 });
const toUser = { platform: 'feishu' as const, kind: 'user' as const, id: 'ou_zhao' };

beforeEach(async () => {
  fake = await new FakeFeishu({ appId: ENV.appId, appSecret: ENV.appSecret }).start();
  api = createFeishuApi({ appId: ENV.appId, appSecret: ENV.appSecret, apiBase: fake.url });
  errors.length = 0;
  sender = createFeishuSender({ api, records, now: Date.now, personOf: () => undefined, log: { info: () => undefined, warn: () => undefined, error: (o) => errors.push(o as Record<string, unknown>) } });
});
afterEach(() => fake.stop());

const failure = async (p: Promise<unknown>): Promise<SendError> => {
  const e = await p.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(SendError);
  return e as SendError;
};

describe('tenant token', () => {
  it('is fetched once for concurrent calls and refreshed once after 99991663', async () => {
    await Promise.all(Array.from({ length: 10 }, (_, i) => sender.send(toUser, { lines: [`m${i}`] }, row(i))));
    expect(fake.tokenCalls).toBe(1);
    fake.expireTokens();
    await Promise.all(Array.from({ length: 5 }, (_, i) => sender.send(toUser, { lines: [`n${i}`] }, row(100 + i))));
    expect(fake.tokenCalls).toBe(2);
    expect(fake.messages).toHaveLength(15);
  });
});

describe('errors', () => {
  it('classifies rate limits, admin errors and server errors', async () => {
    fake.failNext('/im/v1/messages', 429, 99991400, { 'x-ogw-ratelimit-reset': '7' });
    let e = await failure(sender.send(toUser, { lines: ['a'] }, row(1)));
    expect(e).toMatchObject({ retryable: true, retryAfterMs: 7000, pause: 'app' });
    fake.failNext('/im/v1/messages', 400, 230020);
    e = await failure(sender.send(toUser, { lines: ['a'] }, row(2)));
    expect(e).toMatchObject({ retryable: true, pause: 'conversation' });
    fake.failNext('/im/v1/messages', 400, 99991672);
    e = await failure(sender.send(toUser, { lines: ['a'] }, row(3)));
    expect(e.permanent).toBe(true);
    expect(e.message).toContain('权限管理');
    fake.failNext('/im/v1/messages', 400, 230002);
    e = await failure(sender.send({ platform: 'feishu', kind: 'channel', id: 'oc_x' }, { lines: ['a'] }, row(4)));
    expect(e.permanent).toBe(true);
    expect(errors.map((x) => x['code'])).toEqual([99991672, 230002]);
    expect(String(errors[1]!['adminHint'])).toContain('群机器人');
    fake.failNext('/im/v1/messages', 502, 0);
    e = await failure(sender.send(toUser, { lines: ['a'] }, row(5)));
    expect(e).toMatchObject({ retryable: true, maybeDelivered: true });
    expect(fake.messages).toHaveLength(0);
  });

  it('sends a row once however often it is retried (uuid)', async () => {
    const a = await sender.send(toUser, { lines: ['once'] }, row(9));
    const b = await sender.send(toUser, { lines: ['once'] }, row(9));
    expect(b).toEqual(a);
    expect(fake.messages).toHaveLength(1);
    expect(fake.messages[0]!.uuid).toBe(uuidOf('reply:9'));
    expect(uuidOf('x'.repeat(500)).length).toBeLessThanOrEqual(50);
  });
});

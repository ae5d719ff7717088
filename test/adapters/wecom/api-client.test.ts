/**
 * The API client against the fake qyapi: token cached per app, one refresh (single flight) when
 * the token goes stale under concurrency, errcode-based errors, and the sender's classification.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWecomApi, type WecomApi } from '../../../src/adapters/wecom/api.js';
import { WecomApiError } from '../../../src/adapters/wecom/errors.js';
import { createWecomSender } from '../../../src/adapters/wecom/sender.js';
import type { OutboxRow } from '../../../src/app/ports.js';
import { SendError } from '../../../src/infra/outbox/platform-sender.js';
import { startFakeWecom, type FakeWecom } from '../../fakes/fake-wecom.js';

const CORP = 'wwcorp';
const SECRET = 'sec';
let fake: FakeWecom;
let api: WecomApi;
let clock = 1_000_000;

beforeEach(async () => {
  fake = await startFakeWecom({ corpId: CORP, secret: SECRET });
  clock = 1_000_000;
  api = createWecomApi({ corpId: CORP, secret: SECRET, agentId: 1000002, apiBase: `${fake.url}/`, now: () => clock });
});
afterEach(() => fake.close());

const text = (content: string) => ({ msgtype: 'text' as const, text: { content } });

async function failure(p: Promise<unknown>): Promise<WecomApiError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(WecomApiError);
  return e as WecomApiError;
}

describe('access token', () => {
  it('is fetched once and cached until shortly before expires_in', async () => {
    await api.sendMessage({ touser: ['u1'] }, text('a'));
    await api.sendMessage({ touser: ['u1'] }, text('b'));
    expect(fake.gettokenCalls).toBe(1);
    clock += 7200_000 - 60_000; // inside the refresh margin
    await api.sendMessage({ touser: ['u1'] }, text('c'));
    expect(fake.gettokenCalls).toBe(2);
    expect(fake.sent.map((s) => (s.body.text as { content: string }).content)).toEqual(['a', 'b', 'c']);
  });

  it('is refreshed exactly once when it goes stale under 10 concurrent sends, each message sent once', async () => {
    await api.accessToken();
    fake.expireToken();
    fake.setDelay(20);
    await Promise.all(Array.from({ length: 10 }, (_, i) => api.sendMessage({ touser: ['u1'] }, text(`m${i}`))));
    expect(fake.gettokenCalls).toBe(2);
    const contents = fake.sent.map((s) => (s.body.text as { content: string }).content).sort();
    expect(contents).toEqual(Array.from({ length: 10 }, (_, i) => `m${i}`).sort());
    expect(fake.log.filter((l) => l.api === 'message/send' && l.errcode === 42001)).toHaveLength(10);
  });

  it('retries once after 42001 and sends the message once', async () => {
    fake.failNext('message/send', 42001);
    const r = await api.sendMessage({ touser: ['u1'] }, text('once'));
    expect(r.msgid).toBeTruthy();
    expect(fake.sent).toHaveLength(1);
    expect(fake.gettokenCalls).toBe(2);
  });

  it('gives up after one retry when the token error persists', async () => {
    fake.failNext('message/send', 40014, 2);
    const e = await failure(api.sendMessage({ touser: ['u1'] }, text('x')));
    expect(e.kind).toBe('token');
    expect(fake.sent).toHaveLength(0);
  });

  it('reports a wrong secret with a hint and without the secret', async () => {
    const bad = createWecomApi({ corpId: CORP, secret: 'wrong-secret', agentId: 1, apiBase: fake.url });
    const e = await failure(bad.sendMessage({ touser: ['u1'] }, text('x')));
    expect(e.errcode).toBe(40001);
    expect(e.retryable).toBe(false);
    expect(e.message).not.toContain('wrong-secret');
  });
});

describe('errors', () => {
  it.each([
    [45009, 'rate_limited', true, 60_000],
    [45033, 'rate_limited', true, 2_000],
    [60020, 'untrusted_ip', false, undefined],
    [48002, 'no_permission', false, undefined],
    [81013, 'invalid_user', false, undefined],
    [40058, 'bad_request', false, undefined],
  ])('errcode %i is %s (retryable %s)', async (errcode, kind, retryable, after) => {
    fake.failNext('message/send', errcode);
    const e = await failure(api.sendMessage({ touser: ['u1'] }, text('x')));
    expect([e.errcode, e.kind, e.retryable, e.retryAfterMs]).toEqual([errcode, kind, retryable, after]);
    if (errcode === 60020) expect(e.message).toContain('企业可信IP');
    expect(e.message).not.toContain('tok-');
  });

  it('treats an unreachable API as a retryable network error', async () => {
    const down = createWecomApi({ corpId: CORP, secret: SECRET, agentId: 1, apiBase: 'http://127.0.0.1:1', timeoutMs: 2000 });
    const e = await failure(down.accessToken());
    expect([e.kind, e.retryable]).toEqual(['network', true]);
  });
});

describe('update_template_card', () => {
  it('replaces the clicked button text with a single-use response code', async () => {
    await api.updateCardButton(['ZhaoQiang'], 'rc-1', '赵强 已签收');
    expect(fake.updates[0]!.body).toEqual({ userids: ['ZhaoQiang'], agentid: 1000002, response_code: 'rc-1', button: { replace_name: '赵强 已签收' } });
    const e = await failure(api.updateCardButton(['ZhaoQiang'], 'rc-1', 'again'));
    expect(e.errcode).toBe(40058);
  });
});

describe('PlatformSender', () => {
  const row = { id: 7, key: 'form:1:issued:lin' } as OutboxRow;
  const sender = () => createWecomSender({ api, now: () => clock, log: { info: () => undefined, warn: () => undefined, error: () => undefined } });

  it('sends a card to a user and returns the msgid', async () => {
    const view = { lines: ['请签收'], buttons: [{ label: '签收', command: '签收 SCB20261101' }] };
    const r = await sender().send({ platform: 'wecom', kind: 'user', id: 'LinZhiHua' }, view, row);
    expect(r.messageId).toMatch(/^msg-/);
    expect(fake.sent[0]!.body).toMatchObject({ touser: 'LinZhiHua', msgtype: 'template_card', agentid: 1000002 });
  });

  it('sends a thread message to the mentioned member, carrying the form number', async () => {
    await sender().send({ platform: 'wecom', kind: 'thread', id: '', formId: 1, formNumber: 'SCB20261101', mention: 'LinZhiHua' }, { lines: ['郑伟 请尽快'] }, row);
    expect(fake.sent[0]!.body).toMatchObject({ touser: 'LinZhiHua', msgtype: 'text', text: { content: '【SCB20261101】\n郑伟 请尽快' } });
  });

  it('sends to a group chat without cards', async () => {
    await sender().send({ platform: 'wecom', kind: 'channel', id: 'chat1' }, { lines: ['x'], buttons: [{ label: '收到', command: '收到 TZ1' }] }, row);
    expect(fake.chatSent[0]!.body).toMatchObject({ chatid: 'chat1', msgtype: 'text' });
  });

  it('answers a click in place: the reply to the clicker, then the clicked card shows who did what', async () => {
    const view = { lines: ['已签收'], outcome: { clicked: '林志华 已签收' } };
    await sender().send({ platform: 'wecom', kind: 'reply', id: 'LinZhiHua', replyTo: { taskId: 't', responseCode: 'RC-9' } }, view, row);
    expect(fake.sent[0]!.body).toMatchObject({ touser: 'LinZhiHua', msgtype: 'text' });
    expect(fake.updates[0]!.body).toMatchObject({ userids: ['LinZhiHua'], response_code: 'RC-9', button: { replace_name: '林志华 已签收' } });
    // A refused click has no outcome: the card stays as it was, to try again.
    await sender().send({ platform: 'wecom', kind: 'reply', id: 'LinZhiHua', replyTo: { taskId: 't', responseCode: 'RC-10' } }, { lines: ['不能签收'] }, row);
    expect(fake.updates).toHaveLength(1);
  });

  it('names the form in a reply about it (WeCom has no threads)', async () => {
    await sender().send({ platform: 'wecom', kind: 'reply', id: 'LinZhiHua', replyTo: {} }, { lines: ['已记录'], about: { kind: 'form', ref: 'SCB20261101' } }, row);
    expect(fake.sent[0]!.body).toMatchObject({ touser: 'LinZhiHua', text: { content: '【SCB20261101】\n已记录' } });
  });

  it.each([['invalid', 'invaliduser'], ['unlicensed', 'unlicenseduser']] as const)('a send whose only recipient comes back %s (errcode 0) was not delivered: a permanent SendError with the admin hint', async (why, field) => {
    fake.refused.set('LinZhiHua', why);
    const errors: object[] = [];
    const s = createWecomSender({ api, now: () => clock, log: { info: () => undefined, warn: () => undefined, error: (o) => void errors.push(o) } });
    const e = await s.send({ platform: 'wecom', kind: 'user', id: 'LinZhiHua' }, { lines: ['x'] }, row).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(SendError);
    expect((e as SendError).permanent).toBe(true);
    expect((e as SendError).message).toContain(field);
    expect(errors).toEqual([expect.objectContaining({ platform: 'wecom', adminHint: expect.stringContaining(why === 'invalid' ? '核对 org 文件中的 wecom 账号' : '接口许可') as unknown })]);
    expect(fake.sent).toEqual([]);
    // Someone else still gets their messages.
    await s.send({ platform: 'wecom', kind: 'user', id: 'u1' }, { lines: ['y'] }, row);
    expect(fake.sent.map((c) => c.body['touser'])).toEqual(['u1']);
  });

  it.each([
    [45009, true, 60_000],
    [60020, false, undefined],
    [81013, false, undefined],
  ])('turns errcode %i into a SendError (retryable %s)', async (errcode, retryable, after) => {
    fake.failNext('message/send', errcode);
    const e = await sender()
      .send({ platform: 'wecom', kind: 'user', id: 'u1' }, { lines: ['x'] }, row)
      .catch((err: unknown) => err);
    expect(e).toBeInstanceOf(SendError);
    expect([(e as SendError).retryable, (e as SendError).retryAfterMs]).toEqual([retryable, after]);
  });
});

/**
 * Feishu's long connection (src/adapters/feishu/receiver.ts) with the real SDK `WSClient` against
 * the fake gateway (test/fakes/fake-feishu.ts, protobuf frames): endpoint discovery at
 * `${FEISHU_API_BASE}/callback/ws/endpoint`; an event acked (code 200) only after the inbox
 * committed it, a click acked with its toast; an inbox that cannot store → code 500 (Feishu
 * pushes again); fragments reassembled — and a frame claiming more than 1024 fragments, or more
 * bytes than allowed, dropped unacked without holding memory; garbage frames leave the
 * connection working.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FeishuSettings } from '../../../src/adapters/feishu/env.js';
import { createFeishuWsReceiver, type FeishuWsReceiver } from '../../../src/adapters/feishu/receiver.js';
import { FakeFeishu } from '../../fakes/fake-feishu.js';
import { encodeFrame } from '../../fakes/feishu-frame.js';
import { seededRandom } from '../../fakes/seeded-random.js';
import { RecordingInbox } from '../../helpers/recording-inbox.js';
import { waitFor } from '../../integration/ops/child-process.js';
import { cardAction, ENV, messageEvent } from './feishu-fixtures.js';

let fake: FakeFeishu;
let rx: FeishuWsReceiver;
const inbox = new RecordingInbox();
const warnings: string[] = [];

beforeAll(async () => {
  fake = await new FakeFeishu({ appId: ENV.appId, appSecret: ENV.appSecret }).start();
  const settings: FeishuSettings = { appId: ENV.appId, appSecret: ENV.appSecret, mode: 'ws', apiBase: fake.url };
  rx = await createFeishuWsReceiver({ settings, inbox, now: Date.now, log: { info: () => undefined, warn: (o) => warnings.push(JSON.stringify(o)), error: () => undefined } });
  await rx.start();
  await fake.connected;
  expect(await waitFor(() => rx.health() === 'up', 5000)).toBe(true);
});
afterAll(async () => {
  await rx?.stop();
  await fake?.stop();
});
beforeEach(() => {
  inbox.entries.length = 0;
  inbox.failing = false;
  inbox.hold = undefined;
  warnings.length = 0;
});

describe('long connection', () => {
  it('discovers the endpoint with the app credentials and acks an event only after the commit', async () => {
    expect(fake.endpointCalls).toBeGreaterThanOrEqual(1);
    let release!: () => void;
    inbox.hold = new Promise<void>((r) => (release = r));
    let acked = false;
    const ack = fake.push(messageEvent('ou_zhao', '帮助', { eventId: 'ws-1' })).then((a) => ((acked = true), a));
    await new Promise((r) => setTimeout(r, 100));
    expect(acked).toBe(false);
    release();
    expect((await ack).code).toBe(200);
    expect(inbox.entries[0]).toMatchObject({ platform: 'feishu', dedupeKey: 'ws-1', orderKey: 'ou_zhao' });
  });

  it('acks a click with the toast, and answers 500 when the inbox cannot store', async () => {
    const a = await fake.push(cardAction('ou_zhao', { cmd: '收到 TZ1', dm: true }, { messageId: 'om_1', chatId: 'oc_p2p_ou_zhao' }));
    expect(a).toMatchObject({ code: 200, data: { toast: { type: 'info' } } });
    inbox.failing = true;
    expect((await fake.push(messageEvent('ou_zhao', '收到'))).code).toBe(500);
  });

  it('reassembles fragments, and drops frames past the fragment and size limits unacked', async () => {
    expect((await fake.push(messageEvent('ou_zhao', '分片'.repeat(200), { eventId: 'frag-ok' }), { fragments: 7 })).code).toBe(200);
    expect(inbox.entries.map((e) => e.dedupeKey)).toEqual(['frag-ok']);
    const before = process.memoryUsage().heapUsed;
    // A header claiming 50 million fragments: the SDK would allocate new Array(50e6) per message.
    for (let i = 0; i < 20; i++) await expect(fake.push(messageEvent('ou_zhao', 'x'), { sum: 50_000_000, timeoutMs: 300 })).rejects.toThrow(/no ack/);
    await expect(fake.push(messageEvent('ou_zhao', 'x'), { sum: 1025, timeoutMs: 300 })).rejects.toThrow(/no ack/);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(64 * 1024 * 1024);
    expect(warnings.filter((w) => w.includes('too_many_fragments'))).toHaveLength(21);
    // One message bigger than 1 MB in fragments.
    await expect(fake.push(messageEvent('ou_zhao', 'y'.repeat(1_200_000)), { fragments: 600, timeoutMs: 2000 })).rejects.toThrow(/no ack/);
    expect(warnings.some((w) => w.includes('message_too_large'))).toBe(true);
    expect(inbox.entries.map((e) => e.dedupeKey)).toEqual(['frag-ok']);
  });

  it('stays connected and working after a fuzz of corrupted frames', async () => {
    const rnd = seededRandom(7);
    const good = encodeFrame({ seqId: 0, logId: 0, service: 42, method: 1, headers: { type: 'event', message_id: 'fz', sum: '1', seq: '0', trace_id: 't' }, payload: Buffer.from(JSON.stringify(messageEvent('ou_zhao', 'x'))) });
    for (let i = 0; i < 300; i++) {
      const f = Buffer.from(good);
      for (let k = 0; k < 1 + Math.floor(rnd() * 5); k++) f[Math.floor(rnd() * f.length)] = Math.floor(rnd() * 256);
      fake.sendRaw(rnd() < 0.2 ? f.subarray(0, Math.floor(rnd() * f.length)) : f);
    }
    fake.sendRaw(Buffer.from('not protobuf at all'));
    await new Promise((r) => setTimeout(r, 300));
    const n = inbox.entries.length;
    expect((await fake.push(messageEvent('ou_zhao', '帮助', { eventId: 'after-fuzz' }))).code).toBe(200);
    expect(inbox.entries.slice(n).map((e) => e.dedupeKey)).toEqual(['after-fuzz']);
    expect(rx.health()).toBe('up');
  });
});

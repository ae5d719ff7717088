/**
 * Stream mode against the fake gateway (test/fakes/fake-dingtalk.ts), with the real
 * `dingtalk-stream` client inside stream/connection.ts and a recording inbox: a frame is acked
 * only after its row is committed; a frame the inbox cannot take is not acked, and a gateway that
 * re-pushes unacked frames loses nothing (the re-push is a duplicate); a fire-and-forget gateway
 * loses it (the documented trade-off: DingTalk's FAQ says robot messages are not re-pushed). The
 * watchdog reconnects after a dropped socket, a `disconnect` frame, and a socket that stops
 * answering pings, each within its documented time; malformed frames are dropped and the client
 * stays connected.
 */
import { TOPIC_ROBOT } from 'dingtalk-stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createDingtalkReceiver } from '../../../src/adapters/dingtalk/receiver.js';
import { startStream, type StreamConnection } from '../../../src/adapters/dingtalk/stream/connection.js';
import { FakeDingtalk } from '../../fakes/fake-dingtalk.js';
import { RecordingInbox } from '../../helpers/recording-inbox.js';
import { waitFor } from '../../integration/ops/child-process.js';
import { DT, robotText } from './dingtalk-fixtures.js';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
let fake: FakeDingtalk | undefined;
let conn: StreamConnection | undefined;
afterEach(async () => {
  conn?.close();
  await fake?.stop();
  conn = fake = undefined;
});

async function setup(silenceMs = 30_000) {
  fake = await new FakeDingtalk(DT).start();
  const inbox = new RecordingInbox();
  const receiver = createDingtalkReceiver({ appSecret: DT.clientSecret, inbox, now: Date.now, log: quiet });
  const settings = { clientId: DT.clientId, clientSecret: DT.clientSecret, robotCode: DT.robotCode, mode: 'stream' as const, apiBase: fake.url, oapiBase: fake.url };
  conn = await startStream({ settings, receiver, log: quiet, silenceMs });
  await fake.connected();
  return { fake, inbox, conn };
}

describe('dingtalk stream', () => {
  it('registers at DINGTALK_API_BASE and acks a frame only after the inbox commit', async () => {
    const { fake, inbox, conn } = await setup();
    expect(fake.gatewayCalls).toBe(1);
    expect(conn.health()).toBe('up');
    let release!: () => void;
    inbox.hold = new Promise((r) => (release = r));
    const acked = fake.push(TOPIC_ROBOT, robotText('dtzhao0001', '收到', { msgId: 'm1' }), 'f1');
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.acks.has('f1')).toBe(false);
    release();
    inbox.hold = undefined;
    expect(await acked).toBe(true);
    expect(inbox.entries.map((e) => [e.dedupeKey, e.orderKey])).toEqual([['m1', 'dtzhao0001']]);
    expect(JSON.parse(String(fake.acks.get('f1')!.data))).toEqual({ response: null });
  });

  it('leaves a frame unacked when the inbox cannot take it; a re-pushing gateway loses nothing', async () => {
    const { fake, inbox } = await setup();
    fake.repushAfterMs = 300;
    inbox.failing = true;
    const acked = fake.push(TOPIC_ROBOT, robotText('dtzhao0001', '反馈 建议 灯', { msgId: 'm2' }), 'f2', 5000);
    await new Promise((r) => setTimeout(r, 500));
    expect(fake.acks.has('f2')).toBe(false);
    inbox.failing = false;
    expect(await acked).toBe(true);
    expect(fake.pushes.get('f2')).toBeGreaterThanOrEqual(2);
    // A redelivery of the same msgId under another frame is stored once.
    expect(await fake.push(TOPIC_ROBOT, robotText('dtzhao0001', '反馈 建议 灯', { msgId: 'm2' }), 'f3')).toBe(true);
    expect(inbox.entries.filter((e) => e.dedupeKey === 'm2')).toHaveLength(1);
  });

  it('a fire-and-forget gateway does not re-push: an unstored frame stays unacked (the bot relies on re-push or on nothing being lost before the commit)', async () => {
    const { fake, inbox } = await setup();
    inbox.failing = true;
    expect(await fake.push(TOPIC_ROBOT, robotText('dtzhao0001', 'x', { msgId: 'm4' }), 'f4', 800)).toBe(false);
    expect(fake.pushes.get('f4')).toBe(1);
    expect(inbox.entries).toHaveLength(0);
  });

  it('reconnects after a dropped socket, a disconnect frame, and a silent socket', async () => {
    const { fake, conn } = await setup(1500);
    fake.dropSocket();
    // Dropped: the first back-off step is 1 s.
    expect(await waitFor(() => fake.connections === 2 && fake.isConnected, 5000)).toBe(true);
    fake.disconnectFrame();
    expect(await waitFor(() => fake.connections === 3 && fake.isConnected, 5000)).toBe(true);
    // Silent (no pongs, no frames): replaced within silenceMs + the back-off step.
    const t0 = Date.now();
    fake.silent = true;
    expect(await waitFor(() => fake.connections === 4, 6000)).toBe(true);
    fake.silent = false;
    expect(Date.now() - t0).toBeLessThan(1500 + 1000 + 2000);
    expect(await waitFor(() => conn.health() === 'up', 5000)).toBe(true);
    expect(conn.reconnects()).toBeGreaterThanOrEqual(3);
    // Each reconnect registered again with a fresh single-use ticket.
    expect(fake.gatewayCalls).toBe(4);
  });

  it('drops malformed frames without a crash and stays connected', async () => {
    const { fake, inbox } = await setup();
    const junk = ['', 'not json', '{', '[]', 'null', '{"type":"CALLBACK"}', '{"type":"SYSTEM","headers":null}', JSON.stringify({ type: 'CALLBACK', headers: { topic: TOPIC_ROBOT, messageId: 'j1' }, data: '{bad' }), JSON.stringify({ type: 'CALLBACK', headers: { topic: TOPIC_ROBOT, messageId: 'j2' }, data: '{"msgtype":"text"}' })];
    for (let i = 0; i < 200; i++) fake.raw(junk[i % junk.length]!);
    expect(await fake.push(TOPIC_ROBOT, robotText('dtzhao0001', '帮助', { msgId: 'm5' }), 'f5')).toBe(true);
    expect(inbox.entries.map((e) => e.dedupeKey)).toEqual(['m5']);
    expect(fake.connections).toBe(1);
  });
});

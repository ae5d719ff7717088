/**
 * The DingTalk sender against the fake OpenAPI: addresses (1:1, group reply, channel, thread to a
 * person), invalid and throttled staff ids, DING for a ringing view (and the fallback when DING is
 * not available), and the read watch a delivered notice registers.
 */
import { describe, expect, it } from 'vitest';
import { createDingtalkApi } from '../../../src/adapters/dingtalk/api.js';
import { createDingtalkSender } from '../../../src/adapters/dingtalk/sender.js';
import type { PlatformRecords } from '../../../src/chat/platform-records.js';
import { SendError } from '../../../src/chat/sending.js';
import type { NewReadWatch } from '../../../src/domain/read-receipt.js';
import { FakeDingtalk } from '../../fakes/fake-dingtalk.js';
import { DT } from './dingtalk-fixtures.js';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const row = (id: number) => ({ id, key: `k${id}`, createdAt: 0 });

async function rig() {
  const fake = await new FakeDingtalk(DT).start();
  const watches: NewReadWatch[] = [];
  const records = { watchReads: async (w: NewReadWatch) => void watches.push(w), noticeRecipients: async (id: number) => (id === 3 ? ['zhao', 'shi', 'he'] : []) } as unknown as PlatformRecords;
  const api = createDingtalkApi({ ...DT, apiBase: fake.url });
  // 何 has no DingTalk id.
  const sender = createDingtalkSender({ api, records, now: () => 1_000, log: quiet, personOf: (s) => (s === 'dtzhao0001' ? 'zhao' : undefined), staffIdOf: (p) => (p === 'he' ? undefined : `dt${p}0001`) });
  return { fake, sender, watches };
}

describe('dingtalk sender', () => {
  it('sends 1:1, to groups and to a thread’s person, and watches a delivered notice for reads', async () => {
    const { fake, sender, watches } = await rig();
    try {
      const notice = { title: '通知 TZ3', lines: ['开会'], buttons: [{ label: '收到', command: '收到 TZ3' }], about: { kind: 'notice' as const, ref: 'TZ3', id: 3 } };
      const r = await sender.send({ platform: 'dingtalk', kind: 'user', id: 'dtzhao0001' }, notice, row(1));
      expect(r.messageId).toMatch(/^pqk-/);
      expect(watches).toEqual([expect.objectContaining({ platform: 'dingtalk', noticeId: 3, handle: r.messageId, readers: { dtzhao0001: 'zhao' }, channel: '' })]);
      await sender.send({ platform: 'dingtalk', kind: 'reply', id: 'dtzhao0001', replyTo: { cid: 'cidSCB' } }, { lines: ['好的'] }, row(2));
      await sender.send({ platform: 'dingtalk', kind: 'reply', id: 'dtzhao0001', replyTo: { cid: 'cidSCB' }, sealed: true }, { lines: ['匿名'] }, row(3));
      await sender.send({ platform: 'dingtalk', kind: 'thread', id: 'cidSCB', formId: 1, formNumber: 'SCB20261101', mention: 'dtshi0001' }, { lines: ['请签收'] }, row(4));
      expect(fake.sent.map((s) => [s.api, s.to.join(','), s.group ?? ''])).toEqual([
        ['batchSend', 'dtzhao0001', ''],
        ['groupSend', '', 'cidSCB'],
        ['batchSend', 'dtzhao0001', ''], // a sealed reply never goes to the group
        ['batchSend', 'dtshi0001', ''],
      ]);
      expect(String(fake.sent[3]!.param.text)).toContain('【SCB20261101】');
      await expect(sender.send({ platform: 'dingtalk', kind: 'channel', id: '' }, { lines: ['x'] }, row(5))).rejects.toMatchObject({ retryable: false });
    } finally {
      await fake.stop();
    }
  });

  it('watches the answer to a 【通知】 in a group for the notice’s people with a DingTalk id, and nothing else sent there', async () => {
    const { fake, sender, watches } = await rig();
    try {
      const answer = { lines: ['已发通知 TZ3'], about: { kind: 'notice' as const, ref: 'TZ3', id: 3 }, outcome: { noticeCreated: { id: 3, ref: 'TZ3' } } };
      const r = await sender.send({ platform: 'dingtalk', kind: 'reply', id: 'dtwang0001', replyTo: { cid: 'cidSCB' } }, answer, row(1));
      expect(fake.sent.at(-1)).toMatchObject({ api: 'groupSend', group: 'cidSCB', processQueryKey: r.messageId });
      expect(watches).toEqual([{ platform: 'dingtalk', noticeId: 3, handle: r.messageId, channel: 'cidSCB', readers: { dtzhao0001: 'zhao', dtshi0001: 'shi' }, until: 1_000 + 24 * 3600_000, nextPollAt: 61_000, createdAt: 1_000 }]);
      // 查看 TZ3 answered in the group is about the notice but is not the notice: not watched; nor is a sealed (1:1) answer.
      await sender.send({ platform: 'dingtalk', kind: 'reply', id: 'dtwang0001', replyTo: { cid: 'cidSCB' } }, { lines: ['TZ3 已确认 0/3'], about: { kind: 'notice', ref: 'TZ3', id: 3 } }, row(2));
      await sender.send({ platform: 'dingtalk', kind: 'channel', id: 'cidSCB' }, { lines: ['公告'] }, row(3));
      expect(watches).toHaveLength(1);
    } finally {
      await fake.stop();
    }
  });

  it('makes an invalid staff id permanent and a throttled one retryable a minute later', async () => {
    const { fake, sender } = await rig();
    try {
      const invalid = await sender.send({ platform: 'dingtalk', kind: 'user', id: 'invalid01' }, { lines: ['x'] }, row(1)).catch((e: unknown) => e);
      expect(invalid).toBeInstanceOf(SendError);
      expect(invalid).toMatchObject({ retryable: false });
      const throttled = await sender.send({ platform: 'dingtalk', kind: 'user', id: 'throttled01' }, { lines: ['x'] }, row(2)).catch((e: unknown) => e);
      expect(throttled).toMatchObject({ retryable: true, retryAfterMs: 60_000, pause: 'conversation' });
      fake.down = true;
      await expect(sender.send({ platform: 'dingtalk', kind: 'user', id: 'dtzhao0001' }, { lines: ['x'] }, row(3))).rejects.toMatchObject({ retryable: true });
    } finally {
      await fake.stop();
    }
  });

  it('rings with a DING (remindType by ring) instead of a message', async () => {
    const { fake, sender } = await rig();
    try {
      await sender.send({ platform: 'dingtalk', kind: 'user', id: 'dtchen0001' }, { lines: ['【逾期上报】赵强 未回复 TZ1'], ring: 'app' }, row(1));
      await sender.send({ platform: 'dingtalk', kind: 'user', id: 'dtwang0001' }, { lines: ['电话'], ring: 'phone' }, row(2));
      expect(fake.sent.map((s) => [s.api, s.msgKey, s.to[0]])).toEqual([['ding', 'remindType1', 'dtchen0001'], ['ding', 'remindType3', 'dtwang0001']]);
      // Without DING (edition, quota): the ordinary message goes instead.
      fake.dingUnavailable = true;
      await sender.send({ platform: 'dingtalk', kind: 'user', id: 'dtchen0001' }, { lines: ['再次上报'], ring: 'app' }, row(3));
      expect(fake.sent.at(-1)).toMatchObject({ api: 'batchSend', to: ['dtchen0001'] });
    } finally {
      await fake.stop();
    }
  });
});

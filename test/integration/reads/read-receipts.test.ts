/**
 * Shared read receipts (issue 17 §4, platform-neutral): reads recorded through `PlatformRecords`
 * (the shared use case src/app/record-read.ts) are evidence — 查看 TZ…, the notice's live status
 * line and the overdue digest say 已读未回 with the read time — and discharge nothing unless the
 * policy says `read_receipt_acknowledges: true`. The shared poll (src/chat/read-receipts.ts) keeps
 * asking until everyone read it or the window ended. On SQLite and PostgreSQL.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { pollReadWatches } from '../../../src/chat/read-receipts.js';
import { recordPushedReads } from '../../../src/app/record-read.js';
import { localInstant } from '../../../src/domain/local-time.js';
import { sendOverdueDigest } from '../../../src/app/reports/send-overdue-digest.js';
import { platformRecords } from '../../../src/infra/outbox/platform-records-store.js';
import { conversation, createTestApp, policyWith, TZ, type TestApp } from '../../helpers/app.js';
import { testDialects } from '../../helpers/databases.js';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const MIN = 60_000;

describe.each(testDialects())('read receipts on $name', (dialect) => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });
  const start = async (policyYaml = '') => {
    const db = await dialect.create();
    app = await createTestApp('2026-11-24 10:00', { url: db.url, drop: db.drop, ...(policyYaml ? { policy: policyWith(policyYaml) } : {}) });
    return app;
  };

  it('records the first read only, shows 已读未回 in 查看, the live line and the digest, and keeps the duty open', async () => {
    const a = await start();
    const c = conversation(a);
    await c.say(':as wang', '通知 @zhao @zheng 明早八点开安全会');
    const records = platformRecords(a);
    const at = localInstant('2026-11-24 10:05', TZ);
    a.clock.set(at + MIN);
    expect(await records.recordReads('dingtalk', [{ noticeId: 1, person: 'zhao', readAt: at }])).toBe(1);
    // A repeat (a later poll, another platform) keeps the first read; a stranger's read is ignored.
    expect(await records.recordReads('feishu', [{ noticeId: 1, person: 'zhao', readAt: at + 5 * MIN }, { noticeId: 1, person: 'he', readAt: at }, { noticeId: 99, person: 'zhao', readAt: at }])).toBe(0);
    const rows = await a.store.transaction((tx) => tx.readReceipts.forNotices([1]));
    expect(rows).toEqual([{ noticeId: 1, person: 'zhao', platform: 'dingtalk', readAt: at }]);

    const view = await c.say(':as wang', '查看 TZ1');
    expect(view).toContain('赵强:未确认,已读未回(2026-11-24 10:05 已读)');
    expect(view).toContain('郑伟:未确认');
    expect(view).not.toContain('郑伟:未确认,已读');
    const live = await records.noticeStatus('TZ1');
    expect(live!.view.lines.join('\n')).toContain('👁 已读未回:赵强 10:05');
    // Not an acknowledgement: both duties stay open.
    expect(await a.store.transaction((tx) => tx.duties.openForSubject('notice', 1))).toHaveLength(2);

    // The next workday's digest lists the overdue notice with its read time.
    const digestAt = localInstant('2026-11-25 09:00', TZ);
    a.clock.set(digestAt);
    expect((await sendOverdueDigest(a, digestAt)).sent).toBeGreaterThan(0);
    const due = await a.store.transaction((tx) => tx.outbox.due(digestAt, 1000));
    const digest = due.filter((r) => r.key.startsWith('digest:')).map((r) => r.view.lines.join('\n')).join('\n');
    expect(digest).toContain('赵强 未回复');
    expect(digest).toMatch(/赵强 未回复[^\n]*TZ1[^\n]*已读未回\(2026-11-24 10:05 已读\)/);
    expect(digest).not.toMatch(/郑伟 未回复[^\n]*已读未回/);
  });

  it('with read_receipt_acknowledges: true a read discharges the duty and tells the sender', async () => {
    const a = await start('read_receipt_acknowledges: true\n');
    const c = conversation(a);
    await c.say(':as wang', '通知 @zhao 明早八点开安全会');
    a.clock.advance(3 * MIN);
    const n = await platformRecords(a).recordReads('dingtalk', [{ noticeId: 1, person: 'zhao', readAt: a.clock.now() }]);
    expect(n).toBe(1);
    expect(await a.store.transaction((tx) => tx.duties.openForSubject('notice', 1))).toHaveLength(0);
    expect(await c.say(':as wang', '查看 TZ1')).toContain('赵强:已确认');
  });

  it('polls a watch until everyone read it, then drops it; a failed query is asked again', async () => {
    const a = await start();
    const c = conversation(a);
    await c.say(':as wang', '通知 @zhao @zheng 盘点');
    const records = platformRecords(a);
    const now = a.clock.now();
    await records.watchReads({ platform: 'dingtalk', noticeId: 1, handle: 'pqk-1', channel: '', readers: { dtzhao: 'zhao', dtzheng: 'zheng' }, until: now + 30 * MIN, nextPollAt: now, createdAt: now });
    let answer: Array<{ user: string; readAt: number }> = [{ user: 'dtzhao', readAt: now + MIN }];
    let fail = false;
    const query = async () => {
      if (fail) throw new Error('HTTP 500');
      return answer;
    };
    expect(await pollReadWatches({ records, platform: 'dingtalk', now: now + MIN, query, log: quiet, intervalMs: MIN })).toBe(1);
    expect(await records.dueReadWatches('dingtalk', now + MIN, 10)).toEqual([]);
    const [w] = await records.dueReadWatches('dingtalk', now + 2 * MIN, 10);
    expect(w!.readers).toEqual({ dtzheng: 'zheng' });
    fail = true;
    expect(await pollReadWatches({ records, platform: 'dingtalk', now: now + 2 * MIN, query, log: quiet, intervalMs: MIN })).toBe(0);
    expect(await records.dueReadWatches('dingtalk', now + 3 * MIN, 10)).toHaveLength(1);
    fail = false;
    answer = [{ user: 'dtzhao', readAt: now + MIN }, { user: 'dtzheng', readAt: now + 3 * MIN }];
    expect(await pollReadWatches({ records, platform: 'dingtalk', now: now + 3 * MIN, query, log: quiet, intervalMs: MIN })).toBe(1);
    expect(await records.dueReadWatches('dingtalk', now + 60 * MIN, 10)).toEqual([]);
  });

  it('stops polling at the window end even when someone never read it', async () => {
    const a = await start();
    await conversation(a).say(':as wang', '通知 @zhao 盘点');
    const records = platformRecords(a);
    const now = a.clock.now();
    await records.watchReads({ platform: 'feishu', noticeId: 1, handle: 'om_1', channel: 'oc_1', readers: { ou_zhao: 'zhao' }, until: now + 2 * MIN, nextPollAt: now, createdAt: now });
    const query = async () => [];
    await pollReadWatches({ records, platform: 'feishu', now: now + MIN, query, log: quiet, intervalMs: 10 * MIN });
    // The next poll is capped at the window end, and that poll is the last.
    expect(await records.dueReadWatches('feishu', now + 2 * MIN, 10)).toHaveLength(1);
    await pollReadWatches({ records, platform: 'feishu', now: now + 2 * MIN, query, log: quiet });
    expect(await records.dueReadWatches('feishu', now + 100 * MIN, 10)).toEqual([]);
  });

  it('a pushed read (Feishu message_read) is recorded for the watched messages it names, leaves those watches, and is not recorded twice', async () => {
    const a = await start('read_receipt_acknowledges: true\n');
    await conversation(a).say(':as wang', '通知 @zhao @zheng 盘点');
    const records = platformRecords(a);
    const now = a.clock.now();
    await records.watchReads({ platform: 'feishu', noticeId: 1, handle: 'om_zhao', channel: 'oc_p2p_zhao', readers: { ou_zhao: 'zhao' }, until: now + 60 * MIN, nextPollAt: now + MIN, createdAt: now });
    await records.watchReads({ platform: 'feishu', noticeId: 1, handle: 'om_group', channel: 'oc_SCB', readers: { ou_zhao: 'zhao', ou_zheng: 'zheng' }, until: now + 60 * MIN, nextPollAt: now + MIN, createdAt: now });
    // Another platform's watch with the same handle is not touched.
    await records.watchReads({ platform: 'dingtalk', noticeId: 1, handle: 'om_zhao', channel: '', readers: { ou_zhao: 'zhao' }, until: now + 60 * MIN, nextPollAt: now + MIN, createdAt: now });
    a.clock.advance(MIN);
    const at = now + 30_000;
    expect(await recordPushedReads(a, 'feishu', 'ou_zhao', ['om_zhao', 'om_group', 'om_other'], at)).toEqual({ recorded: 1, acknowledged: 1 });
    expect(await a.store.transaction((tx) => tx.readReceipts.forNotices([1]))).toEqual([{ noticeId: 1, person: 'zhao', platform: 'feishu', readAt: at }]);
    const left = await a.store.transaction((tx) => tx.readWatches.byHandles('feishu', ['om_zhao', 'om_group']));
    expect(left.map((w) => [w.handle, w.readers])).toEqual([['om_group', { ou_zheng: 'zheng' }]]);
    expect(await a.store.transaction((tx) => tx.readWatches.byHandles('dingtalk', ['om_zhao']))).toHaveLength(1);
    // Again (another push, or the poll's answer): nothing new, no second acknowledgement.
    expect(await recordPushedReads(a, 'feishu', 'ou_zhao', ['om_zhao', 'om_group'], at + MIN)).toEqual({ recorded: 0, acknowledged: 0 });
    expect(await records.recordReads('feishu', [{ noticeId: 1, person: 'zhao', readAt: at + 2 * MIN }])).toBe(0);
    // A stranger, or no handle at all: nothing.
    expect(await recordPushedReads(a, 'feishu', 'ou_stranger', ['om_group'], at)).toEqual({ recorded: 0, acknowledged: 0 });
    expect(await recordPushedReads(a, 'feishu', 'ou_zheng', [], at)).toEqual({ recorded: 0, acknowledged: 0 });
    expect(await recordPushedReads(a, 'feishu', 'ou_zheng', ['om_group'], at)).toEqual({ recorded: 1, acknowledged: 1 });
    expect(await a.store.transaction((tx) => tx.readWatches.byHandles('feishu', ['om_group']))).toEqual([]);
    expect(await a.store.transaction((tx) => tx.duties.openForSubject('notice', 1))).toHaveLength(0);
  });
});

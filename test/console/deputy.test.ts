/**
 * 代理 (issue 13) at console level on an injected clock: a deputy named until a date receives the
 * absent leader's duties, signs, assigns and acknowledges in their name with the record saying
 * who acted for whom, and a missed duty in that time tiers the deputy, not the absent person.
 *
 * Demo org: lin leads 技术部 JSB and goes away; he (何静, JSB) covers. wang (总经办) sends notices;
 * yang is in 人力行政部 (HR); chen supervises JSB.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { sendOverdueDigest } from '../../src/app/reports/send-overdue-digest.js';
import { conversation, createTestApp, type TestApp } from '../helpers/app.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const violations = (a: TestApp) => a.store.transaction((tx) => tx.violations.list({ month: '2026-11' }));

describe('代理', () => {
  it('is named by the absent person until a date, and HR or 总经办 may name one for someone; nobody else', async () => {
    app = await createTestApp('2026-11-23 08:30');
    const c = conversation(app);
    const set = await c.say(':as lin', '代理 @何静 至 2026-11-27 出差');
    expect(set).toContain('已指定 何静 代理 林志华 至 2026-11-27(出差)');
    expect(set).toMatch(/>> to he\n【代理】您被指定为 林志华 的代理人,至 2026-11-27/);
    expect(await c.say(':as zheng', '代理 @zhao 由 @zheng 至 2026-11-27')).toContain('人力行政部和总经办可以为他人指定');
    const byHr = await c.say(':as yang', '代理 @zhao 由 @zheng 至 2026-11-25 年假');
    expect(byHr).toContain('已指定 郑伟 代理 赵强 至 2026-11-25(年假)');
    expect(byHr).toContain('>> to zhao\n【代理】郑伟 将代理您至 2026-11-25');
    expect(await c.say(':as lin', '代理 @林志华 至 2026-11-27')).toContain('代理人不能是本人');
    expect(await c.say('代理 @he 至 2026-11-20')).toContain('截止日期已经过去');
    expect(await c.say('代理')).toContain('· 何静 代理 林志华 至 2026-11-27(出差)');
    // It ends after the named day, or earlier with 取消代理.
    expect(await c.say(':as yang', '取消代理 @zhao')).toContain('已取消 郑伟 对 赵强 的代理');
    await c.say(':advance 5d'); // Saturday 11-28 08:30
    expect(await c.say('代理')).toContain('目前没有生效的代理');
  });

  it('the deputy signs and assigns for the absent leader; the thread says who acted for whom', async () => {
    app = await createTestApp('2026-11-23 08:30');
    const c = conversation(app);
    await c.say(':as lin', '代理 @he 至 2026-11-27 出差');
    await c.say(':as zheng', '新建联络单 JSB 2026-11-26 要求协助 二号锅炉图纸确认', ':as zhao', '同意');
    const todo = await c.say(':as he', '我的待办');
    expect(todo).toContain('代 林志华:');
    expect(todo).toContain('· SCB20261101《二号锅炉图纸确认》截止');
    expect(todo).toContain('[签收 SCB20261101]');
    expect(await c.say(':as lin', '我的待办')).toContain('您的代理人:何静,至 2026-11-27。');
    const signed = await c.say(':as he', '签收 SCB20261101');
    expect(signed).toContain('签收(何静 代 林志华)');
    expect(await c.say('指派 SCB20261101 @he')).toContain('指派实施人:何静(何静 代 林志华)');
    const events = await app.store.transaction((tx) => tx.formEvents.forForm(1));
    expect(events.filter((e) => e.kind === 'signed' || e.kind === 'assigned').map((e) => [e.actor, e.text])).toEqual([
      ['he', '签收(何静 代 林志华)'],
      ['he', '指派实施人:何静(何静 代 林志华)'],
    ]);
    // Someone who is nobody's deputy still cannot sign.
    await c.say(':as zheng', '新建联络单 JSB 2026-11-26 第二张', ':as zhao', '同意');
    expect(await c.say(':as huang', '签收 SCB20261102')).toContain('找不到联络单');
  });

  it('a missed duty of the absent person is the deputy’s violation and tiers the deputy; the deputy may also ack', async () => {
    app = await createTestApp('2026-11-23 08:30');
    const c = conversation(app);
    await c.say(':as lin', '代理 @he 至 2026-11-27 出差');
    await c.say(':advance 30m'); // 09:00
    const sent = await c.say(':as wang', '通知 @lin 九点半开会');
    expect(sent).toContain('需在 2026-11-23 09:30 前回复「收到」');
    const reminder = await c.say(':advance 20m'); // 09:20: the 10-minute reminder, to both
    expect(reminder).toMatch(/>> to lin\n【提醒】TZ1《九点半开会》/);
    expect(reminder).toMatch(/>> to he\n〔代 林志华〕【提醒】TZ1《九点半开会》/);
    const due = await c.say(':advance 10m'); // 09:30: missed
    expect(due).toMatch(/>> to he\n已记违规:上级通知未在时限内回复,2026-11 第 1 次,罚款 20 元/);
    await c.say(':as wang', '通知 @lin 十点开会');
    await c.say(':advance 30m'); // 10:00: missed again → the deputy's second, tier 2
    expect((await violations(app)).map((v) => [v.person, v.tier, v.fine])).toEqual([['he', 1, 20], ['he', 2, 50]]);
    // The deputy's 收到 acknowledges the absent person's notice, and the sender hears who did it.
    await c.say(':as wang', '通知 @lin 下午盘点');
    const ack = await c.say(':as he', '收到 TZ3');
    expect(ack).toContain('已确认收到 TZ3《下午盘点》');
    expect(ack).toContain('>> to wang\n何静(代 林志华) 已确认收到 TZ3');
    // The digest tells lin's supervisor who is covering for whom.
    await sendOverdueDigest(app, app.clock.now());
    const rows = await app.store.transaction((tx) => tx.outbox.due(Number.MAX_SAFE_INTEGER, 1000));
    const chen = rows.find((r) => r.key.startsWith('digest:') && r.to.kind === 'person' && r.to.person === 'chen');
    expect(chen?.view.lines).toEqual(expect.arrayContaining(['代理:', '· 何静 代理 林志华 至 2026-11-27(出差)']));
  });
});

/**
 * Issue 2 "Done when": a notice whose window passes without an ack produces the reminder, each
 * escalation step at its time, and one violation with the right tier and fine; a second and third
 * miss in the same month climb the tiers; a miss in the next month starts again at tier 1.
 * Default policy: window 30m, reminder 10m before, escalation 0m self, 30m leader, 2h supervisor,
 * 4h 总经办, fines 20/50/100. zhao leads 生产部; his superior and supervisor is chen; wang is 总经办.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { conversation, createTestApp, type TestApp } from '../../helpers/app.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function violations(a: TestApp) {
  return a.store.transaction((tx) => tx.violations.list({}));
}

describe('a missed notice', () => {
  it('reminds, records one violation, and escalates step by step at the right times', async () => {
    app = await createTestApp('2026-11-03 09:00'); // a Tuesday
    const c = conversation(app);
    expect(await c.say(':as wang', '通知 @zhao 下午两点到二号车间开安全会')).toContain('需在 2026-11-03 09:30 前回复');
    expect(await c.say(':advance 19m')).toBe('');
    const reminder = await c.say(':advance 1m');
    expect(reminder).toBe('>> to zhao\n【提醒】TZ1《下午两点到二号车间开安全会》将于 2026-11-03 09:30 到期,请及时回复「收到」。\n[收到]\n');
    const atDue = await c.say(':advance 10m');
    expect(atDue).toContain('>> to zhao\n已记违规:上级通知未在时限内回复,2026-11 第 1 次,罚款 20 元。');
    expect(atDue).toContain('【逾期】TZ1');
    expect(atDue).not.toContain('>> to chen');
    expect(await c.say(':advance 29m')).toBe('');
    expect(await c.say(':advance 1m')).toContain('>> to chen\n【逾期上报】赵强 未在期限 2026-11-03 09:30 前回复 TZ1《下午两点到二号车间开安全会》,已逾期 30分钟。');
    expect(await c.say(':advance 1h29m')).toBe('');
    expect(await c.say(':advance 1m')).toContain('>> to chen\n【逾期上报】赵强 未在期限 2026-11-03 09:30 前回复 TZ1《下午两点到二号车间开安全会》,已逾期 2小时。');
    // 4h of working time after 09:30: 12:00 (2.5h), lunch, then 13:30 + 1.5h = 15:00.
    expect(await c.say(':advance 3h29m')).toBe(''); // 14:59 wall
    expect(await c.say(':advance 1m')).toContain('>> to wang\n【逾期上报】赵强 未在期限 2026-11-03 09:30 前回复 TZ1');
    // Nothing more about the duty; :advance crosses 09:00 on the 5th, so the day's 逾期汇总 runs
    // (issue 18) — and it is the only thing said.
    const later = (await c.say(':advance 2d')).split('\n\n').filter(Boolean);
    expect(later.length).toBeGreaterThan(0);
    for (const block of later) expect(block).toMatch(/^>> to \w+\n逾期汇总 2026-11-05\n/);
    const vs = await violations(app);
    expect(vs).toHaveLength(1);
    expect(vs[0]).toMatchObject({ person: 'zhao', rule: 'superior_notice', tier: 1, fine: 20, month: '2026-11', subjectRef: 'TZ1' });
    // A late ack keeps the violation and records how late, in working time.
    const ack = await c.say(':as zhao', '收到');
    expect(ack).toContain('已确认收到 TZ1');
    expect(ack).toContain('已逾期');
    expect(ack).toContain('>> to wang\n赵强 已确认收到 TZ1(已确认 1/1)');
    const [v] = await violations(app);
    expect(v!.resolvedAt).toBe(app.clock.now());
    expect(v!.lateMs).toBe(app.calendar.workingTimeBetween(v!.dueAt, app.clock.now()));
  });

  it('climbs tiers within a month and starts again at tier 1 next month', async () => {
    app = await createTestApp('2026-11-03 09:00');
    const c = conversation(app);
    const miss = async (text: string) => {
      await c.say(':as wang', `通知 @zhao ${text}`);
      return c.say(':advance 1d');
    };
    expect(await miss('第一次')).toContain('2026-11 第 1 次,罚款 20 元');
    expect(await miss('第二次')).toContain('2026-11 第 2 次,罚款 50 元');
    expect(await miss('第三次')).toContain('2026-11 第 3 次,罚款 100 元');
    expect(await miss('第四次')).toContain('2026-11 第 4 次,罚款 100 元');
    // An acknowledged notice records nothing.
    await c.say(':as wang', '通知 @zhao 这次按时回复');
    expect(await c.say(':as zhao', '收到 TZ5')).toContain('已确认收到 TZ5');
    expect(await c.say(':advance 1d')).not.toContain('违规');
    // Another rule counts separately.
    await c.say(':as wang', '邮件 @zhao 十二月排产计划');
    expect(await c.say(':advance 3d')).toContain('上级工作邮件未在时限内回复,2026-11 第 1 次,罚款 20 元');
    app.clock.set(app.clock.now() + 30 * 86_400_000); // into December
    expect(await miss('十二月第一次')).toContain('2026-12 第 1 次,罚款 20 元');
    const vs = await violations(app);
    expect(vs.map((v) => [v.month, v.rule, v.tier, v.fine])).toEqual([
      ['2026-11', 'superior_notice', 1, 20],
      ['2026-11', 'superior_notice', 2, 50],
      ['2026-11', 'superior_notice', 3, 100],
      ['2026-11', 'superior_notice', 4, 100],
      ['2026-11', 'superior_email', 1, 20],
      ['2026-12', 'superior_notice', 1, 20],
    ]);
  });

  it('HR waives a violation with a reason and later ones move down a tier', async () => {
    app = await createTestApp('2026-11-03 09:00');
    const c = conversation(app);
    for (const t of ['一', '二']) {
      await c.say(':as wang', `通知 @zhao 第${t}次`);
      await c.say(':advance 1d');
    }
    expect(await c.say(':as zhao', '豁免 WG1 系统故障')).toContain('只有人力行政部可以豁免违规');
    const waived = await c.say(':as liu', '豁免 WG1 当天企业微信故障,消息未送达');
    expect(waived).toContain('已豁免 WG1');
    expect(waived).toContain('>> to zhao\n您的违规记录 WG1');
    const vs = await violations(app);
    expect(vs.find((v) => v.id === 1)).toMatchObject({ waived: true, waivedBy: 'liu', waiveReason: '当天企业微信故障,消息未送达' });
    expect(vs.find((v) => v.id === 2)).toMatchObject({ tier: 1, fine: 20 });
    const list = await c.say('违规 2026-11');
    expect(list).toContain('【已豁免:当天企业微信故障,消息未送达】');
    expect(list).toContain('合计 1 次,罚款 20 元。');
    expect(await c.say(':as zhao', '违规 2026-11')).toContain('WG2 赵强');
    expect(await c.say(':as he', '违规 2026-11')).toContain('没有违规记录');
  });
});

describe('windows count working time', () => {
  const cases: Array<[string, string, string]> = [
    ['across the lunch break', '2026-11-03 11:50', '2026-11-03 13:50'],
    ['across a weekend', '2026-11-20 17:20', '2026-11-23 08:20'],
    ['across 国庆节', '2026-09-30 17:20', '2026-10-08 08:20'],
    ['onto a 调休 Saturday', '2026-10-09 17:20', '2026-10-10 08:20'],
    ['starting before work', '2026-11-03 06:00', '2026-11-03 08:30'],
  ];
  it.each(cases)('a 30m notice %s', async (_name, sent, due) => {
    app = await createTestApp(sent);
    const c = conversation(app);
    expect(await c.say(':as wang', '通知 @zhao 开会')).toContain(`需在 ${due} 前回复`);
    const [duty] = await app.store.transaction((tx) => tx.duties.openForPerson('zhao'));
    expect(duty!.dueAt - duty!.createdAt).toBeGreaterThanOrEqual(30 * 60_000);
    expect(app.calendar.workingTimeBetween(duty!.createdAt, duty!.dueAt)).toBe(30 * 60_000);
  });

  it('a form sent before a weekend gets its reply deadline in working time', async () => {
    app = await createTestApp('2026-11-20 16:00'); // Friday
    const c = conversation(app);
    await c.say(':as zheng', '新建联络单 JSB 2026-11-30 工作指令 准备试压方案', ':as zhao', '同意');
    const [duty] = await app.store.transaction((tx) => tx.duties.openForPerson('lin'));
    // liaison_form window 4h: 16:00-17:30 (1.5h), Monday 08:00 + 2.5h = 10:30.
    expect(duty).toMatchObject({ rule: 'liaison_form', subject: { ref: 'SCB20261101' } });
    expect(new Date(duty!.dueAt).toISOString()).toBe('2026-11-23T02:30:00.000Z');
  });
});

/**
 * 逾期汇总: each supervisor gets exactly their scope (`scopeOf`: what they lead or supervise and
 * everything below), grouped by department, with ages in working time; nobody with nothing overdue
 * gets a message; nothing is sent on a non-workday; a second run the same day sends nothing.
 *
 * Demo org: chen supervises SCB (with JGCJ below it), JSB, ZLB, CGB; wang leads ZJB, the parent of
 * every department, so his scope is the whole company (RXB and XSB, which he supervises, included).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { sendOverdueDigest } from '../../../src/app/reports/send-overdue-digest.js';
import { localInstant } from '../../../src/domain/local-time.js';
import { TCAL } from '../../../src/texts/calendar.js';
import { conversation, createTestApp, policyWith, TZ, type TestApp } from '../../helpers/app.js';
import { testDialects } from '../../helpers/databases.js';
import { appOn, pending, textOf } from './helpers.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/**
 * Monday 2026-11-23 09:00: SCB20261101 to 技术部 never signed (due 14:30); JSB20261101 to 生产部
 * signed but past its 15:00 deadline; CGB20261101 to 质量部 signed, then escalated to chen, who
 * never confirms (due 11:00); wang's notices to zhao (SCB) and han (XSB) never acknowledged
 * (due 09:30). The clock then moves to Tuesday 09:00.
 */
async function scene(a: TestApp): Promise<void> {
  const c = conversation(a);
  await c.say(':as zheng', '新建联络单 JSB 2026-11-30 工作指令 准备试压方案', ':as zhao', '同意');
  await c.say(':as he', '新建联络单 SCB 2026-11-23 15:00 要求协助 提供二号锅炉排产', ':as lin', '同意', ':as zhao', '签收 JSB20261101');
  await c.say(':as song', '新建联络单 ZLB 2026-11-25 要求协助 来料检验', ':as guo', '同意', ':as xu', '签收 CGB20261101');
  expect(await c.say(':as song', '上报 CGB20261101 质量部迟迟不安排检验')).toContain('已上报主管领导');
  await c.say(':as wang', '通知 @zhao 明天安全检查', '通知 @han 客户来访接待');
  // To Tuesday 09:00 without crossing the digest's own time in :advance (which would run it): the
  // tests below call the job themselves.
  await c.say(':advance 23h59m');
  a.clock.advance(60_000);
  await c.say(':advance 0m');
}

describe.each(testDialects())('overdue digest on $name', (dialect) => {
  it('gives each supervisor their scope, grouped by department, with working-time ages', async () => {
    app = await appOn(dialect, '2026-11-23 09:00');
    await scene(app);
    expect(await sendOverdueDigest(app, app.clock.now())).toEqual({ sent: 7 });
    const rows = await pending(app);
    const to = (p: string) => rows.filter((r) => r.to.kind === 'person' && r.to.person === p);
    expect(rows.map((r) => (r.to.kind === 'person' ? r.to.person : '?')).sort()).toEqual(['chen', 'feng', 'han', 'lin', 'wang', 'xu', 'zhao']);
    expect(rows.every((r) => r.key.startsWith('digest:2026-11-24:'))).toBe(true);

    const scb = [
      '【生产部 SCB】',
      '· 联络单 JSB20261101《提供二号锅炉排产》(技术部发)期限 2026-11-23 15:00 未完成,逾期 3小时30分钟',
      '· 赵强 未回复通知 TZ1《明天安全检查》(王建国),逾期 7小时30分钟',
    ];
    const jsb = ['【技术部 JSB】', '· 联络单 SCB20261101《准备试压方案》(生产部发)林志华 未签收,逾期 4小时'];
    const zlb = ['【质量部 ZLB】', '· 上报 CGB20261101《来料检验》已上报主管领导 陈志远 8小时,主管领导尚未确认(确认逾期 6小时)'];
    const xsb = ['【销售部 XSB】', '· 韩雪 未回复通知 TZ2《客户来访接待》(王建国),逾期 7小时30分钟'];
    const intro = ['逾期汇总 2026-11-24', '您主管范围内截至 2026-11-24 09:00 的逾期事项(时长按工作时间计):'];

    expect(to('chen')).toHaveLength(1);
    expect(textOf(to('chen')[0]!)).toBe([...intro, ...scb, ...jsb, ...zlb, '共 4 项。'].join('\n'));
    // 总经办's leader also reads that 2027 has only statutory data (chinese-days 1.5.7 stops at 2026).
    const [title, ...rest] = intro;
    expect(textOf(to('wang')[0]!)).toBe([title, TCAL.statutoryOnly([2027]), ...rest, ...scb, ...jsb, ...zlb, ...xsb, '共 5 项。'].join('\n'));
    expect(textOf(to('zhao')[0]!)).toBe([...intro, ...scb, '共 2 项。'].join('\n'));
    expect(textOf(to('lin')[0]!)).toBe([...intro, ...jsb, '共 1 项。'].join('\n'));
    expect(textOf(to('xu')[0]!)).toBe([...intro, ...zlb, '共 1 项。'].join('\n'));
    expect(textOf(to('han')[0]!)).toBe([...intro, ...xsb, '共 1 项。'].join('\n'));
    expect(textOf(to('feng')[0]!)).toBe(textOf(to('han')[0]!));

    // Twice on one day: the keys are stored, nothing more is sent.
    expect(await sendOverdueDigest(app, app.clock.now() + 3_600_000)).toEqual({ sent: 0 });
    expect(await pending(app)).toHaveLength(7);
  });

  it('once the escalation is confirmed, says it is still open; ages count working time only', async () => {
    app = await appOn(dialect, '2026-11-23 09:00');
    await scene(app);
    const c = conversation(app);
    await c.say(':as chen', '收到 CGB20261101');
    await c.say(':as zhao', '收到 TZ1');
    // Wednesday 08:30: Monday 09:00 → Wednesday 08:30 is 3h + 4h + 8h + 0.5h of working time.
    app.clock.set(localInstant('2026-11-25 08:30', TZ));
    await sendOverdueDigest(app, app.clock.now());
    const chen = (await pending(app)).find((r) => r.key === 'digest:2026-11-25:chen')!;
    expect(textOf(chen)).toContain('· 上报 CGB20261101《来料检验》已上报主管领导 陈志远 15小时30分钟,主管领导已确认,尚未办结');
    expect(textOf(chen)).not.toContain('TZ1');
    expect(textOf(chen)).toContain('林志华 未签收,逾期 11小时30分钟');
  });
});

describe('overdue digest on days off', () => {
  it('sends nothing on an ordinary Saturday, and does send on a 调休 Saturday', async () => {
    app = await appOn(testDialects()[0]!, '2026-10-09 09:00'); // Friday before the 调休 Saturday
    const c = conversation(app);
    await c.say(':as wang', '通知 @zhao 节后复工安排');
    await c.say(':advance 1h');
    app.clock.set(localInstant('2026-10-10 09:00', TZ)); // 调休: a workday
    expect(await sendOverdueDigest(app, app.clock.now())).toEqual({ sent: 3 }); // wang, chen, zhao
    const notOn = ['2026-10-11 09:00', '2026-11-28 09:00']; // a Sunday; an ordinary Saturday
    for (const t of notOn) expect(await sendOverdueDigest(app, localInstant(t, TZ))).toEqual({ sent: 0 });
    expect((await pending(app)).map((r) => r.key).sort()).toEqual(['digest:2026-10-10:chen', 'digest:2026-10-10:wang', 'digest:2026-10-10:zhao']);
  });

  it('sends no message at all when nothing is overdue and the calendar is complete', async () => {
    app = await appOn(testDialects()[0]!, '2026-10-30 09:00');
    expect(await sendOverdueDigest(app, app.clock.now())).toEqual({ sent: 0 });
    expect(await pending(app)).toEqual([]);
  });

  it('tells 总经办 every workday from 1 November that next year has only statutory data, until it is imported', async () => {
    const dialect = testDialects()[0]!;
    app = await appOn(dialect, '2026-11-02 09:00');
    expect(await sendOverdueDigest(app, app.clock.now())).toEqual({ sent: 1 });
    const [row] = await pending(app);
    expect(row!.to).toEqual({ kind: 'person', person: 'wang' });
    expect(textOf(row!)).toBe(['逾期汇总 2026-11-02', TCAL.statutoryOnly([2027])].join('\n'));
    await app.close();
    const db = await dialect.create();
    const policy = policyWith('working_time:\n  official_years: [2027]\n');
    app = await createTestApp('2026-11-02 09:00', { url: db.url, drop: db.drop, policy });
    expect(await sendOverdueDigest(app, app.clock.now())).toEqual({ sent: 0 });
  });
});

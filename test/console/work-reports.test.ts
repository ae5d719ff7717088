/**
 * 汇报制度 (issue 16 part 2) through the console on an injected clock: a weekly report due on a
 * Friday that is a public holiday (2026-10-02, 国庆) is due on Wednesday 2026-09-30 instead; one
 * duty per reporter, opened once however many sweeps or instances run; the reminder 2 working
 * hours before, the violation and the escalation at their minutes; a late submission through the
 * 国庆 week; the digests and the monthly assessment checked against the database; the refusals.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { overdueView } from '../../src/app/dashboard/overdue-view.js';
import { buildMonthlyAssessment } from '../../src/app/reports/build-monthly-assessment.js';
import { openReportPeriods } from '../../src/app/work-reports/open-periods.js';
import { assessmentSummary, peopleTable } from '../../src/domain/report/assessment-view.js';
import { formatLocal, localInstant } from '../../src/domain/local-time.js';
import { createStore } from '../../src/infra/db/create-store.js';
import { conversation, createTestApp, policyWith, TZ, type TestApp } from '../helpers/app.js';
import { testDialects, type TestDialect } from '../helpers/databases.js';
import { feedbackApp } from '../feedback/helpers.js';

let app: TestApp | undefined;
const extra: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of extra.splice(0)) await close();
  await app?.close();
  app = undefined;
});

const WEEKLY = `
reports:
  weekly:
    due: friday 17:00
    from: department leaders
    to: supervisor
    remind: 2h
`;

const start = async (dialect: TestDialect, at: string, yaml = WEEKLY): Promise<TestApp> => {
  const db = await dialect.create();
  return createTestApp(at, { url: db.url, drop: db.drop, policy: policyWith(yaml) });
};

const reportsOf = (a: TestApp) => a.store.transaction((tx) => tx.workReports.dueBetween(0, Number.MAX_SAFE_INTEGER));
const dutiesOf = async (a: TestApp) => {
  const rows = await reportsOf(a);
  return a.store.transaction((tx) => tx.duties.forSubjects('report', rows.map((r) => r.id)));
};
const at = (text: string) => localInstant(text, TZ);
const local = (ms: number) => formatLocal(ms, TZ);

describe.each(testDialects())('a weekly report due on a holiday Friday on $name', (dialect) => {
  it('moves to Wednesday 17:00, opens once, reminds at 15:00, escalates, takes a late report, and counts it', async () => {
    // Monday 2026-09-28 09:00. Friday 2026-10-02 is in the 国庆 holiday (10-01 … 10-07).
    app = await start(dialect, '2026-09-28 09:00');
    // Two instances open the period at the same instant (PostgreSQL; SQLite serves one process,
    // so there the second store is a restart): one set of rows and duties.
    const second = await createStore(app.db.url);
    extra.push(() => second.close());
    const now = app.clock.now();
    const other = { ...app, store: second };
    const [a, b] = app.store.dialect === 'postgres'
      ? await Promise.all([openReportPeriods(app, now), openReportPeriods(other, now)])
      : [await openReportPeriods(app, now), await openReportPeriods(other, now)];
    // Every department's leader with a recipient: 王建国 (总经办) has no supervisor and no superior.
    expect(a.opened + b.opened).toBe(9);
    expect((await openReportPeriods(app, now)).opened).toBe(0);
    const rows = await reportsOf(app);
    expect(rows.map((r) => r.person).sort()).toEqual(['deng', 'feng', 'guo', 'han', 'lin', 'liu', 'xu', 'zhao', 'zhou']);
    expect(rows.every((r) => r.period === '2026-W40' && r.dueAt === at('2026-09-30 17:00') && r.openedAt === at('2026-09-28 08:00'))).toBe(true);
    expect(rows.find((r) => r.person === 'zhao')!.recipients).toEqual(['chen']);
    // 金工车间 has no supervisor: 周海涛 reports to his superior, 生产部's 赵强.
    expect(rows.find((r) => r.person === 'zhou')!.recipients).toEqual(['zhao']);

    const c = conversation(app);
    const first = await c.say(':as zhao', '我的待办');
    expect(first).toContain('>> to zhao\n工作汇报 周报 2026-W40\n【工作汇报】请在 2026-09-30 17:00 前提交周报(2026年第40周 09-28~10-04),原定 2026-10-02 为非工作日,已提前');
    expect(first).toContain('汇报对象:陈志远');
    expect(first).toContain('· 周报 2026-W40《周报(2026年第40周 09-28~10-04)》截止 2026-09-30 17:00');
    // The console's sweeps and a restarted store open nothing more.
    await c.say(':advance 1m');
    expect(await dutiesOf(app)).toHaveLength(9);

    // 周海涛 reports on time; it reaches 赵强 and is kept.
    const onTime = await c.say(':as zhou', '汇报 本周完成焊接工艺评定,需协调技术部出图时间');
    expect(onTime).toContain('已提交周报(2026年第40周 09-28~10-04),已送达 赵强。');
    expect(onTime).toContain('>> to zhao\n工作汇报\n【工作汇报】周海涛 · 周报(2026年第40周 09-28~10-04):\n本周完成焊接工艺评定,需协调技术部出图时间');
    expect(await c.say('汇报 再交一份')).toContain('您目前没有需要提交的工作汇报');

    // The reminder, 2 working hours before Wednesday 17:00: 15:00.
    const before = await c.say(':advance 2d5h58m'); // 2026-09-30 14:59
    expect(before).not.toContain('【提醒】周报');
    const remind = await c.say(':advance 1m'); // 15:00
    expect(remind).toContain('>> to zhao\n【提醒】周报(2026年第40周 09-28~10-04)将于 2026-09-30 17:00 到期,请回复「汇报 <内容>」提交。');
    expect(remind).not.toContain('>> to zhou\n【提醒】');

    // 17:00: the violation and the first escalation step (self); 17:30 the leader hears of it.
    const due = await c.say(':advance 2h');
    expect(due).toContain('>> to zhao\n已记违规:工作汇报未按时提交,2026-09 第 1 次');
    expect(due).toContain('【逾期】周报(2026年第40周 09-28~10-04)已于 2026-09-30 17:00 到期,您尚未提交');
    const leader = await c.say(':advance 30m');
    expect(leader).toContain('>> to chen\n【逾期上报】赵强 未在 2026-09-30 17:00 前提交周报(2026年第40周 09-28~10-04),已逾期 30分钟。');

    // Through the holiday to Thursday 2026-10-08 09:00: the digest lists the missing report.
    const digest = await c.say(':advance 7d15h30m');
    expect(digest).toContain('>> to chen');
    expect(digest).toContain('· 赵强 未提交周报(2026年第40周 09-28~10-04)(截止 2026-09-30 17:00),逾期 1小时30分钟');
    expect(digest).not.toContain('· 周海涛 未提交');
    // The new week (10-05 … 10-11) opened at 08:00 on its first working day, due Friday 10-09.
    expect(digest).toContain('【工作汇报】请在 2026-10-09 17:00 前提交周报(2026年第41周 10-05~10-11):');
    // The dashboard's 逾期 page lists the same missing reports.
    const page = await overdueView(app, 'all', app.clock.now());
    const pageItems = page.groups.flatMap((g) => g.items).filter((i) => i.kind === 'report');
    expect(pageItems).toHaveLength(8);
    expect(pageItems.map((i) => i.line)).toContain('· 赵强 未提交周报(2026年第40周 09-28~10-04)(截止 2026-09-30 17:00),逾期 1小时30分钟');
    const opens = await app.store.transaction((tx) => tx.audit.list({ entity: 'work_report' }));
    const w41Opens = opens.filter((e) => e.action === 'work_report.open' && (e.after as { period: string }).period === '2026-W41');
    expect(w41Opens.map((e) => local(e.at))).toEqual(Array(9).fill('2026-10-08 08:00'));

    // 10:00: 赵强's report goes to the missed week first, 2h30m late in working time.
    const late = await c.say(':advance 1h', ':as zhao', '汇报 上周排产计划完成,国庆期间设备检修安排已落实');
    expect(late).toContain('已提交周报(2026年第40周 09-28~10-04),已送达 陈志远;但已逾期 2小时30分钟,违规记录保留。');
    expect(late).toContain('>> to chen\n工作汇报\n【工作汇报】赵强 · 周报(2026年第40周 09-28~10-04)(逾期 2小时30分钟):\n上周排产计划完成');
    const zhao = (await reportsOf(app)).find((r) => r.person === 'zhao' && r.period === '2026-W40')!;
    expect(zhao).toMatchObject({ state: 'submitted', late: true, lateMs: 150 * 60_000, submittedAt: at('2026-10-08 10:00') });
    const v = await app.store.transaction((tx) => tx.violations.forPersonRuleMonth('zhao', 'work_report', '2026-09'));
    expect(v).toEqual([expect.objectContaining({ subjectRef: '周报 2026-W40', dueAt: at('2026-09-30 17:00'), lateMs: 150 * 60_000 })]);
    // The escalation stops with the report: no 总经办 step at 11:30 for 赵强.
    expect(await c.say(':advance 2h')).not.toContain('赵强 未在 2026-09-30 17:00 前提交');

    // Kept and searchable: the recipient and the writer see it; others do not.
    const seen = await c.say(':as chen', '汇报 查看');
    expect(seen).toContain('· 周报(2026年第40周 09-28~10-04) 赵强 2026-10-08 10:00(逾期 2小时30分钟):上周排产计划完成');
    expect(await c.say('汇报 搜索 设备检修')).toContain('赵强 2026-10-08 10:00');
    expect(await c.say('汇报 搜索 焊接')).toContain('没有找到含「焊接」的工作汇报');
    expect(await c.say(':as zhao', '汇报 搜索 焊接')).toContain('周海涛 2026-09-28 09:01');
    expect(await c.say(':as zheng', '汇报 查看')).toContain('还没有您提交或收到的工作汇报');

    // Friday 09:00: the digest names the late report once, with its lateness; the missing ones stay.
    const friday = await c.say(':advance 21h'); // 2026-10-09 09:00
    expect(friday).toContain('· 赵强 迟交周报(2026年第40周 09-28~10-04):2026-10-08 10:00 提交,逾期 2小时30分钟');
    expect(friday).toContain('· 林'); // 技术部's leader never reported
    expect(friday).not.toContain('· 赵强 未提交周报(2026年第40周');

    // The 工作汇报 feedback category with an open period also submits the report (周海涛's 第41周).
    const fb = await c.say(':as zhou', '反馈 工作汇报 第41周完成焊接工艺评定复审');
    expect(fb).toMatch(/已登记.*FK20261009-001/);
    expect(fb).toContain('本条同时作为工作汇报:已提交周报(2026年第41周 10-05~10-11),已送达 赵强。');
    expect(fb).toContain('>> to zhao\n工作汇报\n【工作汇报】周海涛 · 周报(2026年第41周 10-05~10-11):\n第41周完成焊接工艺评定复审');
    const w41 = (await reportsOf(app)).find((r) => r.person === 'zhou' && r.period === '2026-W41')!;
    expect(w41).toMatchObject({ state: 'submitted', late: false, feedbackRef: 'FK20261009-001' });
    // With nothing open, a 工作汇报 item is only feedback.
    expect(await c.say('反馈 工作汇报 车间排班建议')).not.toContain('本条同时作为工作汇报');

    // The September assessment (the report was due on 09-30), per person, against the database.
    const m = await buildMonthlyAssessment(app, '2026-09', app.clock.now());
    const all = (await reportsOf(app)).filter((r) => r.period === '2026-W40');
    const missing = all.filter((r) => r.state === 'open').length;
    expect(missing).toBe(7);
    expect(m.totals.reports).toEqual({ onTime: 1, late: 1, missing, open: 0 });
    expect(assessmentSummary(m, app.org, TZ).lines).toContain(`工作汇报:按时 1,迟交 1,缺交 ${missing},未到期 0(按汇报人计)。`);
    const people = peopleTable(m);
    const col = (name: string) => people.header.indexOf(name);
    const row = (id: string) => people.rows.find((r) => r[0] === id)!;
    expect([row('zhou')[col('汇报按时')], row('zhou')[col('汇报迟交')], row('zhou')[col('汇报缺交')]]).toEqual([1, 0, 0]);
    expect([row('zhao')[col('汇报按时')], row('zhao')[col('汇报迟交')], row('zhao')[col('违规·工作汇报逾期')]]).toEqual([0, 1, 1]);
    expect([row('lin')[col('汇报缺交')], row('lin')[col('违规·工作汇报逾期')]]).toEqual([1, 1]);
    // 表扬 (part 4) counts each report as a duty: 周海涛 on time, 赵强 and 林 late.
    const kinds = (id: string) => m.recognition?.people.find((r) => r.key === id)?.byKind['report'];
    expect([kinds('zhou'), kinds('zhao'), kinds('lin')]).toEqual([{ onTime: 1, late: 0 }, { onTime: 0, late: 1 }, { onTime: 0, late: 1 }]);
    // October's report (due 10-09) is still open in October's figures.
    const oct = await buildMonthlyAssessment(app, '2026-10', at('2026-10-09 09:00'));
    expect(oct.totals.reports).toEqual({ onTime: 1, late: 0, missing: 0, open: 8 });
  });
});

describe.each(testDialects())('work report refusals on $name', (dialect) => {
  it('refuses empty content, a person who does not report, and nothing open — and stores nothing', async () => {
    app = await start(dialect, '2026-10-08 10:00', `
reports:
  weekly:
    due: 周五 17:00
    from: [leaders SCB]
    to: superior
`);
    const c = conversation(app);
    expect(await c.say(':as zhao', '汇报')).toContain('请写明汇报内容');
    expect(await c.say('汇报 周报')).toContain('请写明汇报内容');
    expect(await c.say(':as zheng', '汇报 本周完成排产')).toContain('您不在工作汇报(周报)的汇报人之列,无需提交');
    expect((await reportsOf(app)).map((r) => [r.person, r.state])).toEqual([['zhao', 'open']]);
    expect(await c.say(':as zhao', '汇报 周报 本周完成排产')).toContain('已提交周报(2026年第41周 10-05~10-11),已送达 陈志远。');
    expect(await c.say('汇报 再交一次')).toContain('您目前没有需要提交的工作汇报');
    expect((await reportsOf(app)).map((r) => [r.person, r.state, r.content])).toEqual([['zhao', 'submitted', '本周完成排产']]);
  });

  it('with two reports open, 汇报 asks which one; the name picks it', async () => {
    app = await start(dialect, '2026-10-08 10:00', `
reports:
  weekly: { due: friday 17:00, from: leaders SCB, to: supervisor }
  monthly: { name: 月报, due: last workday 17:00, from: leaders SCB, to: [supervisor, gm_office] }
`);
    const c = conversation(app);
    expect(await c.say(':as zhao', '汇报 十月排产进度正常')).toContain('您有多项工作汇报待提交(周报、月报),请写明是哪一项:汇报 <名称> <内容>。');
    const monthly = await c.say('汇报 月报 十月排产进度正常');
    expect(monthly).toContain('已提交月报(2026年10月),已送达 陈志远、王建国。');
    expect(monthly).toContain('>> to wang\n工作汇报\n【工作汇报】赵强 · 月报(2026年10月):\n十月排产进度正常');
    const rows = await reportsOf(app);
    expect(rows.map((r) => [r.reportKey, r.period, r.state, local(r.dueAt)])).toEqual([
      ['weekly', '2026-W41', 'open', '2026-10-09 17:00'],
      ['monthly', '2026-10', 'submitted', '2026-10-30 17:00'],
    ]);
    // Only the weekly one is left: no name needed.
    expect(await c.say('汇报 本周排产完成')).toContain('已提交周报(2026年第41周 10-05~10-11)');
  });

  it('a deputy (代理) with nothing of their own submits for the person they cover', async () => {
    app = await start(dialect, '2026-10-08 10:00', `
reports:
  weekly: { due: friday 17:00, from: leaders SCB, to: supervisor }
`);
    const c = conversation(app);
    expect(await c.say(':as zheng', '汇报 本周排产完成')).toContain('您不在工作汇报(周报)的汇报人之列');
    await c.say(':as zhao', '代理 @郑伟 至 2026-10-20 出差');
    const out = await c.say(':as zheng', '汇报 本周排产完成,赵强出差期间由我代报');
    expect(out).toContain('【代 赵强】已提交周报(2026年第41周 10-05~10-11),已送达 陈志远。');
    expect(out).toContain('>> to chen\n工作汇报\n【工作汇报】赵强(郑伟 代理提交) · 周报(2026年第41周 10-05~10-11):\n本周排产完成');
    const [row] = await reportsOf(app);
    expect([row!.person, row!.state]).toEqual(['zhao', 'submitted']);
    const audit = await app.store.transaction((tx) => tx.audit.list({ entity: 'work_report' }));
    expect(audit.filter((e) => e.action === 'work_report.submit').map((e) => e.actor)).toEqual(['zheng']);
  });

  it('without reports in the policy, 汇报 says none is required', async () => {
    app = await start(dialect, '2026-10-08 10:00', '');
    const c = conversation(app);
    expect(await c.say(':as zhao', '汇报 本周完成排产')).toContain('策略文件未设定定期工作汇报');
    expect(await reportsOf(app)).toEqual([]);
  });
});

describe('work reports and anonymous feedback', () => {
  it('an anonymous 工作汇报 item never submits a report; 汇报… inside a feedback dialogue is its answer', async () => {
    app = await feedbackApp('2026-10-08 10:00', { policy: policyWith(WEEKLY) });
    const c = conversation(app);
    const anon = await c.say(':as guo', '匿名反馈 工作汇报 采购到货延迟,需协调');
    expect(anon).toContain('FK20261008-001');
    expect(anon).not.toContain('本条同时作为工作汇报');
    const guo = (await reportsOf(app)).filter((r) => r.person === 'guo');
    expect(guo.map((r) => [r.period, r.state])).toEqual([['2026-W41', 'open']]);
    const audit = await app.store.transaction((tx) => tx.audit.list({ entity: 'work_report' }));
    expect(audit.filter((e) => e.action === 'work_report.submit')).toEqual([]);
    // In the guided dialogue, a description starting with 汇报 is the description, not a report.
    expect(await c.say('反馈')).toContain('第 1 步');
    expect(await c.say('工作汇报')).toContain('第 2 步');
    const step = await c.say('汇报一下采购部本周的情况');
    expect(step).not.toContain('已提交周报');
    expect((await reportsOf(app)).find((r) => r.person === 'guo')!.state).toBe('open');
  });
});

/**
 * Tasks (issue 16 part 1: 事前沟通、事中反馈、事后反馈) through the console on an injected clock:
 * 任务 by a superior, 收到 within the notice window, 进展, 完成 by the deadline, 确认 / 退回, the
 * reminder and the violations at their exact working-time minutes, gapless RW numbers, 我的待办
 * and 查看, and the refusals.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildMonthlyAssessment } from '../../src/app/reports/build-monthly-assessment.js';
import { assessmentSummary, peopleTable } from '../../src/domain/report/assessment-view.js';
import { conversation, createTestApp, type TestApp } from '../helpers/app.js';
import { testDialects, type TestDialect } from '../helpers/databases.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const violationsOf = async (a: TestApp) =>
  a.store.transaction(async (tx) => {
    const out: Array<{ person: string; rule: string; ref: string; dueAt: number; lateMs?: number }> = [];
    for (const p of ['zheng', 'shi']) {
      for (const rule of ['task_ack', 'task_result'] as const) {
        for (const v of await tx.violations.forPersonRuleMonth(p, rule, '2026-12')) out.push({ person: v.person, rule: v.rule, ref: v.subjectRef, dueAt: v.dueAt, lateMs: v.lateMs });
      }
    }
    return out;
  });

const start = async (dialect: TestDialect, at: string): Promise<TestApp> => {
  const db = await dialect.create();
  return createTestApp(at, { url: db.url, drop: db.drop });
};

describe.each(testDialects())('a task’s whole life on $name', (dialect) => {
  it('收到 on time, 进展, a late result with its violation at the deadline minute, 退回, 完成 again, 确认', async () => {
    // Tuesday 2026-12-01 16:00; working hours 08:00-12:00, 13:30-17:30.
    app = await start(dialect, '2026-12-01 16:00');
    const c = conversation(app);
    const sent = await c.say(':as zhao', '任务 @郑伟 @shi 整理十一月安全检查报告 期限 2026-12-02 09:00');
    expect(sent).toContain('已布置任务 RW202612-001 给 郑伟、石磊:请在 2026-12-01 16:30 前回复「收到」,2026-12-02 09:00 前回复结果');
    expect(sent).toContain('>> to zheng\n任务 RW202612-001\n【任务】来自 赵强');
    expect(sent).toContain('>> to shi');
    expect(sent).toContain('整理十一月安全检查报告\n[收到] [查看]');

    const ack = await c.say(':as zheng', '收到');
    expect(ack).toContain('已确认收到任务 RW202612-001《整理十一月安全检查报告》');
    expect(ack).toContain('>> to zhao\n郑伟 已收到任务 RW202612-001(已收到 1/2)');

    // 石磊 never says 收到: the 30-minute window ends at 16:30 exactly.
    await c.say(':advance 29m');
    expect(await violationsOf(app)).toEqual([]);
    const missed = await c.say(':advance 1m');
    expect(missed).toContain('已记违规:任务未在时限内回复收到');
    expect(await violationsOf(app)).toEqual([expect.objectContaining({ person: 'shi', rule: 'task_ack', ref: 'RW202612-001' })]);

    expect(await c.say(':as zheng', '进展 RW202612-001 已收集三个车间的数据')).toContain('已记录任务 RW202612-001 的进展');

    // The result reminder, 10 working minutes before 09:00 the next morning: 08:50.
    const evening = await c.say(':advance 16h19m'); // 2026-12-02 08:49
    expect(evening).not.toContain('【提醒】任务 RW202612-001');
    const remind = await c.say(':advance 1m'); // 08:50
    expect(remind).toContain('>> to zheng\n【提醒】任务 RW202612-001《整理十一月安全检查报告》将于 2026-12-02 09:00 到期:请回复「进展 RW202612-001 <内容>」');
    expect(remind).toContain('或「完成 RW202612-001 <结果>」。\n[查看]');

    // 09:00: both results are late: violations at the deadline minute.
    const due = await c.say(':advance 10m');
    expect(due).toContain('已记违规:任务未在期限内回复结果');
    const atDeadline = (await violationsOf(app)).filter((v) => v.rule === 'task_result');
    expect(atDeadline.map((v) => v.person).sort()).toEqual(['shi', 'zheng']);
    expect(atDeadline.every((v) => v.dueAt === Date.parse('2026-12-02T01:00:00Z'))).toBe(true);

    // The supervisor's 09:00 digest (the console runs the jobs it crosses) lists 石磊's missing
    // 收到; the results fall due at this very minute, so they are not overdue yet.
    expect(due).toContain('>> to chen');
    expect(due).toContain('· 石磊 未回复任务 RW202612-001《整理十一月安全检查报告》(赵强)');
    expect(due).not.toContain('未回复任务结果');
    await c.say(':advance 30m'); // 09:30
    const late = await c.say(':as zheng', '完成 RW202612-001 报告已上传共享盘');
    expect(late).toContain('已提交任务 RW202612-001 的结果,但已逾期 30分钟');
    expect(late).toContain('>> to zhao\n任务 RW202612-001\n【任务结果】郑伟 · RW202612-001(逾期 30分钟):报告已上传共享盘');

    const todo = await c.say(':as zhao', '我的待办');
    expect(todo).toContain('任务待确认:\n· RW202612-001《整理十一月安全检查报告》郑伟 已提交结果');

    // 4 working hours from 09:30: 09:30-12:00 and 13:30-15:00.
    const back = await c.say('退回 RW202612-001 缺少金工车间的数据');
    expect(back).toContain('已退回 郑伟 的任务 RW202612-001 结果,须在 2026-12-02 15:00 前重新提交');
    expect(back).toContain('>> to zheng\n任务 RW202612-001\n【任务退回】赵强 退回了任务 RW202612-001 的结果:缺少金工车间的数据');

    expect(await c.say(':as zheng', '我的待办')).toContain('· RW202612-001《整理十一月安全检查报告》截止 2026-12-02 15:00');
    expect(await c.say('完成 RW202612-001 已补充金工车间数据')).toContain('已提交任务 RW202612-001 的结果,等待布置人确认');
    const ok = await c.say(':as zhao', '确认 RW202612-001 @郑伟');
    expect(ok).toContain('已确认 郑伟 完成任务 RW202612-001');
    expect(ok).toContain('>> to zheng\n任务 RW202612-001\n【任务已确认】赵强 已确认您完成任务 RW202612-001');

    const view = await c.say('查看 RW202612-001');
    expect(view).toContain('2026-12-01 16:00 赵强 布置:整理十一月安全检查报告(期限 2026-12-02 09:00)');
    expect(view).toContain('郑伟:已收到 2026-12-01 16:00 · 已确认完成(结果逾期)');
    expect(view).toContain('  2026-12-02 09:30 郑伟 完成:报告已上传共享盘');
    expect(view).toContain('  2026-12-02 09:30 赵强 退回:缺少金工车间的数据');
    expect(view).toContain('石磊:未回复收到 · 进行中');
    // The monthly assessment: per assignee, the task is late (郑伟's first result came after the
    // 期限; 石磊 has none), and the late 收到 and results are violations per rule.
    const m = await buildMonthlyAssessment(app, '2026-12', app.clock.now());
    expect(assessmentSummary(m, app.org, 'Asia/Shanghai').lines).toContain('任务:按时 0,逾期 2,未到期 0(按执行人计)。');
    const people = peopleTable(m);
    const col = (name: string) => people.header.indexOf(name);
    const zheng = people.rows.find((r) => r[0] === 'zheng')!;
    const shi = people.rows.find((r) => r[0] === 'shi')!;
    expect([zheng[col('任务按时')], zheng[col('任务逾期')]]).toEqual([0, 1]);
    expect([shi[col('任务逾期')], shi[col('违规·任务未回复收到')], shi[col('违规·任务结果逾期')]]).toEqual([1, 1, 1]);
    // The second result on time after 退回: no second violation for 郑伟.
    expect((await violationsOf(app)).filter((v) => v.person === 'zheng')).toHaveLength(1);
    expect((await violationsOf(app)).find((v) => v.person === 'zheng')!.lateMs).toBe(30 * 60_000);

    // The next morning's digest lists 石磊's result still missing; 郑伟's confirmed task is gone.
    const next = await c.say(':advance 23h30m'); // 2026-12-03 09:00
    expect(next).toContain('>> to chen');
    expect(next).toContain('· 石磊 未回复任务结果 RW202612-001《整理十一月安全检查报告》(赵强)');
    expect(next).not.toContain('· 郑伟 未回复任务结果');
  });

  it('numbers are gapless per month: a refused task takes no number', async () => {
    app = await start(dialect, '2026-12-01 10:00');
    const c = conversation(app);
    expect(await c.say(':as zhao', '任务 @zheng 盘点 期限 2026-12-03')).toContain('RW202612-001');
    expect(await c.say('任务 @he 盘点 期限 2026-12-03')).toContain('不是 何静 的上级');
    expect(await c.say('task @shi stocktake deadline 2026-12-03 12:00')).toContain('已布置任务 RW202612-002 给 石磊');
  });
});

describe.each(testDialects())('a meeting’s items on $name', (dialect) => {
  it('one message gives several people their own numbered items; one refused line refuses them all', async () => {
    app = await start(dialect, '2026-12-01 10:00');
    const c = conversation(app);
    const refused = await c.say(':as zhao', ':in SCB', '任务 12月1日 生产调度会\n@zheng 排产计划 期限 2026-12-02\n@何静 图纸 期限 2026-12-03');
    expect(refused).toContain('图纸:只有上级可以给下属布置任务;您不是 何静 的上级');
    const out = await c.say('任务 12月1日 生产调度会\n@zheng 排产计划 期限 2026-12-02\n@shi @周海涛 设备点检 期限 2026-12-03 12:00\n@wu 焊材盘点 期限 2026-12-04');
    expect(out).toContain('>> in SCB\n已按「12月1日 生产调度会」布置 3 项任务:\n· RW202612-001 郑伟:排产计划(期限 2026-12-02 17:30)\n· RW202612-002 石磊、周海涛:设备点检(期限 2026-12-03 12:00)\n· RW202612-003 吴刚:焊材盘点(期限 2026-12-04 17:30)');
    expect(out).toContain('>> to zhou\n任务 RW202612-002');
    expect(out).toContain('>> to wu\n任务 RW202612-003');
    expect(await c.say(':dm', ':as wu', '我的待办')).toContain('· RW202612-003《焊材盘点》截止 2026-12-01 10:30');
  });
});

describe.each(testDialects())('task refusals on $name', (dialect) => {
  it('refuses a non-subordinate, a missing 期限, 完成 by a non-assignee, 确认 by someone else — and changes nothing', async () => {
    app = await start(dialect, '2026-12-01 10:00');
    const c = conversation(app);
    expect(await c.say(':as zhao', '任务 @何静 出图 期限 2026-12-03')).toContain('只有上级可以给下属布置任务;您不是 何静 的上级');
    expect(await c.say('任务 @zheng 出图')).toContain('任务须写明期限');
    expect(await c.say('任务 @zheng 出图 期限 明天')).toContain('「明天」不是有效的时间');
    expect(await c.say('任务 @zheng 出图 期限 2026-11-30')).toContain('期限 2026-11-30 17:30 已过');
    expect(await c.say('任务 出图 期限 2026-12-03')).toContain('用法:任务 @某人');
    expect(await c.say('任务 @zheng 出图 期限 2026-12-03')).toContain('RW202612-001');

    // 完成 by someone who is not an assignee: 石磊 (same department) is refused; a stranger hears "not found".
    expect(await c.say(':as shi', '完成 RW202612-001 做完了')).toContain('找不到任务「RW202612-001」');
    expect(await c.say(':as zhao', '完成 RW202612-001 做完了')).toContain('您不是任务 RW202612-001 的执行人,不能「完成」');
    // 确认 before any result, and by someone else.
    expect(await c.say('确认 RW202612-001')).toContain('任务 RW202612-001 目前没有待确认的结果');
    expect(await c.say(':as zheng', '完成 RW202612-001 图纸已出')).toContain('等待布置人确认');
    expect(await c.say('确认 RW202612-001')).toContain('只有布置任务的 赵强 可以「确认」任务 RW202612-001 的结果');
    expect(await c.say(':as wang', '确认 RW202612-001')).toContain('找不到任务「RW202612-001」');
    expect(await c.say(':as zheng', '完成 RW202612-001 再交一次')).toContain('状态为「已提交结果,待确认」,现在不能「完成」');
    expect(await c.say('进展 RW202612-001')).toContain('用法:进展 RW编号');
    expect(await c.say('查看 RW202612-999')).toContain('找不到任务「RW202612-999」');

    // Nothing above changed the task: it is still waiting for 赵强's 确认.
    const view = await c.say('查看 RW202612-001');
    expect(view).toContain('郑伟:已收到 2026-12-01 10:00 · 已提交结果,待确认');
    expect(await c.say(':as zhao', '退回 RW202612-001 @shi 不对')).toContain('石磊 不是任务 RW202612-001 的执行人');
    expect(await c.say('确认')).not.toContain('RW202612-001'); // bare 确认 stays the feedback command
    expect(await c.say('确认 RW202612-001')).toContain('已确认 郑伟 完成任务 RW202612-001');
    const m = await buildMonthlyAssessment(app, '2026-12', app.clock.now());
    expect(assessmentSummary(m, app.org, 'Asia/Shanghai').lines).toContain('任务:按时 1,逾期 0,未到期 0(按执行人计)。');
  });
});

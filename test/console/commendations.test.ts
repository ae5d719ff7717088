/**
 * 表扬和奖励 (issue 16 part 4) through the console on an injected clock: a November in which
 * 郑伟 answers every task on time, 石磊 too but with fewer duties than the rule asks, 吴刚 hands in
 * one result late, 周海涛's meeting suggestion is resolved with an improvement, and an anonymous
 * suggestion and a named 投诉 are resolved too. The assessment HR receives on 1 December names
 * the people and departments to commend by the policy's rule, with every figure checked against
 * the database's own rows; HR publishes the list once with one command; the refusals.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildMonthlyAssessment } from '../../src/app/reports/build-monthly-assessment.js';
import { monthRange } from '../../src/domain/report/period.js';
import { recognitionTable } from '../../src/domain/report/recognition-view.js';
import { createAesSealer } from '../../src/infra/crypto/aes-sealer.js';
import type { TypeormStore } from '../../src/infra/db/create-store.js';
import { conversation, createTestApp, outboxRowsByKey, policyWith, TZ, type TestApp } from '../helpers/app.js';
import { testDialects, type TestDialect } from '../helpers/databases.js';
import { SECRET } from '../feedback/helpers.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const start = async (dialect: TestDialect, at: string, policyYaml = ''): Promise<TestApp> => {
  const db = await dialect.create();
  const a = await createTestApp(at, { url: db.url, drop: db.drop, policy: policyWith(policyYaml) });
  a.sealer = createAesSealer(SECRET);
  return a;
};

const rw = (n: number) => `RW202611-${String(n).padStart(3, '0')}`;

/** The month as lived: duties, a late result, feedback resolved with and without improvement. */
async function november(a: TestApp): Promise<void> {
  const c = conversation(a);
  // Monday 2026-11-02 09:00. 赵强 (SCB) gives 郑伟 three tasks and 石磊 one; all answered on time.
  await c.say(':as zhao', '任务 @zheng 排产计划 期限 2026-11-03', '任务 @zheng 设备台账 期限 2026-11-03', '任务 @zheng 安全周报 期限 2026-11-03', '任务 @shi 交接班记录 期限 2026-11-03');
  await c.say(':as zheng', `收到 ${rw(1)}`, `收到 ${rw(2)}`, `收到 ${rw(3)}`, `完成 ${rw(1)} 已排`, `完成 ${rw(2)} 已更新`, `完成 ${rw(3)} 已发`);
  await c.say(':as shi', `收到 ${rw(4)}`, `完成 ${rw(4)} 已整理`);
  // 周海涛 (JGCJ) gives 吴刚 three tasks; one result comes half an hour after its 期限.
  await c.say(':as zhou', '任务 @wu 焊材盘点 期限 2026-11-02 10:00', '任务 @wu 焊机点检 期限 2026-11-03', '任务 @wu 班组培训 期限 2026-11-03');
  await c.say(':as wu', `收到 ${rw(5)}`, `收到 ${rw(6)}`, `收到 ${rw(7)}`, `完成 ${rw(6)} 已点检`, `完成 ${rw(7)} 已培训`);
  await c.say(':advance 1h30m', ':as wu', `完成 ${rw(5)} 已盘点`); // 10:30: late

  // Feedback: a meeting's items (代登记 by the recorder 石磊), an anonymous suggestion, a 投诉.
  await c.say(':as shi', ':in SCB', '代登记 会议纪要 11月2日 生产调度会\n来自 @周海涛 建议 焊材库增加除湿机\n来自 @吴刚 投诉 夜班食堂没有热菜\n来自 @郑伟 问题 三号线皮带跑偏');
  await c.say(':dm', ':as jiang', '匿名反馈 建议 报销单增加电子签名');
  const fk = (n: number) => `FK20261102-${String(n).padStart(3, '0')}`;
  await c.say(':as liu');
  for (const n of [1, 2, 3, 4]) await c.say(`受理 ${fk(n)} @liu`);
  await c.say(`解决 ${fk(1)} 已购置两台除湿机 改进: 焊材库湿度纳入日常点检`);
  await c.say(`解决 ${fk(2)} 夜班增加热菜 改进: 食堂夜班排班`);
  await c.say(`解决 ${fk(3)} 已调整托辊`); // no improvement: not adopted
  await c.say(`解决 ${fk(4)} 已上线电子签名 改进: 报销流程电子化`);
}

/** Figures straight from the rows: per person, the duties of the counted rules due in the month. */
async function dutyFiguresFromRows(a: TestApp, month: string) {
  const { from, to } = monthRange(month, TZ);
  const ds = (a.store as TypeormStore).dataSource;
  const rows = await ds.query<Array<{ person: string; status: string; due_at: string | number; done_at: string | number | null; violation_id: number | null }>>(
    `SELECT person, status, due_at, done_at, violation_id FROM duty WHERE rule IN ('superior_notice','superior_email','missed_call','task_ack','liaison_form','task_result') AND due_at >= ${from} AND due_at < ${to}`,
  );
  const out = new Map<string, { duties: number; onTime: number }>();
  for (const r of rows) {
    const f = out.get(r.person) ?? { duties: 0, onTime: 0 };
    f.duties += 1;
    if (r.status === 'done' && r.violation_id === null && Number(r.done_at) <= Number(r.due_at)) f.onTime += 1;
    out.set(r.person, f);
  }
  return out;
}

/** Items adopted per submitter, straight from the rows. */
async function adoptedFromRows(a: TestApp, month: string) {
  const { from, to } = monthRange(month, TZ);
  const ds = (a.store as TypeormStore).dataSource;
  const rows = await ds.query<Array<{ submitter: string | null; anonymous: boolean | number; details: string }>>(
    `SELECT submitter, anonymous, details FROM feedback_item WHERE state IN ('resolved','closed') AND category IN ('problem','suggestion','urgent','other') AND resolved_at >= ${from} AND resolved_at < ${to}`,
  );
  const out = new Map<string, number>();
  for (const r of rows) {
    const improvement = (JSON.parse(r.details) as { improvement?: string }).improvement;
    if (r.submitter && !r.anonymous && improvement) out.set(r.submitter, (out.get(r.submitter) ?? 0) + 1);
  }
  return { out, anonymousAdopted: rows.filter((r) => r.anonymous && (JSON.parse(r.details) as { improvement?: string }).improvement).length };
}

describe.each(testDialects())('表扬 on $name', (dialect) => {
  it('the assessment names the people and departments to commend by the policy’s rule, figures as in the database', async () => {
    app = await start(dialect, '2026-11-02 09:00');
    await november(app);
    const c = conversation(app);
    // 1 December 09:00: the monthly job sends HR November's assessment.
    await c.say(':advance 29d'); // 2026-12-01 10:30
    const sent = await outboxRowsByKey(app.store, 'assessment:2026-11:liu');
    expect(sent).toHaveLength(1);
    const lines = sent[0]!.view.lines;
    expect(lines).toContain('表扬(按时与反馈被采纳):');
    expect(lines).toContain('表扬规则:当月至少 5 项应尽义务、按时率不低于 100%、违规不超过 0 次;或至少 1 条署名反馈被采纳(已解决并有改进措施)。匿名反馈不计入。');
    expect(lines).toContain('· 生产部 SCB:按时 8/8 — 全部按时');
    expect(lines).toContain('· 金工车间 JGCJ:按时 5/6,反馈被采纳 1,违规 1');
    expect(lines).toContain('· 郑伟(生产部):按时 6/6(回复收到 3/3,任务 3/3) — 全部按时');
    expect(lines).toContain('· 周海涛(金工车间):反馈被采纳 1 — 反馈被采纳');
    expect(lines.join('\n')).not.toMatch(/石磊(生产部)|吴刚(金工车间)|蒋琳/);

    // The 公示 at 10:00 lists the meeting's suggestion like any resolved item (代登记 follows the same
    // lifecycle); the 投诉 stays out, as complaints always do.
    const announced = (await outboxRowsByKey(app.store, 'public:2026-11'))[0]!.view.lines.join('\n');
    expect(announced).toContain('焊材库增加除湿机');
    expect(announced).not.toContain('夜班食堂');

    const m = await buildMonthlyAssessment(app, '2026-11', app.clock.now());
    const r = m.recognition!;
    expect(r.commendedPeople.map((p) => [p.key, p.reasons])).toEqual([['zheng', ['punctual']], ['zhou', ['feedback']]]);
    expect(r.commendedDepartments.map((d) => d.key)).toEqual(['SCB']);
    // Every person's figures equal the database's own rows.
    const fromRows = await dutyFiguresFromRows(app, '2026-11');
    expect([...fromRows.keys()].sort()).toEqual(['shi', 'wu', 'zheng']);
    for (const [person, f] of fromRows) expect(r.people.find((p) => p.key === person)).toMatchObject(f);
    const { out: adopted, anonymousAdopted } = await adoptedFromRows(app, '2026-11');
    expect([...adopted]).toEqual([['zhou', 1]]);
    expect(anonymousAdopted).toBe(1); // 蒋琳's anonymous suggestion was adopted, and counts for nobody
    for (const p of r.people) expect(p.adopted).toBe(adopted.get(p.key) ?? 0);
    expect(r.people.find((p) => p.key === 'jiang')).toBeUndefined();
    expect(r.people.find((p) => p.key === 'wu')).toMatchObject({ duties: 6, onTime: 5, adopted: 0, violations: 1, reasons: [] });
    // The 表扬 sheet: one row per department and person, the reasons spelled out.
    const sheet = recognitionTable(r);
    expect(sheet.header.slice(0, 9)).toEqual(['类型', '编码', '名称', '部门代码', '部门', '回复收到按时', '回复收到逾期', '任务按时', '任务逾期']);
    expect(sheet.rows.find((x) => x[1] === 'zheng')).toEqual(['人员', 'zheng', '郑伟', 'SCB', '生产部', 3, 0, 3, 0, 6, 6, 1, 0, 0, '是', '全部按时']);

    // HR sends the list with one command: the company channel and each person commended.
    const list = await c.say(':as liu', '表扬名单 2026-11');
    expect(list).toContain('表扬名单 2026-11');
    expect(list).toContain('· 郑伟(生产部):6 项应尽义务按时 6 项\n· 周海涛(金工车间):1 条反馈被采纳\n受表扬的部门:\n· 生产部:8 项应尽义务按时 8 项');
    const published = await c.say('发布表扬 2026-11');
    expect(published).toContain('已发布 2026-11 表扬名单:员工 2 人、部门 1 个');
    expect(published).toContain('>> to zheng\n表扬名单 2026-11');
    expect(published).toContain('恭喜!您已列入 2026-11 表扬名单:1 条反馈被采纳。');
    expect((await outboxRowsByKey(app.store, 'commend:2026-11:')).map((x) => x.key).sort()).toEqual(['commend:2026-11:public', 'commend:2026-11:zheng', 'commend:2026-11:zhou']);
    expect((await outboxRowsByKey(app.store, 'commend:2026-11:public'))[0]!.to).toEqual({ kind: 'announcements' });
    expect(await c.say('发布表扬 2026-11')).toContain('2026-11 的表扬名单已经发布过,没有重复发送。');
    expect(await outboxRowsByKey(app.store, 'commend:2026-11:')).toHaveLength(3);
  });

  it('follows the policy file’s rule: fewer duties, a lower share', async () => {
    app = await start(dialect, '2026-11-02 09:00', 'commendation: { min_duties: 2, on_time: 80%, feedback_adopted: 0, max_violations: 1 }');
    await november(app);
    const r = (await buildMonthlyAssessment(app, '2026-11', app.clock.now())).recognition!;
    expect(r.rule).toEqual({ minDuties: 2, onTime: 0.8, feedbackAdopted: 0, maxViolations: 1 });
    // 石磊 with 2 duties, 吴刚 with 5/6 and one violation; 周海涛's adopted item no longer counts.
    expect(r.commendedPeople.map((p) => p.key)).toEqual(['zheng', 'shi', 'wu']);
    expect(r.commendedDepartments.map((d) => d.key)).toEqual(['SCB', 'JGCJ']);
  });

  it('refuses: bad month, a future month, a month not over, not HR', async () => {
    app = await start(dialect, '2026-12-10 09:00');
    const c = conversation(app);
    expect(await c.say(':as liu', '发布表扬 2026-13')).toContain('月份无效:「2026-13」');
    expect(await c.say('表扬名单 11月')).toContain('「11月」不是有效的月份');
    expect(await c.say('发布表扬 2027-02')).toContain('2027-02 还没有开始');
    expect(await c.say('发布表扬 2026-12')).toContain('2026-12 还没有结束,月底之后才能发布表扬名单。');
    expect(await c.say('发布表扬')).toContain('2026-11 没有符合表扬条件的员工和部门,未发布。');
    expect(await c.say(':as sun', '发布表扬 2026-11')).toContain('只有人力行政部可以发布表扬名单。');
    expect(await c.say('表扬名单 2026-11')).toContain('本月没有符合表扬条件的员工和部门。');
    expect(await c.say(':as zheng', '表扬名单 2026-11')).toContain('只有人力行政部和总经办可以查看表扬名单。');
    expect(await outboxRowsByKey(app.store, 'commend:')).toEqual([]);
    expect(() => policyWith('commendation: { on_time: 120% }')).toThrow(/比例格式错误/);
    expect(() => policyWith('commendation: { min_dutes: 3 }')).toThrow();
  });
});

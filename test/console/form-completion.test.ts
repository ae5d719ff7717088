/**
 * Completion deadlines (期限) as duties (issue 13), at console level on an injected clock: the
 * implementers are reminded before the 期限 at its working-time minutes, the escalation runs when
 * it passes, an accepted 申请延期 moves both, late completion is fined only when the policy says
 * so, and the monthly assessment counts it per person and department as the database holds it.
 *
 * Demo org: zheng (生产部 SCB) issues, zhao approves; 技术部 JSB's leader lin signs and assigns
 * he; lin's own superior is chen (副总经理), JSB's 主管领导.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildMonthlyAssessment } from '../../src/app/reports/build-monthly-assessment.js';
import { localInstant } from '../../src/domain/local-time.js';
import { conversation, createTestApp, policyWith, TZ, type TestApp } from '../helpers/app.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const FORM = 'SCB20261101';

/** Monday 2026-11-23 09:00: a form due Wednesday 11-25 (17:30), signed and assigned to he. */
async function assigned(policyYaml = '') {
  app = await createTestApp('2026-11-23 09:00', policyYaml ? { policy: policyWith(policyYaml) } : {});
  const c = conversation(app);
  await c.say(':as zheng', '新建联络单 JSB 2026-11-25 工作指令 准备试压方案', ':as zhao', '同意');
  await c.say(':as lin', `签收 ${FORM}`);
  const a = app;
  /** Moves the clock to local `when`, running the sweep on the way; returns what was said. */
  const until = (when: string) => c.say(`:advance ${Math.round((localInstant(when, TZ) - a.clock.now()) / 60_000)}m`);
  return { c, until };
}

const duties = (a: TestApp) => a.store.transaction((tx) => tx.duties.forSubjects('form', [1]));
const violations = (a: TestApp) => a.store.transaction((tx) => tx.violations.list({ month: '2026-11' }));

describe('the completion deadline', () => {
  it('is the receiving leader’s until assigned, then the implementer’s, shown in 我的待办', async () => {
    const { c } = await assigned();
    expect((await duties(app!)).filter((d) => d.rule === 'form_completion').map((d) => [d.person, d.status])).toEqual([['lin', 'open']]);
    await c.say(`指派 ${FORM} @he`);
    expect((await duties(app!)).filter((d) => d.rule === 'form_completion').map((d) => [d.person, d.status])).toEqual([['lin', 'cancelled'], ['he', 'open']]);
    const todo = await c.say(':as he', '我的待办');
    expect(todo).toContain('待完成(联络单期限):');
    expect(todo).toContain(`· ${FORM}《准备试压方案》期限 2026-11-25 17:30`);
    // 收到 does not discharge it: only 完成 does.
    expect(await c.say('收到')).toContain('您目前没有需要回复「收到」的事项');
  });

  it('reminds at 8 h and 2 h of working time before, then escalates to the leader and the 主管领导, without a fine by default', async () => {
    const { c, until } = await assigned();
    await c.say(`指派 ${FORM} @he`);
    expect(await until('2026-11-24 17:29')).not.toContain('完成期限提醒');
    expect(await until('2026-11-24 17:30')).toContain(`【完成期限提醒】联络单 ${FORM}《准备试压方案》须于 2026-11-25 17:30 前完成`);
    expect(await until('2026-11-25 15:29')).not.toContain('完成期限提醒');
    expect(await until('2026-11-25 15:30')).toContain('【完成期限提醒】');
    const due = await until('2026-11-25 17:30');
    expect(due).toContain(`【逾期未完成】联络单 ${FORM}《准备试压方案》的期限 2026-11-25 17:30 已过`);
    expect(due).not.toContain('已记违规');
    expect(await until('2026-11-26 08:29')).not.toContain('【逾期上报】');
    expect(await until('2026-11-26 08:30')).toMatch(/>> thread SCB20261101 → lin[\s\S]*【逾期上报】何静 负责的联络单 SCB20261101《准备试压方案》期限 2026-11-25 17:30 已过仍未完成,已逾期 30分钟/);
    expect(await until('2026-11-26 10:00')).toMatch(/→ chen[\s\S]*【逾期上报】何静 负责的联络单 SCB20261101/);
    expect(await c.say(':as he', `完成 ${FORM} 方案已提交`)).toContain('已报告完成');
    expect(await violations(app!)).toEqual([]);
    const [done] = (await duties(app!)).filter((d) => d.rule === 'form_completion' && d.person === 'he');
    expect(done).toMatchObject({ status: 'done', doneAt: localInstant('2026-11-26 10:00', TZ) });
  });

  it('an accepted 申请延期 moves the deadline, its reminders and its escalation', async () => {
    const { c, until } = await assigned();
    await c.say(`指派 ${FORM} @he`);
    await until('2026-11-24 10:00');
    await c.say(':as he', `申请延期 ${FORM} 2026-11-27 等待来料`);
    expect(await c.say(':as zheng', `同意 ${FORM}`)).toContain('新期限 2026-11-27 17:30');
    expect(await until('2026-11-25 17:30')).not.toMatch(/完成期限提醒|逾期/);
    expect(await until('2026-11-26 17:29')).not.toContain('完成期限提醒');
    expect(await until('2026-11-26 17:30')).toContain('须于 2026-11-27 17:30 前完成');
    await until('2026-11-27 10:00');
    await c.say(':as he', `完成 ${FORM} 方案已提交`);
    expect(await until('2026-11-30 12:00')).not.toContain('逾期');
    const model = await buildMonthlyAssessment(app!, '2026-11', app!.clock.now());
    const jsb = model.departments.find((d) => d.key === 'JSB')!;
    expect(jsb.forms).toMatchObject({ completedOnTime: 1, completedLate: 0, completionPending: 0 });
  });

  it('is a fined violation when the policy switches it on', async () => {
    const { c, until } = await assigned('rules:\n  form_completion:\n    violation: true\n');
    await c.say(`指派 ${FORM} @he`);
    expect(await until('2026-11-25 17:30')).toContain('已记违规:工作联络单未在期限内完成,2026-11 第 1 次,罚款 20 元');
    expect((await violations(app!)).map((v) => [v.person, v.rule, v.fine])).toEqual([['he', 'form_completion', 20]]);
  });

  it('the assessment counts a late completion per person and department, as the database holds it', async () => {
    const { c, until } = await assigned();
    await c.say(`指派 ${FORM} @he`);
    await until('2026-11-26 09:00');
    await c.say(':as he', `完成 ${FORM} 方案已提交`);
    const model = await buildMonthlyAssessment(app!, '2026-11', app!.clock.now());
    const rows = await duties(app!);
    const late = rows.filter((d) => d.rule === 'form_completion' && d.status === 'done' && d.doneAt! > d.dueAt);
    expect(late.map((d) => d.person)).toEqual(['he']);
    expect(model.people.find((p) => p.key === 'he')!.forms).toMatchObject({ completedOnTime: 0, completedLate: 1 });
    expect(model.departments.find((d) => d.key === 'JSB')!.forms).toMatchObject({ completedOnTime: 0, completedLate: 1 });
    expect(model.totals.forms).toMatchObject({ completedOnTime: 0, completedLate: 1, completionPending: 0 });
    // lin's placeholder duty was cancelled on assignment and is not counted against him.
    expect(model.people.find((p) => p.key === 'lin')!.forms).toMatchObject({ completedOnTime: 0, completedLate: 0, completionPending: 0 });
  });
});

/**
 * Issue 18 item 6: a disputed form is not a dead end. The issuer sees it in 我的待办 with what they
 * can do; 转交 re-issues it to another department under the same number with its history; 撤回
 * ends a form and its duties and tells the other side.
 */
import { afterEach, expect, it } from 'vitest';
import { conversation, createTestApp, type TestApp } from '../helpers/app.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const openDuties = (a: TestApp, person: string) => a.store.transaction((tx) => tx.duties.openForPerson(person));

it('after a dispute the issuer transfers the form; the receiver transfers and the issuer withdraws another', async () => {
  app = await createTestApp('2026-12-01 09:00');
  const c = conversation(app);
  await c.say(':as zheng', '新建联络单 JSB 2026-12-04 要求协助 二号锅炉图纸确认', ':as zhao', '同意');
  await c.say(':as lin', '有异议 SCB20261201 这是质量部的事');

  const todo = await c.say(':as zheng', '我的待办');
  expect(todo).toMatch(/SCB20261201《二号锅炉图纸确认》 有异议 · 期限 [^\n]* · 可修改\/撤回\/转交/);
  expect(todo).toContain('[修改 SCB20261201]');

  const moved = await c.say('转交 SCB20261201 质量部 属质量部职责');
  expect(moved).toContain('已转交');
  expect(moved).toMatch(/>> thread SCB20261201 → xu\n工作联络单 SCB20261201《二号锅炉图纸确认》[\s\S]*郑伟 转交技术部 → 质量部:属质量部职责[\s\S]*\[签收\] \[有异议\]/);
  expect(moved).toMatch(/>> thread SCB20261201 → lin\n[^\n]*\n郑伟 转交技术部 → 质量部/);
  expect((await openDuties(app, 'xu')).map((d) => [d.rule, d.subject.ref])).toEqual([['liaison_form', 'SCB20261201']]);
  expect(await openDuties(app, 'lin')).toEqual([]);
  const view = await c.say('查看 SCB20261201');
  expect(view).toContain('接收部门:质量部');
  expect(view).toContain('有异议:这是质量部的事'); // the history stays with the number
  expect(await c.say(':as lin', '签收 SCB20261201')).toContain('找不到联络单'); // no longer lin's

  // The receiving leader hands a second form on before signing; then the issuer withdraws it.
  await c.say(':as zheng', '新建联络单 JSB 2026-12-04 要求协助 三号锅炉焊缝复检', ':as zhao', '同意');
  expect(await c.say(':as lin', '转交 SCB20261202 zlb 焊缝归质量部')).toContain('已转交');
  expect((await openDuties(app, 'xu')).map((d) => d.subject.ref).sort()).toEqual(['SCB20261201', 'SCB20261202']);
  const withdrawn = await c.say(':as zheng', '撤回 SCB20261202 需求取消');
  expect(withdrawn).toContain('已撤回');
  expect(withdrawn).toMatch(/>> thread SCB20261202 → xu\n[^\n]*\n郑伟 撤回（作废）联络单:需求取消\n这张联络单已作废,相关待办已取消。/);
  expect((await openDuties(app, 'xu')).map((d) => d.subject.ref)).toEqual(['SCB20261201']);
  expect(await c.say('查看 SCB20261202')).toContain('状态:已撤回');
  expect(await c.say(':as xu', '我的待办')).not.toContain('SCB20261202');
});

it('the form a receiving leader gets states the sign deadline (issue 18 item 10)', async () => {
  app = await createTestApp('2026-12-01 09:00');
  const c = conversation(app);
  // Issued at 09:00 with the 4-working-hour window: due 14:30 (lunch 12:00–13:30 does not count).
  const out = await c.say(':as zheng', '新建联络单 JSB 2026-12-04 要求协助 二号锅炉图纸确认', ':as zhao', '同意');
  expect(out).toMatch(/>> thread SCB20261201 → lin\n[^\n]*\n[^\n]*\n请于 2026-12-01 14:30 前签收或提出异议/);
  const duty = (await openDuties(app, 'lin'))[0]!;
  expect(duty.dueAt).toBe(Date.parse('2026-12-01T06:30:00Z'));
});

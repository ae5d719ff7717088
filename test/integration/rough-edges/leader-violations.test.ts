/** Issue 18 item 2 (and 14's 违规 for a leader's scope): a leader sees their tree's violations. */
import { afterEach, expect, it } from 'vitest';
import { conversation, createTestApp, type TestApp } from '../../helpers/app.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

it('shows a leader the violations of their department and those below, and refuses the rest', async () => {
  app = await createTestApp('2026-12-01 09:00');
  const c = conversation(app);
  await c.say(':as wang', '通知 @zheng @qian @lin 安全检查', ':advance 1d');
  const own = await c.say(':as zheng', '违规');
  expect(own).toMatch(/WG\d+ 郑伟/);

  const ofZheng = await c.say(':as zhao', '违规 @zheng');
  expect(ofZheng).toMatch(/WG\d+ 郑伟/);
  expect(ofZheng).not.toContain('没有违规记录');
  expect(await c.say('违规 @qian')).toMatch(/WG\d+ 钱勇/); // 金工车间 is below 生产部
  const scope = await c.say('违规');
  expect(scope).toMatch(/郑伟/);
  expect(scope).toMatch(/钱勇/);
  expect(scope).not.toMatch(/林志华/);

  const lin = await c.say('违规 @lin');
  expect(lin).toContain('不在您负责的部门');
  expect(lin).not.toMatch(/WG\d+/);
  expect(lin).not.toContain('没有违规记录');

  const peer = await c.say(':as zheng', '违规 @shi');
  expect(peer).toContain('只有部门负责人');
  expect(peer).toContain('发「违规」查看您自己的');
  expect(peer).not.toContain('没有违规记录');
});

it('exports violations as CSV under the same rule (issue 18 item 14)', async () => {
  app = await createTestApp('2026-12-01 09:00');
  const c = conversation(app);
  await c.say(':as wang', '通知 @zheng @lin 安全检查', ':advance 1d');
  const hr = await c.say(':as liu', '导出违规 2026-12');
  expect(hr).toContain('违规导出 2026-12 · 全公司');
  expect(hr).toContain('编号,人员,部门,规则,事项,截止,逾期,当月次数,罚款(元),豁免原因');
  expect(hr).toMatch(/WG\d+,郑伟,生产部,上级通知未在时限内回复,TZ1《安全检查》,2026-12-01 09:30,[^,]+,1,20,/);
  expect(hr).toMatch(/WG\d+,林志华,技术部/);
  const zhao = await c.say(':as zhao', '导出违规');
  expect(zhao).toMatch(/郑伟/);
  expect(zhao).not.toMatch(/林志华/);
  expect(await c.say(':as zheng', '导出违规 @lin')).toContain('只有部门负责人');
});

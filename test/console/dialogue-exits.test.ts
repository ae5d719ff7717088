/**
 * Issue 18 item 8: a guided dialogue never swallows a complete command, and every step says how
 * to cancel (and to skip, where skipping is allowed).
 */
import { afterEach, expect, it } from 'vitest';
import { conversation, type TestApp } from '../helpers/app.js';
import { feedbackApp } from '../feedback/helpers.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

it('a complete command during 匿名反馈 leaves the dialogue and is carried out', async () => {
  app = await feedbackApp('2026-12-01 09:00');
  const c = conversation(app);
  expect(await c.say(':as zheng', '匿名反馈 投诉')).toContain('第 2 步');
  const out = await c.say('反馈 建议 食堂菜价应公示');
  expect(out).toContain('已退出进行中的对话,未保存任何内容');
  expect(out).toContain("已登记信息反馈 FK20261201-001");
  const items = await app.store.transaction((tx) => tx.feedback.list({}));
  expect(items.map((i) => [i.category, i.description, i.anonymous])).toEqual([['suggestion', '食堂菜价应公示', false]]);
  // The dialogue is gone: the next line is not an answer to it.
  expect(await c.say('跳过')).toContain('看不懂');
});

it('a step on a form without a number is an answer, not a command; with a number it leaves', async () => {
  app = await feedbackApp('2026-12-01 09:00');
  const c = conversation(app);
  await c.say(':as zheng', '新建联络单', 'JSB', '2026-12-04');
  const subject = await c.say('跟催供应商交货');
  expect(subject).toContain('第 4 步');
  expect(subject).not.toContain('已退出');
  const left = await c.say('查看 SCB20269999');
  expect(left).toContain('已退出进行中的对话');
  expect(left).toContain('找不到联络单「SCB20269999」');
  expect(await app.store.transaction((tx) => tx.forms.list({}))).toEqual([]);
});

it('every step names 取消, and 跳过 wherever it works — also at the last step of 新建联络单', async () => {
  app = await feedbackApp('2026-12-01 09:00');
  const c = conversation(app);
  const steps = [await c.say(':as zheng', '新建联络单'), await c.say('技术部'), await c.say('2026-12-04'), await c.say('图纸确认'), await c.say('跳过')];
  for (const s of steps) expect(s).toContain('取消');
  expect(steps[3]).toContain('跳过');
  expect(steps[4]).toContain('「跳过」提交审批');
  expect(await c.say('跳过')).toContain('已起草 #1');

  const fb = [await c.say('反馈'), await c.say('建议'), await c.say('仓库货架标识不清'), await c.say('跳过'), await c.say('跳过'), await c.say('跳过')];
  for (const s of fb) expect(s).toContain('取消');
  for (const s of fb.slice(2, 5)) expect(s).toContain('跳过');
  expect(fb[5]).toContain('是否匿名');
});

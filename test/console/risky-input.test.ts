/** Issue 18 item 11: risky input is accepted with a word — deadlines outside working time, long subjects. */
import { afterEach, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { conversation, createTestApp, policyWith, type TestApp } from '../helpers/app.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

it.each([
  ['a Saturday', '2026-12-05 10:00', '休息日', '2026-12-07 08:00'],
  ['a company holiday', '2026-12-24 10:00', '休息日', '2026-12-25 08:00'],
  ['23:00 on a workday', '2026-12-03 23:00', '下班时间', '2026-12-04 08:00'],
])('warns about a 期限 on %s and names the next working time', async (_n, when, why, next) => {
  const policy = policyWith(readFileSync('data/policy.yaml', 'utf8').replace('  holidays: []', '  holidays: [2026-12-24]'));
  app = await createTestApp('2026-12-01 09:00', { policy });
  const out = await conversation(app).say(':as zheng', `新建联络单 JSB ${when} 图纸确认`);
  expect(out).toContain('已起草 #1');
  expect(out).toContain(`注意:期限 ${when} 是${why}`);
  expect(out).toContain(`对方最早在 ${next} 上班后才能处理`);
});

it('says nothing about a 期限 inside working time', async () => {
  app = await createTestApp('2026-12-01 09:00');
  expect(await conversation(app).say(':as zheng', '新建联络单 JSB 2026-12-04 图纸确认')).not.toContain('注意:期限');
});

it('cuts a long 主题 in cards to its display length; 查看 shows it whole', async () => {
  app = await createTestApp('2026-12-01 09:00');
  // 200 characters: the longest 主题 the input layer takes (issue 15, src/chat/input-hygiene.ts); longer is refused whole.
  const subject = '锅'.repeat(200);
  const c = conversation(app);
  const out = await c.say(':as zheng', `新建联络单 JSB 2026-12-04 ${subject}`, ':as zhao', '同意');
  expect(out).not.toContain(subject);
  expect(out).toContain(`《${'锅'.repeat(40)}…》`);
  expect(await c.say(`查看 SCB20261201`)).toContain(`主题(全文):${subject}`);
  expect(await c.say(':as zheng', `新建联络单 JSB 2026-12-04 ${subject}锅`)).toMatch(/主题.*200/);
});

/** Issue 18 item 14: 月度考评 [YYYY-MM] in chat for HR and 总经办; others are refused in words. */
import { afterEach, expect, it } from 'vitest';
import { conversation, createTestApp, type TestApp } from '../helpers/app.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

it('gives HR and 总经办 the month’s summary; refuses a leader, a bad and a future month', async () => {
  app = await createTestApp('2026-12-01 09:00');
  const c = conversation(app);
  await c.say(':as wang', '通知 @zhao 安全检查', ':advance 1h');
  const hr = await c.say(':as liu', '月度考评 2026-12');
  expect(hr).toContain('月度考评 2026-12');
  expect(hr).toMatch(/违规:1 次/);
  expect(await c.say(':as wang', '月度考评')).toContain('月度考评 2026-11'); // default: the previous month
  const leader = await c.say(':as zhao', '月度考评 2026-12');
  expect(leader).toContain('只有人力行政部和总经办可以查看月度考评');
  expect(leader).not.toContain('违规:');
  expect(await c.say(':as liu', '月度考评 2027-01')).toContain('还没有开始');
  expect(await c.say('月度考评 12月')).toContain('不是有效的月份');
});

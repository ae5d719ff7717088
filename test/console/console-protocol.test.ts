/** Issue 18 items 7 and 15: comments, :as by name, :who, the prompt. */
import { afterEach, expect, it } from 'vitest';
import { ConsoleSession, stripComment } from '../../src/adapters/console/console-session.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

it.each([
  ['# a whole comment line', ''],
  ['   # indented comment', ''],
  [':as zheng  # 郑伟, 生产部', ':as zheng'],
  [':as zheng\t# tab comment', ':as zheng'],
  ['同意                # → numbered', '同意'],
  ['查看 #3', '查看 #3'],
  ['修改 #1 地点: 二号车间', '修改 #1 地点: 二号车间'],
])('strips comments: %s', (line, kept) => expect(stripComment(line)).toBe(kept));

it('takes :as by name, lists people with :who, and shows speaker and place in the prompt', async () => {
  app = await createTestApp('2026-12-01 09:00');
  const out: string[] = [];
  const s = new ConsoleSession(app, (l) => out.push(l));
  await s.line(':who');
  expect(out).toContain(':: zheng    郑伟 · 生产部 SCB');
  expect(out).toContain(':: zhao     赵强 · 生产部 SCB · 部门负责人');
  expect(out.find((l) => l.includes('陈志远'))).toContain('生产部主管领导');
  expect(out.find((l) => l.includes('刘敏'))).toContain('人力行政部');
  expect(out).toHaveLength(app.org.people.length);
  await s.line(':as 郑伟  # by name');
  expect(s.prompt()).toBe('zheng> ');
  await s.line(':in SCB');
  expect(s.prompt()).toBe('zheng@SCB> ');
  await s.line(':as lin');
  await s.line(':thread SCB20261201');
  expect(s.prompt()).toBe('lin#SCB20261201> ');
  await s.line(':as 不存在');
  expect(s.prompt()).toBe('?#SCB20261201> ');
});

it(':advance runs the scheduled jobs it crosses: the 09:00 digest, the 1st’s assessment', async () => {
  app = await createTestApp('2026-11-30 16:00');
  const out: string[] = [];
  const s = new ConsoleSession(app, (l) => out.push(l));
  for (const l of [':as wang', '通知 @zhao 开会', ':advance 16h']) await s.line(l); // to 1 December 08:00 (working time)
  expect(out.join('\n')).not.toContain('逾期汇总');
  out.length = 0;
  await s.line(':advance 2h'); // crosses 09:00 on the 1st, and 10:00
  const text = out.join('\n');
  expect(text).toMatch(/>> to zhao\n[^\n]*逾期汇总/);
  expect(text).toMatch(/>> to liu\n[^\n]*月度考评 2026-11/);
});

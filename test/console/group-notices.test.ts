/** Issue 18 item 13: notices to a group — @所有人, a department, a department and its tree. */
import { afterEach, expect, it } from 'vitest';
import { conversation, createTestApp, type TestApp } from '../helpers/app.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const dutyHolders = async (a: TestApp) => (await a.store.transaction((tx) => tx.notices.byRef('TZ1')))?.recipients.sort();

it('@SCB is the department, @SCB+ its tree, @所有人 everyone; one duty per person, never the sender', async () => {
  app = await createTestApp('2026-12-01 09:00');
  const c = conversation(app);
  expect(await c.say(':as zhao', '通知 @SCB 明早八点开安全会')).toContain('已发出通知 TZ1 给 郑伟、石磊');
  expect(await dutyHolders(app)).toEqual(['shi', 'zheng']);
  const tree = await c.say('通知 @生产部+ 全车间安全检查');
  expect(tree).toContain('已发出通知 TZ2 给 郑伟、石磊、周海涛、吴刚、钱勇');
  const all = await c.say(':as wang', '通知 @所有人 年终总结会');
  const people = app.org.people.filter((p) => p.id !== 'wang');
  const duties = await app.store.transaction((tx) => tx.duties.openForPerson('liu'));
  expect(duties.map((d) => d.subject.ref)).toContain('TZ3');
  expect(all).toContain('已发出通知 TZ3');
  for (const p of people) expect(all).toContain(`>> to ${p.id}\n通知 TZ3`);
});

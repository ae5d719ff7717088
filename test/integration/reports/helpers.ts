/** Shared by the report tests: the app on each test dialect, and the outbox rows not yet delivered. */
import { expect } from 'vitest';
import type { OutboxRow } from '../../../src/app/ports.js';
import { localInstant } from '../../../src/domain/local-time.js';
import { conversation, createTestApp, TZ, type TestApp } from '../../helpers/app.js';
import type { TestDialect } from '../../helpers/databases.js';

/** A test app on a fresh database of the dialect, clock at local `start`. */
export async function appOn(dialect: TestDialect, start: string): Promise<TestApp> {
  const db = await dialect.create();
  return createTestApp(start, { url: db.url, drop: db.drop });
}

/**
 * Outbox rows still pending. The console delivers everything after each line, so after a scene
 * these are exactly what a job called directly has enqueued.
 */
export async function pending(app: TestApp): Promise<OutboxRow[]> {
  return app.store.transaction((tx) => tx.outbox.due(Number.MAX_SAFE_INTEGER, 10_000));
}

/** A message's text as the console would show it: title, then lines. */
export function textOf(row: OutboxRow): string {
  return [row.view.title ?? '', ...row.view.lines].join('\n');
}

/**
 * November 2026 (Monday 2 → Saturday 7), demo org, default policy (fines 20/50/100), ending on
 * 1 December 09:00:
 * - SCB20261101 生产部 → 技术部: signed on time by lin, chased once, done, closed by zheng.
 * - CGB20261101 采购部 → 质量部: disputed on time by xu, revised, the revision signed on time.
 * - JSB20261101 技术部 → 生产部: zhao misses the sign window (violation, liaison_form tier 1) and
 *   signs on Friday.
 * - wang's notices: zhao misses four (TZ1 waived by liu → the other three are tiers 1, 2, 3),
 *   han misses one (tier 1). Then xu misses a notice due on 1 December: December's violation.
 */
export async function november(a: TestApp): Promise<void> {
  const c = conversation(a);
  await c.say(':as zheng', '新建联络单 JSB 2026-11-20 工作指令 准备试压方案', ':as zhao', '同意', ':as lin', '签收 SCB20261101', '指派 SCB20261101 @he');
  await c.say(':as zheng', '跟催 SCB20261101 请加快', ':as he', '完成 SCB20261101 方案已提交', ':as zheng', '结案 SCB20261101 按时完成');
  await c.say(':as song', '新建联络单 ZLB 2026-11-20 要求协助 来料检验', ':as guo', '同意', ':as xu', '有异议 CGB20261101 人手不足');
  await c.say(':as song', '修改 CGB20261101 期限: 2026-11-27', ':as xu', '签收 CGB20261101');
  await c.say(':as he', '新建联络单 SCB 2026-11-20 要求协助 提供排产', ':as lin', '同意');
  for (const n of ['一', '二', '三', '四']) await c.say(':as wang', `通知 @zhao 第${n}次安全检查`, ':advance 1d');
  await c.say(':as zhao', '签收 JSB20261101');
  await c.say(':as wang', '通知 @han 客户来访接待', ':advance 1d');
  const first = (await a.store.transaction((tx) => tx.violations.list({ month: '2026-11' }))).find((v) => v.subjectRef === 'TZ1')!;
  expect(await c.say(':as liu', `豁免 WG${first.id} 当天企业微信故障`)).toContain('已豁免');
  a.clock.set(localInstant('2026-11-30 17:20', TZ));
  await c.say(':as wang', '通知 @xu 十二月计划');
  a.clock.set(localInstant('2026-12-01 09:00', TZ));
  await c.say(':advance 0m');
}


/**
 * Issue 18 "Done when": the README's walk-through is itself a test. The exact ```text block under
 * "A five-minute walk-through", comments and all, is piped into `npx shoudao console`, and what
 * its comments claim is checked in the output.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { createSqliteFile } from '../helpers/databases.js';

function walkThrough(): string {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('## A five-minute walk-through'));
  const m = /```text\n([\s\S]*?)```/.exec(section);
  if (!m) throw new Error('no walk-through block in README.md');
  return m[1]!;
}

it('runs the README block as pasted and produces what its comments say', async () => {
  const block = walkThrough();
  expect(block).toContain('  # '); // it does carry comments, and they must not break it
  const db = await createSqliteFile();
  try {
    const r = spawnSync(process.execPath, ['bin/shoudao.mjs', 'console', '--db', db.url], { input: block, encoding: 'utf8', timeout: 90_000 });
    expect(r.status, r.stderr).toBe(0);
    const out = r.stdout;
    expect(out).not.toMatch(/^:: (未知|无效|没有发言人)/m); // no line was misread
    expect(out).toContain(':: 2026-12-01 09:00');
    // 同意 → numbered SCB20261201, posted to 技术部's leader
    expect(out).toMatch(/>> thread SCB20261201 → lin\n工作联络单 SCB20261201《二号锅炉图纸确认》\n赵强 审批同意,编号 SCB20261201/);
    // the revision goes back to lin to sign; 收到 in the thread signs it
    expect(out).toMatch(/>> thread SCB20261201 → lin\n[^\n]*\n郑伟 修订:期限 2026-12-08 17:30/);
    expect(out).toContain('已签收:SCB20261201');
    // the change request, accepted; the follow-up is counted; done; closed
    expect(out).toContain('申请延期至 2026-12-10 17:30:图纸复杂');
    expect(out).toContain('同意延期,新期限 2026-12-10 17:30');
    expect(out).toContain('第 1 次跟催');
    expect(out).toContain('状态:已结案');
    expect(out).toContain('往来记录:');
    // the notice: a duty each, 30 working minutes
    expect(out).toContain('已发出通知 TZ1 给 赵强、林志华,需在 2026-12-01 09:30 前回复');
    // reminder at 20m; at 30m a violation and 【逾期】 to each
    expect(out).toMatch(/>> to zhao\n【提醒】TZ1/);
    expect(out).toMatch(/>> to zhao\n已记违规:上级通知未在时限内回复,2026-12 第 1 次,罚款 20 元。[^\n]*\n【逾期】TZ1/);
    expect(out).toMatch(/>> to lin\n已记违规/);
    // a late ack keeps the violation, with its lateness
    expect(out).toContain('已确认收到 TZ1《明早八点开安全会》,但已逾期 5分钟,违规记录保留。');
    // a leader sees their departments' violations
    expect(out).toMatch(/违规记录 2026-12 · 生产部、金工车间\nWG1 赵强/);
  } finally {
    await db.drop();
  }
});

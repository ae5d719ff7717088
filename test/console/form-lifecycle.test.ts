/**
 * Issue 2 "Done when": a scripted console session takes a form through every step — approval, a
 * dispute and revision, a change request, three follow-ups with 总经办 told on the third, done,
 * result, closure — and `查看` shows the whole history. Run in-process and through the real CLI.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteFile } from '../helpers/databases.js';
import { conversation, createTestApp, type TestApp } from '../helpers/app.js';

const SCRIPT = readFileSync('test/console/form-lifecycle.script.txt', 'utf8')
  .split('\n')
  .filter((l) => !l.startsWith('#'));

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

function blocks(out: string): string[] {
  return out.split('\n\n').filter(Boolean);
}

describe('form lifecycle through the console', () => {
  it('takes a form through every step and shows the whole thread', async () => {
    app = await createTestApp('2026-11-24 09:00');
    const out = await conversation(app).say(...SCRIPT);
    const b = blocks(out);
    // Approval numbers the form and posts it to the receiving leader's thread.
    expect(b.some((x) => x.startsWith('>> thread SCB20261101 → lin') && x.includes('[签收] [有异议]'))).toBe(true);
    // The dispute reaches the issuer; the revision goes back to the receiving leader to sign.
    expect(out).toMatch(/>> thread SCB20261101 → zheng\n联络单 SCB20261101《二号锅炉图纸确认》\n林志华 有异议:期限太紧/);
    expect(out).toMatch(/>> thread SCB20261101 → lin\n工作联络单 SCB20261101《二号锅炉图纸确认》\n郑伟 修订:期限 2026-11-30 17:30/);
    // The negotiation message is part of the thread and reaches the other side.
    expect(out).toContain('>> thread SCB20261101 → lin\n联络单 SCB20261101《二号锅炉图纸确认》\n郑伟 这个图纸下周一前必须确认');
    // Change request and its acceptance.
    expect(out).toContain('何静 申请延期至 2026-12-03 17:30:图纸复杂,需要多两天');
    expect(out).toContain('郑伟 同意延期,新期限 2026-12-03 17:30');
    // Three follow-ups; only the third tells 总经办 (wang).
    const gm = b.filter((x) => x.startsWith('>> to wang') && x.includes('【跟催通报】'));
    expect(gm).toHaveLength(1);
    expect(gm[0]).toContain('已被跟催 3 次');
    // 查看 shows the whole history in order.
    const view = b.find((x) => x.includes('往来记录:'))!;
    const history = view.split('往来记录:\n')[1]!.split('\n').filter(Boolean);
    const steps = [
      '起草联络单', '修改:地点 二号车间;事件 锅炉本体图纸与现场不符', '审批同意,编号 SCB20261101', '有异议:期限太紧',
      '这个图纸下周一前必须确认', '修订:期限 2026-11-30 17:30', '签收', '指派实施人:何静', '申请延期至 2026-12-03 17:30',
      '同意延期', '第 1 次跟催', '第 2 次跟催:请加快', '第 3 次跟催:第三次跟催', '报告完成:图纸已确认并下发车间',
      '记录完成结果并结案。评价:结果良好,按期完成',
    ];
    expect(history).toHaveLength(steps.length);
    steps.forEach((s, i) => expect(history[i]).toContain(s));
    expect(history[11]).toMatch(/^2026-11-25 09:00 郑伟:/);
    expect(view).toContain('状态:已结案');
    expect(view).toContain('完成结果:图纸已确认并下发车间');
  });

  it('runs the same script through `npx shoudao console` on stdin', async () => {
    const db = await createSqliteFile();
    try {
      // The script sets its own clock (:now on its first line): no --now is needed.
      const r = spawnSync('node', ['bin/shoudao.mjs', 'console', '--db', db.url], {
        input: readFileSync('test/console/form-lifecycle.script.txt'),
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('>> thread SCB20261101 → lin');
      expect(r.stdout).toContain('状态:已结案');
      expect(r.stderr).toContain('演示组织');
    } finally {
      await db.drop();
    }
  });
});

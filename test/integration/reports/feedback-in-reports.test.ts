/**
 * 信息反馈 in the reports (issue 13): the monthly assessment's feedback sheet is checked against
 * the database (every figure recomputed here from the stored items), names nobody and carries no
 * text; the overdue digest lists feedback duties past due by number and category only.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { buildMonthlyAssessment } from '../../../src/app/reports/build-monthly-assessment.js';
import { sendOverdueDigest } from '../../../src/app/reports/send-overdue-digest.js';
import type { FeedbackItem } from '../../../src/domain/feedback/feedback.js';
import { writeAssessmentXlsx } from '../../../src/infra/report/assessment-xlsx.js';
import { TR } from '../../../src/texts/reports.js';
import { conversation, TZ, type TestApp } from '../../helpers/app.js';
import { feedbackApp, fk } from '../../feedback/helpers.js';

let app: TestApp | undefined;
let dir: string | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

/** Tuesday 2026-11-24: two linked canteen complaints and an anonymous suggestion about 生产部, a problem for 技术部. */
async function scene(a: TestApp) {
  const c = conversation(a);
  await c.say(':as zheng', '反馈 投诉 食堂饭菜太咸,油也太多,吃了不舒服\n部门: SCB');
  await c.say(':as he', '反馈 投诉 最近食堂的菜又咸又油,希望改进一下\n部门: SCB');
  await c.say(':as ma', '匿名反馈 建议 车间增加一台饮水机\n部门: SCB');
  await c.say(':as qian', '反馈 问题 三号行车刹车有异响\n部门: JSB');
  await c.say(':as sun', `受理 ${fk(1)}`, `解决 ${fk(1)} 已调整菜谱,少盐少油`);
  await c.say(':as zheng', `确认 ${fk(1)} 4 好多了`, `重开 ${fk(1)} 这周又咸了`);
  await c.say(':advance 2d'); // Thursday: the other three were never triaged
  return c;
}

type Cell = string | number;
function sheet(ws: ExcelJS.Worksheet): Cell[][] {
  const out: Cell[][] = [];
  ws.eachRow((r) => out.push((r.values as Array<Cell | null>).slice(1).map((v) => v ?? '')));
  return out;
}

/** The sheet's figures, recomputed from stored items with this test's own reading of the definitions. */
function expected(items: FeedbackItem[], asOf: number): Cell[] {
  const responded = items.filter((i) => i.firstResponseAt !== undefined);
  const responseCounted = items.filter((i) => i.firstResponseAt !== undefined || asOf > i.responseDueAt);
  const withTarget = items.filter((i) => i.resolutionDueAt !== undefined);
  const resolutionCounted = withTarget.filter((i) => i.resolvedAt !== undefined || asOf > i.resolutionDueAt!);
  const resolvedOnTime = withTarget.filter((i) => i.resolvedAt !== undefined && i.resolvedAt <= i.resolutionDueAt!);
  const onTime = responded.filter((i) => i.firstResponseAt! <= i.responseDueAt);
  const rated = items.filter((i) => i.satisfaction !== undefined);
  const r3 = (n: number, d: number) => (d ? Math.round((n / d) * 1000) / 1000 : '');
  return [
    items.length, items.filter((i) => i.anonymous).length, onTime.length, responseCounted.length, r3(onTime.length, responseCounted.length),
    resolvedOnTime.length, resolutionCounted.length, r3(resolvedOnTime.length, resolutionCounted.length),
    rated.length ? Math.round((rated.reduce((s, i) => s + i.satisfaction!, 0) / rated.length) * 100) / 100 : '',
    rated.length, items.filter((i) => i.reopenCount > 0).length,
  ];
}

describe('feedback in the monthly assessment', () => {
  it('the XLSX feedback sheet equals figures recomputed from the database, naming nobody', async () => {
    app = await feedbackApp('2026-11-24 09:00');
    await scene(app);
    const now = app.clock.now();
    const items = await app.store.transaction((tx) => tx.feedback.list({}));
    expect(items).toHaveLength(4);
    expect(items[0]!.links).toContain(items[1]!.id); // the two canteen complaints are linked
    const model = await buildMonthlyAssessment(app, '2026-11', now);
    dir = await mkdtemp(join(tmpdir(), 'shoudao-fb-'));
    const file = join(dir, 'a.xlsx');
    await writeAssessmentXlsx(model, app.org, TZ, file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const rows = sheet(wb.getWorksheet(TR.sheetFeedback)!);
    expect(rows[0]).toEqual([TR.colDeptCode, TR.colDept, ...TR.feedbackColumns]);
    const row = (code: string) => rows.find((r) => r[0] === code)!;
    const scb = items.filter((i) => i.dept === 'SCB');
    expect(row('SCB').slice(2, 13)).toEqual(expected(scb, now));
    expect(row('JSB').slice(2, 13)).toEqual(expected(items.filter((i) => i.dept === 'JSB'), now));
    expect(rows[rows.length - 1]!.slice(2, 13)).toEqual(expected(items, now));
    expect(row('SCB').slice(2, 4)).toEqual([3, 1]); // three items, one anonymous
    expect(row('SCB')[13]).toBe(`投诉×2(${fk(1)}、${fk(2)})`);
    // Figures only: no text of any item, no submitter.
    const all = JSON.stringify(rows);
    for (const secret of ['食堂', '饮水机', '刹车', '郑伟', '何静', '马丽', '钱勇', 'ma']) expect(all).not.toContain(secret);
    const summary = (await import('../../../src/domain/report/assessment-view.js')).assessmentSummary(model, app.org, TZ);
    expect(summary.lines).toContainEqual(expect.stringMatching(/^信息反馈:收到 4 条\(匿名 1\);首次响应及时 25%\(1\/4\)/));
  });

  it('the overdue digest lists feedback duties past due, by number and category, never the text or the anonymous sender', async () => {
    app = await feedbackApp('2026-11-24 09:00');
    await scene(app);
    await sendOverdueDigest(app, app.clock.now());
    const rows = await app.store.transaction((tx) => tx.outbox.due(Number.MAX_SAFE_INTEGER, 1000));
    const digests = rows.filter((r) => r.key.startsWith('digest:')).map((r) => r.view.lines.join('\n'));
    const wang = rows.find((r) => r.key.startsWith('digest:') && r.to.kind === 'person' && r.to.person === 'wang')!;
    const text = wang.view.lines.join('\n');
    expect(text).toContain(`未受理投诉反馈 ${fk(2)},逾期`);
    expect(text).toContain(`未受理建议反馈 ${fk(3)},逾期`);
    for (const d of digests) for (const secret of ['食堂', '饮水机', '马丽']) expect(d).not.toContain(secret);
  });
});

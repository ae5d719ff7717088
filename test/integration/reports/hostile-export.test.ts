/**
 * Issue 15 "Done when": the CSV and XLSX exports of a hostile data set open with no cell beginning
 * with a formula character (= + - @ TAB CR), read back from the files with exceljs — the 导出反馈
 * CSV and the monthly assessment's XLSX (every sheet) and CSV. Row 3 of the table: a
 * `=HYPERLINK(…)` feedback description was written unescaped into both CSVs. The hostile texts are
 * said through the console like any user's (feedback, a notice's text, a form's 主题, a waiver's
 * reason), and each is found again in the files, neutralised (so the test cannot pass vacuously).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportFeedback } from '../../../src/app/feedback/feedback-reports.js';
import { buildMonthlyAssessment } from '../../../src/app/reports/build-monthly-assessment.js';
import { localInstant } from '../../../src/domain/local-time.js';
import { FORMULA_START } from '../../../src/domain/spreadsheet.js';
import { createAesSealer } from '../../../src/infra/crypto/aes-sealer.js';
import { writeAssessmentFiles } from '../../../src/infra/report/report-files.js';
import { conversation, TZ, type TestApp } from '../../helpers/app.js';
import { testDialects } from '../../helpers/databases.js';
import { SECRET } from '../../feedback/helpers.js';
import { appOn } from './helpers.js';

const LINK = '=HYPERLINK("http://evil.example/x","点此查看")';
const DDE = "+cmd|' /C calc'!A0";
const SUM = '@SUM(1+1)*cmd|" /C calc"!A0';
const MINUS = '-2+3+cmd|" /C calc"!A0';
const TAB = '\t=1+1';

/** Every cell of every sheet: its text (numbers and dates aside) and whether it is a formula. */
function cells(wb: ExcelJS.Workbook): Array<{ where: string; text?: string; formula: boolean }> {
  const out: Array<{ where: string; text?: string; formula: boolean }> = [];
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => {
    out.push({ where: `${ws.name}!${c.address}`, formula: c.type === ExcelJS.ValueType.Formula, ...(typeof c.value === 'string' ? { text: c.value } : {}) });
  })));
  return out;
}

function expectNoFormula(wb: ExcelJS.Workbook, mustHold: string[]): void {
  const all = cells(wb);
  expect(all.length).toBeGreaterThan(10);
  for (const c of all) {
    expect(c.formula, c.where).toBe(false);
    if (c.text !== undefined) expect(c.text, `${c.where}: ${JSON.stringify(c.text)}`).not.toMatch(FORMULA_START);
  }
  const texts = all.map((c) => c.text ?? '');
  for (const h of mustHold) expect(texts.some((t) => t.includes(h)), `the hostile text ${JSON.stringify(h)} is in the file, neutralised`).toBe(true);
}

describe.each(testDialects())('hostile exports, on $name', (dialect) => {
  let app: TestApp;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shoudao-hostile-'));
    app = await appOn(dialect, '2026-11-24 09:00');
    app.sealer = createAesSealer(SECRET);
    const c = conversation(app);
    await c.say(':as ma', `反馈 建议 ${LINK}\n部门: SCB\n期望: ${DDE}`, `反馈 问题 ${SUM}\n部门: SCB`, `反馈 投诉 ${MINUS}\n部门: SCB`);
    await c.say(':as wang', `通知 @zhao ${LINK}`, `通知 @han ${MINUS}`);
    await c.say(':as zheng', `新建联络单 JSB 2026-11-30 ${SUM}`, ':as zhao', '同意');
    await c.say(':advance 1d');
    const [first] = await app.store.transaction((tx) => tx.violations.list({ month: '2026-11' }));
    expect(await c.say(':as liu', `豁免 WG${first!.id} ${DDE}`)).toContain('已豁免');
    await c.say(':as wang', `通知 @xu 安排${TAB}`);
  });
  afterAll(async () => {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('row 3: the 导出反馈 CSV, read back, has no cell beginning with a formula character', async () => {
    const { csv } = await exportFeedback(app, { person: 'yang', platform: 'console' }, '2026-11');
    const file = join(dir, 'feedback.csv');
    await writeFile(file, csv, 'utf8');
    const wb = new ExcelJS.Workbook();
    await wb.csv.readFile(file, { parserOptions: { delimiter: ',' } });
    expectNoFormula(wb, [`'${LINK}`, `'${SUM}`, `'${MINUS}`]);
  });

  it('the monthly assessment XLSX (every sheet) and CSV, read back, have no cell beginning with a formula character', async () => {
    app.clock.set(localInstant('2026-12-01 09:00', TZ));
    const model = await buildMonthlyAssessment(app, '2026-11', app.clock.now());
    const files = await writeAssessmentFiles(model, app.org, TZ, join(dir, 'a.xlsx'), join(dir, 'a.csv'));
    const xlsx = new ExcelJS.Workbook();
    await xlsx.xlsx.readFile(files.xlsx);
    expectNoFormula(xlsx, [`'${LINK}`, `'${DDE}`, `'${MINUS}`]);
    const csv = new ExcelJS.Workbook();
    await csv.csv.readFile(files.csv, { parserOptions: { delimiter: ',' } });
    expectNoFormula(csv, [`'${LINK}`, `'${DDE}`]);
  });
});

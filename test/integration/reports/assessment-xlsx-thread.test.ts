/**
 * The monthly assessment written in a thread of its own (issue 14: exceljs is freed with the
 * thread, so a fresh server's first tick leaves no 27 MB behind): the file is the same workbook as
 * one written inline — every sheet, every cell, the properties — and a failure in the thread
 * rejects with the thread's error, writing nothing.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { buildMonthlyAssessment } from '../../../src/app/reports/build-monthly-assessment.js';
import { writeAssessmentXlsx } from '../../../src/infra/report/assessment-xlsx.js';
import { conversation, TZ, type TestApp } from '../../helpers/app.js';
import { feedbackApp } from '../../feedback/helpers.js';

let app: TestApp | undefined;
let dir: string | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

/** Every sheet's cell values, by sheet name, and the workbook's properties. */
async function contents(file: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const sheets = Object.fromEntries(wb.worksheets.map((ws) => {
    const rows: unknown[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    return [ws.name, rows];
  }));
  return { title: wb.title, company: wb.company, created: wb.created.getTime(), sheets };
}

describe('the monthly assessment written in its own thread', () => {
  it('is the same workbook as one written inline', async () => {
    app = await feedbackApp('2026-11-24 09:00');
    const c = conversation(app);
    await c.say('zheng', '反馈 问题 食堂的饮水机坏了 @生产部');
    await c.say('he', '匿名反馈 建议 车间照明不够 @生产部');
    const model = await buildMonthlyAssessment(app, '2026-11', app.clock.now());
    dir = await mkdtemp(join(tmpdir(), 'shoudao-xlsx-thread-'));
    await writeAssessmentXlsx(model, app.org, TZ, join(dir, 'inline.xlsx'));
    await writeAssessmentXlsx(model, app.org, TZ, join(dir, 'thread.xlsx'), { thread: true });
    const inline = await contents(join(dir, 'inline.xlsx'));
    expect(await contents(join(dir, 'thread.xlsx'))).toEqual(inline);
    expect(Object.keys(inline.sheets).length).toBeGreaterThanOrEqual(4);
    expect(inline.title).toBe('月度考评 2026-11');
  });

  it('a failure in the thread rejects with its error and writes nothing', async () => {
    app = await feedbackApp('2026-11-24 09:00');
    const model = await buildMonthlyAssessment(app, '2026-11', app.clock.now());
    dir = await mkdtemp(join(tmpdir(), 'shoudao-xlsx-thread-'));
    const path = join(dir, 'no-such-dir', 'a.xlsx');
    await expect(writeAssessmentXlsx(model, app.org, TZ, path, { thread: true })).rejects.toThrow(/ENOENT/);
    expect(existsSync(path)).toBe(false);
  });
});

/**
 * 月度考评 "Done when": the XLSX opens with exceljs and its totals match the violations in the
 * database; the CSV parses back; HR's leader (liu) gets the summary once however often the job
 * runs; `shoudao report monthly` prints the summary and writes the file, and refuses bad input.
 *
 * The month is `november` in ./helpers.ts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { sendMonthlyAssessment } from '../../../src/app/reports/send-monthly-assessment.js';
import { createReportFiles } from '../../../src/infra/report/report-files.js';
import { TZ, type TestApp } from '../../helpers/app.js';
import { testDialects } from '../../helpers/databases.js';
import { appOn, november, pending, textOf } from './helpers.js';

let app: TestApp | undefined;
let dir: string | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

type Row = Array<string | number>;
function sheetRows(ws: ExcelJS.Worksheet): Row[] {
  const out: Row[] = [];
  ws.eachRow((r) => out.push((r.values as Array<string | number | null>).slice(1).map((v) => v ?? '')));
  return out;
}
const col = (rows: Row[], name: string) => rows[0]!.indexOf(name);

/** RFC 4180 with quotes, enough to read back what the report writes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      row.push(field.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  return rows;
}

describe.each(testDialects())('monthly assessment on $name', (dialect) => {
  it('writes an XLSX whose totals match the database, a CSV, and tells HR once', async () => {
    app = await appOn(dialect, '2026-11-02 09:00');
    await november(app);
    dir = await mkdtemp(join(tmpdir(), 'shoudao-report-'));
    const deps = { ...app, reportFiles: createReportFiles({ dir, org: app.org, timezone: TZ }) };
    expect(await sendMonthlyAssessment(deps, '2026-11', app.clock.now())).toEqual({ sent: 1 });

    const db = await app.store.transaction((tx) => tx.violations.list({ month: '2026-11' }));
    const counted = db.filter((v) => !v.waived);
    const fines = counted.reduce((s, v) => s + v.fine, 0);
    const tiers = [1, 2, 3].map((t) => counted.filter((v) => Math.min(v.tier, 3) === t).length);
    expect({ fines, tiers, waived: db.length - counted.length }).toEqual({ fines: 210, tiers: [3, 1, 1], waived: 1 });

    const xlsx = join(dir, '月度考评-2026-11.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总', '人员', '违规明细', '信息反馈', '表扬']);
    const sum = sheetRows(wb.getWorksheet('汇总')!);
    const total = sum[sum.length - 1]!;
    expect(total[0]).toBe('合计');
    expect(total[col(sum, '罚款合计(元)')]).toBe(fines);
    expect(['一档次数', '二档次数', '三档及以上次数'].map((h) => total[col(sum, h)])).toEqual(tiers);
    expect(total[col(sum, '豁免次数')]).toBe(1);
    // Department rows add up to the totals, and say who did what.
    const dept = (code: string) => sum.find((r) => r[0] === code)!;
    expect(sum.slice(1, -1).reduce((s, r) => s + Number(r[col(sum, '罚款合计(元)')]), 0)).toBe(fines);
    const f = (code: string, h: string) => dept(code)[col(sum, h)];
    expect([f('SCB', '发出联络单'), f('SCB', '接收联络单'), f('SCB', '超时签收'), f('SCB', '已结案'), f('SCB', '罚款合计(元)')]).toEqual([1, 1, 1, 1, 190]);
    expect([f('JSB', '发出联络单'), f('JSB', '按时签收'), f('JSB', '被跟催次数')]).toEqual([1, 1, 1]);
    expect([f('ZLB', '接收联络单'), f('ZLB', '按时签收'), f('ZLB', '异议')]).toEqual([1, 1, 1]);
    expect([f('XSB', '违规·通知未回复'), f('XSB', '罚款合计(元)')]).toEqual([1, 20]);
    expect([total[col(sum, '发出联络单')], total[col(sum, '按时签收')], total[col(sum, '超时签收')], total[col(sum, '异议')], total[col(sum, '已结案')]]).toEqual([3, 2, 1, 1, 1]);

    const people = sheetRows(wb.getWorksheet('人员')!);
    const person = (id: string) => people.find((r) => r[0] === id)!;
    expect(person('zhao')[col(people, '罚款合计(元)')]).toBe(190);
    expect(person('zheng')[col(people, '发出联络单')]).toBe(1);
    expect(person('lin')[col(people, '按时签收')]).toBe(1);
    expect(people[people.length - 1]![col(people, '罚款合计(元)')]).toBe(fines);

    const detail = sheetRows(wb.getWorksheet('违规明细')!);
    expect(detail).toHaveLength(1 + db.length + 1);
    const waivedRow = detail.find((r) => r[col(detail, '豁免')] === '是')!;
    expect(waivedRow[col(detail, '罚款(元)')]).toBe(0);
    expect(waivedRow[col(detail, '豁免原因')]).toBe('当天企业微信故障');
    expect(detail[detail.length - 1]![col(detail, '罚款(元)')]).toBe(fines);
    expect(detail.some((r) => r[col(detail, '姓名')] === '徐文')).toBe(false); // December's violation

    const csvText = readFileSync(join(dir, '月度考评-2026-11.csv'), 'utf8');
    expect(csvText.startsWith('\uFEFF')).toBe(true);
    const csv = parseCsv(csvText.slice(1));
    expect(csv).toEqual(detail.map((r) => r.map(String)));

    const [msg] = await pending(app);
    expect(msg!.key).toBe('assessment:2026-11:liu');
    expect(msg!.to).toEqual({ kind: 'person', person: 'liu' });
    const text = textOf(msg!);
    expect(text).toContain('月度考评 2026-11 · 江心锅炉有限公司');
    expect(text).toContain('联络单:发出 3 张;按时签收 2,超时签收 1,未签收 0;异议 1;被跟催 1 次;已结案 1。');
    expect(text).toContain('违规:5 次(一档 3,二档 1,三档及以上 1),罚款合计 210 元;豁免 1 次。\n违规按规则:通知未回复 4 次,联络单未签收 1 次。');
    expect(text).toContain(`· WG${db.find((v) => v.waived)!.id} 赵强(TZ1):当天企业微信故障`);
    expect(text).toContain(`明细文件:${xlsx} · ${join(dir, '月度考评-2026-11.csv')}`);

    // Twice: nothing more is sent, and the files HR was told about are left alone.
    const written = statSync(xlsx).mtimeMs;
    expect(await sendMonthlyAssessment(deps, '2026-11', app.clock.now() + 60_000)).toEqual({ sent: 0 });
    expect(await pending(app)).toHaveLength(1);
    expect(statSync(xlsx).mtimeMs).toBe(written);
  });
});

describe('shoudao report monthly', () => {
  const run = (...args: string[]) => spawnSync(process.execPath, ['bin/shoudao.mjs', 'report', 'monthly', ...args], { encoding: 'utf8' });

  it('prints the summary and writes the XLSX and CSV', async () => {
    app = await appOn(testDialects()[0]!, '2026-11-02 09:00');
    await november(app);
    await app.store.close(); // the CLI opens the file itself
    dir = await mkdtemp(join(tmpdir(), 'shoudao-cli-'));
    const out = join(dir, 'x.xlsx');
    const r = run('--month', '2026-11', '--db', app.db.url, '--org', 'data/org.example.yaml', '--out', out);
    await app.db.drop();
    app = undefined;
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('月度考评 2026-11 · 江心锅炉有限公司');
    expect(r.stdout).toContain('违规:5 次(一档 3,二档 1,三档及以上 1),罚款合计 210 元;豁免 1 次。');
    expect(r.stdout).toContain(`明细文件:${out} · ${join(dir, 'x.csv')}`);
    expect(existsSync(join(dir, 'x.csv'))).toBe(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const sum = sheetRows(wb.getWorksheet('汇总')!);
    expect(sum[sum.length - 1]![col(sum, '罚款合计(元)')]).toBe(210);
  });

  it.each([
    [['--month', '2026-13'], '月份无效:「2026-13」'],
    [[], '缺少 --month'],
    [['--month', '2026-11', '--out', 'x.pdf'], '--out 须为 .xlsx 文件'],
    [['--month', '2026-11', '--bogus'], "Unknown option '--bogus'"],
    [['--month', '2026-11', '--db', 'mysql://x'], 'DATABASE_URL must be sqlite:PATH'],
  ])('refuses %j with exit 2 and says why', (args, message) => {
    const r = run(...args);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain('shoudao report monthly --month YYYY-MM');
  });

  it('refuses an unknown report', () => {
    const r = spawnSync(process.execPath, ['bin/shoudao.mjs', 'report', 'weekly'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('未知报表「weekly」');
  });
});

/**
 * Issue 18 item 14: 月度考评 and 导出违规 in chat deliver their workbook as a file
 * (`MessageView.attachment`, the path 导出 uses), under the commands' own permission rules: a
 * refusal carries no file, a leader's file holds only their scope, and the files never name an
 * anonymous sender nor carry 举报 content.
 */
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { XLSX_MIME } from '../../src/app/export-form.js';
import { showMonthlyAssessment } from '../../src/app/reports/show-monthly-assessment.js';
import { exportViolations } from '../../src/app/violations.js';
import type { MessageView } from '../../src/domain/message.js';
import { createAesSealer } from '../../src/infra/crypto/aes-sealer.js';
import { conversation, createTestApp, TEST_SECRET, type TestApp } from '../helpers/app.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function workbook(view: MessageView): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(view.attachment!.base64, 'base64') as unknown as ArrayBuffer);
  return wb;
}

/** Every cell's text of every sheet. */
function cellsOf(wb: ExcelJS.Workbook): string {
  const out: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => void out.push(String(cell.text)))));
  return out.join('\n');
}

describe('files in chat', () => {
  it('月度考评 gives HR and 总经办 the workbook as a file; a leader is refused with no file', async () => {
    app = await createTestApp('2026-12-01 09:00');
    app.sealer = createAesSealer(TEST_SECRET);
    const c = conversation(app);
    await c.say(':as wang', '通知 @zheng 安全检查', ':advance 1h');
    expect(await c.say(':as jiang', '匿名反馈 举报 财务部有人虚报差旅费,涉及多张发票\n部门: CWB')).toContain('已匿名登记');
    await c.say(':as qian', '反馈 建议 食堂午餐加一个素菜窗口');
    await c.say(':advance 1d');

    expect(await c.say(':as liu', '月度考评 2026-12')).toMatch(/附件:月度考评-2026-12\.xlsx[\s\S]*\[附件 月度考评-2026-12\.xlsx,\d+ 字节\]/);
    for (const who of ['liu', 'wang']) {
      const reply = await showMonthlyAssessment(app, who, '2026-12');
      expect(reply.attachment).toMatchObject({ name: '月度考评-2026-12.xlsx', mime: XLSX_MIME });
      const wb = await workbook(reply);
      expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总', '人员', '违规明细', '信息反馈']);
      const cells = cellsOf(wb);
      expect(cells).toContain('郑伟'); // the violation of the notice
      expect(wb.getWorksheet('信息反馈')!.rowCount).toBeGreaterThan(1); // both items are counted there
      expect(cells).not.toContain('蒋琳'); // the anonymous sender never
      expect(cells).not.toContain('虚报差旅费'); // nor the 举报's content
    }

    const leader = await showMonthlyAssessment(app, 'zhao', '2026-12');
    expect(leader.refused).toBe(true);
    expect(leader.attachment).toBeUndefined();
    expect(await c.say(':as zhao', '月度考评 2026-12')).not.toContain('[附件');
  });

  it('导出违规 sends the same rows as a file, a leader’s holding only their scope; a refusal has none', async () => {
    app = await createTestApp('2026-12-01 09:00');
    const c = conversation(app);
    await c.say(':as wang', '通知 @zheng @lin 安全检查', ':advance 1d');

    const hr = await exportViolations(app, 'liu', '2026-12');
    expect(hr.reply.attachment).toMatchObject({ name: '违规-2026-12-全公司.xlsx', mime: XLSX_MIME });
    const sheet = (await workbook(hr.reply)).getWorksheet('违规')!;
    const rows = sheet.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1).map(String));
    expect(rows[0]).toEqual(['编号', '人员', '部门', '规则', '事项', '截止', '逾期', '当月次数', '罚款(元)', '豁免原因']);
    expect(rows.slice(1).map((r) => r[1]).sort()).toEqual(['林志华', '郑伟']);
    expect(rows).toHaveLength(1 + hr.csv!.trimEnd().split('\r\n').length - 1);
    expect(await c.say(':as liu', '导出违规 2026-12')).toMatch(/附件:违规-2026-12-全公司\.xlsx\(2 条\)[\s\S]*\[附件 违规-2026-12-全公司\.xlsx,\d+ 字节\]/);

    const zhao = await exportViolations(app, 'zhao', '2026-12');
    const zhaoRows = (await workbook(zhao.reply)).getWorksheet('违规')!.getSheetValues().filter(Boolean).slice(1).map((r) => String((r as unknown[])[2]));
    expect(zhaoRows).toEqual(['郑伟']);
    expect(zhao.reply.attachment!.name).toMatch(/^违规-2026-12-.+\.xlsx$/);

    const refused = await exportViolations(app, 'zheng', '2026-12', 'lin');
    expect(refused.reply.refused).toBe(true);
    expect(refused.reply.attachment).toBeUndefined();
    const none = await exportViolations(app, 'liu', '2026-10');
    expect(none.reply.lines.join()).toContain('没有违规记录');
    expect(none.reply.attachment).toBeUndefined();
  });
});

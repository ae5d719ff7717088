/**
 * 导出 <编号> (issue 13): the form's copy as an XLSX that opens with exceljs, whose cells hold the
 * form's fields in the seed's layout and whose second sheet is the whole history; access is
 * 查看's, so someone the form does not concern hears it was not found.
 */
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { exportForm, XLSX_MIME } from '../../src/app/export-form.js';
import { conversation, createTestApp, type TestApp } from '../helpers/app.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('导出', () => {
  it('gives both departments the whole form and its history as an XLSX', async () => {
    app = await createTestApp('2026-11-23 09:00');
    const c = conversation(app);
    await c.say(':as zheng', '新建联络单 JSB 2026-11-26 要求协助 二号锅炉图纸确认\n地点: 二号车间\n要求完成结果: 图纸签字下发', ':as zhao', '同意');
    await c.say(':as lin', '签收 SCB20261101', '指派 SCB20261101 @he', ':as he', '完成 SCB20261101 图纸已确认并下发车间');
    expect(await c.say(':as lin', '导出 SCB20261101')).toMatch(/已导出 工作联络单-SCB20261101\.xlsx[\s\S]*\[附件 工作联络单-SCB20261101\.xlsx,\d+ 字节\]/);

    for (const who of ['zheng', 'lin']) {
      const reply = await exportForm(app, who, 'SCB20261101');
      expect(reply.attachment).toMatchObject({ name: '工作联络单-SCB20261101.xlsx', mime: XLSX_MIME });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(reply.attachment!.base64, 'base64') as unknown as ArrayBuffer);
      expect(wb.worksheets.map((w) => w.name)).toEqual(['工作联络单', '往来记录']);
      const form = wb.getWorksheet('工作联络单')!;
      const value = (label: string, col = 2) => {
        let found: unknown;
        form.eachRow((row) => {
          row.eachCell((cell, n) => {
            if (cell.value === label && found === undefined) found = row.getCell(n + col - 1).value;
          });
        });
        return found;
      };
      expect(form.getCell('A1').value).toBe(app.org.company);
      expect(form.getCell('A2').value).toBe('工作联络单');
      expect(value('编号')).toBe('SCB20261101');
      expect(value('发函部门')).toBe('生产部');
      expect(value('承办人')).toBe('郑伟');
      expect(value('接收部门')).toBe('技术部');
      expect(value('期限')).toBe('2026-11-26 17:30');
      expect(value('性质')).toBe('☑要求协助 ☐工作指令 ☐事件跟催 ☐其他');
      expect(value('事项主题')).toBe('二号锅炉图纸确认');
      expect(value('地点')).toBe('二号车间');
      expect(value('要求完成结果')).toBe('图纸签字下发');
      expect(value('发函部门领导审批')).toBe('赵强 2026-11-23 09:00');
      expect(value('接收部门领导签收')).toBe('林志华 2026-11-23 09:00');
      expect(value('具体实施人')).toBe('何静');
      expect(value('完成结果')).toBe('图纸已确认并下发车间');
      expect(value('状态')).toBe('已完成');
      expect(form.model.merges).toContain('B7:D7');
      const history = wb.getWorksheet('往来记录')!;
      const events = await app.store.transaction((tx) => tx.formEvents.forForm(1));
      expect(history.rowCount).toBe(events.length + 1);
      expect(history.getRow(events.length + 1).getCell(3).value).toBe('报告完成:图纸已确认并下发车间');
    }
  });

  it('is refused to someone the form does not concern, exactly as 查看 is', async () => {
    app = await createTestApp('2026-11-23 09:00');
    const c = conversation(app);
    await c.say(':as zheng', '新建联络单 JSB 2026-11-26 图纸确认', ':as zhao', '同意');
    const outsider = await c.say(':as huang', '导出 SCB20261101');
    expect(outsider).toContain('找不到联络单「SCB20261101」');
    expect(await c.say(':as huang', '查看 SCB20261101')).toContain('找不到联络单「SCB20261101」');
    expect(outsider).not.toContain('附件');
    expect(await c.say(':as zheng', '导出')).toContain('用法:导出 <联络单编号>');
  });
});

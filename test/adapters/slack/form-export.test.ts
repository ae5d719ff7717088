/**
 * 导出 on Slack (issue 13): the answer is posted in the DM and the XLSX is shared there through
 * files.getUploadURLExternal → upload → files.completeUploadExternal (the real WebClient's
 * filesUploadV2 against the fake), and the uploaded bytes open as the form's workbook.
 */
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { press } from './scenarios.js';
import { say, startSlackBot, type SlackBot } from './slack-harness.js';

let bot: SlackBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

describe('导出 on Slack', () => {
  it('shares the form’s XLSX in the conversation where it was asked for', async () => {
    bot = await startSlackBot('http');
    await say(bot, 'U0ZHENG', 'DU0ZHENG', '新建联络单 XSB 2026-11-27 要求协助 客户来访接待');
    const card = bot.fake.messages.filter((m) => m.channel === 'DU0ZHAO').at(-1)!;
    await press(bot, 'U0ZHAO', card, '同意 #1');
    await say(bot, 'U0ZHENG', 'DU0ZHENG', '导出 SCB20261101');
    expect(bot.fake.messages.filter((m) => m.channel === 'DU0ZHENG').at(-1)!.text).toContain('已导出 工作联络单-SCB20261101.xlsx');
    expect(bot.fake.files).toHaveLength(1);
    const [file] = bot.fake.files;
    expect(file).toMatchObject({ filename: '工作联络单-SCB20261101.xlsx', channel: 'DU0ZHENG' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file!.bytes as unknown as ArrayBuffer);
    expect(wb.getWorksheet('工作联络单')!.getCell('B3').value).toBe('SCB20261101');
    expect(wb.getWorksheet('工作联络单')!.getCell('B5').value).toBe('销售部');
    // Someone the form does not concern gets no file.
    await say(bot, 'U0LIU', 'DU0LIU', '导出 SCB20261101');
    expect(bot.fake.files).toHaveLength(1);
  });

  it('shares 月度考评’s workbook with HR, and none with a refused leader (issue 18 item 14)', async () => {
    bot = await startSlackBot('http');
    await say(bot, 'U0LIU', 'DU0LIU', '月度考评 2026-11');
    const file = bot.fake.files.find((f) => f.filename === '月度考评-2026-11.xlsx');
    expect(file, JSON.stringify(bot.fake.files.map((f) => f.filename))).toMatchObject({ channel: 'DU0LIU' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file!.bytes as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总', '人员', '违规明细', '信息反馈']);
    const before = bot.fake.files.length;
    await say(bot, 'U0ZHAO', 'DU0ZHAO', '月度考评 2026-11');
    expect(bot.fake.messages.filter((m) => m.channel === 'DU0ZHAO').at(-1)!.text).toContain('只有人力行政部和总经办');
    expect(bot.fake.files).toHaveLength(before);
  });
});

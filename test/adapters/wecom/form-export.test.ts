/**
 * 导出 on WeCom (issue 13), against the running bot and the fake qyapi: the answer's text, then
 * the XLSX uploaded with media/upload (type=file, multipart field `media`) and sent as a `file`
 * message to the same member; the uploaded bytes open as the form's workbook.
 */
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { contentOf, sentTo, startBot, type RunningBot } from './running-bot.js';
import { anyString } from '../../helpers/matchers.js';

let bot: RunningBot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

describe('导出 on WeCom', () => {
  it('sends the form’s XLSX as a file message after the answer', async () => {
    bot = await startBot({ org: 'form' });
    await bot.say('ZhengWei', '新建联络单 JSB 2026-11-30 要求协助 二号锅炉图纸确认');
    await bot.say('ZhengWei', '导出 #1');
    const [text, file] = sentTo(bot.fake, 'ZhengWei').slice(-2);
    expect(contentOf(text!)).toContain('已导出 工作联络单-草稿1.xlsx');
    expect(file!.body).toMatchObject({ msgtype: 'file', file: { media_id: anyString() } });
    const media = bot.fake.media.get(String((file!.body.file as { media_id: string }).media_id))!;
    expect(media).toMatchObject({ name: '工作联络单-草稿1.xlsx', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(media.bytes as unknown as ArrayBuffer);
    expect(wb.getWorksheet('工作联络单')!.getCell('B7').value).toBe('二号锅炉图纸确认');
    expect(wb.getWorksheet('工作联络单')!.getCell('D4').value).toBe('郑伟');
  });

  it('sends 月度考评’s workbook to HR the same way (issue 18 item 14)', async () => {
    bot = await startBot();
    await bot.say('LiuMin', '月度考评 2026-11');
    // (The monthly job's own assessment of 2026-10 also reaches HR on start; the answer is the one naming the file.)
    const sent = sentTo(bot.fake, 'LiuMin');
    const at = sent.findIndex((c) => contentOf(c).includes('附件:月度考评-2026-11.xlsx'));
    expect(at).toBeGreaterThanOrEqual(0);
    const file = sent[at + 1];
    expect(file!.body).toMatchObject({ msgtype: 'file', file: { media_id: anyString() } });
    const media = bot.fake.media.get(String((file!.body.file as { media_id: string }).media_id))!;
    expect(media.name).toBe('月度考评-2026-11.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(media.bytes as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总', '人员', '违规明细', '信息反馈']);
  });
});

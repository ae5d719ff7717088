/**
 * Files on DingTalk (issue 18 item 14, and 导出 of issue 13), through the running bot and the
 * fake DingTalk: the XLSX uploaded with the legacy media upload (oapi `media/upload`, multipart
 * `media`, the app's token in the query), then the answer's text, then a `sampleFile` robot
 * message to the same chat naming the mediaId. An upload that fails is retried with the row and
 * the text goes once; a refusal uploads and sends no file. 导出 <编号> goes the same way.
 */
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import type { FakeSent } from '../../fakes/fake-dingtalk.js';
import { textOfSent } from '../../conformance/drivers/dingtalk.js';
import { startDtBot, type DtBot } from './running-bot.js';
import { objectContaining } from '../../helpers/matchers.js';

let bot: DtBot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

const SUMMARY = '附件:月度考评-2026-11.xlsx';
const files = (sent: FakeSent[]) => sent.filter((s) => s.msgKey === 'sampleFile');

describe('files on DingTalk', () => {
  it('sends 月度考评’s workbook as a sampleFile message after the summary, the bytes a valid XLSX', async () => {
    const b = (bot = await startDtBot());
    await b.settle();
    await b.say('liu', '月度考评 2026-11');
    // (The monthly job's own assessment of 2026-10 also reaches HR on start; the answer is the one naming the file.)
    const out = b.sentTo('liu');
    const at = out.findIndex((s) => textOfSent(s).includes(SUMMARY));
    expect(at).toBeGreaterThanOrEqual(0);
    expect(textOfSent(out[at]!)).not.toContain('MB 的上限');
    const file = out[at + 1]!;
    expect(file).toMatchObject({ api: 'batchSend', msgKey: 'sampleFile', param: { fileName: '月度考评-2026-11.xlsx', fileType: 'xlsx' } });
    const stored = b.fake.files.get(String(file.param['mediaId']))!;
    expect(stored).toMatchObject({ name: '月度考评-2026-11.xlsx', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(stored.bytes as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总', '人员', '违规明细', '信息反馈', '表扬']);
    expect(wb.getWorksheet('人员')!.rowCount).toBeGreaterThan(1);
    expect(files(out)).toHaveLength(1);
    expect(b.fake.log.filter((l) => l.path === '/media/upload').map((l) => l.status)).toEqual([200]);
  });

  it('retries a failed upload without repeating the text; a refused 月度考评 carries no file', async () => {
    const b = (bot = await startDtBot());
    await b.settle();
    b.fake.failUploads = 1;
    await b.say('wang', '月度考评 2026-11');
    const out = b.sentTo('wang');
    expect(out.filter((s) => textOfSent(s).includes(SUMMARY))).toHaveLength(1);
    expect(files(out)).toHaveLength(1);
    expect(b.fake.log.filter((l) => l.path === '/media/upload').map((l) => l.status)).toEqual([500, 200]);
    // The file follows its text.
    expect(out.findIndex((s) => s.msgKey === 'sampleFile')).toBe(out.findIndex((s) => textOfSent(s).includes(SUMMARY)) + 1);

    const uploads = b.fake.files.size;
    await b.say('zhao', '月度考评 2026-11');
    expect(textOfSent(b.sentTo('zhao').at(-1)!)).toContain('只有人力行政部和总经办');
    expect(files(b.sentTo('zhao'))).toHaveLength(0);
    expect(b.fake.files.size).toBe(uploads);
  });

  it('sends 导出 <编号>’s form copy as a file to the person who asked', async () => {
    const b = (bot = await startDtBot());
    await b.settle();
    await b.say('zheng', '新建联络单 JSB 2026-11-27 要求协助 二号锅炉图纸确认');
    await b.say('zhao', '同意');
    const out = await b.say('zheng', '导出 SCB20261101');
    expect(files(out)).toEqual([objectContaining({ api: 'batchSend', to: ['dtzheng0001'], param: objectContaining({ fileName: '工作联络单-SCB20261101.xlsx', fileType: 'xlsx' }) })]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(b.fake.files.get(String(files(out)[0]!.param['mediaId']))!.bytes as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['工作联络单', '往来记录']);
  });
});

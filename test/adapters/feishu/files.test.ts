/**
 * Files on Feishu (issue 18 item 14, and 导出 of issue 13), through the running bot and the fake
 * Feishu: the answer's text, then the XLSX uploaded with im/v1/files (file_type xls) and sent as a
 * `file` message to the same chat. An upload that fails is retried with the row, and the text is
 * not repeated (the same uuid answers the first message).
 */
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { p2pChat, textOfMessage } from '../../fakes/fake-feishu.js';
import { ou, startFeishuBot, type FeishuBot } from './running-bot.js';

let bot: FeishuBot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

const inChat = (b: FeishuBot, person: string) => b.fake.messages.filter((m) => m.chatId === p2pChat(ou(person)));

describe('files on Feishu', () => {
  it('sends 月度考评’s workbook as a file message after the summary', async () => {
    const b = (bot = await startFeishuBot());
    await b.settle();
    await b.say('liu', '月度考评 2026-11');
    // (The monthly job's own assessment of 2026-10 also reaches HR on start; the answer is the one naming the file.)
    const out = inChat(b, 'liu');
    const at = out.findIndex((m) => textOfMessage(m).includes('附件:月度考评-2026-11.xlsx'));
    expect(at).toBeGreaterThanOrEqual(0);
    const file = out[at + 1];
    expect(file!.msgType).toBe('file');
    const stored = b.fake.files.get(String(file!.content['file_key']))!;
    expect(stored).toMatchObject({ name: '月度考评-2026-11.xlsx', fileType: 'xls', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(stored.bytes as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总', '人员', '违规明细', '信息反馈']);
  });

  it('retries a failed upload without repeating the text; a refused leader gets no file', async () => {
    const b = (bot = await startFeishuBot());
    await b.settle();
    b.fake.failNext('/im/v1/files', 500, 1);
    await b.say('wang', '月度考评 2026-11');
    const out = inChat(b, 'wang');
    expect(out.filter((m) => textOfMessage(m).includes('附件:月度考评-2026-11.xlsx'))).toHaveLength(1);
    expect(out.filter((m) => m.msgType === 'file')).toHaveLength(1);
    expect(b.fake.log.filter((l) => l.path === '/open-apis/im/v1/files').map((l) => l.code)).toEqual([1, 0]);

    const before = b.fake.files.size;
    await b.say('zhao', '月度考评 2026-11');
    expect(textOfMessage(inChat(b, 'zhao').at(-1)!)).toContain('只有人力行政部和总经办');
    expect(inChat(b, 'zhao').filter((m) => m.msgType === 'file')).toHaveLength(0);
    expect(b.fake.files.size).toBe(before);
  });
});

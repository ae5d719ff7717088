/**
 * 公示: the month's timeliness statistics per department, posted once to the company channel
 * (总经办's, ZJB, in the demo org), naming nobody and showing no fine. The month is `november` in
 * ./helpers.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { sendPublicReport } from '../../../src/app/reports/send-public-report.js';
import { publicFeedbackSection } from '../../../src/domain/report/timeliness.js';
import type { TestApp } from '../../helpers/app.js';
import { testDialects } from '../../helpers/databases.js';
import { appOn, november, pending, textOf } from './helpers.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe.each(testDialects())('public report on $name', (dialect) => {
  it('posts the timeliness figures once per month, with no names and no fines', async () => {
    app = await appOn(dialect, '2026-11-02 09:00');
    await november(app);
    expect(await sendPublicReport(app, '2026-11', app.clock.now())).toEqual({ sent: 1 });
    expect(await sendPublicReport(app, '2026-11', app.clock.now() + 60_000)).toEqual({ sent: 0 });
    const rows = await pending(app);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.key).toBe('public:2026-11');
    expect(rows[0]!.to).toEqual({ kind: 'dept', dept: 'ZJB' });
    const text = textOf(rows[0]!);
    expect(text).toBe(
      [
        '【公示】2026-11 工作联络与回复及时率',
        '各部门联络单签收与上级通知回复情况(时长按工作时间计):',
        // JSB20261101 was issued Monday 09:00 and signed Friday 09:00: four working days.
        '· 生产部:接收联络单 1 张,按时签收率 0%,平均签收用时 32小时;通知 4 条,按时回复率 0%,平均回复用时 —;违规 4 次',
        '· 技术部:接收联络单 1 张,按时签收率 100%,平均签收用时 0分钟;通知 0 条,按时回复率 —,平均回复用时 —;违规 0 次',
        // xu's notice was sent in November (and missed on 1 December: December's violation).
        '· 质量部:接收联络单 1 张,按时签收率 100%,平均签收用时 0分钟;通知 1 条,按时回复率 0%,平均回复用时 —;违规 0 次',
        '· 销售部:接收联络单 0 张,按时签收率 —,平均签收用时 —;通知 1 条,按时回复率 0%,平均回复用时 —;违规 1 次',
        '全公司:联络单 3 张,按时签收率 67%;通知 6 条,按时回复率 0%;违规 5 次。',
      ].join('\n'),
    );
    for (const p of app.org.people) {
      expect(text).not.toContain(p.name);
      expect(text).not.toContain(p.id);
    }
    expect(text).not.toMatch(/罚款|元/);
    // Another month is another report.
    expect(await sendPublicReport(app, '2026-10', app.clock.now())).toEqual({ sent: 1 });
    expect(textOf((await pending(app)).find((r) => r.key === 'public:2026-10')!)).toContain('本月没有联络单和通知。');
  });
});

describe('the feedback extension point', () => {
  it('adds nothing for no items, and lists resolved items without a submitter', () => {
    expect(publicFeedbackSection([])).toEqual([]);
    expect(publicFeedbackSection([{ number: 'FK2026110001', category: '建议', summary: '食堂排队时间长', improvement: '增加一个窗口' }])).toEqual([
      '已解决的信息反馈:',
      '· FK2026110001 [建议] 食堂排队时间长 → 改进:增加一个窗口',
    ]);
  });
});

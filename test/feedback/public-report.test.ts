/**
 * The 公示's feedback part (SPEC §2 "Public report"): the month's resolved items of public
 * categories with their improvements, no submitter identity; complaints, 举报, unresolvable and
 * unresolved items stay out. Plugged into `sendPublicReport`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { sendPublicReport } from '../../src/app/reports/send-public-report.js';
import { localInstant } from '../../src/domain/local-time.js';
import { conversation, TZ, type TestApp } from '../helpers/app.js';
import { feedbackApp, fk } from './helpers.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('public report with feedback', () => {
  it('lists the month’s resolved public items with their improvements and no names', async () => {
    app = await feedbackApp('2026-11-24 09:00');
    const c = conversation(app);
    await c.say(':as zheng', '反馈 建议 食堂增加一个打饭窗口,排队太久', ':as he', '反馈 投诉 食堂饭菜太咸', ':as ma', '匿名反馈 问题 厂区东门路灯不亮');
    await c.say(':as qian', '反馈 问题 车间饮水机坏了', ':as luo', '反馈 举报 有人收受回扣');
    await c.say(':as yang', `受理 ${fk(1)} @huang`, `受理 ${fk(2)} @huang`, `受理 ${fk(3)} @huang`, `受理 ${fk(4)} @huang`, ':as liu', `受理 ${fk(5)}`);
    await c.say(':as huang', `解决 ${fk(1)} 已增设三号窗口 改进: 午餐时段开放四个窗口`, `解决 ${fk(2)} 已与承包方沟通调整口味`);
    await c.say(`解决 ${fk(3)} 已更换路灯`, `无法解决 ${fk(4)} 需整体更换 建议: 采购新饮水机`, ':as liu', `解决 ${fk(5)} 已查处`);
    app.clock.set(localInstant('2026-12-01 10:00', TZ));
    expect(await sendPublicReport(app, '2026-11', app.clock.now())).toEqual({ sent: 1 });
    const [row] = await app.store.transaction((tx) => tx.outbox.due(Number.MAX_SAFE_INTEGER, 100));
    const text = [row!.view.title, ...row!.view.lines].join('\n');
    expect(text).toContain('已解决的信息反馈:');
    expect(text).toContain(`· ${fk(1)} [建议] 食堂增加一个打饭窗口,排队太久 → 改进:午餐时段开放四个窗口`);
    expect(text).toContain(`· ${fk(3)} [问题] 厂区东门路灯不亮 → 改进:已更换路灯`);
    for (const hidden of [fk(2), fk(4), fk(5), '回扣', '饮水机']) expect(text).not.toContain(hidden);
    for (const p of app.org.people) {
      expect(text).not.toContain(p.name);
      expect(text).not.toContain(`${p.id} `);
    }
  });
});

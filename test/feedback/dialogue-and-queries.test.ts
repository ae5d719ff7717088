/**
 * The guided 反馈 (category → description → department → time node → expected solution →
 * anonymous or not), 取消, and the queries: 我的反馈, 搜索反馈 by number, category, department,
 * state, period and text, 反馈统计 for leaders only.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { conversation, type TestApp } from '../helpers/app.js';
import { dumpDatabase } from '../refusals/harness.js';
import { feedbackApp, fk } from './helpers.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('guided 反馈', () => {
  it('asks for the seed’s content step by step and registers the item', async () => {
    app = await feedbackApp('2026-11-24 09:00');
    const c = conversation(app);
    const first = await c.say(':as zheng', '反馈');
    expect(first).toContain('第 1 步:请选择类别');
    expect(first).toContain('[工作汇报] [问题] [建议] [投诉] [举报] [紧急] [客户意见] [其他]');
    expect(await c.say('不存在的类别')).toContain('类别「不存在的类别」无效');
    expect(await c.say('建议')).toContain('第 2 步');
    expect(await c.say('仓库货架标识不清,找料费时')).toContain('第 3 步');
    expect(await c.say('NOPE')).toContain('找不到部门代码「NOPE」');
    expect(await c.say('cgb')).toContain('第 4 步');
    expect(await c.say('跳过')).toContain('第 5 步');
    expect(await c.say('统一货架标签并按物料编码排列')).toContain('第 6 步:是否匿名');
    const done = await c.say('否');
    expect(done).toContain(`已登记信息反馈 ${fk(1)}`);
    const view = await c.say(`查看 ${fk(1)}`);
    expect(view).toContain('反馈人:郑伟');
    expect(view).toContain('相关部门:采购部');
    expect(view).toContain('期望解决方案:统一货架标签并按物料编码排列');
    // The dialogue is over: the next message is a command again.
    expect(await c.say('帮助')).toContain('用法');
  });

  it('匿名反馈 skips the anonymity question and stores the dialogue under a pseudonym only', async () => {
    app = await feedbackApp('2026-11-24 09:00');
    const c = conversation(app);
    await c.say(':as jiang', '匿名反馈', '投诉', '报销审批太慢,一张单要一个月');
    const rows = (await app.store.transaction((tx) => tx.dialogues.get('jiang'))) ?? null;
    expect(rows).toBeNull();
    expect(dumpDatabase(app)).not.toContain('jiang');
    await c.say('跳过', '跳过');
    const done = await c.say('跳过');
    expect(done).toContain(`已匿名登记信息反馈 ${fk(1)}`);
    expect(dumpDatabase(app)).not.toContain('jiang');
  });

  it('取消 ends it and stores nothing', async () => {
    app = await feedbackApp('2026-11-24 09:00');
    const c = conversation(app);
    await c.say(':as zheng');
    const before = dumpDatabase(app);
    await c.say('反馈 投诉', '食堂太挤');
    expect(await c.say('取消')).toContain('已取消反馈,没有保存任何内容');
    expect(dumpDatabase(app)).toBe(before);
  });
});

describe('queries', () => {
  it('searches by number, category, department, state, period and text under the access rule', async () => {
    app = await feedbackApp('2026-11-24 09:00');
    const c = conversation(app);
    await c.say(':as zheng', '反馈 建议 食堂增加一个打饭窗口\n部门: ZJB', ':as he', '反馈 问题 图纸打印机卡纸\n部门: JSB', ':as ma', '反馈 投诉 质检室空调不制冷\n部门: ZLB');
    await c.say(':as yang', `受理 ${fk(2)} @luo`);
    const search = (q: string) => c.say(':as liu', `搜索反馈 ${q}`);
    expect(await search(fk(2))).toContain('共 1 条');
    expect(await search('投诉')).toMatch(new RegExp(`共 1 条:\\n· ${fk(3)}`));
    expect(await search('JSB')).toContain(fk(2));
    expect(await search('已受理')).toMatch(new RegExp(`共 1 条:\\n· ${fk(2)}`));
    expect(await search('2026-11 食堂')).toMatch(new RegExp(`共 1 条:\\n· ${fk(1)}`));
    expect(await search('2026-11-25~2026-11-30')).toContain('没有找到');
    expect(await search('2026-13')).toContain('不是有效的月份');
    // 何静 sees only her own; 罗斌 the one he owns.
    expect(await c.say(':as he', '搜索反馈 2026-11')).toMatch(new RegExp(`共 1 条:\\n· ${fk(2)}`));
    expect(await c.say(':as luo', '我的反馈')).toMatch(new RegExp(`共 1 条:\\n· ${fk(2)}`));
  });

  it('gives 反馈统计 to leaders, counting only what they may see', async () => {
    app = await feedbackApp('2026-11-24 09:00');
    const c = conversation(app);
    await c.say(':as zheng', '反馈 问题 二号车间照明不足', ':as he', '反馈 问题 图纸打印机卡纸\n部门: JSB');
    await c.say(':as yang', `受理 ${fk(1)} @zhao`, ':as zhao', `解决 ${fk(1)} 已更换灯管`, ':as zheng', `确认 ${fk(1)} 4`);
    const zhao = await c.say(':as zhao', '反馈统计 2026-11');
    expect(zhao).toContain('登记 1 条。');
    expect(zhao).toContain('按类别:问题 1');
    expect(zhao).toContain('首次响应按时率 100%(1/1);处理按时率 100%(1/1)');
    expect(zhao).toContain('平均满意度 4.0(1 条评分)');
    expect(await c.say(':as liu', '反馈统计')).toContain('登记 2 条。');
    expect(await c.say(':as qian', '反馈统计')).toContain('反馈统计只提供给部门负责人');
  });
});

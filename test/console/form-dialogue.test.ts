/**
 * The guided 新建联络单: the bot asks field by field, checks each answer, and drafts on 完成;
 * 取消 stores nothing; the dialogue survives a restart (it lives in the database).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { conversation, createTestApp, type TestApp } from '../helpers/app.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('guided 新建联络单', () => {
  it('asks for each field, rejects bad answers, and drafts on 完成', async () => {
    app = await createTestApp('2026-11-24 09:00');
    const c = conversation(app);
    expect(await c.say(':as zheng', '新建联络单')).toContain('第 1 步:请发送收文(接收)部门代码');
    expect(await c.say('XX')).toContain('找不到部门代码「XX」');
    expect(await c.say('SCB')).toContain('接收部门不能是本部门');
    expect(await c.say('jsb')).toContain('第 2 步');
    expect(await c.say('2026-11-01')).toContain('已经过去');
    expect(await c.say('下周')).toContain('不是有效的时间');
    expect(await c.say('2026-11-27 16:00')).toContain('第 3 步');
    expect(await c.say('三号锅炉焊缝探伤报告')).toContain('第 4 步');
    expect(await c.say('随便')).toContain('性质「随便」无效');
    expect(await c.say('工作指令')).toContain('可补充「字段: 值」');
    expect(await c.say('地点: 三号车间;紧急: 也许')).toContain('紧急「也许」无效');
    expect(await c.say('地点: 三号车间;要求完成结果: 出具报告')).toContain('已补充 2 项');
    const done = await c.say('完成');
    expect(done).toContain('已起草 #1《三号锅炉焊缝探伤报告》');
    expect(done).toContain('性质:工作指令');
    expect(done).toContain('地点:三号车间');
    expect(done).toContain('>> to zhao\n工作联络单 #1《三号锅炉焊缝探伤报告》');
    // The dialogue is over: the next message is a command again.
    expect(await c.say('我的待办')).toContain('我的待办');
  });

  it('取消 ends it and stores no form', async () => {
    app = await createTestApp('2026-11-24 09:00');
    const c = conversation(app);
    await c.say(':as zheng', '新建联络单', 'JSB');
    expect(await c.say('取消')).toContain('已取消新建联络单');
    expect(await app.store.transaction((tx) => tx.forms.list({}))).toEqual([]);
    expect(await app.store.transaction((tx) => tx.dialogues.get('zheng'))).toBeUndefined();
  });

  it('continues after a restart, and is forgotten after 30 idle minutes', async () => {
    app = await createTestApp('2026-11-24 09:00');
    await conversation(app).say(':as zheng', '新建联络单', 'JSB');
    const fresh = conversation(app); // a new session: nothing in memory
    expect(await fresh.say(':as zheng', '2026-11-27')).toContain('第 3 步');
    await fresh.say(':advance 31m');
    expect(await fresh.say('图纸')).toContain('看不懂「图纸」');
  });
});

/**
 * Issue 4 "Done when": a console session takes one item through every state — registered,
 * triaged, in progress, resolved, reopened, unresolvable, closed on confirmation with a rating,
 * reopened again within the period, resolved, closed automatically after the silence period — and
 * the submitter receives each update; reopening after the period is refused; 查看 shows it all.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { conversation, type TestApp } from '../helpers/app.js';
import { feedbackApp, fk, to } from './helpers.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('feedback lifecycle through the console', () => {
  it('runs an item through every state and tells the submitter each change', async () => {
    app = await feedbackApp('2026-11-24 09:00');
    const c = conversation(app);
    const n = fk(1);
    const say = async (...lines: string[]) => c.say(...lines);

    const registered = await say(':as zheng', '反馈 问题 二号车间照明不足,晚班看不清仪表\n期望: 尽快更换灯具\n时间: 11月20日起');
    expect(registered).toContain(`>> to zheng\n已登记信息反馈 ${n},登记时间 2026-11-24 09:00。`);
    // The feedback group (sun, liu, yang) is told, with the first-response target.
    for (const p of ['sun', 'liu', 'yang']) expect(to(registered, p)[0]).toContain('【新反馈】请在 2026-11-24 14:30 前受理');

    const triaged = await say(':as sun', `受理 ${n}`);
    expect(to(triaged, 'zheng')[0]).toContain('已受理,处理人 孙晓燕,预计 2026-11-27 09:00 前处理完毕。');

    const assigned = await say(`分派 ${n} @zhao`);
    expect(to(assigned, 'zheng')[0]).toContain('处理人变更为 赵强。');
    expect(to(assigned, 'zhao')[0]).toContain('孙晓燕 将此反馈交由您处理');

    const progress = await say(':as zhao', `进展 ${n} 已联系电工,明天上午更换`);
    expect(to(progress, 'zheng')[0]).toContain('赵强 进展:已联系电工,明天上午更换');

    const asked = await say(`提问 ${n} 具体是哪几盏灯?`);
    expect(to(asked, 'zheng')[0]).toContain('赵强 提问:具体是哪几盏灯?');
    const replied = await say(':as zheng', `回复 ${n} 东侧三盏`);
    expect(to(replied, 'zhao')[0]).toContain('郑伟 回复:东侧三盏');

    const resolved = await say(':as zhao', `解决 ${n} 已更换灯管 改进: 每月巡检车间照明`);
    const r = to(resolved, 'zheng')[0]!;
    expect(r).toContain('赵强 已解决:已更换灯管;改进措施:每月巡检车间照明');
    expect(r).toContain('如无答复,将于 2026-12-01 09:00 自动关闭。');
    expect(r).toContain('[满意 5] [确认并评分] [重开]');

    const reopened = await say(':as zheng', `重开 ${n} 又有两盏不亮了`);
    expect(reopened).toContain(`已重开:${n}【问题】`);
    expect(to(reopened, 'zhao')[0]).toContain('郑伟 重开:又有两盏不亮了');

    const unresolvable = await say(':as zhao', `无法解决 ${n} 线路老化,需整体改造 建议: 列入明年技改计划`);
    expect(to(unresolvable, 'zheng')[0]).toContain('赵强 无法解决:线路老化,需整体改造;建议:列入明年技改计划');

    const confirmed = await say(':as zheng', `确认 ${n} 4 理解,希望尽快`);
    expect(confirmed).toContain(`已确认关闭:${n}【问题】`);
    expect(to(confirmed, 'zhao')[0]).toContain('郑伟 确认关闭,满意度 4/5:理解,希望尽快');

    // Closed, and reopened within the policy's period (15 days).
    const again = await say(':advance 2d', `重开 ${n} 技改前能否先临时加装照明`);
    expect(again).toContain(`已重开:${n}【问题】`);
    const second = await say(':as zhao', `解决 ${n} 已临时加装两盏防爆灯`);
    expect(to(second, 'zheng')[0]).toContain('赵强 已解决:已临时加装两盏防爆灯');

    // Seven days of silence close it automatically; the submitter is told how long they may reopen.
    const silent = await say(':advance 7d');
    const closedMsg = to(silent, 'zheng')[0]!;
    expect(closedMsg).toContain('因长时间未答复,已自动关闭');
    expect(closedMsg).toContain('2026-12-18 09:00 前');

    // After the reopen period: refused, nothing changes.
    const late = await say(':advance 16d', ':as zheng', `重开 ${n} 还是暗`);
    expect(late).toContain('已超过可重开的期限');

    const view = await say(`查看 ${n}`);
    expect(view).toContain('状态:已关闭');
    const history = view.split('处理记录:\n')[1]!.split('\n').filter(Boolean);
    const steps = [
      '郑伟:登记', '孙晓燕:受理,处理人 孙晓燕', '孙晓燕:分派给 赵强', '赵强:进展:', '赵强:提问:', '郑伟:回复:东侧三盏',
      '赵强:已解决:已更换灯管', '郑伟:重开:又有两盏不亮了', '赵强:无法解决:', '郑伟:确认关闭,满意度 4/5', '郑伟:重开:技改前',
      '赵强:已解决:已临时加装', '系统:长时间未答复,自动关闭',
    ];
    expect(history).toHaveLength(steps.length);
    steps.forEach((s, i) => expect(history[i]).toContain(s));
    // Closed at its true time (seven days after the second resolution), not when the clock moved on.
    expect(history[12]).toMatch(/^2026-12-03 09:00 /);
  });
});

describe('feedback words inside a form thread', () => {
  it('回复 / 确认 without an FK number stay comments in the thread', async () => {
    app = await feedbackApp('2026-11-24 09:00');
    const c = conversation(app);
    await c.say(':as zheng', '新建联络单 JSB 2026-11-30 二号锅炉图纸确认', ':as zhao', '同意 #1');
    const out = await c.say(':as lin', ':thread SCB20261101', '回复 图纸周一给你', '确认一下期限');
    expect(out).toContain('已记入联络单 SCB20261101《二号锅炉图纸确认》 的往来记录。');
    expect(out).toContain('林志华 回复 图纸周一给你');
    expect(out).toContain('林志华 确认一下期限');
    expect(await app.store.transaction((tx) => tx.feedback.list({}))).toEqual([]);
  });
});

describe('feedback words in a group chat', () => {
  it('answers well-formed commands only; chatter that starts with a feedback word gets no reply', async () => {
    app = await feedbackApp('2026-11-24 09:00');
    const c = conversation(app);
    expect(await c.say(':as zheng', ':in SCB', '反馈给领导了', '确认一下明天的会', '回复:收到')).toBe('');
    expect(await c.say('反馈 建议 车间增加饮水机')).toContain(`已登记信息反馈 ${fk(1)}`);
  });
});

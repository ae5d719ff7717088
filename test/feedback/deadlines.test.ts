/**
 * Feedback deadlines are ordinary duties (SPEC §2 "Deadlines", §4): the triagers owe the first
 * response, the owner the resolution; urgent items reach 总经办 at once and must be acknowledged
 * within the notice window. The sweep reminds, records violations and escalates them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { conversation, type TestApp } from '../helpers/app.js';
import { feedbackApp, fk, to } from './helpers.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const violations = (a: TestApp) => a.store.transaction((tx) => tx.violations.list({ month: '2026-11' }));

describe('feedback deadlines', () => {
  it('an urgent item reaches 总经办 at once; missed first response and resolution become violations', async () => {
    app = await feedbackApp('2026-11-24 09:00');
    const c = conversation(app);
    const n = fk(1);
    const reg = await c.say(':as zheng', '反馈 紧急 二号锅炉压力表读数异常,已停炉观察');
    // 总经办's leader (王建国) and the feedback group hear at once; each must reply 收到 by 09:30.
    for (const p of ['wang', 'sun', 'liu', 'yang']) expect(to(reg, p)[0]).toContain('【紧急反馈】请在 2026-11-24 09:30 前回复「收到」');
    expect(to(reg, 'wang')[0]).toContain('[收到] [受理]');

    const ack = await c.say(':advance 10m', ':as wang', `收到 ${n}`);
    expect(ack).toContain(`已确认收到 ${n}《紧急反馈》`);

    // Nobody of the group triages in time: reminder at 09:20, violation at 09:30.
    const late = await c.say(':advance 25m');
    expect(to(late, 'sun').join('\n')).toContain(`【提醒】${n}《紧急反馈》将于 2026-11-24 09:30 到期`);
    expect(to(late, 'sun').join('\n')).toContain('已记违规:信息反馈未在时限内受理或确认收到');
    expect((await violations(app)).map((v) => [v.person, v.rule]).sort()).toEqual([
      ['liu', 'feedback_response'], ['sun', 'feedback_response'], ['yang', 'feedback_response'],
    ]);

    // Triage settles the group's duties; the owner owes the resolution within 8 working hours.
    const triaged = await c.say(':as sun', `受理 ${n} @zhao`);
    expect(to(triaged, 'zhao')[0]).toContain('请在 2026-11-25 09:35 前处理完毕');
    const open = await app.store.transaction((tx) => tx.duties.openForSubject('feedback', 1));
    expect(open.map((d) => [d.person, d.rule])).toEqual([['zhao', 'feedback_resolution']]);

    // The owner misses it: reminder, violation, then the escalation chain (their superior 30m later).
    const missed = await c.say(':advance 1d');
    expect(to(missed, 'zhao').join('\n')).toContain(`【提醒】紧急反馈 ${n} 须于 2026-11-25 09:35 前处理完毕`);
    expect(to(missed, 'zhao').join('\n')).toContain('已记违规:信息反馈未在时限内处理完毕');
    const escalated = await c.say(':advance 1h');
    expect(to(escalated, 'chen').join('\n')).toContain(`【逾期上报】赵强 未在期限 2026-11-25 09:35 前回复 ${n}《紧急反馈》`);
    expect((await violations(app)).filter((v) => v.rule === 'feedback_resolution').map((v) => v.person)).toEqual(['zhao']);
    // Duty titles, reminders and violations never carry the item's text.
    for (const v of await violations(app)) expect(v.title).toBe('紧急反馈');
    expect(missed).not.toContain('压力表');
  });

  it('a restricted item names no category in its duties', async () => {
    app = await feedbackApp('2026-11-24 09:00');
    const c = conversation(app);
    await c.say(':as zheng', '反馈 举报 有人收受供应商回扣');
    const duties = await app.store.transaction((tx) => tx.duties.openForSubject('feedback', 1));
    expect(duties.map((d) => d.person).sort()).toEqual(['chen', 'liu', 'sun', 'wang']);
    for (const d of duties) expect(d.title).toBe('信息反馈');
  });
});

describe('acknowledging', () => {
  it('收到 answers a first-response duty, never the owner’s resolution', async () => {
    app = await feedbackApp('2026-11-24 09:00');
    const c = conversation(app);
    await c.say(':as zheng', '反馈 问题 照明不足', ':as liu', `收到 ${fk(1)}`);
    const after = await app.store.transaction((tx) => tx.duties.openForSubject('feedback', 1));
    expect(after.map((d) => d.person).sort()).toEqual(['sun', 'yang']);
    await c.say(':as yang', `受理 ${fk(1)} @zhao`);
    expect(await c.say(':as zhao', `收到 ${fk(1)}`)).toContain('您目前没有需要回复「收到」的事项');
    expect(await c.say('我的待办')).toContain(`[查看 ${fk(1)}]`);
    const view = await c.say(`查看 ${fk(1)}`);
    expect(view).toContain('刘敏:收到');
  });
});

/**
 * Issue 18 item 16: typing a button's label works for every button. Buttons are collected from
 * real conversations (forms, notices, feedback, 我的待办, dialogues); each label typed as text must
 * be a command (or, for dialogue buttons, an answer the dialogue takes), never "看不懂".
 */
import { afterEach, expect, it } from 'vitest';
import { parseCommand, parseOptionsOf } from '../../src/chat/parse-command.js';
import { conversation, type TestApp } from '../helpers/app.js';
import { feedbackApp } from '../feedback/helpers.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** Answers of the guided dialogues (新建联络单, 反馈): typed there, they are that step's answer. */
const DIALOGUE_ANSWERS = new Set(['跳过', '取消', '完成', '匿名', '署名', '要求协助', '工作指令', '事件跟催', '其他', '工作汇报', '问题', '建议', '投诉', '举报', '紧急', '客户意见']);

function labels(out: string): string[] {
  return out.split('\n').filter((l) => /^\[[^\]]+\]( \[[^\]]+\])*$/.test(l)).flatMap((l) => [...l.matchAll(/\[([^\]]+)\]/g)].map((m) => m[1]!));
}

it('every button label seen in a working day is a command when typed', async () => {
  app = await feedbackApp('2026-12-01 09:00');
  const c = conversation(app);
  const outs = [
    await c.say(':as zheng', '新建联络单 JSB 2026-12-04 图纸确认', '我的待办', ':as zhao', '我的待办', '同意', ':as lin', '我的待办'),
    await c.say(':thread SCB20261201', '签收', '指派 @he', ':as he', '申请延期 2026-12-10 图纸复杂', ':as zheng', '我的待办', '同意', ':as he', '完成 图纸已确认', ':as zheng', '我的待办'),
    await c.say(':dm', ':as wang', '通知 @zhao 开会', ':as zhao', '我的待办', ':advance 1h'),
    await c.say(':as zheng', '反馈 问题 车间照明不足', ':as sun', '受理 FK20261201-001', ':as zheng', '我的待办'),
    await c.say(':as sun', '解决 FK20261201-001 已更换灯管'),
    await c.say(':as zheng', '反馈', '问题', '仓库太挤', '新建联络单', '取消'),
  ];
  const seen = [...new Set(outs.flatMap(labels))];
  expect(seen).toEqual(expect.arrayContaining(['满意 5', '确认并评分', '签收 SCB20261201', '收到', '受理', '同意延期', '驳回延期']));
  const opts = parseOptionsOf(app.policy);
  for (const label of seen) {
    if (DIALOGUE_ANSWERS.has(label)) continue;
    expect(parseCommand(label, opts).kind, label).not.toBe('text');
  }
  // And the one that failed: 满意 5 confirms with a rating.
  const confirmed = await c.say(':as zheng', '满意 5');
  expect(confirmed).toContain('满意度 5');
});

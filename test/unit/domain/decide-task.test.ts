/**
 * decideTask as a table: who may take each action from which assignment state, what it leads
 * to, and the refusal codes otherwise; and the task words of the command language.
 */
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../src/chat/parse-command.js';
import { DEFAULT_POLICY } from '../../../src/config/policy-file.js';
import { decideTask, type TaskAction } from '../../../src/domain/task/decide-task.js';
import { isRefusal } from '../../../src/domain/refusal.js';
import type { AssignmentState, Task } from '../../../src/domain/task/task.js';
import { demoOrg } from '../../helpers/app.js';

const org = demoOrg();
const task = (zheng: AssignmentState, shi: AssignmentState = 'working'): Task => ({
  id: 1, number: 'RW202612-001', from: 'zhao', text: '盘点', dueAt: 1_000, createdAt: 0, state: 'open',
  assignees: [{ person: 'zheng', state: zheng, history: [] }, { person: 'shi', state: shi, history: [] }],
});

const CASES: Array<[string, Task, string, TaskAction, string]> = [
  ['progress while working', task('working'), 'zheng', { kind: 'progress', text: '一半' }, 'zheng:working'],
  ['progress after submitting', task('submitted'), 'zheng', { kind: 'progress', text: 'x' }, 'bad_state'],
  ['complete while working', task('working'), 'zheng', { kind: 'complete', result: '好了' }, 'zheng:submitted'],
  ['complete by the issuer', task('working'), 'zhao', { kind: 'complete', result: 'x' }, 'not_assignee'],
  ['complete by a stranger', task('working'), 'he', { kind: 'complete', result: 'x' }, 'not_assignee'],
  ['confirm a submitted result', task('submitted'), 'zhao', { kind: 'confirm' }, 'zheng:confirmed'],
  ['confirm both submitted results', task('submitted', 'submitted'), 'zhao', { kind: 'confirm' }, 'zheng,shi:confirmed'],
  ['confirm one of two by name', task('submitted', 'submitted'), 'zhao', { kind: 'confirm', person: 'shi' }, 'shi:confirmed'],
  ['confirm by an assignee', task('submitted'), 'zheng', { kind: 'confirm' }, 'not_issuer'],
  ['confirm with nothing submitted', task('working'), 'zhao', { kind: 'confirm' }, 'bad_state'],
  ['confirm someone not assigned', task('submitted'), 'zhao', { kind: 'confirm', person: 'he' }, 'not_assignee'],
  ['return a submitted result', task('submitted'), 'zhao', { kind: 'return', reason: '不全' }, 'zheng:working'],
  ['return with two submitted and no name', task('submitted', 'submitted'), 'zhao', { kind: 'return', reason: 'x' }, 'which_assignee'],
  ['return a confirmed result', task('confirmed'), 'zhao', { kind: 'return', reason: 'x' }, 'bad_state'],
];

describe('decideTask', () => {
  it.each(CASES)('%s', (_name, t, actor, action, expected) => {
    const d = decideTask(org, t, actor, action, 2_000);
    if (isRefusal(d)) {
      expect(d.code).toBe(expected);
      return;
    }
    const [persons, state] = expected.split(':');
    expect(d.persons).toEqual(persons!.split(','));
    for (const p of d.persons) expect(d.task.assignees.find((a) => a.person === p)!.state).toBe(state);
    expect(t.assignees.every((a) => a.history.length === 0)).toBe(true); // the input is not changed
  });

  it('a late result is marked late; the task closes when every result is confirmed', () => {
    const done = decideTask(org, task('working', 'confirmed'), 'zheng', { kind: 'complete', result: '好了' }, 2_000);
    expect(isRefusal(done) ? done : done.task.assignees[0]).toMatchObject({ state: 'submitted', resultAt: 2_000, late: true });
    const closed = decideTask(org, task('submitted', 'confirmed'), 'zhao', { kind: 'confirm' }, 3_000);
    expect(isRefusal(closed) ? closed : closed.task.state).toBe('closed');
  });
});

const OPTS = { ackKeywords: [...DEFAULT_POLICY.ackKeywords], noticePrefixes: [...DEFAULT_POLICY.noticePrefixes] };

describe('task words', () => {
  it.each<[string, unknown]>([
    ['任务 @zheng @石磊 整理报告 期限 2026-12-03 17:00', { kind: 'task', cmd: { verb: 'assign', items: [{ mentions: ['zheng', '石磊'], text: '整理报告', deadline: '2026-12-03 17:00' }] } }],
    ['任务 @zheng 整理报告期限：2026-12-03', { kind: 'task', cmd: { verb: 'assign', items: [{ mentions: ['zheng'], text: '整理报告', deadline: '2026-12-03' }] } }],
    ['task @zheng stocktake deadline 2026-12-03', { kind: 'task', cmd: { verb: 'assign', items: [{ mentions: ['zheng'], text: 'stocktake', deadline: '2026-12-03' }] } }],
    ['任务 12月1日 生产调度会\n@zheng 排产计划 期限 2026-12-02\n@shi @zhou 设备点检 期限 2026-12-03 12:00', { kind: 'task', cmd: {
      verb: 'assign', heading: '12月1日 生产调度会',
      items: [{ mentions: ['zheng'], text: '排产计划', deadline: '2026-12-02' }, { mentions: ['shi', 'zhou'], text: '设备点检', deadline: '2026-12-03 12:00' }],
    } }],
    ['进展 RW202612-001 过半', { kind: 'task', cmd: { verb: 'progress', ref: 'RW202612-001', text: '过半' } }],
    ['progress rw202612-001 half', { kind: 'task', cmd: { verb: 'progress', ref: 'RW202612-001', text: 'half' } }],
    ['完成 RW202612-001 已提交', { kind: 'task', cmd: { verb: 'complete', ref: 'RW202612-001', result: '已提交' } }],
    ['done RW202612-001 sent', { kind: 'task', cmd: { verb: 'complete', ref: 'RW202612-001', result: 'sent' } }],
    ['确认 RW202612-001 @zheng', { kind: 'task', cmd: { verb: 'confirm', ref: 'RW202612-001', mention: 'zheng' } }],
    ['退回 数据不全', { kind: 'task', cmd: { verb: 'return', reason: '数据不全' } }],
    ['return RW202612-001 @shi wrong totals', { kind: 'task', cmd: { verb: 'return', ref: 'RW202612-001', mention: 'shi', reason: 'wrong totals' } }],
    ['收到 RW202612-001', { kind: 'ack', ref: 'RW202612-001' }],
    ['查看 RW202612-001', { kind: 'show', ref: 'RW202612-001' }],
    // Shared words without an RW number keep their old meaning.
    ['完成 SCB20261101 已完成', { kind: 'done', ref: 'SCB20261101', result: '已完成' }],
  ])('%s', (text, expected) => {
    expect(parseCommand(text, OPTS)).toEqual(expected);
  });

  it.each([
    ['任务 整理报告 期限 2026-12-03', '用法:任务 @某人'],
    ['任务 @zheng 整理报告', '任务须写明期限'],
    ['任务 @zheng 期限 2026-12-03', '请写明任务内容'],
    ['完成 RW202612-001', '用法:完成 RW编号'],
    ['退回', '用法:退回'],
    ['任务 调度会\n@zheng 排产计划 期限 2026-12-02\n@shi 设备点检', '第 3 行「@shi 设备点检」:任务须写明期限'],
  ])('%s → invalid', (text, message) => {
    const c = parseCommand(text, OPTS);
    expect(c.kind).toBe('invalid');
    expect(c.kind === 'invalid' && c.message).toContain(message);
  });

  it('进展 and 确认 without an RW number stay feedback commands', () => {
    expect(parseCommand('进展 FK20261124-001 已联系', OPTS).kind).toBe('feedback');
    expect(parseCommand('确认', OPTS).kind).toBe('feedback');
  });
});

/**
 * Issue 13 part 4: the intake form's one check (src/chat/feedback-form.ts), as a table, and the
 * router's second line of defence for a submission that reached it anyway — anonymity without a
 * secret, a form submitted where others saw it — plus the modal path's anonymity, which must
 * leave the same (no) trace as a typed 匿名反馈.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { checkFeedbackForm } from '../../src/chat/feedback-form.js';
import type { InboundEvent } from '../../src/chat/inbound.js';
import { handleInbound } from '../../src/chat/router.js';
import { conversation, createTestApp, demoOrg, type TestApp } from '../helpers/app.js';
import { dumpDatabase } from '../refusals/harness.js';
import { feedbackApp, fk } from './helpers.js';
import { stringContaining } from '../helpers/matchers.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const org = demoOrg();
const form = (fields: Record<string, string>, anonymity = true) => checkFeedbackForm(org, fields, anonymity);

describe('checkFeedbackForm', () => {
  it.each([
    [{ category: 'complaint', description: '食堂太挤' }, { category: 'complaint', description: '食堂太挤', anonymous: false }],
    [{ category: '投诉', description: ' 食堂太挤 ', dept: 'rxb', timeNode: '午饭', expected: '错峰', anonymous: '否' }, { category: 'complaint', description: '食堂太挤', dept: 'RXB', timeNode: '午饭', expected: '错峰', anonymous: false }],
    [{ category: 'whistleblowing', description: '私拿物料', anonymous: '是' }, { category: 'whistleblowing', description: '私拿物料', anonymous: true }],
  ])('accepts %j', (fields, draft) => {
    expect(form(fields)).toEqual({ ok: true, draft });
  });

  it.each([
    [{ description: 'x' }, { category: '请选择类别。' }],
    [{ category: 'complaint', description: '   ' }, { description: '请写明反馈内容(问题的具体描述)。' }],
    [{ category: 'bogus', description: 'x' }, { category: stringContaining('类别「bogus」无效') }],
    [{ category: 'problem', description: 'x', dept: 'NOPE' }, { dept: stringContaining('找不到部门代码「NOPE」') }],
    [{ category: 'problem', description: 'x', timeNode: '长'.repeat(2001) }, { timeNode: stringContaining('「时间」太长(2001 字),最多 2000 字') }],
    [{ category: 'problem', description: 'x', expected: '长'.repeat(2001) }, { expected: stringContaining('「期望」太长') }],
    [{ category: 'problem', description: 'x', anonymous: '也许' }, { anonymous: stringContaining('未知字段「匿名: 也许」') }],
  ])('refuses %j on its field', (fields, errors) => {
    expect(form(fields as Record<string, string>)).toEqual({ ok: false, errors });
  });

  it('refuses anonymity where the deployment cannot seal', () => {
    expect(form({ category: 'problem', description: 'x', anonymous: '是' }, false)).toEqual({ ok: false, errors: { anonymous: stringContaining('匿名反馈暂不可用') } });
  });
});

const submission = (fields: Record<string, string>, opts: Partial<InboundEvent> = {}): InboundEvent => ({
  platform: 'slack', sender: 'zheng', where: { kind: 'dept', dept: 'SCB' }, text: '反馈', via: 'submission', private: true, fields, ...opts,
});

describe('a submitted form in the router', () => {
  it('refuses anonymity without a secret, and a form submitted in a group; stores nothing', async () => {
    app = await createTestApp('2026-11-24 09:00');
    const before = dumpDatabase(app);
    const anon = await handleInbound(app, submission({ category: 'problem', description: '伪造的匿名表单', anonymous: '是' }));
    expect(anon).toMatchObject({ refused: true, lines: [stringContaining('匿名反馈暂不可用'), stringContaining('没有保存任何内容')] });
    const group = await handleInbound(app, submission({ category: 'problem', description: '群里提交的表单' }, { private: false }));
    expect(group).toMatchObject({ refused: true, lines: ['反馈表单只能在与机器人的私聊中提交。请私聊发送「反馈」。'] });
    expect(dumpDatabase(app)).toBe(before);
  });

  it('registers an anonymous form as a typed 匿名反馈 would: no trace of the sender; it ends an open dialogue', async () => {
    app = await feedbackApp();
    const c = conversation(app);
    await c.say(':as jiang', '反馈');
    const reply = await handleInbound(app, submission({ category: 'complaint', description: '报销审批太慢 form-anon', anonymous: '是' }, { sender: 'jiang' }));
    expect(reply).toMatchObject({ confidential: true, lines: [stringContaining(`已匿名登记信息反馈 ${fk(1)}`)] });
    const [item] = await app.store.transaction((tx) => tx.feedback.list({}));
    expect(item).toMatchObject({ anonymous: true, dept: 'ZJB', source: { platform: 'slack', channel: 'dm' } });
    expect(item!.submitter).toBeUndefined();
    const dump = dumpDatabase(app);
    expect(dump).toContain('form-anon');
    expect(dump).not.toContain('jiang');
    // The dialogue the form replaced is gone: the next line is a command again.
    expect(await c.say(':as jiang', '帮助')).toContain('用法');
  });
});

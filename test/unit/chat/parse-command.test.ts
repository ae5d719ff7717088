/**
 * parseCommand as a table: every command word (Chinese and English), the one-line 新建联络单,
 * `key: value` lines, acknowledgements, notices, mentions, missing arguments → `invalid` with the
 * usage, and plain text → `text`.
 */
import { describe, expect, it } from 'vitest';
import type { Command } from '../../../src/chat/command.js';
import { COMMAND_WORDS } from '../../../src/chat/command-words.js';
import { parseCommand, parseOptionsOf } from '../../../src/chat/parse-command.js';
import { DEFAULT_POLICY } from '../../../src/config/policy-file.js';
import { USAGE } from '../../../src/texts/usage.js';

const OPTS = parseOptionsOf(DEFAULT_POLICY);
const parse = (text: string): Command => parseCommand(text, OPTS);

/** A minimal well-formed message for every command kind (the word is put in front). */
const SAMPLE_ARGS: Record<Command['kind'], string> = {
  form_new: ' JSB 2026-12-01 图纸确认',
  approve: ' #3', reject: ' #3 内容不清楚', submit: ' #3', sign: ' SCB20261101',
  dispute: ' SCB20261101 期限太紧', revise: ' #3 地点: 二号车间', assign: ' SCB20261101 @he',
  request_change: ' SCB20261101 2026-12-08 配件未到货', done: ' SCB20261101 已完成', close: ' SCB20261101 效果良好',
  follow_up: ' SCB20261101 请加快', escalate: ' SCB20261101 不配合', withdraw: ' SCB20261101 需求取消', transfer: ' SCB20261101 ZLB 属质量部',
  notice: ' @zhao 开会', email: ' @zhao 周报',
  missed_call: ' @zhao', todo: '', show: ' SCB20261101', violations: ' 2026-11', waive: ' WG3 系统故障', assessment: ' 2026-11', violations_export: ' 2026-11', help: '', ack: ' TZ5',
  text: '', invalid: '', feedback: ' FK20261124-001 内容', task: ' @zhao 整理报告 期限 2026-12-03', deputy: ' @zheng 至 2026-12-10 出差', deputy_end: '', export: ' SCB20261101', dashboard: '',
  work_report: ' 本周完成排产计划',
  commendations: ' 2026-11', commend_publish: ' 2026-11',
};

describe('parseCommand: every command word', () => {
  it.each(COMMAND_WORDS)('%s → %s', (word, kind) => {
    expect(parse(`${word}${SAMPLE_ARGS[kind]}`).kind).toBe(kind);
  });

  it.each([
    ['APPROVE #3', 'approve'], ['Sign SCB20261101', 'sign'], ['HELP', 'help'], ['Form New JSB 2026-12-01 x', 'form_new'],
  ])('English words ignore case: %s', (text, kind) => {
    expect(parse(text).kind).toBe(kind);
  });

  it.each(['helpme', 'approved', 'donezo 完成', 'signature'])('an English word needs a boundary: %s → text', (text) => {
    expect(parse(text)).toEqual({ kind: 'text', text });
  });

  it('Chinese words may run into their argument', () => {
    expect(parse('驳回内容不清楚')).toEqual({ kind: 'reject', reason: '内容不清楚' });
  });
});

describe('parseCommand: 汇报', () => {
  it.each<[string, Command]>([
    ['汇报 本周完成排产计划', { kind: 'work_report', text: '本周完成排产计划' }],
    ['汇报:周报 本周完成', { kind: 'work_report', text: '周报 本周完成' }],
    ['汇报 查看', { kind: 'work_report', list: true }],
    ['汇报 搜索 排产', { kind: 'work_report', list: true, query: '排产' }],
    ['汇报', { kind: 'invalid', message: '请写明汇报内容:汇报 <本期工作进展、存在的问题及需协调的事项>。' }],
    ['report weekly done', { kind: 'work_report', text: 'weekly done' }],
  ])('%s', (text, cmd) => {
    expect(parse(text)).toEqual(cmd);
  });
});

describe('parseCommand: 代理', () => {
  it.each<[string, Command]>([
    ['代理', { kind: 'deputy' }],
    ['代理 @郑伟 至 2026-12-10 出差', { kind: 'deputy', deputy: '郑伟', until: '2026-12-10', reason: '出差' }],
    ['代理 @zhao 由 @zheng 至 2026-12-10', { kind: 'deputy', absent: 'zhao', deputy: 'zheng', until: '2026-12-10' }],
    ['代理 @zheng 2026-12-10', { kind: 'invalid', message: USAGE.deputy }],
    ['取消代理', { kind: 'deputy_end' }],
    ['取消代理 @zhao', { kind: 'deputy_end', absent: 'zhao' }],
  ])('%s', (text, cmd) => {
    expect(parse(text)).toEqual(cmd);
  });
});

describe('parseCommand: arguments', () => {
  it.each<[string, Command]>([
    ['同意', { kind: 'approve', ref: undefined }],
    ['同意 #12', { kind: 'approve', ref: '#12' }],
    ['approve SCB20261101', { kind: 'approve', ref: 'SCB20261101' }],
    ['驳回 #12 期限写错了', { kind: 'reject', ref: '#12', reason: '期限写错了' }],
    ['驳回', { kind: 'reject', ref: undefined, reason: '' }],
    ['提交 #12', { kind: 'submit', ref: '#12' }],
    ['签收', { kind: 'sign', ref: undefined }],
    ['有异议 SCB20261101 期限太紧', { kind: 'dispute', ref: 'SCB20261101', reason: '期限太紧' }],
    ['异议 期限太紧', { kind: 'dispute', ref: undefined, reason: '期限太紧' }],
    ['修改 #3 地点: 二号车间；期限：2026-12-05 14:00', { kind: 'revise', ref: '#3', fields: { place: '二号车间', deadline: '2026-12-05 14:00' } }],
    ['edit 人物: 张三\n事件: 检修', { kind: 'revise', ref: undefined, fields: { people: '张三', event: '检修' } }],
    ['指派 SCB20261101 @he @罗斌', { kind: 'assign', ref: 'SCB20261101', mentions: ['he', '罗斌'] }],
    ['申请延期 2026-12-08 14:00 配件未到货', { kind: 'request_change', ref: undefined, deadline: '2026-12-08 14:00', reason: '配件未到货' }],
    ['extend SCB20261101 2026-12-08 parts late', { kind: 'request_change', ref: 'SCB20261101', deadline: '2026-12-08', reason: 'parts late' }],
    ['完成 已更换阀门并试压合格', { kind: 'done', ref: undefined, result: '已更换阀门并试压合格' }],
    ['结案 SCB20261101 按时完成', { kind: 'close', ref: 'SCB20261101', evaluation: '按时完成' }],
    ['跟催', { kind: 'follow_up', ref: undefined, text: '' }],
    ['follow-up SCB20261101 请加快', { kind: 'follow_up', ref: 'SCB20261101', text: '请加快' }],
    ['上报 SCB20261101 不配合', { kind: 'escalate', ref: 'SCB20261101', reason: '不配合' }],
    ['通知 @zhao @赵强 明早八点开安全会', { kind: 'notice', mentions: ['zhao', '赵强'], text: '明早八点开安全会' }],
    ['邮件 @lin 本周图纸', { kind: 'email', mentions: ['lin'], text: '本周图纸' }],
    ['未接来电 @赵强', { kind: 'missed_call', mentions: ['赵强'] }],
    ['我的待办', { kind: 'todo' }],
    ['查看 TZ12', { kind: 'show', ref: 'TZ12' }],
    ['违规 2026-3', { kind: 'violations', month: '2026-03', mentions: [] }],
    ['violations @zheng', { kind: 'violations', month: undefined, mentions: ['zheng'] }],
    ['豁免 WG3 当天系统故障', { kind: 'waive', id: '3', reason: '当天系统故障' }],
    ['waive 7 network down', { kind: 'waive', id: '7', reason: 'network down' }],
    ['？', { kind: 'help' }],
    ['ack TZ5', { kind: 'ack', ref: 'TZ5' }],
  ])('%s', (text, cmd) => {
    expect(parse(text)).toEqual(cmd);
  });
});

describe('parseCommand: 新建联络单', () => {
  it.each<[string, Record<string, string>]>([
    ['新建联络单 JSB 2026-12-01 二号锅炉图纸确认', { receivingDept: 'JSB', deadline: '2026-12-01', subject: '二号锅炉图纸确认' }],
    ['新建联络单 JSB 2026-12-01 14:00 二号锅炉 图纸确认', { receivingDept: 'JSB', deadline: '2026-12-01 14:00', subject: '二号锅炉 图纸确认' }],
    ['新建联络单 JSB 2026-12-01 工作指令 图纸确认', { receivingDept: 'JSB', deadline: '2026-12-01', nature: '工作指令', subject: '图纸确认' }],
    ['新建联络单 JSB 2026-12-1 9:30 其他 图纸', { receivingDept: 'JSB', deadline: '2026-12-1 9:30', nature: '其他', subject: '图纸' }],
    // A nature word alone is the subject, not a nature without a subject.
    ['新建联络单 JSB 2026-12-01 工作指令', { receivingDept: 'JSB', deadline: '2026-12-01', subject: '工作指令' }],
    ['form new XSB 2026-12-01 directive quote', { receivingDept: 'XSB', deadline: '2026-12-01', nature: 'directive', subject: 'quote' }],
  ])('one line: %s', (text, fields) => {
    expect(parse(text)).toEqual({ kind: 'form_new', fields });
  });

  it('takes key: value lines with either colon, after the first line or alone', () => {
    expect(parse('新建联络单 JSB 2026-12-01 图纸确认\n地点：二号车间\n\n紧急: 是\nTime: 上午')).toEqual({
      kind: 'form_new',
      fields: { receivingDept: 'JSB', deadline: '2026-12-01', subject: '图纸确认', place: '二号车间', urgent: '是', time: '上午' },
    });
    expect(parse('新建联络单\n收文部门: JSB\n期限：2026-12-01 14:00\n性质: 协助\n主题: 图纸')).toEqual({
      kind: 'form_new',
      fields: { receivingDept: 'JSB', deadline: '2026-12-01 14:00', nature: '协助', subject: '图纸' },
    });
  });

  it('a bare word leaves the fields empty (the router answers with the usage)', () => {
    expect(parse('newform')).toEqual({ kind: 'form_new', fields: {} });
  });

  it.each([
    ['新建联络单 JSB', USAGE.formNew],
    ['新建联络单 JSB 图纸确认', USAGE.formNew],
    ['新建联络单 JSB 2026-12-01', USAGE.formNew],
    ['新建联络单 JSB 2026-12-01 图纸\n颜色: 红', USAGE.unknownField('颜色')],
    ['新建联络单 JSB 2026-12-01 图纸\n随便写一行', USAGE.fieldLine('随便写一行')],
  ])('malformed → invalid: %s', (text, message) => {
    expect(parse(text)).toEqual({ kind: 'invalid', message });
  });
});

describe('parseCommand: acknowledgements', () => {
  it.each(['收到', '已读', '好的', '明白', '知道了', 'OK', 'ok', 'Ok', '收到。', '收到!', '收到！', 'OK!!', '已读。。', '好的~', ' 收到 '])(
    '%s → ack',
    (text) => {
      expect(parse(text)).toEqual({ kind: 'ack' });
    },
  );

  it.each([['收到 TZ12', 'TZ12'], ['OK SCB20261101', 'SCB20261101'], ['已读 #4', '#4']])('%s → ack with ref', (text, ref) => {
    expect(parse(text)).toEqual({ kind: 'ack', ref });
  });

  it.each(['好的 我明天去', '收到 谢谢', 'OKAY', '收到了吗', '收到的货有问题'])('a sentence that only starts like an ack is text: %s', (text) => {
    expect(parse(text)).toEqual({ kind: 'text', text });
  });

  // Issue 18: a keyword, then punctuation, then more acknowledges (收到,马上到); the table is in
  // test/unit/domain/ack-rule.test.ts.
  it.each(['好的,我明天再看一下图纸', '收到,马上到'])('a keyword set off by punctuation acknowledges: %s', (text) => {
    expect(parse(text)).toEqual({ kind: 'ack' });
  });

  it('uses the configured keyword list', () => {
    expect(parseCommand('了解', { ...OPTS, ackKeywords: ['了解'] })).toEqual({ kind: 'ack' });
    expect(parseCommand('收到', { ...OPTS, ackKeywords: ['了解'] })).toEqual({ kind: 'text', text: '收到' });
  });
});

describe('parseCommand: notices and mentions', () => {
  it('a 【通知】 message with mentions is a notice', () => {
    expect(parse('【通知】@zhao @何静 明早八点开安全会')).toEqual({ kind: 'notice', mentions: ['zhao', '何静'], text: '明早八点开安全会' });
  });

  it('mentions stop at Chinese and ASCII separators', () => {
    expect(parse('通知 @zhao，@he、@罗斌;明天开会')).toMatchObject({ kind: 'notice', mentions: ['zhao', 'he', '罗斌'] });
  });

  it.each([
    ['【通知】明早开会', USAGE.notice],
    ['【通知】@zhao', USAGE.noticeText],
    ['通知 明早开会', USAGE.notice],
    ['通知 @zhao', USAGE.noticeText],
    ['邮件 周报', USAGE.email],
  ])('%s → invalid', (text, message) => {
    expect(parse(text)).toEqual({ kind: 'invalid', message });
  });
});

describe('parseCommand: missing arguments', () => {
  it.each([
    ['', USAGE.empty],
    ['   ', USAGE.empty],
    ['有异议', USAGE.dispute],
    ['有异议 SCB20261101', USAGE.dispute],
    ['修改 #3', USAGE.revise],
    ['修改 #3 颜色: 红', USAGE.unknownField('颜色')],
    ['指派', USAGE.assign],
    ['指派 SCB20261101 何静', USAGE.assign],
    ['申请延期', USAGE.requestChange],
    ['申请延期 2026-12-08', USAGE.requestChange],
    ['完成', USAGE.done],
    ['完成 SCB20261101', USAGE.done],
    ['结案 SCB20261101', USAGE.close],
    ['未接来电', USAGE.missedCall],
    ['未接来电 @zhao @lin', USAGE.missedCall],
    ['查看', USAGE.show],
    ['查看 那张单子', USAGE.show],
    ['豁免 WG3', USAGE.waive],
    ['豁免', USAGE.waive],
  ])('%j → invalid with the usage', (text, message) => {
    const cmd = parse(text);
    expect(cmd).toEqual({ kind: 'invalid', message });
    expect(message.length).toBeGreaterThan(0);
  });
});

describe('parseCommand: plain text', () => {
  it.each(['这个图纸下周一前必须确认', '大家好', 'hello', '请问锅炉什么时候检修?', '@zhao 你好'])('%s → text', (text) => {
    expect(parse(text)).toEqual({ kind: 'text', text });
  });

  it('trims and drops carriage returns', () => {
    expect(parse('  大家好\r\n明天见  ')).toEqual({ kind: 'text', text: '大家好\n明天见' });
  });
});

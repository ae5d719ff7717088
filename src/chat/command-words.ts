/**
 * The command words, Chinese first with English aliases, and the form field names people type in
 * `key: value` lines. One table each, so help texts and the parser never disagree.
 */
import type { CommandKind } from './command.js';
import { FEEDBACK_VERBS } from './feedback-words.js';
import { TASK_VERBS } from './task-words.js';

export const COMMAND_WORDS: Array<[word: string, kind: CommandKind]> = [
  ['新建联络单', 'form_new'], ['form new', 'form_new'], ['form-new', 'form_new'], ['newform', 'form_new'],
  ['同意', 'approve'], ['approve', 'approve'], ['同意延期', 'approve'],
  ['驳回', 'reject'], ['reject', 'reject'], ['驳回延期', 'reject'],
  ['提交', 'submit'], ['submit', 'submit'],
  ['签收', 'sign'], ['sign', 'sign'],
  ['有异议', 'dispute'], ['异议', 'dispute'], ['dispute', 'dispute'],
  ['修改', 'revise'], ['修订', 'revise'], ['revise', 'revise'], ['edit', 'revise'],
  ['指派', 'assign'], ['assign', 'assign'],
  ['申请延期', 'request_change'], ['延期', 'request_change'], ['extend', 'request_change'],
  ['完成', 'done'], ['done', 'done'],
  ['结案', 'close'], ['close', 'close'],
  ['跟催', 'follow_up'], ['follow-up', 'follow_up'], ['followup', 'follow_up'], ['follow', 'follow_up'],
  ['上报', 'escalate'], ['escalate', 'escalate'],
  ['撤回', 'withdraw'], ['作废', 'withdraw'], ['withdraw', 'withdraw'], ['cancel', 'withdraw'],
  ['转交', 'transfer'], ['transfer', 'transfer'],
  ['通知', 'notice'], ['notice', 'notice'],
  ['邮件', 'email'], ['email', 'email'],
  ['未接来电', 'missed_call'], ['missed-call', 'missed_call'], ['missedcall', 'missed_call'],
  ['我的待办', 'todo'], ['待办', 'todo'], ['todo', 'todo'], ['刷新', 'todo'],
  ['查看', 'show'], ['show', 'show'], ['view', 'show'],
  ['导出', 'export'], ['export', 'export'],
  ['违规', 'violations'], ['violations', 'violations'],
  ['导出违规', 'violations_export'], ['export violations', 'violations_export'],
  ['月度考评', 'assessment'], ['考评', 'assessment'], ['assessment', 'assessment'],
  ['表扬名单', 'commendations'], ['commendations', 'commendations'],
  ['发布表扬', 'commend_publish'], ['发布表扬名单', 'commend_publish'], ['publish-commendations', 'commend_publish'],
  ['豁免', 'waive'], ['waive', 'waive'],
  ['看板', 'dashboard'], ['dashboard', 'dashboard'],
  ['取消代理', 'deputy_end'], ['end-deputy', 'deputy_end'],
  ['代理', 'deputy'], ['deputy', 'deputy'],
  ['帮助', 'help'], ['help', 'help'], ['?', 'help'], ['？', 'help'],
  ['ack', 'ack'],
  // 汇报制度: 汇报 <内容>, 汇报 查看 [关键词] (report-command.ts). Not 工作汇报: that is the feedback category's word.
  ['汇报', 'work_report'], ['report', 'work_report'],
  // 信息反馈: every word of feedback-words.ts is the `feedback` command; its verb is looked up there.
  ...FEEDBACK_VERBS.map(([word]): [string, CommandKind] => [word, 'feedback']),
  // 任务: the words that are always a task; 进展/完成/确认 with an RW number are read in parse-command.ts.
  ...TASK_VERBS.map(([word]): [string, CommandKind] => [word, 'task']),
];

/** Words that answer a change request only (never a draft's approval). */
export const CHANGE_WORDS = ['同意延期', '驳回延期'];

/** Field names in `key: value` lines → the form field they set. */
export const FIELD_WORDS: Record<string, string> = {
  收文部门: 'receivingDept', 接收部门: 'receivingDept', 部门: 'receivingDept', to: 'receivingDept', dept: 'receivingDept',
  期限: 'deadline', 完成期限: 'deadline', deadline: 'deadline',
  回复期限: 'replyBy', reply_by: 'replyBy', replyby: 'replyBy',
  性质: 'nature', nature: 'nature',
  主题: 'subject', 事项主题: 'subject', subject: 'subject',
  时间: 'time', time: 'time',
  地点: 'place', place: 'place',
  人物: 'people', people: 'people',
  事件: 'event', event: 'event',
  要求完成结果: 'requiredResult', 要求结果: 'requiredResult', result: 'requiredResult',
  紧急: 'urgent', urgent: 'urgent',
  附件: 'attachments', attachments: 'attachments',
};

export const NATURE_WORDS: Record<string, 'assist' | 'directive' | 'follow_up' | 'other'> = {
  要求协助: 'assist', 协助: 'assist', assist: 'assist',
  工作指令: 'directive', 指令: 'directive', directive: 'directive',
  事件跟催: 'follow_up', follow_up: 'follow_up',
  其他: 'other', other: 'other',
};

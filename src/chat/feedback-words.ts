/**
 * The feedback command words (Chinese first, English aliases) and the words for categories,
 * priorities, states and intake fields. One table each, so the parser, the router, the dialogue
 * and the help text never disagree. `command-words.ts` maps every command word here to the
 * `feedback` command kind; `FEEDBACK_VERBS` then says which feedback command it is.
 */
import type { FeedbackCategory, FeedbackPriority, FeedbackState } from '../domain/feedback/feedback.js';
import { OPEN_FEEDBACK_STATES } from '../domain/feedback/feedback.js';

/** Which feedback command a word stands for. */
export type FeedbackVerb =
  | 'new'
  | 'anon'
  | 'triage'
  | 'assign'
  | 'priority'
  | 'progress'
  | 'ask'
  | 'reply'
  | 'resolve'
  | 'unresolvable'
  | 'confirm'
  | 'reopen'
  | 'list'
  | 'mine'
  | 'search'
  | 'stats'
  | 'export'
  | 'proxy'
  | 'help';

export const FEEDBACK_VERBS: Array<[word: string, verb: FeedbackVerb]> = [
  ['反馈', 'new'], ['feedback', 'new'],
  ['匿名反馈', 'anon'], ['anon-feedback', 'anon'], ['anonymous-feedback', 'anon'],
  ['受理', 'triage'], ['triage', 'triage'],
  ['分派', 'assign'], ['dispatch', 'assign'],
  ['优先级', 'priority'], ['priority', 'priority'],
  ['进展', 'progress'], ['progress', 'progress'],
  ['提问', 'ask'], ['ask', 'ask'],
  ['回复', 'reply'], ['reply', 'reply'],
  ['解决', 'resolve'], ['resolve', 'resolve'],
  ['无法解决', 'unresolvable'], ['unresolvable', 'unresolvable'],
  ['确认', 'confirm'], ['confirm', 'confirm'],
  // Button labels typed as they read (issue 18): 「满意 5」, 「确认并评分 4」.
  ['满意', 'confirm'], ['确认并评分', 'confirm'],
  ['重开', 'reopen'], ['reopen', 'reopen'],
  ['反馈列表', 'list'], ['feedback-list', 'list'],
  ['我的反馈', 'mine'], ['my-feedback', 'mine'],
  ['搜索反馈', 'search'], ['search-feedback', 'search'],
  ['反馈统计', 'stats'], ['feedback-stats', 'stats'],
  ['导出反馈', 'export'], ['export-feedback', 'export'],
  // 代登记 (issue 16): a recorder registers feedback from a channel that is not chat.
  ['代登记', 'proxy'], ['register-for', 'proxy'], ['proxy-feedback', 'proxy'],
  ['反馈帮助', 'help'], ['feedback-help', 'help'],
];

export const CATEGORY_WORDS: Record<string, FeedbackCategory> = {
  工作汇报: 'work_report', 汇报: 'work_report', work_report: 'work_report', 'work-report': 'work_report', report: 'work_report',
  问题: 'problem', problem: 'problem', issue: 'problem',
  建议: 'suggestion', suggestion: 'suggestion', idea: 'suggestion',
  投诉: 'complaint', complaint: 'complaint',
  举报: 'whistleblowing', whistleblowing: 'whistleblowing', whistle: 'whistleblowing',
  紧急: 'urgent', urgent: 'urgent',
  客户意见: 'customer', 客户: 'customer', customer: 'customer',
  其他: 'other', 其它: 'other', other: 'other',
};

export const PRIORITY_WORDS: Record<string, FeedbackPriority> = {
  紧急: 'urgent', urgent: 'urgent',
  高: 'high', high: 'high',
  中: 'normal', 普通: 'normal', normal: 'normal', medium: 'normal',
  低: 'low', low: 'low',
};

export const STATE_WORDS: Record<string, FeedbackState[]> = {
  已登记: ['registered'], 待受理: ['registered'], registered: ['registered'],
  已受理: ['triaged'], triaged: ['triaged'],
  处理中: ['in_progress'], in_progress: ['in_progress'], 'in-progress': ['in_progress'],
  已解决: ['resolved'], resolved: ['resolved'],
  无法解决: ['unresolvable'], unresolvable: ['unresolvable'],
  已关闭: ['closed'], closed: ['closed'],
  未办结: [...OPEN_FEEDBACK_STATES], open: [...OPEN_FEEDBACK_STATES],
};

/** Intake field names in `key: value` lines. */
export const INTAKE_FIELDS: Record<string, 'dept' | 'timeNode' | 'expected' | 'anonymous'> = {
  部门: 'dept', 相关部门: 'dept', dept: 'dept',
  时间: 'timeNode', 时间节点: 'timeNode', time: 'timeNode',
  期望: 'expected', 期望方案: 'expected', 期望解决方案: 'expected', expected: 'expected',
  匿名: 'anonymous', anonymous: 'anonymous',
};

export const YES = ['是', '匿名', 'yes', 'y', '1'];
export const NO = ['否', '署名', '不匿名', 'no', 'n', '0'];
export const SKIP = ['跳过', '无', 'skip', '-'];
export const CANCEL = ['取消', 'cancel', '退出'];

/** The word table entry for `text` (case-insensitive for Latin letters), or undefined. */
export function lookup<T>(table: Record<string, T>, text: string): T | undefined {
  return table[text] ?? table[text.toLowerCase()];
}

/**
 * A category word at the start of `text` (longest first; an English word needs a boundary),
 * and the rest of the text after it and any `:`.
 */
export function leadingCategory(text: string): { category: FeedbackCategory; rest: string } | undefined {
  const t = text.trim();
  const words = Object.keys(CATEGORY_WORDS).sort((a, b) => b.length - a.length);
  for (const w of words) {
    const head = t.slice(0, w.length);
    if (head.toLowerCase() !== w.toLowerCase()) continue;
    const after = t.slice(w.length);
    if (/^[a-z]/i.test(w) && after && !/^[\s:：]/.test(after)) continue;
    return { category: CATEGORY_WORDS[w]!, rest: after.replace(/^[\s:：]+/, '') };
  }
  return undefined;
}

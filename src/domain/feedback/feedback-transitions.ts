/**
 * The 信息反馈 state table (SPEC §2 "Lifecycle"): for every action, the states it is allowed in,
 * who may take it, and the state it leads to. `decide-feedback.ts` reads this table first; the
 * per-action code only adds guards (a reason, a rating, the reopen period) and effects.
 */
import type { FeedbackState } from './feedback.js';
import type { FeedbackRole } from './feedback-access.js';

/** Every step of an item after registration (see the state table below). */
export type FeedbackActionKind =
  | 'triage'
  | 'assign'
  | 'set_priority'
  | 'progress'
  | 'ask'
  | 'reply'
  | 'resolve'
  | 'unresolvable'
  | 'confirm'
  | 'auto_close'
  | 'reopen';

/** One row of the state table. */
export interface FeedbackTransitionRule {
  from: readonly FeedbackState[];
  who: readonly FeedbackRole[];
  /** The next state; `same` keeps it. `assign` on a registered item is its triage (→ triaged). */
  to: FeedbackState | 'same';
}

const WORKING: readonly FeedbackState[] = ['registered', 'triaged', 'in_progress'];
const HANDLED: readonly FeedbackState[] = ['triaged', 'in_progress'];
const ANSWERED: readonly FeedbackState[] = ['resolved', 'unresolvable'];

export const FEEDBACK_TRANSITIONS: Record<FeedbackActionKind, FeedbackTransitionRule> = {
  triage: { from: ['registered'], who: ['triager'], to: 'triaged' },
  assign: { from: WORKING, who: ['triager'], to: 'same' },
  set_priority: { from: WORKING, who: ['triager'], to: 'same' },
  progress: { from: HANDLED, who: ['owner'], to: 'in_progress' },
  ask: { from: WORKING, who: ['owner', 'triager'], to: 'same' },
  reply: { from: [...WORKING, ...ANSWERED], who: ['submitter'], to: 'same' },
  resolve: { from: HANDLED, who: ['owner'], to: 'resolved' },
  unresolvable: { from: HANDLED, who: ['owner'], to: 'unresolvable' },
  confirm: { from: ANSWERED, who: ['submitter'], to: 'closed' },
  auto_close: { from: ANSWERED, who: ['system'], to: 'closed' },
  reopen: { from: [...ANSWERED, 'closed'], who: ['submitter'], to: 'in_progress' },
};

export const FEEDBACK_ACTION_ZH: Record<FeedbackActionKind, string> = {
  triage: '受理',
  assign: '分派',
  set_priority: '调整优先级',
  progress: '报告进展',
  ask: '向反馈人提问',
  reply: '回复',
  resolve: '报告解决',
  unresolvable: '报告无法解决',
  confirm: '确认关闭',
  auto_close: '自动关闭',
  reopen: '重开',
};

export const FEEDBACK_ROLE_ZH: Record<FeedbackRole, string> = {
  submitter: '反馈人',
  owner: '处理人',
  triager: '信息反馈管理小组',
  leader: '相关领导',
  system: '系统',
};

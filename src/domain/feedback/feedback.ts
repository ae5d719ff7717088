/**
 * 信息反馈 (Feedback, `item`): a submission from staff or a customer (SPEC §2), its categories,
 * states and priorities. Pure data: the state table is `feedback-transitions.ts`, the decision
 * `decide-feedback.ts`, the access rule `feedback-access.ts`.
 *
 * Anonymity contract: an anonymous item has no `submitter`. The sender's platform address exists
 * only encrypted, outside this record (the app keeps it in its own column and hands the domain an
 * opaque `{ kind: 'sealed' }` recipient), so nothing the domain decides can name the sender.
 */
import type { DeptCode, PersonId } from '../org.js';

/** The eight categories of SPEC §2 (codes in English, names in `CATEGORY_ZH`). */
export type FeedbackCategory =
  | 'work_report'
  | 'problem'
  | 'suggestion'
  | 'complaint'
  | 'whistleblowing'
  | 'urgent'
  | 'customer'
  | 'other';

/** The categories in the order people see them (SPEC §2). */
export const FEEDBACK_CATEGORIES: readonly FeedbackCategory[] = [
  'work_report',
  'problem',
  'suggestion',
  'complaint',
  'whistleblowing',
  'urgent',
  'customer',
  'other',
];

export const CATEGORY_ZH: Record<FeedbackCategory, string> = {
  work_report: '工作汇报',
  problem: '问题',
  suggestion: '建议',
  complaint: '投诉',
  whistleblowing: '举报',
  urgent: '紧急',
  customer: '客户意见',
  other: '其他',
};

/**
 * registered 已登记 → (triage) triaged 已受理 → (progress) in_progress 处理中 →
 * (resolve) resolved 已解决 | (unresolvable) unresolvable 无法解决 →
 * (confirm / auto_close) closed 已关闭; (reopen) resolved | unresolvable | closed → in_progress.
 */
export type FeedbackState = 'registered' | 'triaged' | 'in_progress' | 'resolved' | 'unresolvable' | 'closed';

export const FEEDBACK_STATES: readonly FeedbackState[] = ['registered', 'triaged', 'in_progress', 'resolved', 'unresolvable', 'closed'];

export const FEEDBACK_STATE_ZH: Record<FeedbackState, string> = {
  registered: '已登记',
  triaged: '已受理',
  in_progress: '处理中',
  resolved: '已解决',
  unresolvable: '无法解决',
  closed: '已关闭',
};

/** States in which the item is still being worked on (duties may be open). */
export const OPEN_FEEDBACK_STATES: readonly FeedbackState[] = ['registered', 'triaged', 'in_progress'];

/** urgent first; then what affects operations; then what is reported often (SPEC §2). */
export type FeedbackPriority = 'urgent' | 'high' | 'normal' | 'low';

export const PRIORITY_ZH: Record<FeedbackPriority, string> = { urgent: '紧急', high: '高', normal: '中', low: '低' };

/** Smaller is more pressing; lists sort by it. */
export const PRIORITY_RANK: Record<FeedbackPriority, number> = { urgent: 0, high: 1, normal: 2, low: 3 };

/** The more pressing of two priorities. */
export function higherPriority(a: FeedbackPriority, b: FeedbackPriority): FeedbackPriority {
  return PRIORITY_RANK[a] <= PRIORITY_RANK[b] ? a : b;
}

/** Where an item came in: a chat platform (`dm`, `dept:SCB`, `thread:…`) or the HTTP intake. */
export interface FeedbackSource {
  platform: string;
  channel: string;
}

/** Free text besides the description; read whole with the item, never queried by field. */
export interface FeedbackDetails {
  /** 时间节点: when it happened or by when it matters, as the submitter wrote it. */
  timeNode?: string;
  /** 期望的解决方案. */
  expected?: string;
  /** 客户意见 posted by another system: the customer as that system names them. */
  customer?: string;
  /** The owner's result when resolving, and the improvement made (shown in 公示). */
  resolution?: string;
  improvement?: string;
  /** 无法解决: why, and what the owner suggests instead. */
  reason?: string;
  suggestion?: string;
  /** The submitter's words when confirming. */
  comment?: string;
  /** 代登记 (issue 16): registered by a recorder from a channel that is not chat. */
  offline?: OfflineOrigin;
}

/** The channels that are not chat (issue 16 part 3): 会议纪要, 反馈箱, 面谈, 电话, 邮件. */
export type OfflineSource = 'meeting' | 'box' | 'interview' | 'phone' | 'email';

export const OFFLINE_SOURCE_ZH: Record<OfflineSource, string> = { meeting: '会议纪要', box: '反馈箱', interview: '面谈', phone: '电话', email: '邮件' };

/**
 * Where an item registered on someone's behalf came from: the channel, the recorder, the meeting
 * (date `YYYY-MM-DD` and name) and — for a named item whose person is not in the directory —
 * the name as the recorder wrote it. A person in the directory is the item's `submitter`; an
 * anonymous item never carries a name here (its person, if known, exists only sealed).
 */
export interface OfflineOrigin {
  source: OfflineSource;
  recordedBy: PersonId;
  meeting?: { date: string; name: string };
  originName?: string;
}

/** One item as the domain sees it: never the identity of an anonymous sender. */
export interface FeedbackItem {
  id: number;
  /** `FK` + local date `YYYYMMDD` + `-` + the day's sequence (`FK20261124-007`). */
  number: string;
  category: FeedbackCategory;
  state: FeedbackState;
  priority: FeedbackPriority;
  description: string;
  /** 相关部门: the department concerned (defaults to the submitter's). */
  dept: DeptCode;
  details: FeedbackDetails;
  anonymous: boolean;
  /** Absent for anonymous items and for customer items posted over HTTP. */
  submitter?: PersonId;
  source: FeedbackSource;
  owner?: PersonId;
  /** Ids of similar items registered within the policy's window (both ways). */
  links: number[];
  registeredAt: number;
  /** First-response target (working time from registration). */
  responseDueAt: number;
  /** When it was first triaged (the first response to the submitter). */
  firstResponseAt?: number;
  triagedAt?: number;
  /** Resolution target (working time from triage, again from each reopen). */
  resolutionDueAt?: number;
  resolvedAt?: number;
  /** 1–5, given when the submitter confirms. */
  satisfaction?: number;
  closedAt?: number;
  /** While resolved or unresolvable: when silence closes it. Indexed for the sweep. */
  autoCloseAt?: number;
  reopenCount: number;
}

/** What an entry of the history records. */
export type FeedbackEventKind =
  | 'registered'
  | 'linked'
  | 'triaged'
  | 'assigned'
  | 'prioritized'
  | 'acknowledged'
  | 'progress'
  | 'asked'
  | 'replied'
  | 'resolved'
  | 'unresolvable'
  | 'confirmed'
  | 'auto_closed'
  | 'reopened';

/** The actor of events by the anonymous sender, the HTTP intake and the sweep (never a person id). */
export const ANONYMOUS_ACTOR = 'anonymous';
export const CUSTOMER_ACTOR = 'customer';
export const SYSTEM_ACTOR = 'system';

/** One entry of an item's history (the feedback database's archive). */
export interface FeedbackEvent {
  id?: number;
  feedbackId: number;
  at: number;
  actor: string;
  kind: FeedbackEventKind;
  text: string;
}

/**
 * Registering an item (登记, SPEC §2): validating what was sent, the initial priority (urgent
 * first, then what affects operations, then what is reported often), the first-response target,
 * and the links between similar items. Pure: the app allocates the number, finds the candidates
 * and stores the result; `registrationEffects` (feedback-messages.ts) then tells the triagers.
 */
import type { WorkCalendar } from '../calendar.js';
import type { DeptCode, Org, PersonId } from '../org.js';
import { deptWithRole } from '../org.js';
import type { Policy } from '../policy.js';
import { refuse, type Refusal } from '../refusal.js';
import { TF } from '../../texts/feedback.js';
import {
  higherPriority,
  PRIORITY_ZH,
  type FeedbackCategory,
  type FeedbackEvent,
  type FeedbackItem,
  type FeedbackPriority,
  type FeedbackSource,
  type OfflineOrigin,
} from './feedback.js';
import { categoryTargets } from './feedback-policy.js';

/** What a submitter (or another system) sends. Times and people are already resolved. */
export interface FeedbackInput {
  category: FeedbackCategory;
  description: string;
  /** 相关部门; defaults to the submitter's department, or 总经办 for customers. */
  dept?: DeptCode;
  timeNode?: string;
  expected?: string;
  anonymous: boolean;
  /** The person who sent it; ignored (never stored) when `anonymous`. Absent for customers. */
  submitter?: PersonId;
  customer?: string;
  source: FeedbackSource;
  /** 代登记: the channel that is not chat, and who recorded it (issue 16). */
  offline?: OfflineOrigin;
}

/** What registration is decided with, including the number the app allocated. */
export interface IntakeContext {
  org: Org;
  policy: Policy;
  calendar: WorkCalendar;
  now: number;
  /** The number the app allocated (gapless daily counter, same transaction). */
  number: string;
}

/** The longest description accepted (characters); longer text belongs in an attachment. */
export const MAX_DESCRIPTION = 2000;

/** The priority a category starts with before repeats count. */
export const BASE_PRIORITY: Record<FeedbackCategory, FeedbackPriority> = {
  urgent: 'urgent',
  customer: 'high',
  whistleblowing: 'high',
  complaint: 'normal',
  problem: 'normal',
  suggestion: 'normal',
  other: 'normal',
  work_report: 'low',
};

/** At least 高 once `links` similar items exist (policy `similar.raise_at`). */
export function repeatPriority(policy: Policy, current: FeedbackPriority, links: number): FeedbackPriority {
  return links >= policy.feedback.similar.raiseAt ? higherPriority(current, 'high') : current;
}

/**
 * Whether two categories may be linked as repeats: a restricted item (举报) only with items of a
 * restricted category, so a link never points anyone at an item they may not know about.
 */
export function mayLink(policy: Policy, a: FeedbackCategory, b: FeedbackCategory): boolean {
  return policy.feedback.categories[a].restricted === policy.feedback.categories[b].restricted;
}

/**
 * The department concerned: the submitter's by default; for anonymous and customer items 总经办
 * (an anonymous item filed under the sender's own department would narrow down who sent it).
 */
function deptFor(org: Org, input: FeedbackInput): DeptCode {
  if (input.dept) return input.dept;
  const own = input.submitter ? org.personById.get(input.submitter)?.department : undefined;
  return own ?? deptWithRole(org, 'gm_office').code;
}

/**
 * The new item (without id), linked to `similar` (already chosen by the app with `findSimilar`
 * over `mayLink` candidates of the window), or why it cannot be registered.
 */
export function newFeedbackItem(ctx: IntakeContext, input: FeedbackInput, similar: readonly FeedbackItem[]): Omit<FeedbackItem, 'id'> | Refusal {
  const { org, policy, calendar, now } = ctx;
  const description = input.description.trim();
  if (!description) return refuse('description', TF.descriptionMissing);
  if ([...description].length > MAX_DESCRIPTION) return refuse('description_long', TF.descriptionTooLong(MAX_DESCRIPTION));
  const dept = deptFor(org, input);
  if (!org.deptByCode.has(dept)) return refuse('dept', TF.unknownDept(dept));
  if (!input.anonymous && input.submitter === undefined && input.customer === undefined && !input.offline) throw new Error('a named item needs its submitter');
  const targets = categoryTargets(policy, input.category);
  let responseDueAt = calendar.addWorkingTime(now, targets.firstResponseMs);
  const priority = repeatPriority(policy, BASE_PRIORITY[input.category], similar.length);
  // Urgent items must be acknowledged within the notice window (SPEC §2 "Deadlines").
  if (priority === 'urgent') responseDueAt = Math.min(responseDueAt, calendar.addWorkingTime(now, policy.rules.superior_notice.windowMs));
  const details: FeedbackItem['details'] = {};
  if (input.timeNode?.trim()) details.timeNode = input.timeNode.trim();
  if (input.expected?.trim()) details.expected = input.expected.trim();
  if (input.customer?.trim()) details.customer = input.customer.trim();
  if (input.offline) details.offline = offlineDetails(input);
  const item: Omit<FeedbackItem, 'id'> = {
    number: ctx.number,
    category: input.category,
    state: 'registered',
    priority,
    description,
    dept,
    details,
    anonymous: input.anonymous,
    source: { ...input.source },
    links: similar.map((s) => s.id),
    registeredAt: now,
    responseDueAt,
    reopenCount: 0,
  };
  if (!input.anonymous && input.submitter !== undefined) item.submitter = input.submitter;
  return item;
}

/** An anonymous item keeps no name of the person it came from, whatever the caller passed. */
function offlineDetails(input: FeedbackInput): OfflineOrigin {
  const { originName, ...rest } = input.offline!;
  return input.anonymous || !originName?.trim() ? { ...rest } : { ...rest, originName: originName.trim() };
}

/**
 * An older item gains a link to `added`, and with it perhaps a higher priority (similar items
 * raise each other's priority). Closed items keep their priority. Returns the updated item and
 * the history entry.
 */
export function addRepeatLink(
  policy: Policy,
  existing: FeedbackItem,
  added: Pick<FeedbackItem, 'id' | 'number'>,
  now: number,
): { item: FeedbackItem; event: Omit<FeedbackEvent, 'feedbackId'> } {
  const links = existing.links.includes(added.id) ? existing.links : [...existing.links, added.id];
  const priority = existing.state === 'closed' ? existing.priority : repeatPriority(policy, existing.priority, links.length);
  const item = { ...existing, links, priority };
  const raised = priority !== existing.priority ? TF.priorityRaised(PRIORITY_ZH[priority]) : '';
  return { item, event: { at: now, actor: 'system', kind: 'linked', text: TF.linkedTo(added.number, links.length) + raised } };
}

/**
 * `decideFeedback(ctx, item, viewer, action)`: the pure transition of ARCHITECTURE rule 5 for
 * 信息反馈. It checks the access rule (no role → "not found", revealing nothing), then the state
 * table, then the action's guards, and returns the next item with its history entry, messages and
 * duty changes — or a refusal. The app carries the result out in one transaction.
 */
import type { WorkCalendar } from '../calendar.js';
import type { NewDuty } from '../duty/duty.js';
import type { OutgoingMessage, Recipient } from '../message.js';
import { personName, type Org, type PersonId } from '../org.js';
import type { DutyRule, Policy } from '../policy.js';
import { refuse, type Refusal } from '../refusal.js';
import { TF } from '../../texts/feedback.js';
import { ANONYMOUS_ACTOR, CATEGORY_ZH, PRIORITY_ZH, SYSTEM_ACTOR, type FeedbackCategory, type FeedbackEvent, type FeedbackItem, type FeedbackPriority } from './feedback.js';
import { feedbackRoles, mayOwn, triagersOf, type Viewer } from './feedback-access.js';
import { dutyFor, urgentAckDuties } from './feedback-duties.js';
import { feedbackMessages } from './feedback-messages.js';
import { categoryTargets } from './feedback-policy.js';
import { FEEDBACK_ACTION_ZH, FEEDBACK_ROLE_ZH, FEEDBACK_TRANSITIONS, type FeedbackActionKind } from './feedback-transitions.js';
import { FEEDBACK_STATE_ZH } from './feedback.js';

/** What a decision is made with: the org, the policy and calendar, the time, and how to reach the submitter. */
export interface FeedbackContext {
  org: Org;
  policy: Policy;
  calendar: WorkCalendar;
  now: number;
  /** Events already in the item's history: message keys use it, so each step's messages are unique. */
  eventSeq: number;
  /** Where the submitter is reached: a person, the sealed anonymous sender, or nobody (customer). */
  submitterTo?: Recipient;
}

/** A step on an item, with what the person supplied (already parsed: people as ids, ratings as numbers). */
export type FeedbackAction =
  | { kind: 'triage'; category?: FeedbackCategory; priority?: FeedbackPriority; owner?: PersonId }
  | { kind: 'assign'; owner: PersonId }
  | { kind: 'set_priority'; priority: FeedbackPriority }
  | { kind: 'progress'; text: string }
  | { kind: 'ask'; text: string }
  | { kind: 'reply'; text: string }
  | { kind: 'resolve'; resolution: string; improvement?: string }
  | { kind: 'unresolvable'; reason: string; suggestion: string }
  | { kind: 'confirm'; satisfaction: number; comment?: string }
  | { kind: 'auto_close' }
  | { kind: 'reopen'; reason: string };

/** What happens to the item's open duties: matching ones are done or cancelled, first match wins. */
export interface DutySettle {
  rule: DutyRule;
  how: 'done' | 'cancel';
  /** Only these people's duties; all when absent. */
  people?: PersonId[];
}

/** The outcome of a step: the next item, its history entry, its messages, and its duty changes. */
export interface FeedbackDecision {
  item: FeedbackItem;
  event: Omit<FeedbackEvent, 'feedbackId'>;
  messages: OutgoingMessage[];
  newDuties: NewDuty[];
  settle: DutySettle[];
}

/** Access, then state, then role; the refusal for someone without access says "not found". */
export function checkFeedbackAllowed(org: Org, policy: Policy, item: FeedbackItem, viewer: Viewer, action: FeedbackActionKind): Refusal | undefined {
  const roles = feedbackRoles(org, policy, item, viewer);
  if (roles.size === 0) return refuse('unknown_feedback', TF.unknownItem(item.number));
  const rule = FEEDBACK_TRANSITIONS[action];
  if (!rule.from.includes(item.state)) {
    const allowed = rule.from.map((s) => FEEDBACK_STATE_ZH[s]).join('/');
    return refuse('state', TF.notAllowedState(FEEDBACK_ACTION_ZH[action], FEEDBACK_STATE_ZH[item.state], allowed));
  }
  if (!rule.who.some((r) => roles.has(r))) return refuse('role', TF.notAllowedRole(FEEDBACK_ACTION_ZH[action], rule.who.map((r) => FEEDBACK_ROLE_ZH[r]).join('或')));
  return undefined;
}

export function decideFeedback(ctx: FeedbackContext, item: FeedbackItem, viewer: Viewer, action: FeedbackAction): FeedbackDecision | Refusal {
  const { org, policy, calendar, now } = ctx;
  // 分派 on an item nobody has triaged yet is its triage, with that owner.
  if (action.kind === 'assign' && item.state === 'registered') return decideFeedback(ctx, item, viewer, { kind: 'triage', owner: action.owner });
  const denied = checkFeedbackAllowed(org, policy, item, viewer, action.kind);
  if (denied) return denied;
  const next: FeedbackItem = { ...item, details: { ...item.details }, links: [...item.links] };
  const rule = FEEDBACK_TRANSITIONS[action.kind];
  if (rule.to !== 'same') next.state = rule.to;
  const isSubmitter = feedbackRoles(org, policy, item, viewer).has('submitter');
  const actor = action.kind === 'auto_close' ? SYSTEM_ACTOR : isSubmitter && item.anonymous ? ANONYMOUS_ACTOR : viewer.person;
  const out: Pick<FeedbackDecision, 'newDuties' | 'settle'> = { newDuties: [], settle: [] };
  const resolutionDuty = (owner: PersonId, dueAt: number): NewDuty => dutyFor(policy, item, owner, 'feedback_resolution', actor, now, dueAt);
  const blank = (t: string | undefined) => !t || !t.trim();
  let text: string;

  switch (action.kind) {
    case 'triage': {
      const category = action.category ?? item.category;
      if (policy.feedback.categories[item.category].restricted && !policy.feedback.categories[category].restricted) {
        return refuse('category_restricted', TF.restrictedStays(CATEGORY_ZH[item.category]));
      }
      next.category = category;
      const owner = action.owner ?? viewer.person;
      if (!mayOwn(org, policy, next, owner)) return refuse('owner', TF.ownerNotAllowed(personName(org, owner), CATEGORY_ZH[category]));
      next.owner = owner;
      if (action.priority) next.priority = action.priority;
      next.triagedAt = now;
      next.firstResponseAt ??= now;
      next.resolutionDueAt = calendar.addWorkingTime(now, categoryTargets(policy, category).resolutionMs);
      out.settle.push({ rule: 'feedback_response', how: 'done', people: [viewer.person] });
      out.settle.push({ rule: 'feedback_response', how: 'cancel', people: triagersOf(org, policy, item) });
      out.newDuties.push(resolutionDuty(owner, next.resolutionDueAt));
      if (next.priority === 'urgent' && item.priority !== 'urgent') out.newDuties.push(...urgentAckDuties(ctx, next, actor, [viewer.person, owner]));
      const parts = [category !== item.category ? TF.categoryChanged(CATEGORY_ZH[category]) : '', next.priority !== item.priority ? TF.priorityTo(PRIORITY_ZH[next.priority]) : ''];
      text = TF.triagedEvent(personName(org, owner), parts.filter(Boolean).join(','));
      break;
    }
    case 'assign': {
      if (action.owner === item.owner) return refuse('same_owner', TF.sameOwner(personName(org, action.owner)));
      if (!mayOwn(org, policy, item, action.owner)) return refuse('owner', TF.ownerNotAllowed(personName(org, action.owner), CATEGORY_ZH[item.category]));
      next.owner = action.owner;
      const due = item.resolutionDueAt !== undefined && item.resolutionDueAt > now ? item.resolutionDueAt : calendar.addWorkingTime(now, categoryTargets(policy, item.category).resolutionMs);
      out.settle.push({ rule: 'feedback_resolution', how: 'cancel' });
      out.newDuties.push(resolutionDuty(action.owner, due));
      text = TF.assignedEvent(personName(org, action.owner));
      break;
    }
    case 'set_priority':
      if (action.priority === item.priority) return refuse('same_priority', TF.samePriority(PRIORITY_ZH[action.priority]));
      next.priority = action.priority;
      if (action.priority === 'urgent') out.newDuties.push(...urgentAckDuties(ctx, next, actor, [viewer.person, ...(item.owner ? [item.owner] : [])]));
      text = TF.priorityTo(PRIORITY_ZH[action.priority]);
      break;
    case 'progress':
      if (blank(action.text)) return refuse('text', TF.textRequired('进展'));
      text = TF.progressEvent(action.text.trim());
      break;
    case 'ask':
      if (blank(action.text)) return refuse('text', TF.textRequired('提问'));
      if (!ctx.submitterTo) return refuse('no_submitter', TF.noSubmitterToAsk);
      text = TF.askedEvent(action.text.trim());
      break;
    case 'reply':
      if (blank(action.text)) return refuse('text', TF.textRequired('回复'));
      text = TF.repliedEvent(action.text.trim());
      break;
    case 'resolve':
      if (blank(action.resolution)) return refuse('resolution', TF.resolutionRequired);
      next.details.resolution = action.resolution.trim();
      if (!blank(action.improvement)) next.details.improvement = action.improvement!.trim();
      else delete next.details.improvement;
      delete next.details.reason;
      delete next.details.suggestion;
      concluded(next, policy, now);
      out.settle.push({ rule: 'feedback_resolution', how: 'done', people: [viewer.person] });
      text = TF.resolvedEvent(next.details.resolution, next.details.improvement);
      break;
    case 'unresolvable':
      if (blank(action.reason) || blank(action.suggestion)) return refuse('reason', TF.unresolvableNeedsBoth);
      next.details.reason = action.reason.trim();
      next.details.suggestion = action.suggestion.trim();
      delete next.details.resolution;
      delete next.details.improvement;
      concluded(next, policy, now);
      out.settle.push({ rule: 'feedback_resolution', how: 'done', people: [viewer.person] });
      text = TF.unresolvableEvent(next.details.reason, next.details.suggestion);
      break;
    case 'confirm':
      if (!Number.isInteger(action.satisfaction) || action.satisfaction < 1 || action.satisfaction > 5) return refuse('rating', TF.ratingRequired);
      next.satisfaction = action.satisfaction;
      if (!blank(action.comment)) next.details.comment = action.comment!.trim();
      next.closedAt = now;
      delete next.autoCloseAt;
      settleAll(out.settle);
      text = TF.confirmedEvent(action.satisfaction, next.details.comment);
      break;
    case 'auto_close':
      next.closedAt = item.autoCloseAt ?? now;
      delete next.autoCloseAt;
      settleAll(out.settle);
      text = TF.autoClosedEvent;
      break;
    case 'reopen': {
      if (blank(action.reason)) return refuse('reason', TF.textRequired('重开原因'));
      if (item.state === 'closed' && now - (item.closedAt ?? now) > policy.feedback.reopenWithinMs) return refuse('reopen_late', TF.reopenTooLate);
      for (const k of ['resolvedAt', 'closedAt', 'autoCloseAt', 'satisfaction'] as const) delete next[k];
      delete next.details.comment;
      next.reopenCount += 1;
      next.resolutionDueAt = calendar.addWorkingTime(now, categoryTargets(policy, item.category).resolutionMs);
      if (item.owner) out.newDuties.push(resolutionDuty(item.owner, next.resolutionDueAt));
      text = TF.reopenedEvent(action.reason.trim());
      break;
    }
  }
  const event = { at: action.kind === 'auto_close' ? next.closedAt! : now, actor, kind: eventKind(action.kind), text };
  const messages = feedbackMessages(ctx, item, next, viewer, action, text);
  return { item: next, event, messages, ...out };
}

/** Resolved or unresolvable: handling ends now, and silence closes it after the policy's period. */
function concluded(next: FeedbackItem, policy: Policy, now: number): void {
  next.resolvedAt = now;
  next.autoCloseAt = now + policy.feedback.closeAfterMs;
}

/** Closing cancels whatever is still owed about the item (an unacknowledged urgent notice, say). */
function settleAll(settle: DutySettle[]): void {
  settle.push({ rule: 'feedback_response', how: 'cancel' }, { rule: 'feedback_resolution', how: 'cancel' });
}

function eventKind(kind: FeedbackActionKind): FeedbackEvent['kind'] {
  const map: Record<FeedbackActionKind, FeedbackEvent['kind']> = {
    triage: 'triaged',
    assign: 'assigned',
    set_priority: 'prioritized',
    progress: 'progress',
    ask: 'asked',
    reply: 'replied',
    resolve: 'resolved',
    unresolvable: 'unresolvable',
    confirm: 'confirmed',
    auto_close: 'auto_closed',
    reopen: 'reopened',
  };
  return map[kind];
}

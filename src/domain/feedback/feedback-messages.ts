/**
 * Who hears about each step of an item, and what they read (SPEC §2 "Every change is told to the
 * submitter"). The submitter is reached through `ctx.submitterTo`: a person, or for an anonymous
 * item the opaque sealed recipient — never an id. Keys are `fb:<number>:e<eventSeq>:<target>`,
 * where the target of the submitter is the word `submitter`, so no key names an anonymous sender.
 */
import { formatLocal } from '../local-time.js';
import type { Button, MessageView, OutgoingMessage, Recipient } from '../message.js';
import { personName, type PersonId } from '../org.js';
import type { Policy } from '../policy.js';
import { TF } from '../../texts/feedback.js';
import type { FeedbackItem } from './feedback.js';
import { canSeeFeedback, feedbackRoles, triagersOf, type FeedbackRole, type Viewer } from './feedback-access.js';
import type { FeedbackAction, FeedbackContext } from './decide-feedback.js';
import { urgentAckPeople } from './feedback-duties.js';
import { ANONYMOUS_NAME, feedbackCard, feedbackLabel, summaryOf } from './feedback-views.js';

type Ctx = Omit<FeedbackContext, 'eventSeq' | 'submitterTo'>;

/** The buttons an owner works with. */
export function ownerButtons(number: string): Button[] {
  return [
    { label: '进展', command: `进展 ${number} ` },
    { label: '提问', command: `提问 ${number} ` },
    { label: '解决', command: `解决 ${number} ` },
    { label: '无法解决', command: `无法解决 ${number} ` },
  ];
}

/**
 * Lines about the linked (similar) items `viewer` may see; the others are not even counted.
 * `filter` false: the caller has already applied the access rule (with the sender check).
 */
export function linkedLines(ctx: Pick<Ctx, 'org' | 'policy'>, linked: readonly FeedbackItem[], viewer: PersonId, filter = true): string[] {
  const visible = filter ? linked.filter((l) => canSeeFeedback(ctx.org, ctx.policy, l, { person: viewer })) : linked;
  if (!visible.length) return [];
  return [TF.linkedHeader(visible.length), ...visible.map((l) => `· ${feedbackLabel(l)} ${summaryOf(l.description, 20)}`)];
}

/** The buttons of the viewer's next steps on the item, by their roles. */
export function viewerButtons(item: FeedbackItem, roles: ReadonlySet<FeedbackRole>, policy: Policy, now: number): Button[] {
  const n = item.number;
  const out: Button[] = [];
  const working = item.state === 'registered' || item.state === 'triaged' || item.state === 'in_progress';
  if (roles.has('triager') && item.state === 'registered') out.push({ label: '受理', command: `受理 ${n}` }, { label: '分派', command: `分派 ${n} @` });
  if (roles.has('owner') && (item.state === 'triaged' || item.state === 'in_progress')) out.push(...ownerButtons(n));
  if (roles.has('submitter')) {
    if (working) out.push({ label: '回复', command: `回复 ${n} ` });
    if (item.state === 'resolved' || item.state === 'unresolvable') out.push({ label: '确认', command: `确认 ${n} ` }, { label: '重开', command: `重开 ${n} ` });
    if (item.state === 'closed' && now - (item.closedAt ?? now) <= policy.feedback.reopenWithinMs) out.push({ label: '重开', command: `重开 ${n} ` });
  }
  return out;
}

/**
 * The registration notices: each triager (and, for an urgent item, 总经办's leaders) gets the card
 * with the similar items they may see and the buttons to take it on.
 */
export function registrationMessages(ctx: Ctx, item: FeedbackItem, linked: readonly FeedbackItem[]): OutgoingMessage[] {
  const { org, policy } = ctx;
  const tz = policy.timezone;
  const urgent = item.priority === 'urgent';
  const people = [...new Set([...triagersOf(org, policy, item), ...(urgent ? urgentAckPeople(org) : [])])];
  return people.map((p) => {
    const buttons: Button[] = [{ label: '受理', command: `受理 ${item.number}` }];
    if (urgent) buttons.unshift({ label: '收到', command: `收到 ${item.number}` });
    const head = urgent ? TF.urgentNotice(formatLocal(item.responseDueAt, tz)) : TF.newItemNotice(formatLocal(item.responseDueAt, tz));
    const view = { ...feedbackCard(item, org, tz, buttons), lines: [head, ...linkedLines(ctx, linked, p)] };
    return { key: `fb:${item.number}:e0:${p}`, to: { kind: 'person', person: p }, view };
  });
}

export function feedbackMessages(
  ctx: FeedbackContext,
  before: FeedbackItem,
  item: FeedbackItem,
  viewer: Viewer,
  action: FeedbackAction,
  text: string,
): OutgoingMessage[] {
  const { org, policy } = ctx;
  const tz = policy.timezone;
  const out: OutgoingMessage[] = [];
  const title = `信息反馈 ${feedbackLabel(item)}`;
  const isSubmitter = feedbackRoles(org, policy, before, viewer).has('submitter');
  const who = action.kind === 'auto_close' ? '系统' : isSubmitter && before.anonymous ? ANONYMOUS_NAME : personName(org, viewer.person);
  const push = (target: string, to: Recipient, view: MessageView) => out.push({ key: `fb:${item.number}:e${ctx.eventSeq}:${target}`, to, view });
  const toPerson = (p: PersonId | undefined, lines: string[], buttons: Button[] = [], card = false) => {
    if (!p || p === viewer.person) return;
    push(p, { kind: 'person', person: p }, card ? { ...feedbackCard(item, org, tz, buttons), lines } : { title, lines, buttons });
  };
  const toSubmitter = (lines: string[], buttons: Button[] = []) => {
    if (!ctx.submitterTo || isSubmitter) return;
    push('submitter', ctx.submitterTo, { title: TF.yourItem(feedbackLabel(item)), lines, buttons });
  };
  const answerButtons: Button[] = [
    { label: '满意 5', command: `确认 ${item.number} 5` },
    { label: '确认并评分', command: `确认 ${item.number} ` },
    { label: '重开', command: `重开 ${item.number} ` },
  ];
  const closeHint = TF.closeHint(formatLocal(item.autoCloseAt ?? ctx.now, tz));

  switch (action.kind) {
    case 'triage': {
      const due = formatLocal(item.resolutionDueAt!, tz);
      toSubmitter([TF.toSubmitterTriaged(personName(org, item.owner!), due)]);
      toPerson(item.owner, [TF.toOwnerAssigned(who, due)], ownerButtons(item.number), true);
      if (item.priority === 'urgent' && before.priority !== 'urgent') urgentTo(item.owner);
      break;
    }
    case 'assign': {
      const due = formatLocal(item.resolutionDueAt!, tz);
      toSubmitter([TF.toSubmitterOwnerChanged(personName(org, item.owner!))]);
      toPerson(item.owner, [TF.toOwnerAssigned(who, due)], ownerButtons(item.number), true);
      toPerson(before.owner, [TF.toOldOwner(personName(org, item.owner!))]);
      break;
    }
    case 'set_priority':
      toSubmitter([text]);
      toPerson(item.owner, [`${who} ${text}`]);
      if (item.priority === 'urgent') urgentTo(item.owner);
      break;
    case 'progress':
      toSubmitter([TF.toSubmitterProgress(who, text)]);
      break;
    case 'ask':
      toSubmitter([TF.toSubmitterQuestion(who, text), TF.replyHint(item.number)], [{ label: '回复', command: `回复 ${item.number} ` }]);
      break;
    case 'reply': {
      const targets = item.owner ? [item.owner] : triagersOf(org, policy, item);
      for (const p of targets) toPerson(p, [TF.replyFrom(who, text)], [{ label: '提问', command: `提问 ${item.number} ` }]);
      break;
    }
    case 'resolve':
    case 'unresolvable':
      toSubmitter([`${who} ${text}`, TF.answerHint(item.number), closeHint], answerButtons);
      break;
    case 'confirm':
      toPerson(item.owner, [`${who} ${text}`]);
      break;
    case 'auto_close': {
      const until = formatLocal(item.closedAt! + policy.feedback.reopenWithinMs, tz);
      toSubmitter([TF.autoClosedToSubmitter(until)], [{ label: '重开', command: `重开 ${item.number} ` }]);
      toPerson(item.owner, [TF.autoClosedEvent]);
      break;
    }
    case 'reopen':
      toPerson(item.owner, [`${who} ${text}`, TF.reopenedToOwner(formatLocal(item.resolutionDueAt!, tz))], ownerButtons(item.number), true);
      break;
  }
  return out;

  /** Raised to urgent after registration: 总经办's leaders hear at once (SPEC §2). */
  function urgentTo(except: PersonId | undefined) {
    for (const p of urgentAckPeople(org, [viewer.person, ...(except ? [except] : [])])) {
      const due = ctx.calendar.addWorkingTime(ctx.now, policy.rules.superior_notice.windowMs);
      toPerson(p, [TF.urgentNotice(formatLocal(due, tz))], [{ label: '收到', command: `收到 ${item.number}` }], true);
    }
  }
}

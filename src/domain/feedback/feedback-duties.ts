/**
 * The duties a feedback item creates (SPEC §2 "Deadlines"): first response, owed by each triager
 * from registration; resolution, owed by the owner from triage (again from each reopen); and for
 * urgent items an acknowledgement by 总经办's leaders within the notice window. They are ordinary
 * duties: the sweep reminds, records violations and escalates them like any other.
 */
import type { WorkCalendar } from '../calendar.js';
import type { NewDuty } from '../duty/duty.js';
import { deptWithRole, type Org, type PersonId } from '../org.js';
import type { DutyRule, Policy } from '../policy.js';
import { TF } from '../../texts/feedback.js';
import { CATEGORY_ZH, type FeedbackItem } from './feedback.js';
import { triagersOf } from './feedback-access.js';

interface Ctx {
  org: Org;
  policy: Policy;
  calendar: WorkCalendar;
  now: number;
}

/**
 * A duty about the item. Its title is the category (just 信息反馈 for a restricted one), never the
 * text: titles reach reminders, violation lists and reports.
 */
export function dutyFor(
  policy: Policy,
  item: Pick<FeedbackItem, 'id' | 'number' | 'category'>,
  person: PersonId,
  rule: DutyRule,
  from: string,
  now: number,
  dueAt: number,
): NewDuty {
  const title = TF.dutyTitle(policy.feedback.categories[item.category].restricted ? undefined : CATEGORY_ZH[item.category]);
  return { person, rule, subject: { kind: 'feedback', id: item.id, ref: item.number }, title, from, createdAt: now, dueAt: Math.max(dueAt, now) };
}

/** 总经办's leaders who must acknowledge an urgent item within the notice window (not `except`). */
export function urgentAckPeople(org: Org, except: PersonId[] = []): PersonId[] {
  return deptWithRole(org, 'gm_office').leaders.filter((p) => !except.includes(p));
}

/** Their acknowledgement duties (rule `feedback_response`, the notice window). */
export function urgentAckDuties(ctx: Ctx, item: FeedbackItem, from: string, except: PersonId[] = []): NewDuty[] {
  const due = ctx.calendar.addWorkingTime(ctx.now, ctx.policy.rules.superior_notice.windowMs);
  return urgentAckPeople(ctx.org, except).map((p) => dutyFor(ctx.policy, item, p, 'feedback_response', from, ctx.now, due));
}

/** At registration: each triager's first response, and for an urgent item 总经办's acknowledgement. */
export function registrationDuties(ctx: Ctx, item: FeedbackItem, from: string): NewDuty[] {
  const triagers = triagersOf(ctx.org, ctx.policy, item);
  const duties = triagers.map((p) => dutyFor(ctx.policy, item, p, 'feedback_response', from, ctx.now, item.responseDueAt));
  if (item.priority === 'urgent') duties.push(...urgentAckDuties(ctx, item, from, triagers));
  return duties;
}

/**
 * The one access rule of SPEC §2 (保密): who may see a feedback item, and in which role. Every
 * read — 查看, lists, search, statistics, exports, the 公示 — and every action goes through
 * `feedbackRoles`; a person with no role is told the item does not exist, so a number reveals
 * nothing.
 *
 * - the submitter (for an anonymous item: the person the app has verified to be the sender by
 *   opening the sealed address — `Viewer.isSender`; the domain never learns who that is);
 * - the owner;
 * - the triagers: the feedback group, or for a restricted category (举报) its named leaders only;
 * - the leaders the category names (`concerned` department leaders, HR's leaders, 总经办).
 */
import { deptWithRole, type Org, type PersonId } from '../org.js';
import type { Policy } from '../policy.js';
import type { FeedbackItem } from './feedback.js';

/** The parts people play on an item; `system` is the sweep closing silent items. */
export type FeedbackRole = 'submitter' | 'owner' | 'triager' | 'leader' | 'system';

/** Who is looking: a person, and whether the app verified they sent this (anonymous) item. */
export interface Viewer {
  person: PersonId;
  isSender?: boolean;
}

/** The sweep closing silent items: its only role is `system`. */
export const SYSTEM_VIEWER: Viewer = { person: 'system' };

type Scoped = Pick<FeedbackItem, 'category' | 'dept'>;

/** The leaders the item's category names (SPEC §2 "the leaders its category names"). */
export function categoryLeaders(org: Org, policy: Policy, item: Scoped): PersonId[] {
  const out = new Set<PersonId>();
  for (const kind of policy.feedback.categories[item.category].leaders) {
    if (kind === 'concerned') org.deptByCode.get(item.dept)?.leaders.forEach((p) => out.add(p));
    if (kind === 'hr') deptWithRole(org, 'hr').leaders.forEach((p) => out.add(p));
    if (kind === 'gm_office') gmOfficeMembers(org).forEach((p) => out.add(p));
  }
  return [...out];
}

/** Everyone of 总经办: its leaders and the people in it. */
export function gmOfficeMembers(org: Org): PersonId[] {
  const gm = deptWithRole(org, 'gm_office');
  return [...new Set([...gm.leaders, ...org.people.filter((p) => p.department === gm.code).map((p) => p.id)])];
}

/** Who triages the item: the feedback group, or a restricted category's leaders. */
export function triagersOf(org: Org, policy: Policy, item: Scoped): PersonId[] {
  return policy.feedback.categories[item.category].restricted ? categoryLeaders(org, policy, item) : [...org.feedbackGroup];
}

/** Who may own the item: anyone, except that a restricted item stays with its leaders. */
export function mayOwn(org: Org, policy: Policy, item: Scoped, person: PersonId): boolean {
  if (!org.personById.has(person)) return false;
  return !policy.feedback.categories[item.category].restricted || categoryLeaders(org, policy, item).includes(person);
}

/** The viewer's roles on the item; empty means they may not know it exists. */
export function feedbackRoles(org: Org, policy: Policy, item: FeedbackItem, viewer: Viewer): Set<FeedbackRole> {
  const roles = new Set<FeedbackRole>();
  const p = viewer.person;
  if (viewer === SYSTEM_VIEWER) return new Set(['system']);
  if ((item.submitter !== undefined && item.submitter === p) || (item.anonymous && viewer.isSender === true)) roles.add('submitter');
  if (item.owner === p) roles.add('owner');
  if (triagersOf(org, policy, item).includes(p)) roles.add('triager');
  if (categoryLeaders(org, policy, item).includes(p)) roles.add('leader');
  return roles;
}

/** Whether the viewer may see the item at all (the rule every read uses). */
export function canSeeFeedback(org: Org, policy: Policy, item: FeedbackItem, viewer: Viewer): boolean {
  return feedbackRoles(org, policy, item, viewer).size > 0;
}

/**
 * Whether the item may appear in the 公示 posted to the company channel: its category is public
 * and it ended resolved (closed after a resolution counts; unresolvable does not).
 */
export function isPublicResolved(policy: Policy, item: FeedbackItem): boolean {
  if (!policy.feedback.categories[item.category].public) return false;
  return item.resolvedAt !== undefined && item.details.resolution !== undefined && (item.state === 'resolved' || item.state === 'closed');
}

/** Whether the person may see 反馈统计 at all: leaders of any department, the feedback group, 总经办. */
export function mayReadStatistics(org: Org, person: PersonId): boolean {
  return org.feedbackGroup.includes(person) || gmOfficeMembers(org).includes(person) || org.departments.some((d) => d.leaders.includes(person));
}

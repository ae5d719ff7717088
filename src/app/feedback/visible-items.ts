/**
 * Reads under the access rule: every list, search, statistic and export gets its items from
 * `visibleItems`, which drops each item the person has no role on (SPEC §2: "every read … goes
 * through that check"). Anonymous items are matched to their sender by opening the sealed
 * address, so a sender sees their own items and nobody else learns anything from it.
 */
import type { FeedbackItem } from '../../domain/feedback/feedback.js';
import { feedbackRoles, type FeedbackRole } from '../../domain/feedback/feedback-access.js';
import type { PersonId } from '../../domain/org.js';
import type { AppDeps } from '../deps.js';
import type { Tx } from '../ports.js';
import type { FeedbackQuery } from './feedback-ports.js';
import { viewerFor } from './feedback-lookup.js';

/** The person's roles on each item (items without a role are left out), in the query's order. */
export async function visibleItems(tx: Tx, deps: AppDeps, person: PersonId, query: FeedbackQuery): Promise<Array<{ item: FeedbackItem; roles: Set<FeedbackRole> }>> {
  const items = await tx.feedback.list(query);
  return withRoles(tx, deps, person, items);
}

/** `visibleItems` for items already read. */
export async function withRoles(tx: Tx, deps: AppDeps, person: PersonId, items: FeedbackItem[]): Promise<Array<{ item: FeedbackItem; roles: Set<FeedbackRole> }>> {
  const sealed = await tx.feedback.sealedSenders(items.filter((i) => i.anonymous).map((i) => i.id));
  return items
    .map((item) => ({ item, roles: feedbackRoles(deps.org, deps.policy, item, viewerFor(deps, item, sealed.get(item.id), person)) }))
    .filter((x) => x.roles.size > 0);
}

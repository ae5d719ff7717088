/**
 * 登记: registering an item in one transaction — the gapless daily number, the similar items of
 * the window (linked both ways, raising each other's priority), the item with its sealed sender,
 * its history, the triagers' first-response duties, their notices, and the audit row. Shared by
 * chat intake and the customer HTTP intake.
 */
import { CUSTOMER_ACTOR, ANONYMOUS_ACTOR, PRIORITY_ZH, type FeedbackEvent, type FeedbackItem } from '../../domain/feedback/feedback.js';
import { addRepeatLink, mayLink, newFeedbackItem, type FeedbackInput } from '../../domain/feedback/feedback-intake.js';
import { registrationDuties } from '../../domain/feedback/feedback-duties.js';
import { registrationMessages } from '../../domain/feedback/feedback-messages.js';
import { findSimilar, gramsOf, type Grams } from '../../domain/feedback/similarity.js';
import { localDate } from '../../domain/local-time.js';
import type { PersonId } from '../../domain/org.js';
import { isRefusal } from '../../domain/refusal.js';
import { TF } from '../../texts/feedback.js';
import type { AppDeps } from '../deps.js';
import { createDuty } from '../duty-ops.js';
import type { Tx } from '../ports.js';
import { fail } from '../transact.js';
import { auditSnapshot, feedbackNumber, sealedOf, submitterRecipient } from './feedback-lookup.js';
import type { SimilarCandidate } from './feedback-ports.js';
import { isSealedFor, personAt } from './sealer.js';
import { offlineRegisteredEvent } from './offline-origin.js';
import { BoundedCache } from '../../domain/bounded-cache.js';

/** Who sent an anonymous item, known only at intake (before sealing), never stored. */
function senderOf(deps: AppDeps, sealed: string): PersonId | undefined {
  const a = deps.sealer?.unseal(sealed);
  return a ? personAt(deps.org, a) : undefined;
}

/**
 * Links never narrow an anonymous sender down (issue 18): an anonymous item is linked only with
 * other anonymous items, a named one only with named ones — so no submitter's name ever appears
 * next to an anonymous item, for triagers or anyone — and never with an item of the same sender
 * (the sender is known at intake, before sealing; for an older anonymous item, by opening its seal).
 */
function mayLinkAnonymity(deps: AppDeps, anonymous: boolean, sender: PersonId | undefined, c: Pick<FeedbackItem, 'anonymous'>, sealed: string | undefined): boolean {
  if (c.anonymous !== anonymous) return false;
  if (!anonymous || sender === undefined) return true;
  return !isSealedFor(deps.sealer, deps.org, sealed, sender);
}

/**
 * The search compares a new item with at most this many of the latest items of its window (named
 * or anonymous; a 200-person company registers a few hundred a month), so an intake's cost stays
 * bounded however busy the window was. Beyond it, older items of the window are not linked.
 */
export const MAX_CANDIDATES = 1000;

/**
 * The grams of descriptions seen lately (a description never changes once registered): the
 * search then computes only the new text's grams. Bounded: the oldest go first.
 */
const gramCache = new BoundedCache<string, Grams>(20_000);
/**
 * And by candidate object: the store hands the same candidate objects to every search of one
 * transaction (a batch of events), so most look-ups skip hashing the description. Weak: an entry
 * goes with its object.
 */
const gramsOfCandidate = new WeakMap<SimilarCandidate, Grams>();
function cachedGrams(c: SimilarCandidate): Grams {
  let g = gramsOfCandidate.get(c);
  if (g) return g;
  g = gramCache.get(c.description);
  if (!g) {
    g = gramsOf(c.description);
    gramCache.set(c.description, g);
  }
  gramsOfCandidate.set(c, g);
  return g;
}

/**
 * Registers `input` (its `submitter` is dropped when anonymous; `sealedSender` is then the only
 * trace of the sender, encrypted). Refusals roll the transaction back through `fail`.
 */
export async function registerFeedback(tx: Tx, deps: AppDeps, input: FeedbackInput, sealedSender?: string): Promise<FeedbackItem> {
  const { org, policy, calendar } = deps;
  const now = deps.clock.now();
  // An anonymous item from the 反馈箱 (代登记) may come from nobody known: then nothing is sealed.
  if (input.anonymous && !sealedSender && !input.offline) throw new Error('an anonymous item needs its sealed sender');
  const day = localDate(now, policy.timezone).replace(/-/g, '');
  const number = feedbackNumber(day, await tx.feedback.nextSequence(day));
  // The search reads only what it compares; the full rows of the (at most MAX_LINKS) similar items
  // are then read once, under lock: two intakes linking to the same older item must not lose a link.
  // Anonymous items are linked only with anonymous ones, named with named (mayLinkAnonymity): the query keeps to that side.
  const recent = await tx.feedback.similarCandidates(now - policy.feedback.similar.windowMs, input.anonymous, MAX_CANDIDATES);
  const sender = input.submitter ?? (sealedSender && deps.sealer ? senderOf(deps, sealedSender) : undefined);
  const sameKind = recent.filter((c) => mayLink(policy, input.category, c.category) && c.anonymous === input.anonymous);
  const sealedOfRecent = input.anonymous && sender !== undefined ? await tx.feedback.sealedSenders(sameKind.map((c) => c.id)) : new Map<number, string>();
  const candidates = sameKind.filter((c) => mayLinkAnonymity(deps, input.anonymous, sender, c, sealedOfRecent.get(c.id)));
  const found = findSimilar(input.description, candidates, policy.feedback.similar.threshold, cachedGrams).map((c) => c.id);
  const rows = new Map((await tx.feedback.getManyForUpdate(found)).map((f) => [f.id, f]));
  const similar = found.flatMap((id) => rows.get(id) ?? []);
  const draft = newFeedbackItem({ org, policy, calendar, now, number }, input, similar);
  if (isRefusal(draft)) fail(draft);
  const item = await tx.feedback.insert(draft, input.anonymous ? sealedSender : undefined);
  // 代登记: the recorder acts (never the person it came from, who may be anonymous).
  const actor = input.offline ? input.offline.recordedBy : input.anonymous ? ANONYMOUS_ACTOR : (item.submitter ?? CUSTOMER_ACTOR);
  const registered = input.offline ? offlineRegisteredEvent(deps, item) : input.anonymous ? TF.registeredAnonymousEvent : TF.registeredEvent(channelLabel(item));
  await tx.feedbackEvents.append({ feedbackId: item.id, at: now, actor, kind: 'registered', text: registered });
  if (similar.length) {
    await tx.feedbackEvents.append({ feedbackId: item.id, at: now, actor: 'system', kind: 'linked', text: TF.linkedEvent(similar.map((s) => s.number).join('、')) });
  }
  const seqs = similar.length ? await tx.feedbackEvents.countsForItems(similar.map((s) => s.id)) : new Map<number, number>();
  const linkedEvents: FeedbackEvent[] = [];
  const linkedItems: FeedbackItem[] = [];
  for (const before of similar) {
    const linked = addRepeatLink(policy, before, item, now);
    const eventSeq = seqs.get(before.id) ?? 0;
    linkedItems.push(linked.item);
    linkedEvents.push({ ...linked.event, feedbackId: before.id });
    // Every change reaches the submitter (SPEC §2), a priority raised by repeats too.
    const submitterTo = linked.item.priority !== before.priority ? submitterRecipient(linked.item, await sealedOf(tx, linked.item)) : undefined;
    if (submitterTo) {
      const view = { lines: [TF.priorityRaisedToSubmitter(linked.item.number, PRIORITY_ZH[linked.item.priority])] };
      await tx.outbox.enqueue([{ key: `fb:${linked.item.number}:e${eventSeq}:submitter`, to: submitterTo, view }], now);
    }
  }
  await tx.feedback.updateLinks(linkedItems);
  await tx.feedbackEvents.appendMany(linkedEvents);
  const ctx = { org, policy, calendar, now };
  for (const nd of registrationDuties(ctx, item, actor)) await createDuty(tx, deps, nd);
  await tx.outbox.enqueue(registrationMessages(ctx, item, similar), now);
  await tx.audit.append([{ at: now, actor, action: 'feedback.register', entity: 'feedback', entityId: String(item.id), after: auditSnapshot(item) }]);
  return item;
}

/** `console 私聊`, `wecom 群 SCB`, `http`: where an item came in, for its history. */
function channelLabel(item: FeedbackItem): string {
  const c = item.source.channel;
  const where = c === 'dm' ? '私聊' : c.startsWith('dept:') ? `群 ${c.slice(5)}` : c.startsWith('thread:') ? `联络单线程 ${c.slice(7)}` : c;
  return item.source.platform === 'http' ? '外部系统' : `${item.source.platform} ${where}`;
}

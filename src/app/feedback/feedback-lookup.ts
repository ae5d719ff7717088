/**
 * Finding an item and seeing it through the access rule: the number format, loading under lock,
 * who the viewer is (the sender of an anonymous item is recognised only by opening its sealed
 * address), where the submitter is reached, and what of an item may go into an audit row.
 */
import type { FeedbackItem } from '../../domain/feedback/feedback.js';
import type { Viewer } from '../../domain/feedback/feedback-access.js';
import type { Recipient } from '../../domain/message.js';
import type { PersonId, Platform } from '../../domain/org.js';
import { refuse } from '../../domain/refusal.js';
import { TF } from '../../texts/feedback.js';
import type { AppDeps } from '../deps.js';
import type { Tx } from '../ports.js';
import { fail } from '../transact.js';
import { isSealedFor } from './sealer.js';

/** `FK` + `YYYYMMDD` + `-` + at least three digits. */
export const FEEDBACK_REF = /^FK\d{8}-\d{3,}$/;

export function isFeedbackRef(ref: string | undefined): ref is string {
  return ref !== undefined && FEEDBACK_REF.test(ref.trim());
}

/** The number for a local day `YYYYMMDD` and its sequence (at least three digits). */
export function feedbackNumber(day: string, seq: number): string {
  return `FK${day}-${String(seq).padStart(3, '0')}`;
}

/** Who acts: the person and the platform they wrote on (the platform is half of their address). */
export interface FeedbackActor {
  person: PersonId;
  platform: Platform;
}

/** The item by number, locked for the transaction, or a refusal that says only "not found". */
export async function loadFeedbackForUpdate(tx: Tx, ref: string): Promise<FeedbackItem> {
  const found = isFeedbackRef(ref) ? await tx.feedback.byNumber(ref.trim()) : undefined;
  if (!found) fail(refuse('unknown_feedback', TF.unknownItem(ref)));
  return (await tx.feedback.getForUpdate(found.id))!;
}

/** The sealed sender of an anonymous item (ciphertext), if any. */
export async function sealedOf(tx: Tx, item: FeedbackItem): Promise<string | undefined> {
  return item.anonymous ? (await tx.feedback.sealedSenders([item.id])).get(item.id) : undefined;
}

/** The viewer, with `isSender` set only when the sealed address opens to this person. */
export function viewerFor(deps: AppDeps, item: FeedbackItem, sealed: string | undefined, person: PersonId): Viewer {
  return item.anonymous ? { person, isSender: isSealedFor(deps.sealer, deps.org, sealed, person) } : { person };
}

/** Where the submitter is reached: a person, the sealed anonymous sender, or nobody (a customer). */
export function submitterRecipient(item: FeedbackItem, sealed: string | undefined): Recipient | undefined {
  if (item.submitter) return { kind: 'person', person: item.submitter };
  return sealed ? { kind: 'sealed', sealed } : undefined;
}

/**
 * What an audit row keeps of an item: its identity and handling, never its text (descriptions,
 * results, replies) and never an anonymous sender — audit rows are read by admins.
 */
export function auditSnapshot(item: FeedbackItem): Record<string, unknown> {
  const { number, category, state, priority, dept, owner, anonymous, links, reopenCount, satisfaction } = item;
  return { number, category, state, priority, dept, owner, anonymous, links, reopenCount, satisfaction, ...(item.submitter ? { submitter: item.submitter } : {}) };
}

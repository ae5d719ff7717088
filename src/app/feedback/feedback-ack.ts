/**
 * 收到 FK…: a triager's or 总经办 leader's acknowledgement of an item. `acknowledge` (src/app/
 * acknowledge.ts) has already discharged the person's duty in the same transaction; this adds the
 * entry to the item's history. It is not a state change, so the submitter is not told.
 */
import type { Duty } from '../../domain/duty/duty.js';
import type { PersonId } from '../../domain/org.js';
import { TF } from '../../texts/feedback.js';
import type { Tx } from '../ports.js';

export async function feedbackAcknowledged(tx: Tx, duty: Duty, actor: PersonId, now: number): Promise<void> {
  await tx.feedbackEvents.append({ feedbackId: duty.subject.id, at: now, actor, kind: 'acknowledged', text: TF.acknowledgedEvent });
}

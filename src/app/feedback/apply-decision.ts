/**
 * Carrying out a feedback decision inside the caller's transaction (ARCHITECTURE rule 4): the
 * item, its history entry, the duties it settles and creates, its messages and its audit row all
 * commit together. Audit rows name the event's actor — `anonymous` for the anonymous sender.
 */
import type { FeedbackDecision } from '../../domain/feedback/decide-feedback.js';
import type { FeedbackItem } from '../../domain/feedback/feedback.js';
import type { AppDeps } from '../deps.js';
import { cancelDuty, createDuty, dischargeDuty } from '../duty-ops.js';
import type { Tx } from '../ports.js';
import { auditSnapshot } from './feedback-lookup.js';

export async function applyFeedbackDecision(tx: Tx, deps: AppDeps, before: FeedbackItem, decision: FeedbackDecision, action: string): Promise<void> {
  const now = deps.clock.now();
  const actor = decision.event.actor;
  await tx.feedback.update(decision.item);
  await tx.feedbackEvents.append({ ...decision.event, feedbackId: before.id });
  const open = await tx.duties.openForSubject('feedback', before.id);
  for (const duty of open) {
    const hit = decision.settle.find((s) => s.rule === duty.rule && (s.people === undefined || s.people.includes(duty.person)));
    if (hit?.how === 'done') await dischargeDuty(tx, deps, duty, now, actor);
    else if (hit?.how === 'cancel') await cancelDuty(tx, duty, now, actor);
  }
  for (const nd of decision.newDuties) await createDuty(tx, deps, nd);
  await tx.outbox.enqueue(decision.messages, now);
  await tx.audit.append([
    { at: now, actor, action: `feedback.${action}`, entity: 'feedback', entityId: String(before.id), before: auditSnapshot(before), after: auditSnapshot(decision.item) },
  ]);
}

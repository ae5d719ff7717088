/**
 * Closing items after the policy's silence period (SPEC §2 "closed … after N days of silence"),
 * called by every sweep. The due time lives in the row (`autoCloseAt`, indexed), not in a timer,
 * so it is safe after downtime and with several instances (claims skip locked rows). An item
 * closes at its true `autoCloseAt`, however late the sweep runs.
 */
import { decideFeedback } from '../../domain/feedback/decide-feedback.js';
import { SYSTEM_VIEWER } from '../../domain/feedback/feedback-access.js';
import { isRefusal } from '../../domain/refusal.js';
import type { AppDeps } from '../deps.js';
import { applyFeedbackDecision } from './apply-decision.js';
import { sealedOf, submitterRecipient } from './feedback-lookup.js';

/** Closes every silent item due at `now`, in batches of one transaction; returns how many. */
export async function closeSilentFeedback(deps: AppDeps, now: number, batch = 100): Promise<number> {
  let total = 0;
  for (;;) {
    const closed = await deps.store.transaction(async (tx) => {
      const due = await tx.feedback.claimAutoClose(now, batch);
      for (const item of due) {
        const sealed = await sealedOf(tx, item);
        const submitterTo = submitterRecipient(item, sealed);
        const eventSeq = (await tx.feedbackEvents.forItem(item.id)).length;
        const ctx = { org: deps.org, policy: deps.policy, calendar: deps.calendar, now, eventSeq, ...(submitterTo ? { submitterTo } : {}) };
        const decision = decideFeedback(ctx, item, SYSTEM_VIEWER, { kind: 'auto_close' });
        if (isRefusal(decision)) throw new Error(`auto-close refused for feedback ${item.id}: ${decision.code}`);
        await applyFeedbackDecision(tx, deps, item, decision, 'auto_close');
      }
      return due.length;
    });
    total += closed;
    if (closed < batch) return total;
  }
}

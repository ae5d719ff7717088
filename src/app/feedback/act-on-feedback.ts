/**
 * Every step of an item after registration (受理, 分派, 优先级, 进展, 提问, 回复, 解决, 无法解决, 确认,
 * 重开): load and lock the item, see the actor through the access rule, let the pure
 * `decideFeedback` decide, then apply it in the same transaction. Someone who may not see the
 * item hears exactly what a wrong number gets.
 */
import { decideFeedback, type FeedbackAction } from '../../domain/feedback/decide-feedback.js';
import { FEEDBACK_ACTION_ZH } from '../../domain/feedback/feedback-transitions.js';
import { feedbackLabel } from '../../domain/feedback/feedback-views.js';
import { isRefusal } from '../../domain/refusal.js';
import type { AppDeps, Reply } from '../deps.js';
import { fail, transact } from '../transact.js';
import { applyFeedbackDecision } from './apply-decision.js';
import { loadFeedbackForUpdate, sealedOf, submitterRecipient, viewerFor, type FeedbackActor } from './feedback-lookup.js';

export async function actOnFeedback(deps: AppDeps, actor: FeedbackActor, ref: string, action: FeedbackAction): Promise<Reply> {
  return transact(deps, async (tx) => {
    const item = await loadFeedbackForUpdate(tx, ref);
    const sealed = await sealedOf(tx, item);
    const viewer = viewerFor(deps, item, sealed, actor.person);
    const events = await tx.feedbackEvents.forItem(item.id);
    const submitterTo = submitterRecipient(item, sealed);
    const ctx = { org: deps.org, policy: deps.policy, calendar: deps.calendar, now: deps.clock.now(), eventSeq: events.length, ...(submitterTo ? { submitterTo } : {}) };
    const decision = decideFeedback(ctx, item, viewer, action);
    if (isRefusal(decision)) fail(decision);
    await applyFeedbackDecision(tx, deps, item, decision, action.kind);
    const kind = action.kind === 'assign' && item.state === 'registered' ? 'triage' : action.kind;
    const reply: Reply = { lines: [`已${FEEDBACK_ACTION_ZH[kind]}:${feedbackLabel(decision.item)}`, decision.event.text] };
    return viewer.isSender ? { ...reply, confidential: true } : reply;
  });
}

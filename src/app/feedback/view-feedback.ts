/**
 * 查看 FK…: the card, the similar items the viewer may see, the whole history, and the buttons for
 * the viewer's next steps. Someone without a role hears what a wrong number gets.
 */
import { feedbackRoles } from '../../domain/feedback/feedback-access.js';
import { linkedLines, viewerButtons } from '../../domain/feedback/feedback-messages.js';
import { feedbackCard, feedbackEventLine } from '../../domain/feedback/feedback-views.js';
import { TF } from '../../texts/feedback.js';
import { TF2 } from '../../texts/feedback-reports.js';
import type { AppDeps, Reply } from '../deps.js';
import { isFeedbackRef, sealedOf, viewerFor, type FeedbackActor } from './feedback-lookup.js';
import { withRoles } from './visible-items.js';

export async function viewFeedback(deps: AppDeps, actor: FeedbackActor, ref: string): Promise<Reply> {
  const { org, policy } = deps;
  const tz = policy.timezone;
  return deps.store.transaction(async (tx) => {
    const item = isFeedbackRef(ref) ? await tx.feedback.byNumber(ref.trim()) : undefined;
    const roles = item ? feedbackRoles(org, policy, item, viewerFor(deps, item, await sealedOf(tx, item), actor.person)) : undefined;
    if (!item || !roles?.size) return { refused: true, lines: [TF.unknownItem(ref)] };
    const others = (await Promise.all(item.links.map((id) => tx.feedback.byId(id)))).filter((l) => l !== undefined);
    const linked = (await withRoles(tx, deps, actor.person, others)).map((x) => x.item);
    const events = await tx.feedbackEvents.forItem(item.id);
    const now = deps.clock.now();
    const card = feedbackCard(item, org, tz, viewerButtons(item, roles, policy, now));
    const fields = (card.fields ?? []).map(([k, v]) => `${k}:${v}`);
    const history = events.map((e) => feedbackEventLine(e, org, tz));
    const reply = { title: card.title, lines: [...fields, ...linkedLines({ org, policy }, linked, actor.person, false), TF2.viewHistory, ...history], buttons: card.buttons ?? [] };
    return item.anonymous && roles.has('submitter') ? { ...reply, confidential: true } : reply;
  });
}

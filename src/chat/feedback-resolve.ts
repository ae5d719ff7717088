/**
 * Which item a feedback command means when it names none: the only item on which the person can
 * take that step now (the anonymous sender's own items included); none or several → a reply that
 * says so and, for several, offers each as a button. Items the person may not see never appear.
 */
import type { AppDeps, Reply } from '../app/deps.js';
import { visibleItems } from '../app/feedback/visible-items.js';
import { FEEDBACK_TRANSITIONS, type FeedbackActionKind } from '../domain/feedback/feedback-transitions.js';
import { feedbackLabel } from '../domain/feedback/feedback-views.js';
import type { PersonId } from '../domain/org.js';
import { TF } from '../texts/feedback.js';

export async function resolveFeedbackRef(deps: AppDeps, person: PersonId, action: FeedbackActionKind, word: string): Promise<string | Reply> {
  const rule = FEEDBACK_TRANSITIONS[action];
  const found = await deps.store.transaction((tx) => visibleItems(tx, deps, person, { states: [...rule.from] }));
  const hits = found.filter((x) => rule.who.some((r) => x.roles.has(r))).map((x) => x.item);
  if (hits.length === 1) return hits[0]!.number;
  if (hits.length === 0) return { refused: true, lines: [TF.nothingToAct(word), TF.needRef(word)] };
  return {
    refused: true,
    lines: [TF.whichItem, ...hits.slice(0, 10).map((i) => `· ${feedbackLabel(i)}`)],
    buttons: hits.slice(0, 10).map((i) => ({ label: `${word} ${i.number}`, command: `${word} ${i.number} ` })),
  };
}

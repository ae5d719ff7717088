/**
 * 代登记 (issue 16 part 3), the parts shared by intake and history: who may register on someone's
 * behalf, where a known person is reached when their item must stay anonymous (their address,
 * sealed exactly like an anonymous chat sender's), and the history line of such an item.
 */
import { CATEGORY_ZH, type FeedbackItem } from '../../domain/feedback/feedback.js';
import { offlineSourceLabel } from '../../domain/feedback/feedback-views.js';
import { personName, type Org, type PersonId, type Platform } from '../../domain/org.js';
import { TFO } from '../../texts/feedback-offline.js';
import type { AppDeps } from '../deps.js';
import { addressOf, type SealedAddress } from './sealer.js';

/** Who may 代登记: the feedback group and the recorders the org file names (`feedback_recorders`). */
export function mayRecord(org: Org, person: PersonId): boolean {
  return org.feedbackGroup.includes(person) || (org.feedbackRecorders ?? []).includes(person);
}

/** `会议纪要 · 2026-12-01 生产调度会`, `反馈箱`. */
export const offlineLabel = offlineSourceLabel;

/**
 * The address an anonymous item's known person is reached at: on the recorder's platform when
 * they have an id there, else the first platform they have one on, else the console.
 */
export function originAddress(org: Org, person: PersonId, platform: Platform): SealedAddress {
  const ids = org.personById.get(person)?.platformIds ?? {};
  if (platform === 'console' || platform in ids) return addressOf(org, person, platform);
  const first = (Object.keys(ids) as Platform[])[0];
  return addressOf(org, person, first ?? 'console');
}

/** The history line of an item registered by a recorder; never a name for an anonymous one. */
export function offlineRegisteredEvent(deps: AppDeps, item: FeedbackItem): string {
  const o = item.details.offline!;
  const recorder = personName(deps.org, o.recordedBy);
  if (item.anonymous) return TFO.registeredAnonymousEvent(offlineLabel(o), recorder);
  const origin = item.submitter ? personName(deps.org, item.submitter) : o.originName;
  return TFO.registeredEvent(offlineLabel(o), recorder, origin);
}

/** The recorder's line for one registered item. */
export function registeredLine(deps: AppDeps, item: FeedbackItem): string {
  const category = CATEGORY_ZH[item.category];
  if (item.anonymous) return TFO.registeredAnonymousLine(item.number, category);
  const origin = item.submitter ? personName(deps.org, item.submitter) : item.details.offline?.originName;
  return TFO.registeredLine(item.number, category, origin);
}

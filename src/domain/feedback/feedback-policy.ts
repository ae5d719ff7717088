/**
 * The feedback part of the policy (SPEC §2, §7): per-category deadlines and who the category
 * names as its leaders, the silence and reopen periods, and how repeats are found. Loaded from
 * the `feedback:` section of `data/policy.yaml` (src/config/policy-file.ts).
 */
import type { Policy } from '../policy.js';
import type { FeedbackCategory } from './feedback.js';

/**
 * Leaders a category names, who may then see its items: the leaders of the department concerned,
 * the leaders of 人力行政部, or the members of 总经办.
 */
export type FeedbackLeaderKind = 'concerned' | 'hr' | 'gm_office';

/** One category's deadlines, the leaders it names, and its confidentiality and publicity. */
export interface FeedbackCategoryPolicy {
  /** First-response target in working time; absent = `rules.feedback_response.window`. */
  firstResponseMs?: number;
  /** Resolution target in working time from triage; absent = `rules.feedback_resolution.window`. */
  resolutionMs?: number;
  leaders: FeedbackLeaderKind[];
  /**
   * Only the named leaders (not the feedback group) see and triage it, and only they may own it:
   * 举报 (SPEC §2: "举报 only to HR's leader and 总经办").
   */
  restricted: boolean;
  /** Resolved items of this category appear in the 公示 (without any submitter identity). */
  public: boolean;
}

/** The `feedback:` section of the policy, durations in ms. */
export interface FeedbackPolicy {
  categories: Record<FeedbackCategory, FeedbackCategoryPolicy>;
  /** Calendar time after resolved/unresolvable without the submitter's answer: closed automatically. */
  closeAfterMs: number;
  /** Calendar time after closing in which the submitter may reopen. */
  reopenWithinMs: number;
  similar: {
    /** Calendar time back from registration in which similar items are looked for (30 days). */
    windowMs: number;
    /** Character n-gram similarity (0–1) from which two items count as similar. */
    threshold: number;
    /** With this many similar items an item is at least 高 priority. */
    raiseAt: number;
  };
}

/** The category's first-response and resolution targets, with the rule windows as fallback. */
export function categoryTargets(policy: Policy, category: FeedbackCategory): { firstResponseMs: number; resolutionMs: number } {
  const c = policy.feedback.categories[category];
  return {
    firstResponseMs: c.firstResponseMs ?? policy.rules.feedback_response.windowMs,
    resolutionMs: c.resolutionMs ?? policy.rules.feedback_resolution.windowMs,
  };
}

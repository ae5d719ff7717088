/**
 * The `feedback:` section of `data/policy.yaml` (SPEC §2, §7): its zod schema, its defaults, and
 * how a parsed section is merged over them. Every key is optional; a key that is present is
 * validated (unknown keys are errors, like the rest of the policy file).
 *
 * Units: `first_response` and `resolution` count working time, like every window of the policy.
 * `close_after`, `reopen_within` and `similar.window` are calendar time (7d = a week), because
 * they describe how long people may take to answer, not how long work may take.
 */
import { z } from 'zod';
import { parseDuration } from '../domain/duration.js';
import { FEEDBACK_CATEGORIES, type FeedbackCategory } from '../domain/feedback/feedback.js';
import type { FeedbackCategoryPolicy, FeedbackLeaderKind, FeedbackPolicy } from '../domain/feedback/feedback-policy.js';
import { showValue, type ConfigIssue } from './config-error.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** Default first-response and resolution windows (`rules.feedback_response` / `feedback_resolution`). */
export const FEEDBACK_RULE_DEFAULTS = {
  feedback_response: { windowMs: 4 * HOUR },
  feedback_resolution: { windowMs: 24 * HOUR },
};

const cat = (leaders: FeedbackLeaderKind[], pub: boolean, firstResponseMs?: number, resolutionMs?: number, restricted = false): FeedbackCategoryPolicy => ({
  ...(firstResponseMs === undefined ? {} : { firstResponseMs }),
  ...(resolutionMs === undefined ? {} : { resolutionMs }),
  leaders,
  restricted,
  public: pub,
});

/**
 * The defaults (the shipped file states exactly these). Working hours are 8 a day, so 8h is one
 * working day and 24h three. 举报 is restricted to 人力行政部's leaders and 总经办 (SPEC §2);
 * 公示 shows resolved problems, suggestions, urgent matters and others, never complaints,
 * whistleblowing, customers' feedback or work reports.
 */
export const DEFAULT_FEEDBACK_POLICY: FeedbackPolicy = {
  categories: {
    work_report: cat(['concerned'], false, 8 * HOUR, 40 * HOUR),
    problem: cat(['concerned'], true),
    suggestion: cat(['concerned'], true, 8 * HOUR, 80 * HOUR),
    complaint: cat(['concerned', 'hr'], false, 2 * HOUR),
    whistleblowing: cat(['hr', 'gm_office'], false, undefined, 80 * HOUR, true),
    urgent: cat(['concerned', 'gm_office'], true, 30 * MIN, 8 * HOUR),
    customer: cat(['concerned'], false, 2 * HOUR, 16 * HOUR),
    other: cat(['concerned'], true, 8 * HOUR, 40 * HOUR),
  },
  closeAfterMs: 7 * DAY,
  reopenWithinMs: 15 * DAY,
  similar: { windowMs: 30 * DAY, threshold: 0.3, raiseAt: 2 },
};

/** An optional duration in ms (`30m`, `8h`, `7d`); empty means "use the default". */
const duration = z
  .unknown()
  .transform((value, ctx) => {
    if (value === null || value === undefined) return undefined;
    const ms = typeof value === 'string' ? parseDuration(value) : undefined;
    if (ms === undefined || ms === 0) {
      ctx.addIssue({
        code: 'custom',
        message: `时长格式错误 ${showValue(value)},应写作大于 0 的 30m、8h、7d — expected a duration greater than 0 like 30m, 8h or 7d`,
      });
      return z.NEVER;
    }
    return ms;
  })
  .optional();

const LEADER_KINDS = ['concerned', 'hr', 'gm_office'] as const;

const category = z
  .strictObject({
    first_response: duration,
    resolution: duration,
    leaders: z.array(z.enum(LEADER_KINDS)).nullish(),
    restricted: z.boolean().nullish(),
    public: z.boolean().nullish(),
  })
  .nullish();

/** The schema of the `feedback:` section (durations come out in ms). */
export const FeedbackSectionSchema = z.strictObject({
  categories: z.strictObject(Object.fromEntries(FEEDBACK_CATEGORIES.map((c) => [c, category])) as Record<FeedbackCategory, typeof category>).nullish(),
  close_after: duration,
  reopen_within: duration,
  similar: z
    .strictObject({
      window: duration,
      threshold: z.number().gt(0).max(1).nullish(),
      raise_at: z.int().min(1).nullish(),
    })
    .nullish(),
});

export type FeedbackSectionData = z.output<typeof FeedbackSectionSchema>;

const pick = <T>(value: T | null | undefined, fallback: T): T => (value === null || value === undefined ? fallback : value);

/**
 * The section over `base`, key by key. A restricted category without leaders would be visible to
 * nobody: that is returned as a problem for the caller to report with the file name.
 */
export function mergeFeedbackPolicy(
  data: FeedbackSectionData | null | undefined,
  base: FeedbackPolicy,
): { policy: FeedbackPolicy; problems: ConfigIssue[] } {
  const problems: ConfigIssue[] = [];
  const categories = {} as Record<FeedbackCategory, FeedbackCategoryPolicy>;
  for (const c of FEEDBACK_CATEGORIES) {
    const b = base.categories[c];
    const d = data?.categories?.[c];
    const first = pick(d?.first_response, b.firstResponseMs);
    const resolution = pick(d?.resolution, b.resolutionMs);
    const merged = cat(pick(d?.leaders, b.leaders), pick(d?.public, b.public), first, resolution, pick(d?.restricted, b.restricted));
    if (merged.restricted && merged.leaders.length === 0) {
      problems.push({ entry: `feedback.categories.${c}`, field: 'leaders', message: '受限类别须至少指定一类领导 — a restricted category needs leaders' });
    }
    categories[c] = merged;
  }
  return {
    policy: {
      categories,
      closeAfterMs: pick(data?.close_after, base.closeAfterMs),
      reopenWithinMs: pick(data?.reopen_within, base.reopenWithinMs),
      similar: {
        windowMs: pick(data?.similar?.window, base.similar.windowMs),
        threshold: pick(data?.similar?.threshold, base.similar.threshold),
        raiseAt: pick(data?.similar?.raise_at, base.similar.raiseAt),
      },
    },
    problems,
  };
}

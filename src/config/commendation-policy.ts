/**
 * The `commendation:` section of `data/policy.yaml` (issue 16 part 4): the 表扬名单 rule
 * (`domain/report/commendation-rule.ts`). Every key is optional and takes its default;
 * `on_time` is a share written `100%`, `95%` or as a fraction `0.95`.
 */
import { z } from 'zod';
import { DEFAULT_COMMENDATION, type CommendationRule } from '../domain/report/commendation-rule.js';
import { showValue } from './config-error.js';

const share = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const m = typeof value === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(value) : undefined;
  const n = typeof value === 'number' ? value : m ? Number(m[1]) / 100 : NaN;
  if (!(n >= 0 && n <= 1)) {
    ctx.addIssue({ code: 'custom', message: `比例格式错误 ${showValue(value)},应写作 100%、95% 或 0.95 — expected a share like 100%, 95% or 0.95` });
    return z.NEVER;
  }
  return n;
});

export const CommendationSectionSchema = z.strictObject({
  min_duties: z.int().min(0).nullish(),
  on_time: share.nullish(),
  feedback_adopted: z.int().min(0).nullish(),
  max_violations: z.int().min(0).nullish(),
});

/** The rule: the section's keys over `base`. */
export function commendationRule(section: z.output<typeof CommendationSectionSchema> | null | undefined, base: CommendationRule = DEFAULT_COMMENDATION): CommendationRule {
  return {
    minDuties: section?.min_duties ?? base.minDuties,
    onTime: section?.on_time ?? base.onTime,
    feedbackAdopted: section?.feedback_adopted ?? base.feedbackAdopted,
    maxViolations: section?.max_violations ?? base.maxViolations,
  };
}

/**
 * 表扬名单 rule (policy `commendation:`, issue 16 part 4): who the monthly assessment names to
 * commend. A person is commended for punctuality when, in the month, they had at least
 * `minDuties` counted duties (acknowledgements, signs, tasks, and whatever other sources are
 * plugged in — reports), at least `onTime` of them on time, and at most `maxViolations` counted
 * (non-waived) violations; or for feedback when at least `feedbackAdopted` of their named items
 * were resolved in the month with an improvement (0 turns that criterion off). A department is
 * commended for punctuality by the same rule over all its people's duties.
 */
export interface CommendationRule {
  minDuties: number;
  /** The least on-time share, 0–1 (`100%` = 1). */
  onTime: number;
  feedbackAdopted: number;
  maxViolations: number;
}

/** The shipped rule: at least 5 duties, all on time, no violation; or 1 feedback adopted. */
export const DEFAULT_COMMENDATION: CommendationRule = { minDuties: 5, onTime: 1, feedbackAdopted: 1, maxViolations: 0 };

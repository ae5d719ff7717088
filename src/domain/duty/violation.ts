/**
 * 违规 (Violation): a missed window. Tiers count the same person's violations of the same rule in
 * one calendar month (policy timezone), waived ones excluded; the fine comes from the policy.
 */
import type { PersonId } from '../org.js';
import type { DutyRule, Policy } from '../policy.js';

export interface Violation {
  id: number;
  dutyId: number;
  person: PersonId;
  rule: DutyRule;
  /** The notice or form reference and title, for people reading the record. */
  subjectRef: string;
  title: string;
  dueAt: number;
  /** `YYYY-MM` of dueAt in the policy timezone: the tiering period. */
  month: string;
  tier: number;
  fine: number;
  /** When the duty was finally done; lateness = working time from dueAt to this. */
  resolvedAt?: number;
  lateMs?: number;
  waived: boolean;
  waivedBy?: PersonId;
  waiveReason?: string;
  recordedAt: number;
}

/** The tier for the nth (1-based) counted violation of a month. */
export function tierFor(nth: number): number {
  return Math.max(1, nth);
}

/** The fine for a tier: tier 1, tier 2, tier 3 and above. */
export function fineFor(policy: Policy, tier: number): number {
  const i = Math.min(Math.max(tier, 1), 3) - 1;
  return policy.fines[i as 0 | 1 | 2];
}

/**
 * Re-tiers one person's violations of one rule in one month after a waiver: the non-waived ones,
 * in due order, become tier 1, 2, 3… Returns only the ones whose tier or fine changed.
 */
export function retier(policy: Policy, sameMonth: Violation[]): Array<{ id: number; tier: number; fine: number }> {
  const counted = sameMonth.filter((v) => !v.waived).sort((a, b) => a.dueAt - b.dueAt || a.id - b.id);
  const changes: Array<{ id: number; tier: number; fine: number }> = [];
  counted.forEach((v, i) => {
    const tier = tierFor(i + 1);
    const fine = fineFor(policy, tier);
    if (tier !== v.tier || fine !== v.fine) changes.push({ id: v.id, tier, fine });
  });
  return changes;
}

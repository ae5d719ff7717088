/**
 * A duty's step plan, as data (after grafana/oncall's escalation snapshot): reminders before the
 * window ends, the violation at the deadline, then each escalation step, all in working time.
 * The plan is recomputed from the duty and the policy; only how far it got (`step`) and when the
 * next step is due (`nextActionAt`) are stored (`DutyPosition`). Changing the policy re-plans open
 * duties from their next step on.
 */
import type { WorkCalendar } from '../calendar.js';
import type { EscalationTarget, EscalationVia, Policy } from '../policy.js';
import { definitionOfRef } from '../work-report/work-report.js';
import type { Duty, DutyPosition } from './duty.js';

export type DutyStep =
  | { at: number; kind: 'remind'; beforeMs: number }
  | { at: number; kind: 'violate' }
  | { at: number; kind: 'escalate'; notify: EscalationTarget; via?: EscalationVia };

const ORDER = { remind: 0, violate: 1, escalate: 2 } as const;

/**
 * The times a duty is planned from; `rule` picks its reminders (`form_completion` has its own, a
 * `work_report` its definition's `remind:`, found by the subject's ref).
 */
type Planned = Pick<Duty, 'createdAt' | 'dueAt'> & { rule?: Duty['rule']; subject?: Duty['subject'] };

function remindersOf(d: Planned, policy: Policy): number[] {
  if (d.rule === 'form_completion') return policy.formCompletion.remindersBeforeMs;
  if (d.rule === 'work_report') return (d.subject && definitionOfRef(policy.reports, d.subject.ref)?.remindersBeforeMs) ?? policy.remindersBeforeMs;
  return policy.remindersBeforeMs;
}

export function planDutySteps(d: Planned, policy: Policy, cal: WorkCalendar): DutyStep[] {
  const steps: DutyStep[] = [];
  const window = cal.workingTimeBetween(d.createdAt, d.dueAt);
  for (const before of remindersOf(d, policy)) {
    if (window > before) steps.push({ at: cal.addWorkingTime(d.createdAt, window - before), kind: 'remind', beforeMs: before });
  }
  steps.push({ at: d.dueAt, kind: 'violate' });
  for (const e of policy.escalation) {
    steps.push({ at: e.afterMs === 0 ? d.dueAt : cal.addWorkingTime(d.dueAt, e.afterMs), kind: 'escalate', notify: e.notify, ...(e.via ? { via: e.via } : {}) });
  }
  // Stable sort keeps the policy's order for steps at the same instant.
  return steps
    .map((s, i) => ({ s, i }))
    .sort((a, b) => a.s.at - b.s.at || ORDER[a.s.kind] - ORDER[b.s.kind] || a.i - b.i)
    .map((x) => x.s);
}

/** Where a new duty starts: step 0 and its time. */
export function firstStep(d: Planned, policy: Policy, cal: WorkCalendar): DutyPosition {
  const steps = planDutySteps(d, policy, cal);
  return { step: 0, nextActionAt: steps[0]?.at };
}

/**
 * The steps due at `now` from the duty's current position, and the position after them. Pure:
 * the sweep runs the returned steps in order and stores `step` / `nextActionAt`.
 */
export function dueSteps(
  d: Planned & Pick<DutyPosition, 'step'>,
  now: number,
  policy: Policy,
  cal: WorkCalendar,
): { steps: Array<{ index: number; step: DutyStep }>; step: number; nextActionAt?: number } {
  const plan = planDutySteps(d, policy, cal);
  const steps: Array<{ index: number; step: DutyStep }> = [];
  let i = d.step;
  while (i < plan.length && plan[i]!.at <= now) {
    steps.push({ index: i, step: plan[i]! });
    i += 1;
  }
  return { steps, step: i, nextActionAt: plan[i]?.at };
}

/** Whether missing this duty is a fined violation; a late completion is one only when the policy says so. */
export function missIsViolation(rule: Duty['rule'], policy: Policy): boolean {
  return rule !== 'form_completion' || policy.formCompletion.violation;
}

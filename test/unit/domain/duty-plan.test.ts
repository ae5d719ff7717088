/** The duty step plan: reminders, the violation at the deadline, escalations — all in working time. */
import { describe, expect, it } from 'vitest';
import { dueSteps, planDutySteps } from '../../../src/domain/duty/duty-plan.js';
import { formatLocal, localInstant } from '../../../src/domain/local-time.js';
import { createWorkCalendar } from '../../../src/domain/work-calendar.js';
import { policyWith, TZ } from '../../helpers/app.js';

const policy = policyWith();
const cal = createWorkCalendar(policy.workingTime, TZ);
const at = (s: string) => localInstant(s, TZ);

describe('planDutySteps', () => {
  it('orders reminder, violation and escalations in working time', () => {
    const plan = planDutySteps({ createdAt: at('2026-11-20 16:50'), dueAt: at('2026-11-23 08:20') }, policy, cal);
    expect(plan.map((s) => [s.kind, 'notify' in s ? s.notify : '', formatLocal(s.at, TZ)])).toEqual([
      ['remind', '', '2026-11-23 08:10'],
      ['violate', '', '2026-11-23 08:20'],
      ['escalate', 'self', '2026-11-23 08:20'],
      ['escalate', 'leader', '2026-11-23 08:50'],
      ['escalate', 'supervisor', '2026-11-23 10:20'],
      ['escalate', 'gm_office', '2026-11-23 13:50'],
    ]);
  });

  it('skips a reminder longer than the window', () => {
    const plan = planDutySteps({ createdAt: at('2026-11-24 09:00'), dueAt: at('2026-11-24 09:05') }, policy, cal);
    expect(plan[0]!.kind).toBe('violate');
  });

  it('dueSteps returns every step due by now, in order, and where to resume', () => {
    const d = { createdAt: at('2026-11-20 16:50'), dueAt: at('2026-11-23 08:20'), step: 0 };
    const r = dueSteps(d, at('2026-11-23 10:00'), policy, cal);
    expect(r.steps.map((s) => s.index)).toEqual([0, 1, 2, 3]);
    expect(r.step).toBe(4);
    expect(formatLocal(r.nextActionAt!, TZ)).toBe('2026-11-23 10:20');
    const again = dueSteps({ ...d, step: r.step }, at('2026-11-23 10:00'), policy, cal);
    expect(again.steps).toEqual([]);
  });
});

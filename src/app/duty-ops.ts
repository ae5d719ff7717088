/**
 * Creating, discharging and violating duties inside a transaction, with their audit rows. Shared by
 * every use case that owes or settles an obligation, and by the sweep.
 */
import { firstStep, missIsViolation } from '../domain/duty/duty-plan.js';
import type { Duty, NewDuty, ScheduledDuty } from '../domain/duty/duty.js';
import { fineFor, retier, type Violation } from '../domain/duty/violation.js';
import { localMonth } from '../domain/local-time.js';
import { deputyFor } from '../domain/deputy/deputy.js';
import type { AppDeps } from './deps.js';
import type { Tx } from './ports.js';

export async function createDuty(tx: Tx, deps: AppDeps, nd: NewDuty): Promise<ScheduledDuty> {
  const duty = await tx.duties.insert({ ...nd, ...firstStep(nd, deps.policy, deps.calendar) });
  await tx.audit.append([{ at: nd.createdAt, actor: nd.from, action: 'duty.create', entity: 'duty', entityId: String(duty.id), after: duty }]);
  return duty;
}

/**
 * `createDuty` for many duties (a notice to a whole department tree): one multi-row insert of
 * the duties and one of their audit rows. Duties with the same `createdAt` and `dueAt` share a plan.
 */
export async function createDuties(tx: Tx, deps: AppDeps, nds: NewDuty[]): Promise<ScheduledDuty[]> {
  const plans = new Map<string, ReturnType<typeof firstStep>>();
  const planOf = (nd: NewDuty) => {
    const key = `${nd.createdAt}:${nd.dueAt}:${nd.rule}`;
    let plan = plans.get(key);
    if (!plan) plans.set(key, (plan = firstStep(nd, deps.policy, deps.calendar)));
    return plan;
  };
  const duties = await tx.duties.insertMany(nds.map((nd) => ({ ...nd, ...planOf(nd) })));
  await tx.audit.append(duties.map((duty) => ({ at: duty.createdAt, actor: duty.from, action: 'duty.create', entity: 'duty', entityId: String(duty.id), after: duty })));
  return duties;
}

/**
 * Marks a duty done at `now`. A late discharge whose violation the sweep has not yet recorded (it
 * was down, or has not ticked) records it first, with its true due time; either way the violation
 * gets its lateness in working time.
 */
export async function dischargeDuty(tx: Tx, deps: Pick<AppDeps, 'policy' | 'calendar'>, duty: Duty, now: number, actor: string): Promise<Duty> {
  const before = { ...duty };
  if (now > duty.dueAt && duty.violationId === undefined && missIsViolation(duty.rule, deps.policy)) {
    const liable = deputyFor(await tx.deputies.current(duty.dueAt), duty.person, duty.dueAt) ?? duty.person;
    await recordViolation(tx, deps, duty, now, liable);
  }
  // Its next step, if any, stays queued: the sweep drops a settled duty's step when it comes due.
  duty.status = 'done';
  duty.doneAt = now;
  await tx.duties.update(duty);
  if (duty.violationId !== undefined) {
    const v = await tx.violations.byId(duty.violationId);
    if (v && v.resolvedAt === undefined) {
      v.resolvedAt = now;
      v.lateMs = deps.calendar.workingTimeBetween(v.dueAt, now);
      await tx.violations.update(v);
    }
  }
  await tx.audit.append([{ at: now, actor, action: 'duty.done', entity: 'duty', entityId: String(duty.id), before, after: duty }]);
  return duty;
}

export async function cancelDuty(tx: Tx, duty: Duty, now: number, actor: string): Promise<void> {
  const before = { ...duty };
  duty.status = 'cancelled';
  await tx.duties.update(duty);
  await tx.audit.append([{ at: now, actor, action: 'duty.cancel', entity: 'duty', entityId: String(duty.id), before, after: duty }]);
}

/**
 * Records the violation of a missed duty (once: the duty keeps its id). The tier counts the
 * person's earlier non-waived violations of the same rule in the due time's month, under a lock
 * so two sweepers cannot give two violations the same tier. `person` is who is liable: the duty's
 * person, or the deputy who acted for them when it was missed.
 */
export async function recordViolation(tx: Tx, deps: Pick<AppDeps, 'policy' | 'calendar'>, duty: Duty, recordedAt: number, person: string = duty.person): Promise<Violation> {
  const month = localMonth(duty.dueAt, deps.policy.timezone);
  await tx.violations.lockTier(person, duty.rule, month);
  const earlier = await tx.violations.forPersonRuleMonth(person, duty.rule, month);
  const tier = earlier.filter((v) => !v.waived).length + 1;
  const v = await tx.violations.insert({
    dutyId: duty.id,
    person,
    rule: duty.rule,
    subjectRef: duty.subject.ref,
    title: duty.title,
    dueAt: duty.dueAt,
    month,
    tier,
    fine: fineFor(deps.policy, tier),
    waived: false,
    recordedAt,
  });
  duty.violationId = v.id;
  await tx.audit.append([{ at: recordedAt, actor: 'system', action: 'violation.record', entity: 'violation', entityId: String(v.id), after: v }]);
  return v;
}

/** HR lifts a violation with a reason; the person's later violations that month move down a tier. */
export async function waiveViolation(tx: Tx, deps: Pick<AppDeps, 'policy'>, v: Violation, by: string, reason: string, now: number): Promise<void> {
  const before = { ...v };
  await tx.violations.lockTier(v.person, v.rule, v.month);
  v.waived = true;
  v.waivedBy = by;
  v.waiveReason = reason;
  await tx.violations.update(v);
  await tx.audit.append([{ at: now, actor: by, action: 'violation.waive', entity: 'violation', entityId: String(v.id), before, after: v }]);
  const same = await tx.violations.forPersonRuleMonth(v.person, v.rule, v.month);
  for (const change of retier(deps.policy, same)) {
    const other = same.find((x) => x.id === change.id)!;
    const b = { ...other };
    other.tier = change.tier;
    other.fine = change.fine;
    await tx.violations.update(other);
    await tx.audit.append([{ at: now, actor: by, action: 'violation.retier', entity: 'violation', entityId: String(other.id), before: b, after: other }]);
  }
}

/**
 * `sweep(now)` (ARCHITECTURE rule 3): claims the duties whose next step is due, runs those steps —
 * reminders, the violation at the deadline, escalations — and turns them into outbox rows, in
 * batches of one transaction each: the steps are planned in memory (the pure plan) and each batch is
 * written with multi-row statements (`BatchWrites`). Safe to run twice, after downtime, or on several instances:
 * rows are claimed with `FOR UPDATE SKIP LOCKED` and a step, once stored as done, is never run again.
 *
 * Catch-up rule: after downtime a reminder whose window has already ended is recorded (audit, with
 * its true time) but not sent; a person gets one message per duty per sweep, whatever the number
 * of steps it covers.
 */
import { flushNoticeProgress } from './notice-progress.js';
import { dueSteps, missIsViolation } from '../domain/duty/duty-plan.js';
import type { Duty, ScheduledDuty } from '../domain/duty/duty.js';
import type { Violation } from '../domain/duty/violation.js';
import type { AuditEntry } from '../domain/audit.js';
import { formatDurationZh } from '../domain/duration.js';
import { formatLocal } from '../domain/local-time.js';
import type { MessageView, OutgoingMessage } from '../domain/message.js';
import { deptWithRole, personName, type Org, type PersonId } from '../domain/org.js';
import type { EscalationTarget, EscalationVia } from '../domain/policy.js';
import { deputyFor, type Deputy } from '../domain/deputy/deputy.js';
import { TDEP } from '../texts/deputy.js';
import { RULE_ZH, TN } from '../texts/notices.js';
import { TT } from '../texts/tasks.js';
import type { AppDeps } from './deps.js';
import { recordViolation } from './duty-ops.js';
import { closeSilentFeedback } from './feedback/auto-close.js';
import type { Tx } from './ports.js';
import { TWR } from '../texts/work-reports.js';
import { openReportPeriods } from './work-reports/open-periods.js';

/** An escalation step's `via:` → how the message rings (`MessageView.ring`). */
const RING_OF_VIA: Record<EscalationVia, NonNullable<MessageView['ring']>> = { ding: 'app', urgent: 'app', sms: 'sms', phone: 'phone' };

export interface SweepResult {
  claimed: number;
  steps: number;
}

/**
 * Called at each batch's two edges: its writes are made but not committed (`written`), and its
 * transaction has committed (`committed`). The crash tests kill the process there (infra/failpoint.ts).
 */
export interface SweepHooks {
  written?(): void;
  committed?(): void;
}

export async function sweep(deps: AppDeps, now: number, batch = 500, hooks: SweepHooks = {}): Promise<SweepResult> {
  const total: SweepResult = { claimed: 0, steps: 0 };
  // Feedback answered long ago without a word from the submitter closes (SPEC §2); not counted here.
  await closeSilentFeedback(deps, now);
  // 汇报制度: the periods that have opened owe their reports (idempotent; open-periods.ts).
  await openReportPeriods(deps, now);
  // A large notice's acknowledgements held back from its sender are reported when due (issue 14 §3).
  await flushNoticeProgress(deps, now);
  for (;;) {
    const r = await deps.store.transaction(async (tx) => {
      const { claimed, duties } = await tx.duties.claimDue(now, batch);
      // Appointments of the last 31 days: enough to place the misses of any catch-up after downtime.
      const deputies = duties.length ? await tx.deputies.current(now - 31 * 86_400_000) : [];
      const writes = new BatchWrites(tx);
      let steps = 0;
      for (const duty of duties) steps += await runDueSteps(writes, deps, duty, now, deputies);
      await writes.flush(now);
      if (claimed) hooks.written?.();
      return { claimed, steps };
    });
    if (r.claimed) hooks.committed?.();
    total.claimed += r.claimed;
    total.steps += r.steps;
    if (r.claimed < batch) return total;
  }
}

/**
 * A batch's writes, gathered in memory and written at the end of its transaction with multi-row
 * statements: the duties' next steps in one INSERT, the changed duty columns (a violation's id) in
 * one UPDATE, the audit rows in one INSERT, the messages in one INSERT. A violation is the only
 * step that writes at once (its tier reads the person's earlier violations); the audit rows
 * gathered so far go first, so `audit_log` keeps the order in which the steps ran.
 */
class BatchWrites {
  readonly duties: ScheduledDuty[] = [];
  private audit: AuditEntry[] = [];
  private readonly messages: OutgoingMessage[] = [];
  constructor(readonly tx: Tx) {}

  logStep(entry: AuditEntry): void {
    this.audit.push(entry);
  }

  send(messages: OutgoingMessage[]): void {
    this.messages.push(...messages);
  }

  async flushAudit(): Promise<void> {
    const entries = this.audit;
    this.audit = [];
    await this.tx.audit.append(entries);
  }

  async flush(now: number): Promise<void> {
    await this.flushAudit();
    await this.tx.duties.schedule(this.duties);
    await this.tx.duties.updateMany(this.duties);
    await this.tx.outbox.enqueue(this.messages, now);
  }
}

/** Plans one claimed duty's due steps and gathers their writes (a violation is written at once). */
async function runDueSteps(w: BatchWrites, deps: AppDeps, duty: ScheduledDuty, now: number, deputies: Deputy[]): Promise<number> {
  const { policy, calendar, org } = deps;
  const plan = dueSteps(duty, now, policy, calendar);
  const lines = new Map<PersonId, string[]>();
  const say = (p: PersonId, line: string) => lines.set(p, [...(lines.get(p) ?? []), line]);
  // Escalation steps with `via:` ring the person where the platform can (DingTalk DING).
  const rings = new Map<PersonId, NonNullable<MessageView['ring']>>();
  // 代理: what reaches the absent person reaches their deputy too, marked as theirs.
  const deputy = deputyFor(deputies, duty.person, now);
  const sayToPerson = (line: string) => {
    say(duty.person, line);
    if (deputy) say(deputy, `${TDEP.forPrincipal(personName(org, duty.person))}${line}`);
  };
  const tz = policy.timezone;
  const due = formatLocal(duty.dueAt, tz);
  let violation: Violation | undefined;
  for (const { index, step } of plan.steps) {
    const stale = step.kind === 'remind' && now >= duty.dueAt;
    w.logStep({ at: step.at, actor: 'system', action: `duty.${step.kind}${stale ? '.skipped' : ''}`, entity: 'duty', entityId: String(duty.id), after: { step: index, ...step } });
    if (step.kind === 'remind' && !stale) {
      sayToPerson(remindText(duty, due));
    } else if (step.kind === 'violate' && !missIsViolation(duty.rule, policy)) {
      // Late completion without a fine (policy switch off): the escalation below still runs.
      continue;
    } else if (step.kind === 'violate' && duty.violationId === undefined) {
      // A miss while a deputy acts for the person is the deputy's violation.
      const liable = deputyFor(deputies, duty.person, step.at) ?? duty.person;
      await w.flushAudit();
      violation = await recordViolation(w.tx, deps, duty, step.at, liable);
      say(liable, TN.violationRecorded(violation.month, violation.tier, violation.fine, RULE_ZH[duty.rule] ?? duty.rule));
    } else if (step.kind === 'escalate') {
      for (const p of escalationTargets(org, duty, step.notify)) {
        if (step.via) rings.set(p, RING_OF_VIA[step.via]);
        if (p === duty.person && deputy) say(deputy, TDEP.forPrincipal(personName(org, duty.person)) + (duty.rule === 'form_completion' ? TN.completionOverdueSelf(duty.subject.ref, duty.title, due) : TN.overdueSelf(duty.subject.ref, duty.title, due)));
        const late = formatDurationZh(calendar.workingTimeBetween(duty.dueAt, now));
        if (duty.rule === 'work_report') {
          say(p, p === duty.person ? TWR.overdueSelf(duty.title, due) : TWR.overdueOther(personName(org, duty.person), duty.title, due, late));
        } else if (duty.rule === 'form_completion') {
          say(p, p === duty.person ? TN.completionOverdueSelf(duty.subject.ref, duty.title, due) : TN.completionOverdueOther(personName(org, duty.person), duty.subject.ref, duty.title, due, late));
        } else if (p === duty.person) say(p, TN.overdueSelf(duty.subject.ref, duty.title, due));
        else say(p, TN.overdueOther(personName(org, duty.person), duty.subject.ref, duty.title, due, late));
      }
    }
  }
  duty.step = plan.step;
  if (plan.nextActionAt === undefined) delete duty.nextActionAt;
  else duty.nextActionAt = plan.nextActionAt;
  w.duties.push(duty);
  w.send(
    [...lines].map(([person, ls]) => ({
      key: `duty:${duty.id}:s${plan.steps[0]?.index ?? 0}-${plan.step}:${person}`,
      to: messageTarget(duty, person),
      view: { lines: ls, buttons: person === duty.person || person === deputy ? ackButtons(duty) : [], ...(rings.has(person) ? { ring: rings.get(person)! } : {}) },
    })),
  );
  return plan.steps.length;
}

/** Who an escalation step reaches: the person, their superior, their department's 主管领导, or 总经办. */
export function escalationTargets(org: Org, duty: Pick<Duty, 'person'>, notify: EscalationTarget): PersonId[] {
  const person = org.personById.get(duty.person);
  if (!person) return [];
  switch (notify) {
    case 'self':
      return [duty.person];
    case 'leader':
      return person.superior ? [person.superior] : [];
    case 'supervisor': {
      const sup = org.deptByCode.get(person.department)?.supervisor ?? person.superior;
      return sup && sup !== duty.person ? [sup] : [];
    }
    case 'gm_office':
      return deptWithRole(org, 'gm_office').leaders.filter((p) => p !== duty.person);
  }
}

function messageTarget(duty: Duty, person: PersonId): OutgoingMessage['to'] {
  if (duty.subject.kind === 'form') return { kind: 'thread', formId: duty.subject.id, formNumber: duty.subject.ref, person };
  return { kind: 'person', person };
}

function remindText(duty: Duty, due: string): string {
  const { ref } = duty.subject;
  if (duty.rule === 'task_result') return TT.remindResult(ref, duty.title, due);
  if (duty.rule === 'work_report') return TWR.remind(duty.title, due);
  if (duty.rule === 'liaison_form') return TN.remindForm(ref, duty.title, due);
  if (duty.rule === 'form_completion') return TN.remindCompletion(ref, duty.title, due);
  if (duty.rule === 'feedback_resolution') return TN.remindFeedback(ref, duty.title, due);
  return TN.remind(ref, duty.title, due);
}

function ackButtons(duty: Duty) {
  if (duty.rule === 'work_report') return [];
  if (duty.rule === 'feedback_resolution' || duty.rule === 'task_result' || duty.rule === 'form_completion') return [{ label: '查看', command: `查看 ${duty.subject.ref}` }];
  if (duty.rule === 'liaison_form') {
    return [{ label: '签收', command: `签收 ${duty.subject.ref}` }, { label: '有异议', command: `有异议 ${duty.subject.ref}` }];
  }
  return [{ label: '收到', command: `收到 ${duty.subject.ref}` }];
}


/**
 * `decideForm(ctx, form, actor, action)`: the pure transition of ARCHITECTURE rule 5. It checks the
 * state table, applies the action's guards, and returns the next form with its thread events,
 * messages and duty changes — or a refusal. The app layer carries the result out in one
 * transaction; nothing here touches a store, a platform or the clock.
 */
import type { NewDuty } from '../duty/duty.js';
import type { WorkCalendar } from '../calendar.js';
import { formatLocal } from '../local-time.js';
import type { OutgoingMessage } from '../message.js';
import { isMemberOf, personName, type DeptCode, type Org, type PersonId } from '../org.js';
import type { DutyRule, Policy } from '../policy.js';
import { refuse, type Refusal } from '../refusal.js';
import { T } from '../../texts/zh.js';
import { TDEP } from '../../texts/deputy.js';
import type { FormEvent, LiaisonForm } from './form.js';
import { checkAllowed, rolesOn } from './form-roles.js';
import { FORM_TRANSITIONS, type FormActionKind } from './form-transitions.js';
import { applyChanges, type FormChanges } from './form-input.js';
import { formMessages } from './form-messages.js';
import { signDueAt } from './sign-due.js';

export interface FormContext {
  org: Org;
  policy: Policy;
  calendar: WorkCalendar;
  now: number;
  /** Events already in the thread; message keys use it, so each transition's messages are unique. */
  eventSeq: number;
  /** The number the app allocated for an approval (gapless counter, same transaction). */
  number?: string;
  /** 代理: who took the step for `actor` (the absent person), said in the thread. */
  deputy?: PersonId;
}

export type FormAction =
  | { kind: 'approve' }
  | { kind: 'reject'; reason: string }
  | { kind: 'submit' }
  | { kind: 'edit'; changes: FormChanges }
  | { kind: 'sign' }
  | { kind: 'dispute'; reason: string }
  | { kind: 'escalate'; reason: string }
  | { kind: 'assign'; implementers: PersonId[] }
  | { kind: 'request_change'; newDeadline: number; reason: string }
  | { kind: 'accept_change' }
  | { kind: 'decline_change'; reason: string }
  | { kind: 'done'; result: string }
  | { kind: 'close'; evaluation: string }
  | { kind: 'withdraw'; reason: string }
  | { kind: 'transfer'; dept: DeptCode; reason: string }
  | { kind: 'follow_up'; text: string }
  | { kind: 'comment'; text: string };

export interface FormDecision {
  form: LiaisonForm;
  event: Omit<FormEvent, 'formId'>;
  messages: OutgoingMessage[];
  newDuties: NewDuty[];
  /** Open duties about this form with these rules are discharged (done) by this action. */
  discharge: DutyRule[];
  /** Open duties about this form with these rules are cancelled (no longer owed). */
  cancel: DutyRule[];
}

export function decideForm(ctx: FormContext, form: LiaisonForm, actor: PersonId, action: FormAction): FormDecision | Refusal {
  const denied = checkAllowed(ctx.org, form, actor, action.kind);
  if (denied) return denied;
  const next: LiaisonForm = { ...form, details: { ...form.details }, implementers: [...form.implementers] };
  const rule = FORM_TRANSITIONS[action.kind];
  if (rule.to !== 'same') next.state = rule.to;
  const out: Omit<FormDecision, 'form' | 'event' | 'messages'> = { newDuties: [], discharge: [], cancel: [] };
  const tz = ctx.policy.timezone;
  let text: string;

  switch (action.kind) {
    case 'approve':
      if (!ctx.number) throw new Error('approve needs the number allocated by the app');
      next.number = ctx.number;
      next.issuedAt = ctx.now;
      if (next.deadline <= ctx.now) return refuse('deadline_past', T.deadlineInPast(formatLocal(next.deadline, tz)));
      out.newDuties.push(signDuty(ctx, next));
      text = `审批同意,编号 ${ctx.number},已发往${deptLabel(ctx.org, next.receivingDept)}`;
      break;
    case 'reject':
      if (!action.reason.trim()) return refuse('reason', T.reasonRequired('驳回'));
      text = `驳回:${action.reason}`;
      break;
    case 'submit':
      text = '修改后重新提交审批';
      break;
    case 'edit': {
      const applied = applyChanges(ctx, next, action.changes);
      if ('refused' in applied) return applied;
      text = `${form.state === 'disputed' ? '修订' : '修改'}:${applied.summary}`;
      if (form.state === 'disputed') {
        next.state = 'issued';
        next.revision += 1;
        out.newDuties.push(signDuty(ctx, next));
      }
      break;
    }
    case 'sign':
      out.discharge.push('liaison_form');
      // Until implementers are assigned, finishing by the 期限 is the receiving leader's duty.
      out.newDuties.push(...completionDuties(ctx, next, [receivingLeader(ctx.org, next)]));
      text = form.state === 'disputed' ? '签收(协商后的修订内容)' : '签收';
      break;
    case 'dispute':
      if (!action.reason.trim()) return refuse('reason', T.reasonRequired('提出异议'));
      out.discharge.push('liaison_form');
      text = `有异议:${action.reason}`;
      break;
    case 'escalate': {
      const dept = ctx.org.deptByCode.get(form.receivingDept)!;
      const sup = dept.supervisor;
      if (!sup) return refuse('no_supervisor', `${dept.name}没有配置主管领导,无法上报。请联系管理员在 org.yaml 中设置 supervisor。`);
      next.escalated = true;
      const windowMs = ctx.policy.rules.form_escalation.windowMs;
      out.newDuties.push({
        person: sup,
        rule: 'form_escalation',
        subject: { kind: 'form', id: form.id, ref: form.number! },
        title: form.subject,
        from: actor,
        createdAt: ctx.now,
        dueAt: ctx.calendar.addWorkingTime(ctx.now, windowMs),
      });
      text = `上报主管领导 ${personName(ctx.org, sup)}${action.reason ? `:${action.reason}` : ''}`;
      break;
    }
    case 'assign': {
      if (!action.implementers.length) return refuse('no_implementers', T.noImplementers);
      for (const p of action.implementers) {
        if (!isMemberOf(ctx.org, p, form.receivingDept)) {
          return refuse('implementer_dept', T.implementerNotInDept(personName(ctx.org, p), deptLabel(ctx.org, form.receivingDept)));
        }
      }
      const added = action.implementers.filter((p) => !next.implementers.includes(p));
      // The duty to finish moves to the implementers (from the leader, on the first assignment);
      // after the 期限 it stays where it is, so nobody new is tiered for a miss they did not cause.
      if (ctx.now < form.deadline) {
        if (!form.implementers.length) out.cancel.push('form_completion');
        out.newDuties.push(...completionDuties(ctx, next, added));
      }
      next.implementers.push(...added);
      text = `指派实施人:${action.implementers.map((p) => personName(ctx.org, p)).join('、')}`;
      break;
    }
    case 'request_change':
      if (form.changeRequest) return refuse('change_pending', T.changePending);
      if (ctx.now >= form.deadline) return refuse('change_late', T.changeTooLate(formatLocal(form.deadline, tz)));
      if (action.newDeadline <= form.deadline) return refuse('change_not_later', T.changeNotLater);
      if (!action.reason.trim()) return refuse('reason', T.reasonRequired('申请延期'));
      next.changeRequest = { by: actor, at: ctx.now, newDeadline: action.newDeadline, reason: action.reason };
      text = `申请延期至 ${formatLocal(action.newDeadline, tz)}:${action.reason}`;
      break;
    case 'accept_change':
      if (!form.changeRequest) return refuse('no_change', T.noChangeRequest);
      next.deadline = form.changeRequest.newDeadline;
      delete next.changeRequest;
      // The completion duties move with the deadline: new ones, with reminders before the new 期限.
      out.cancel.push('form_completion');
      out.newDuties.push(...completionDuties(ctx, next, next.implementers.length ? next.implementers : [receivingLeader(ctx.org, next)]));
      text = `同意延期,新期限 ${formatLocal(next.deadline, tz)}`;
      break;
    case 'decline_change':
      if (!form.changeRequest) return refuse('no_change', T.noChangeRequest);
      delete next.changeRequest;
      text = `驳回延期申请${action.reason ? `:${action.reason}` : ''},期限仍为 ${formatLocal(form.deadline, tz)}`;
      break;
    case 'done':
      if (!action.result.trim()) return refuse('result', T.resultRequired);
      next.result = action.result;
      delete next.changeRequest;
      out.discharge.push('form_completion');
      text = `报告完成:${action.result}`;
      break;
    case 'close':
      if (!action.evaluation.trim()) return refuse('evaluation', T.evaluationRequired);
      next.evaluation = action.evaluation;
      next.closedAt = ctx.now;
      out.cancel.push('form_escalation');
      text = `记录完成结果并结案。评价:${action.evaluation}`;
      break;
    case 'withdraw':
      if (!action.reason.trim()) return refuse('reason', T.reasonRequired('撤回'));
      next.closedAt = ctx.now;
      delete next.changeRequest;
      out.cancel.push('liaison_form', 'form_escalation');
      text = `撤回（作废）联络单:${action.reason}`;
      break;
    case 'transfer': {
      const roles = rolesOn(ctx.org, form, actor);
      if (!roles.has('receiving_leader') && form.state !== 'disputed') return refuse('transfer_issuer', T.transferIssuerOnlyAfterDispute);
      const to = ctx.org.deptByCode.get(action.dept);
      if (!to) return refuse('dept', T.unknownDept(action.dept));
      if (action.dept === form.receivingDept) return refuse('transfer_same', T.transferSameDept(to.name));
      if (action.dept === form.issuingDept) return refuse('transfer_issuing', T.transferToIssuing);
      if (!action.reason.trim()) return refuse('reason', T.reasonRequired('转交'));
      next.receivingDept = action.dept;
      next.implementers = [];
      next.revision += 1;
      delete next.changeRequest;
      out.cancel.push('liaison_form');
      out.newDuties.push(signDuty(ctx, next));
      text = `转交${deptLabel(ctx.org, form.receivingDept)} → ${to.name}:${action.reason}`;
      break;
    }
    case 'follow_up':
      next.followUps += 1;
      text = `第 ${next.followUps} 次跟催${action.text ? `:${action.text}` : ''}`;
      break;
    case 'comment':
      text = action.text;
      break;
  }
  if (ctx.deputy) text += TDEP.actedFor(personName(ctx.org, ctx.deputy), personName(ctx.org, actor));
  const event = { at: ctx.now, actor, kind: eventKind(action.kind, form), text };
  const messages = formMessages(ctx, form, next, actor, action.kind, text);
  return { form: next, event, messages, ...out };
}

function eventKind(kind: FormActionKind, before: LiaisonForm): FormEvent['kind'] {
  const map: Record<FormActionKind, FormEvent['kind']> = {
    approve: 'issued',
    reject: 'rejected',
    submit: 'submitted',
    edit: before.state === 'disputed' ? 'revised' : 'edited',
    sign: 'signed',
    dispute: 'disputed',
    escalate: 'escalated',
    assign: 'assigned',
    request_change: 'change_requested',
    accept_change: 'change_accepted',
    decline_change: 'change_declined',
    done: 'done',
    close: 'closed',
    withdraw: 'withdrawn',
    transfer: 'transferred',
    follow_up: 'followed_up',
    comment: 'comment',
  };
  return map[kind];
}

function receivingLeader(org: Org, form: LiaisonForm): PersonId {
  return org.deptByCode.get(form.receivingDept)!.leaders[0]!;
}

/** The duty of each of `people` to finish the form by its 期限 (`form_completion`). */
function completionDuties(ctx: FormContext, form: LiaisonForm, people: PersonId[]): NewDuty[] {
  return [...new Set(people)].map((person) => ({
    person,
    rule: 'form_completion' as const,
    subject: { kind: 'form' as const, id: form.id, ref: form.number! },
    title: form.subject,
    from: form.issuer,
    createdAt: ctx.now,
    dueAt: Math.max(form.deadline, ctx.now),
  }));
}

/** The receiving leader's duty to sign or dispute (SPEC §4, "peer liaison form"). */
function signDuty(ctx: FormContext, form: LiaisonForm): NewDuty {
  const leader = receivingLeader(ctx.org, form);
  return {
    person: leader,
    rule: 'liaison_form',
    subject: { kind: 'form', id: form.id, ref: form.number! },
    title: form.subject,
    from: form.issuer,
    createdAt: ctx.now,
    dueAt: signDueAt(ctx, form),
  };
}

function deptLabel(org: Org, code: string): string {
  return org.deptByCode.get(code)?.name ?? code;
}

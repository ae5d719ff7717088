/**
 * 收到 / 已读: discharges the duty the reply is about. In a form's thread, or with a form number,
 * a receiving leader's 收到 signs the form; a supervisor's 收到 confirms an escalation; otherwise
 * it acknowledges a notice. A bare 收到 discharges the only pending item, or the bot asks which.
 */
import { chooseAckTarget } from '../domain/duty/ack.js';
import type { Duty } from '../domain/duty/duty.js';
import { canView, checkAllowed } from '../domain/form/form-roles.js';
import { formLabel } from '../domain/form/form-views.js';
import { formatLocal } from '../domain/local-time.js';
import { personName, type PersonId } from '../domain/org.js';
import { refuse, type Refusal } from '../domain/refusal.js';
import { T } from '../texts/zh.js';
import { TDEP } from '../texts/deputy.js';
import { principalsOf } from '../domain/deputy/deputy.js';
import { TN } from '../texts/notices.js';
import { actOnLoadedForm } from './act-on-form.js';
import type { AppDeps, Reply } from './deps.js';
import { dischargeDuty } from './duty-ops.js';
import { feedbackAcknowledged } from './feedback/feedback-ack.js';
import { loadFormForUpdate, parseFormRef } from './form-lookup.js';
import type { Tx } from './ports.js';
import { taskAcknowledged } from './tasks/task-ack.js';
import { refusalReply, transact } from './transact.js';

const NOT_BY_ACK = new Set<string>(['feedback_resolution', 'task_result', 'form_completion', 'work_report']);

/**
 * `opts.signing`: the person typed 签收 (not a bare 收到); when the form cannot be signed by them
 * now and no other duty of theirs is about it, the reply says why (role or state) instead of
 * "nothing pending" — or, if they may not even see the form, that it was not found.
 */
export async function acknowledge(deps: AppDeps, actor: PersonId, ref?: string, opts: { signing?: boolean } = {}): Promise<Reply> {
  return transact(deps, async (tx) => {
    const now = deps.clock.now();
    let whyNot: Refusal | undefined;
    // A form named (or the thread's form) that this person may sign: signing is the ack.
    // 代理: the people this person acts for now; their pending items are this person's to answer too.
    const principals = principalsOf(await tx.deputies.current(now), actor, now);
    if (ref && parseFormRef(ref)) {
      const form = await loadFormForUpdate(tx, ref);
      const denied = checkAllowed(deps.org, form, actor, 'sign');
      const forPrincipal = principals.some((p) => !checkAllowed(deps.org, form, p, 'sign'));
      // actOnLoadedForm finds the principal itself and records who signed for whom.
      if (denied === undefined || forPrincipal) return signed(await actOnLoadedForm(tx, deps, actor, form, { kind: 'sign' }), form.number);
      if (opts.signing) whyNot = canView(deps.org, form, actor) ? denied : refuse('unknown_form', T.unknownForm(ref));
      ref = form.number ?? ref;
    }
    // A feedback owner's resolution is discharged by 解决 / 无法解决, never by a 收到; a task's
    // result by 完成 RW… (src/app/tasks); a form's completion by 完成.
    const own = [actor, ...principals];
    const open = (await Promise.all(own.map((p) => tx.duties.openForPerson(p)))).flat().filter((d) => !NOT_BY_ACK.has(d.rule));
    const target = chooseAckTarget(open, ref);
    if (target.kind === 'none') {
      if (whyNot) return refusalReply(whyNot);
      // A reference that is not among the person's pending items: say so and list those that are.
      if (ref !== undefined && open.length) return { refused: true, ...choices(deps, open, TN.notPending(ref)) };
      return { lines: [TN.nothingPending] };
    }
    if (target.kind === 'ambiguous') return choices(deps, target.duties, TN.whichOne);
    const duties = target.kind === 'one' ? [target.duty] : target.duties;
    const sign = duties.find((d) => d.rule === 'liaison_form');
    if (sign) {
      const form = await loadFormForUpdate(tx, sign.subject.ref);
      return signed(await actOnLoadedForm(tx, deps, actor, form, { kind: 'sign' }), form.number);
    }
    const lines: string[] = [];
    for (const duty of duties) lines.push(await ackOne(tx, deps, actor, duty, now));
    // What was acknowledged, for platforms that show it in place (Slack: ✅ and live status lines).
    const refs = [...new Set(duties.map((d) => d.subject.ref))];
    const notice = duties.length === 1 && duties[0]!.subject.kind === 'notice' ? duties[0]!.subject : undefined;
    return { lines, outcome: { acknowledged: refs }, ...(notice ? { about: { kind: 'notice' as const, ref: notice.ref, id: notice.id } } : {}) };
  });
}

/** A signing's reply, saying what it signed (unless it was refused). */
function signed(reply: Reply, number: string | undefined): Reply {
  if (reply.refused || !number) return reply;
  return { ...reply, outcome: { ...reply.outcome, acknowledged: [number] } };
}

/** The pending items (one line and one 收到 button per reference), under `heading`. */
function choices(deps: AppDeps, duties: Duty[], heading: string): Reply {
  const refs = [...new Map(duties.map((d) => [d.subject.ref, d])).values()];
  return {
    lines: [heading, ...refs.map((d) => `· ${d.subject.ref}《${d.title}》 截止 ${formatLocal(d.dueAt, deps.policy.timezone)}`)],
    buttons: refs.map((d) => ({ label: `收到 ${d.subject.ref}`, command: `收到 ${d.subject.ref}` })),
  };
}

async function ackOne(tx: Tx, deps: AppDeps, actor: PersonId, duty: Duty, now: number): Promise<string> {
  const { org } = deps;
  await dischargeDuty(tx, deps, duty, now, actor);
  // Acknowledged by a deputy: the record and the sender say for whom.
  const name = duty.person === actor ? personName(org, actor) : TDEP.nameFor(personName(org, actor), personName(org, duty.person));
  if (duty.subject.kind === 'task') return taskAcknowledged(tx, deps, duty, name, now);
  if (duty.subject.kind === 'feedback') {
    await feedbackAcknowledged(tx, duty, actor, now);
  } else if (duty.subject.kind === 'form') {
    await tx.formEvents.append({ formId: duty.subject.id, at: now, actor, kind: 'comment', text: `主管领导已收到上报${duty.person === actor ? '' : TDEP.actedFor(personName(org, actor), personName(org, duty.person))}` });
    const form = (await tx.forms.byId(duty.subject.id))!;
    await tx.outbox.enqueue([{
      key: `duty:${duty.id}:ack`,
      to: { kind: 'thread', formId: form.id, formNumber: form.number!, person: form.issuer },
      view: { title: `联络单 ${formLabel(form)}`, lines: [`${name} 已收到上报,将协调处理。`] },
    }], now);
  } else {
    const notice = (await tx.notices.byId(duty.subject.id))!;
    // One count for the whole notice (idx_duty_subject), not a query per recipient: a notice to
    // 2,000 people acknowledged by all of them would otherwise cost 4,000,000 queries.
    const done = notice.recipients.length - (await tx.duties.countOpenPeople('notice', notice.id));
    await tx.outbox.enqueue([{
      key: `duty:${duty.id}:ack`,
      to: { kind: 'person', person: notice.from },
      view: { lines: [TN.ackToSender(name, notice.ref, done, notice.recipients.length)] },
    }], now);
  }
  const v = duty.violationId !== undefined ? await tx.violations.byId(duty.violationId) : undefined;
  return v?.lateMs !== undefined ? TN.ackedLate(duty.subject.ref, duty.title, v.lateMs) : TN.acked(duty.subject.ref, duty.title);
}

/**
 * 我的待办: the person's open duties (with due times) and the forms waiting for their step, each
 * with the buttons for what they can do now.
 */
import { availableActions, rolesOn } from '../domain/form/form-roles.js';
import type { LiaisonForm } from '../domain/form/form.js';
import { FORM_STATE_ZH } from '../domain/form/form.js';
import { ACTION_ZH, type FormActionKind } from '../domain/form/form-transitions.js';
import { formLabel, formRef } from '../domain/form/form-views.js';
import { formatLocal } from '../domain/local-time.js';
import type { Button } from '../domain/message.js';
import { deptWithRole, isMemberOf, personName, type PersonId } from '../domain/org.js';
import { TT } from '../texts/tasks.js';
import { deputyFor, isActive, principalsOf } from '../domain/deputy/deputy.js';
import { TDEP } from '../texts/deputy.js';
import { untilLabel } from './deputy.js';
import type { AppDeps, Reply } from './deps.js';
import type { Tx } from './ports.js';

const BUTTON_WORD: Partial<Record<FormActionKind, string>> = {
  approve: '同意', sign: '签收', dispute: '有异议', assign: '指派', done: '完成', close: '结案',
  accept_change: '同意', follow_up: '跟催', submit: '提交', edit: '修改', transfer: '转交', withdraw: '撤回',
};

/**
 * The steps 我的待办 lists for a form. Chasing, escalating and withdrawing are always open to the
 * issuing side, so they are not "waiting for you" — except after a dispute, when the next move is
 * the issuer's: revise it (修改), re-address it (转交), or withdraw it (撤回).
 */
function todoActions(deps: AppDeps, f: LiaisonForm, actor: PersonId): FormActionKind[] {
  const acts = availableActions(deps.org, f, actor).filter((a) => a !== 'follow_up' && a !== 'escalate');
  if (f.state !== 'disputed') return acts.filter((a) => a !== 'withdraw');
  const roles = rolesOn(deps.org, f, actor);
  return roles.has('issuer') || roles.has('issuing_leader') ? ['edit', ...acts] : acts;
}

/** The forms waiting for the person's step, with those steps (shared by the chat reply and the dashboard page). */
export async function waitingForms(tx: Tx, deps: AppDeps, actor: PersonId): Promise<Array<[LiaisonForm, FormActionKind[]]>> {
  const { org } = deps;
  // Someone of 总经办 has a part in every form; anyone else only in their own and their departments' (the list reads only those).
  const gm = deptWithRole(org, 'gm_office').code;
  const involving = isMemberOf(org, actor, gm) ? undefined : { person: actor, leads: org.departments.filter((d) => d.leaders.includes(actor)).map((d) => d.code) };
  const open = (await tx.forms.list({ states: ['draft', 'returned', 'issued', 'disputed', 'signed', 'in_progress', 'done'], ...(involving ? { involving } : {}) }))
    .filter((f) => rolesOn(org, f, actor).size > 1 || rolesOn(org, f, actor).has('issuer'));
  return open
    .map((f) => [f, todoActions(deps, f, actor)] as [LiaisonForm, FormActionKind[]])
    .filter(([, acts]) => acts.length > 0);
}

export async function todo(deps: AppDeps, actor: PersonId): Promise<Reply> {
  const { org, policy } = deps;
  const tz = policy.timezone;
  return deps.store.transaction(async (tx) => {
    const now = deps.clock.now();
    const all = await tx.duties.openForPerson(actor);
    // Finishing a form by its 期限 is not answered with 收到: it is listed apart, and done with 完成.
    const duties = all.filter((d) => d.rule !== 'form_completion');
    const toFinish = all.filter((d) => d.rule === 'form_completion').sort((a, b) => a.dueAt - b.dueAt);
    const lines: string[] = [];
    const buttons: Button[] = [];
    if (toFinish.length) lines.push('待完成(联络单期限):');
    for (const d of toFinish) lines.push(`· ${d.subject.ref}《${d.title}》期限 ${formatLocal(d.dueAt, tz)}${d.dueAt < now ? '(已逾期)' : ''}`);
    // 代理: who covers for this person, and what this person covers for others.
    const deputies = await tx.deputies.current(now);
    const myDeputy = deputyFor(deputies, actor, now);
    const mine = deputies.find((d) => d.absent === actor && d.deputy === myDeputy && isActive(d, now));
    if (mine) lines.push(TDEP.todoCovered(personName(org, mine.deputy), untilLabel(mine, tz)));
    for (const principal of principalsOf(deputies, actor, now)) {
      const theirs = (await tx.duties.openForPerson(principal)).sort((a, b) => a.dueAt - b.dueAt);
      if (!theirs.length) continue;
      lines.push(TDEP.todoFor(personName(org, principal)));
      for (const d of theirs) {
        lines.push(`· ${d.subject.ref}《${d.title}》截止 ${formatLocal(d.dueAt, tz)}${d.dueAt < now ? '(已逾期)' : ''}`);
        const word = d.rule === 'liaison_form' ? '签收' : d.rule === 'feedback_resolution' || d.rule === 'task_result' || d.rule === 'form_completion' ? '查看' : '收到';
        if (buttons.length < 10 && d.rule !== 'work_report') buttons.push({ label: `${word} ${d.subject.ref}`, command: `${word} ${d.subject.ref}` });
      }
    }
    if (duties.length) lines.push('待回复:');
    for (const d of duties.sort((a, b) => a.dueAt - b.dueAt)) {
      const late = d.dueAt < now ? '(已逾期)' : '';
      lines.push(`· ${d.subject.ref}《${d.title}》截止 ${formatLocal(d.dueAt, tz)}${late}`);
      const word = d.rule === 'feedback_resolution' || d.rule === 'task_result' ? '查看' : '收到';
      // A work report is answered with 汇报 <内容>, which no button can fill in.
      if (d.rule !== 'work_report') buttons.push({ label: `${word} ${d.subject.ref}`, command: `${word} ${d.subject.ref}` });
    }
    const waiting = await waitingForms(tx, deps, actor);
    if (waiting.length) lines.push('联络单待办:');
    for (const [f, acts] of waiting) {
      lines.push(`· ${formLabel(f)} ${FORM_STATE_ZH[f.state]} · 期限 ${formatLocal(f.deadline, tz)} · 可${acts.map((a) => ACTION_ZH[a]).join('/')}`);
      for (const a of acts) {
        const w = BUTTON_WORD[a];
        // Steps that need more words (a reason, fields) leave a space for them after the number.
        const tail = a === 'edit' || a === 'transfer' || a === 'withdraw' ? ' ' : '';
        if (w && buttons.length < 10) buttons.push({ label: `${w} ${formRef(f)}`, command: `${w} ${formRef(f)}${tail}` });
      }
    }
    const toConfirm = (await tx.tasks.openFrom(actor)).filter((t) => t.assignees.some((a) => a.state === 'submitted'));
    if (toConfirm.length) lines.push(TT.todoHeading);
    for (const t of toConfirm) {
      lines.push(TT.todoLine(t.number, t.text, t.assignees.filter((a) => a.state === 'submitted').map((a) => personName(org, a.person)).join('、')));
      if (buttons.length < 10) buttons.push({ label: `确认 ${t.number}`, command: `确认 ${t.number}` });
    }
    if (!lines.length) lines.push('您目前没有待办事项。');
    return { title: '我的待办', lines, buttons };
  });
}

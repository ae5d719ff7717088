/**
 * 我的待办: the person's open duties (with due times) and the forms waiting for their step, each
 * with the buttons for what they can do now.
 */
import { availableActions, rolesOn } from '../domain/form/form-roles.js';
import type { Duty } from '../domain/duty/duty.js';
import type { FormState, LiaisonForm } from '../domain/form/form.js';
import { FORM_STATE_ZH } from '../domain/form/form.js';
import { ACTION_ZH, type FormActionKind } from '../domain/form/form-transitions.js';
import { formLabel, formRef } from '../domain/form/form-views.js';
import { formatLocal } from '../domain/local-time.js';
import type { Button } from '../domain/message.js';
import type { Org, PersonId } from '../domain/org.js';
import type { AppDeps, Reply } from './deps.js';
import type { Tx } from './ports.js';

const BUTTON_WORD: Partial<Record<FormActionKind, string>> = {
  approve: '同意', sign: '签收', dispute: '有异议', assign: '指派', done: '完成', close: '结案',
  accept_change: '同意', follow_up: '跟催', submit: '提交',
};

/** What 我的待办 lists: open duties (earliest due first) and forms waiting for the person's step. */
export interface TodoItems {
  duties: Duty[];
  waiting: Array<[LiaisonForm, FormActionKind[]]>;
}

const OPEN_STATES: FormState[] = ['draft', 'returned', 'issued', 'disputed', 'signed', 'in_progress', 'done'];

/** The items of 我的待办, shared by the chat reply and the dashboard page. */
export async function todoItems(tx: Tx, org: Org, actor: PersonId): Promise<TodoItems> {
  const duties = (await tx.duties.openForPerson(actor)).sort((a, b) => a.dueAt - b.dueAt);
  const open = (await tx.forms.list({ states: OPEN_STATES }))
    .filter((f) => rolesOn(org, f, actor).size > 1 || rolesOn(org, f, actor).has('issuer'));
  const waiting: Array<[LiaisonForm, FormActionKind[]]> = open
    .map((f) => [f, availableActions(org, f, actor).filter((a) => a !== 'follow_up' && a !== 'escalate')] as [LiaisonForm, FormActionKind[]])
    .filter(([, acts]) => acts.length > 0);
  return { duties, waiting };
}

export async function todo(deps: AppDeps, actor: PersonId): Promise<Reply> {
  const { org, policy } = deps;
  const tz = policy.timezone;
  return deps.store.transaction(async (tx) => {
    const now = deps.clock.now();
    const { duties, waiting } = await todoItems(tx, org, actor);
    const lines: string[] = [];
    const buttons: Button[] = [];
    if (duties.length) lines.push('待回复:');
    for (const d of duties) {
      const late = d.dueAt < now ? '(已逾期)' : '';
      lines.push(`· ${d.subject.ref}《${d.title}》截止 ${formatLocal(d.dueAt, tz)}${late}`);
      const word = d.rule === 'feedback_resolution' ? '查看' : '收到';
      buttons.push({ label: `${word} ${d.subject.ref}`, command: `${word} ${d.subject.ref}` });
    }
    if (waiting.length) lines.push('联络单待办:');
    for (const [f, acts] of waiting) {
      lines.push(`· ${formLabel(f)} ${FORM_STATE_ZH[f.state]} · 期限 ${formatLocal(f.deadline, tz)} · 可${acts.map((a) => ACTION_ZH[a]).join('/')}`);
      for (const a of acts) {
        const w = BUTTON_WORD[a];
        if (w && buttons.length < 10) buttons.push({ label: `${w} ${formRef(f)}`, command: `${w} ${formRef(f)}` });
      }
    }
    if (!lines.length) lines.push('您目前没有待办事项。');
    return { title: '我的待办', lines, buttons };
  });
}

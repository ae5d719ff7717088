/**
 * 新建联络单: a member of the issuing department drafts a form; it waits for the department
 * leader's approval. The draft, its first thread event, the leaders' messages and the audit row
 * commit together.
 */
import { newFormDraft, type FormInput } from '../domain/form/form-input.js';
import { formCard, formLabel, formRef } from '../domain/form/form-views.js';
import type { PersonId } from '../domain/org.js';
import { isRefusal } from '../domain/refusal.js';
import type { AppDeps, Reply } from './deps.js';
import { fail, transact } from './transact.js';
import { formatLocal } from '../domain/local-time.js';
import { T } from '../texts/zh.js';

/**
 * A 期限 outside working time (a weekend, a holiday, after hours such as 23:00) is accepted, with
 * a warning naming the next working time — when the receiving side can actually act on it.
 */
export function deadlineWarnings(deps: AppDeps, deadline: number, ref: string): string[] {
  const { calendar, policy } = deps;
  // A deadline at the very end of working hours (a bare date means 17:30) is inside them.
  if (calendar.isWorkingTime(deadline) || calendar.isWorkingTime(deadline - 1)) return [];
  const next = calendar.addWorkingTime(deadline, 60_000) - 60_000;
  const why = calendar.isWorkday(deadline) ? '下班时间' : '休息日(周末或节假日)';
  return [T.deadlineOutsideWorkingTime(formatLocal(deadline, policy.timezone), why, formatLocal(next, policy.timezone), ref)];
}

export async function draftForm(deps: AppDeps, actor: PersonId, input: FormInput): Promise<Reply> {
  return transact(deps, async (tx) => {
    const now = deps.clock.now();
    const draft = newFormDraft({ org: deps.org, policy: deps.policy, now }, actor, input);
    if (isRefusal(draft)) fail(draft);
    const form = await tx.forms.insert(draft);
    await tx.formEvents.append({ formId: form.id, at: now, actor, kind: 'drafted', text: `起草联络单《${form.subject}》` });
    const ref = formRef(form);
    const approve = [
      { label: '同意', command: `同意 ${ref}` },
      { label: '驳回', command: `驳回 ${ref}` },
    ];
    const leaders = deps.org.deptByCode.get(form.issuingDept)!.leaders.filter((p) => p !== actor);
    const urgent = form.urgent ? '【紧急】' : '';
    await tx.outbox.enqueue(
      leaders.map((p) => ({
        key: `form:${form.id}:e0:${p}`,
        to: { kind: 'person' as const, person: p },
        view: { ...formCard(form, deps.org, deps.policy.timezone, approve), lines: [`${urgent}${deps.org.personById.get(actor)!.name} 起草了联络单,请审批。`] },
      })),
      now,
    );
    await tx.audit.append([{ at: now, actor, action: 'form.draft', entity: 'form', entityId: String(form.id), after: form }]);
    const selfApprove = leaders.length === 0 || deps.org.deptByCode.get(form.issuingDept)!.leaders.includes(actor);
    return {
      ...formCard(form, deps.org, deps.policy.timezone, selfApprove ? approve : []),
      lines: [
        `已起草 ${formLabel(form)},等待发函部门领导审批。`,
        `补充内容可发送「修改 ${ref}」加「字段: 值」行,例如:地点: 二号车间。`,
        ...deadlineWarnings(deps, form.deadline, ref),
      ],
    };
  });
}

/**
 * Every step of a form's life after drafting (approve … close, follow-ups, comments): load and
 * lock the form, let the pure `decideForm` decide, then store the new state, the thread event,
 * duty changes, outbox messages and the audit row in the same transaction.
 */
import { decideForm, type FormAction } from '../domain/form/decide-form.js';
import type { LiaisonForm } from '../domain/form/form.js';
import { ACTION_ZH } from '../domain/form/form-transitions.js';
import { canView, checkAllowed } from '../domain/form/form-roles.js';
import { principalsOf } from '../domain/deputy/deputy.js';
import { formCard, formLabel, formRef } from '../domain/form/form-views.js';
import { localYyyymm } from '../domain/local-time.js';
import type { PersonId } from '../domain/org.js';
import { isRefusal, refuse } from '../domain/refusal.js';
import { T } from '../texts/zh.js';
import type { AppDeps, Reply } from './deps.js';
import { cancelDuty, createDuty, dischargeDuty } from './duty-ops.js';
import { loadFormForUpdate } from './form-lookup.js';
import type { Tx } from './ports.js';
import { fail, transact } from './transact.js';

export async function actOnForm(deps: AppDeps, actor: PersonId, ref: string, action: FormAction): Promise<Reply> {
  return transact(deps, async (tx) => {
    const form = await loadFormForUpdate(tx, ref);
    return actOnLoadedForm(tx, deps, actor, form, action);
  });
}

/** The same, inside a transaction that already holds the locked form (acks reuse it). */
export async function actOnLoadedForm(tx: Tx, deps: AppDeps, actor: PersonId, form: LiaisonForm, action: FormAction): Promise<Reply> {
  const now = deps.clock.now();
  // 代理: someone who may not take this step may take it for a person they act for who may.
  let deputy: PersonId | undefined;
  if (action.kind !== 'comment' && checkAllowed(deps.org, form, actor, action.kind)) {
    const principal = principalsOf(await tx.deputies.current(now), actor, now).find((p) => !checkAllowed(deps.org, form, p, action.kind));
    if (principal) {
      deputy = actor;
      actor = principal;
    }
  }
  // Someone the form does not concern hears what `查看` says: not found, revealing nothing.
  if (!canView(deps.org, form, actor)) fail(refuse('unknown_form', T.unknownForm(formRef(form))));
  const events = await tx.formEvents.forForm(form.id);
  let number: string | undefined;
  if (action.kind === 'approve' && form.state === 'draft') {
    const yyyymm = localYyyymm(now, deps.policy.timezone);
    const seq = await tx.forms.nextSequence(form.issuingDept, yyyymm);
    number = `${form.issuingDept}${yyyymm}${String(seq).padStart(2, '0')}`;
  }
  const ctx = { org: deps.org, policy: deps.policy, calendar: deps.calendar, now, eventSeq: events.length, number, ...(deputy ? { deputy } : {}) };
  const decision = decideForm(ctx, form, actor, action);
  if (isRefusal(decision)) fail(decision);

  await tx.forms.update(decision.form);
  // The record shows who acted: the deputy, with the event's text saying for whom.
  const by = deputy ?? actor;
  await tx.formEvents.append({ ...decision.event, actor: by, formId: form.id });
  const open = await tx.duties.openForSubject('form', form.id);
  for (const duty of open) {
    if (decision.discharge.includes(duty.rule)) await dischargeDuty(tx, deps, duty, now, by);
    else if (decision.cancel.includes(duty.rule) || decision.form.state === 'closed' || decision.form.state === 'withdrawn') await cancelDuty(tx, duty, now, by);
  }
  for (const nd of decision.newDuties) {
    await createDuty(tx, deps, { ...nd, subject: { ...nd.subject, ref: decision.form.number ?? nd.subject.ref } });
  }
  await tx.outbox.enqueue(decision.messages, now);
  await tx.audit.append([
    { at: now, actor: by, action: `form.${action.kind}`, entity: 'form', entityId: String(form.id), before: form, after: deputy ? { ...decision.form, onBehalfOf: actor } : decision.form },
  ]);
  const f = decision.form;
  const done = `已${ACTION_ZH[action.kind]}:${formLabel(f)}`;
  if (action.kind === 'comment') return { lines: [`已记入联络单 ${formLabel(f)} 的往来记录。`] };
  return action.kind === 'approve' ? { ...formCard(f, deps.org, deps.policy.timezone), lines: [done] } : { lines: [done, decision.event.text] };
}

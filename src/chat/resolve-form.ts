/**
 * Which form a command means when it names none: in a thread, the thread's form; otherwise the
 * only open form on which the person can take that step now. None or several → a reply that says
 * so and, for several, offers each as a button.
 */
import type { AppDeps, Reply } from '../app/deps.js';
import { availableActions } from '../domain/form/form-roles.js';
import type { FormActionKind } from '../domain/form/form-transitions.js';
import { formLabel, formRef } from '../domain/form/form-views.js';
import type { PersonId } from '../domain/org.js';
import { USAGE } from '../texts/usage.js';

const ALSO: Partial<Record<FormActionKind, FormActionKind[]>> = {
  approve: ['accept_change'],
  reject: ['decline_change'],
};

export async function resolveFormRef(
  deps: AppDeps,
  actor: PersonId,
  ref: string | undefined,
  action: FormActionKind,
  word: string,
): Promise<string | Reply> {
  if (ref) return ref;
  const kinds = [action, ...(ALSO[action] ?? [])];
  const open = await deps.store.transaction((tx) =>
    tx.forms.list({ states: ['draft', 'returned', 'issued', 'disputed', 'signed', 'in_progress', 'done'] }),
  );
  const hits = open.filter((f) => availableActions(deps.org, f, actor).some((a) => kinds.includes(a)));
  if (hits.length === 1) return formRef(hits[0]!);
  if (hits.length === 0) {
    if (action === 'accept_change' || action === 'decline_change') return { refused: true, lines: [USAGE.nothingChangePending] };
    return { refused: true, lines: [action === 'approve' || action === 'reject' ? USAGE.nothingToApprove : USAGE.needRef(word)] };
  }
  return {
    refused: true,
    lines: [USAGE.whichForm, ...hits.map((f) => `· ${formLabel(f)}`)],
    buttons: hits.slice(0, 10).map((f) => ({ label: `${word} ${formRef(f)}`, command: `${word} ${formRef(f)}` })),
  };
}

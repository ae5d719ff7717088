/**
 * Finding the form a command means: by number (`SCB20261101`), by draft id (`#12`), or by the
 * thread the person is speaking in.
 */
import { refuse } from '../domain/refusal.js';
import type { LiaisonForm } from '../domain/form/form.js';
import { T } from '../texts/zh.js';
import { fail } from './transact.js';
import type { Tx } from './ports.js';

export function parseFormRef(ref: string): { id: number } | { number: string } | undefined {
  const t = ref.trim();
  const draft = /^#(\d+)$/.exec(t);
  if (draft) return { id: Number(draft[1]) };
  if (/^[A-Z]{2,5}\d{8,}$/.test(t)) return { number: t };
  return undefined;
}

/** The form, locked for update, or a refusal that rolls the transaction back. */
export async function loadFormForUpdate(tx: Tx, ref: string): Promise<LiaisonForm> {
  const parsed = parseFormRef(ref);
  const found = !parsed ? undefined : 'id' in parsed ? await tx.forms.byId(parsed.id) : await tx.forms.byNumber(parsed.number);
  if (!found) fail(refuse('unknown_form', T.unknownForm(ref)));
  return (await tx.forms.getForUpdate(found.id))!;
}

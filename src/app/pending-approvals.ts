/**
 * What a bare 同意 / 驳回 refers to: the drafts awaiting this person's approval and the change
 * requests awaiting their answer. Exactly one → that one; several → the bot asks which.
 */
import { rolesOn } from '../domain/form/form-roles.js';
import type { LiaisonForm } from '../domain/form/form.js';
import type { Org, PersonId } from '../domain/org.js';
import type { Tx } from './ports.js';

export async function pendingDecisions(tx: Tx, org: Org, person: PersonId): Promise<LiaisonForm[]> {
  const drafts = (await tx.forms.list({ states: ['draft'] })).filter((f) => rolesOn(org, f, person).has('issuing_leader'));
  const changes = (await tx.forms.list({ states: ['signed', 'in_progress'] })).filter((f) => {
    const roles = rolesOn(org, f, person);
    return f.changeRequest !== undefined && (roles.has('issuer') || roles.has('issuing_leader'));
  });
  return [...drafts, ...changes];
}

/**
 * Who someone is on a form, and the permission check every action goes through first: the state
 * table says which roles and states allow it; a refusal names both in plain Chinese.
 */
import { refuse, type Refusal } from '../refusal.js';
import { deptWithRole, isLeaderOf, isMemberOf, type Org, type PersonId } from '../org.js';
import { T } from '../../texts/zh.js';
import { FORM_STATE_ZH, type LiaisonForm } from './form.js';
import { ACTION_ZH, FORM_TRANSITIONS, ROLE_ZH, type FormActionKind, type FormRole } from './form-transitions.js';

export function rolesOn(org: Org, form: LiaisonForm, person: PersonId): Set<FormRole> {
  const roles = new Set<FormRole>();
  if (form.issuer === person) roles.add('issuer');
  if (isLeaderOf(org, person, form.issuingDept)) roles.add('issuing_leader');
  if (isLeaderOf(org, person, form.receivingDept)) roles.add('receiving_leader');
  if (form.implementers.includes(person)) roles.add('implementer');
  const gm = deptWithRole(org, 'gm_office');
  if (isMemberOf(org, person, gm.code)) roles.add('gm_office');
  if (roles.size > 0 || isMemberOf(org, person, form.issuingDept) || isMemberOf(org, person, form.receivingDept)) {
    roles.add('party');
  }
  const supervisors = [form.issuingDept, form.receivingDept].map((c) => org.deptByCode.get(c)?.supervisor);
  if (supervisors.includes(person)) roles.add('party');
  return roles;
}

/** Whether the person may read the form at all (both departments, their supervisors, 总经办). */
export function canView(org: Org, form: LiaisonForm, person: PersonId): boolean {
  return rolesOn(org, form, person).has('party');
}

/**
 * What the person can do instead, when the table refuses a step: every refusal says it (issue 18).
 * Looked up by the refused action; the first hint whose condition holds is added to the refusal.
 */
const INSTEAD: Array<[FormActionKind[], (f: LiaisonForm, roles: Set<FormRole>) => boolean, (f: LiaisonForm) => string]> = [
  [['reject', 'decline_change', 'withdraw'], (f, r) => r.has('receiving_leader') && !r.has('issuer') && f.state === 'issued', () => T.insteadDispute],
  [['reject', 'decline_change', 'approve', 'accept_change'], (f) => f.changeRequest === undefined && f.state !== 'draft', () => T.insteadNoChangePending],
  [['close'], (f, r) => (r.has('issuer') || r.has('issuing_leader')) && f.state === 'disputed', () => T.insteadAfterDispute],
  [['close'], (f, r) => (r.has('issuer') || r.has('issuing_leader')) && f.state !== 'closed' && f.state !== 'withdrawn', () => T.insteadWithdraw],
  [['edit'], (f, r) => (r.has('issuer') || r.has('issuing_leader')) && f.state === 'issued', () => T.insteadWaitForAnswer],
  [['sign', 'dispute', 'assign', 'done'], (f) => f.state === 'withdrawn' || f.state === 'closed', () => T.insteadEnded],
];

function insteadOf(action: FormActionKind, form: LiaisonForm, roles: Set<FormRole>): string {
  const hit = INSTEAD.find(([actions, when]) => actions.includes(action) && when(form, roles));
  return hit ? hit[2](form) : '';
}

/** The table check: state first (it explains more), then role; each refusal says what to do instead. */
export function checkAllowed(org: Org, form: LiaisonForm, person: PersonId, action: FormActionKind): Refusal | undefined {
  const rule = FORM_TRANSITIONS[action];
  const roles = rolesOn(org, form, person);
  if (!rule.from.includes(form.state)) {
    const allowed = rule.from.map((s) => FORM_STATE_ZH[s]).join('/');
    return refuse('state', T.notAllowedState(ACTION_ZH[action], FORM_STATE_ZH[form.state], allowed) + insteadOf(action, form, roles));
  }
  if (!rule.who.some((r) => roles.has(r))) {
    return refuse('role', T.notAllowedRole(ACTION_ZH[action], rule.who.map((r) => ROLE_ZH[r]).join('或')) + insteadOf(action, form, roles));
  }
  return undefined;
}

/** Guards beyond the table that decide whether a step makes sense at all (not deadlines). */
const APPLIES: Partial<Record<FormActionKind, (f: LiaisonForm) => boolean>> = {
  accept_change: (f) => f.changeRequest !== undefined,
  decline_change: (f) => f.changeRequest !== undefined,
  request_change: (f) => f.changeRequest === undefined,
};

/** The actions a person could take now, for the card's buttons, 我的待办 and bare commands. */
export function availableActions(org: Org, form: LiaisonForm, person: PersonId): FormActionKind[] {
  return (Object.keys(FORM_TRANSITIONS) as FormActionKind[]).filter(
    (a) => a !== 'comment' && a !== 'edit' && (APPLIES[a]?.(form) ?? true) && checkAllowed(org, form, person, a) === undefined,
  );
}

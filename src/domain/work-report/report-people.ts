/**
 * Who owes a recurring report and whom it reaches, read from the org (pure). Reporters are listed
 * in org order, once each; a reporter whom no recipient can be found for (no superior, no
 * supervisor) owes nothing, and a reporter is never their own recipient.
 */
import { deptWithRole, type Org, type PersonId } from '../org.js';
import type { ReportDefinition, ReportRecipient, ReporterSelector } from './work-report.js';

export function reportersOf(org: Org, def: Pick<ReportDefinition, 'from' | 'to'>): PersonId[] {
  const chosen = new Set<PersonId>(def.from.flatMap((s) => selected(org, s)));
  return org.people.map((p) => p.id).filter((id) => chosen.has(id) && recipientsOf(org, def, id).length > 0);
}

function selected(org: Org, s: ReporterSelector): PersonId[] {
  switch (s.kind) {
    case 'department_leaders':
      return org.departments.flatMap((d) => d.leaders);
    case 'leaders_of':
      return org.deptByCode.get(s.dept)?.leaders ?? [];
    case 'members_of':
      return org.people.filter((p) => p.department === s.dept).map((p) => p.id);
    case 'everyone':
      return org.people.map((p) => p.id);
    case 'person': {
      const p = org.personById.get(s.person) ?? org.people.find((x) => x.name === s.person);
      return p ? [p.id] : [];
    }
  }
}

export function recipientsOf(org: Org, def: Pick<ReportDefinition, 'to'>, person: PersonId): PersonId[] {
  const me = org.personById.get(person);
  if (!me) return [];
  const out = new Set<PersonId>(def.to.flatMap((r) => recipient(org, r, me.department, me.superior)));
  out.delete(person);
  return [...out];
}

function recipient(org: Org, r: ReportRecipient, dept: string, superior: PersonId | undefined): PersonId[] {
  switch (r.kind) {
    case 'superior':
      return superior ? [superior] : [];
    case 'supervisor': {
      const sup = org.deptByCode.get(dept)?.supervisor ?? superior;
      return sup ? [sup] : [];
    }
    case 'gm_office':
      return org.departments.some((d) => d.role === 'gm_office') ? deptWithRole(org, 'gm_office').leaders : [];
    case 'person': {
      const p = org.personById.get(r.person) ?? org.people.find((x) => x.name === r.person);
      return p ? [p.id] : [];
    }
  }
}

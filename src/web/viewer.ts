/**
 * Who is looking at the dashboard, and what their scope is — derived from the org with the same
 * functions the chat uses (`scopeOf`, `isMemberOf`, `canView`'s departments), so a page never
 * shows more than the chat would tell the same person.
 */
import type { FormAccess, ReadScope } from '../app/dashboard/dashboard-ports.js';
import { gmOfficeMembers } from '../domain/feedback/feedback-access.js';
import { deptWithRole, isMemberOf, scopeOf, type Org, type Person, type PersonId } from '../domain/org.js';

/** A signed-in person in the org, with the roles the pages ask about. */
export interface Viewer {
  id: PersonId;
  person: Person;
  /** Member of 人力行政部 (violations company-wide, waivers, the assessment). */
  hr: boolean;
  /** Member of 总经办 (everything the chat lets it see). */
  gm: boolean;
  /** Leads or supervises a department (the 逾期 page of a scope). */
  supervisor: boolean;
  /** The 逾期 page's scope: 总经办 and HR the company, a supervisor `scopeOf`, anyone else their own duties. */
  overdueScope: ReadScope;
  /** The 联络单 list's access: `canView`'s rule. */
  formAccess: FormAccess;
}

/** The viewer for `id`, or undefined for someone the org does not know (an outsider sees nothing). */
export function viewerOf(org: Org, id: PersonId): Viewer | undefined {
  const person = org.personById.get(id);
  if (!person) return undefined;
  const hr = isMemberOf(org, id, deptWithRole(org, 'hr').code);
  const gm = gmOfficeMembers(org).includes(id);
  const scope = scopeOf(org, id);
  const supervisor = scope.length > 0;
  const overdueScope: ReadScope =
    gm || hr
      ? 'all'
      : supervisor
        ? { depts: scope, people: org.people.filter((p) => scope.some((d) => isMemberOf(org, p.id, d))).map((p) => p.id) }
        : { depts: [], people: [id] };
  const own = org.departments.filter((d) => isMemberOf(org, id, d.code) || d.supervisor === id).map((d) => d.code);
  return { id, person, hr, gm, supervisor, overdueScope, formAccess: gm ? 'all' : { depts: own, person: id } };
}

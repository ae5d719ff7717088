/**
 * Mentions in a notice that name a group (issue 18): `@所有人` / `@all` is everyone; `@SCB` or
 * `@生产部` is a department's members; `@SCB+` (a trailing `+`) is the department and every
 * department below it. A person's id or name always wins over a department of the same spelling.
 * Each becomes one duty per person; sendNotice then checks that the sender is a superior of every
 * one of them.
 */
import { findPerson, resolveDept, type Org, type PersonId } from '../domain/org.js';

const EVERYONE = ['所有人', 'all', 'everyone', '全体'];

/** The people a mention names, or undefined when it names nobody known. */
export function mentionedPeople(org: Org, mention: string): PersonId[] | undefined {
  const person = findPerson(org, mention);
  if (person) return [person.id];
  if (EVERYONE.includes(mention.toLowerCase())) return org.people.map((p) => p.id);
  const tree = mention.endsWith('+');
  const dept = resolveDept(org, tree ? mention.slice(0, -1) : mention);
  if (!dept) return undefined;
  const codes = new Set([dept.code]);
  if (tree) {
    for (let grew = true; grew; ) {
      grew = false;
      for (const d of org.departments) {
        if (d.parent && codes.has(d.parent) && !codes.has(d.code)) {
          codes.add(d.code);
          grew = true;
        }
      }
    }
  }
  return org.people.filter((p) => codes.has(p.department)).map((p) => p.id);
}

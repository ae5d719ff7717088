/**
 * The org directory as the domain sees it: departments, people and the special roles of SPEC §1.
 * Loaded and validated from `data/org.yaml` by `src/config/org-file.ts`; everything here is pure.
 */

export type PersonId = string;
export type DeptCode = string;
export type Platform = 'slack' | 'wecom' | 'dingtalk' | 'feishu' | 'console';
export type DeptRole = 'gm_office' | 'hr';

/** A department; `code` (2-5 capital letters) prefixes its form numbers. */
export interface Department {
  code: DeptCode;
  name: string;
  role?: DeptRole;
  leaders: PersonId[];
  supervisor?: PersonId;
  parent?: DeptCode;
  channels: Partial<Record<Exclude<Platform, 'console'>, string>>;
}

/** A person; `superior` is resolved on load (explicit value or the default rule of the org file). */
export interface Person {
  id: PersonId;
  name: string;
  department: DeptCode;
  superior?: PersonId;
  platformIds: Partial<Record<Exclude<Platform, 'console'>, string>>;
}

/** The whole directory with indexes; build it with `buildOrg`. */
export interface Org {
  company: string;
  departments: Department[];
  people: Person[];
  feedbackGroup: PersonId[];
  /** 反馈记录员 (org file `feedback_recorders`): department recorders who may 代登记 (issue 16). */
  feedbackRecorders?: PersonId[];
  /** The company-wide channels of the 公示 (org file `announcements.channels`); empty = 总经办's. */
  announcements?: Partial<Record<Exclude<Platform, 'console'>, string>>;
  deptByCode: Map<DeptCode, Department>;
  personById: Map<PersonId, Person>;
}

export function buildOrg(input: {
  company: string;
  departments: Department[];
  people: Person[];
  feedbackGroup: PersonId[];
  feedbackRecorders?: PersonId[];
  announcements?: Partial<Record<Exclude<Platform, 'console'>, string>>;
}): Org {
  const deptByCode = new Map(input.departments.map((d) => [d.code, d]));
  const personById = new Map(input.people.map((p) => [p.id, p]));
  const org: Org = { ...input, deptByCode, personById };
  for (const p of input.people) {
    if (!p.superior) {
      const s = defaultSuperior(org, p);
      if (s) p.superior = s;
    }
  }
  return org;
}

/**
 * The org file's default superior: a leader of the person's department; for a leader, the
 * department's supervisor, else a leader of its parent department.
 */
export function defaultSuperior(org: Org, p: Person): PersonId | undefined {
  const dept = org.deptByCode.get(p.department);
  if (!dept) return undefined;
  if (!dept.leaders.includes(p.id)) return dept.leaders[0];
  if (dept.supervisor && dept.supervisor !== p.id) return dept.supervisor;
  const parent = dept.parent ? org.deptByCode.get(dept.parent) : undefined;
  return parent?.leaders.find((l) => l !== p.id);
}

export function deptWithRole(org: Org, role: DeptRole): Department {
  const d = org.departments.find((x) => x.role === role);
  if (!d) throw new Error(`org has no department with role ${role}`);
  return d;
}

export function isLeaderOf(org: Org, person: PersonId, dept: DeptCode): boolean {
  return org.deptByCode.get(dept)?.leaders.includes(person) ?? false;
}

export function isMemberOf(org: Org, person: PersonId, dept: DeptCode): boolean {
  return org.personById.get(person)?.department === dept || isLeaderOf(org, person, dept);
}

/** The chain of superiors above a person, nearest first, without cycles. */
export function superiorChain(org: Org, person: PersonId): PersonId[] {
  const chain: PersonId[] = [];
  let cur = org.personById.get(person)?.superior;
  while (cur && !chain.includes(cur) && cur !== person) {
    chain.push(cur);
    cur = org.personById.get(cur)?.superior;
  }
  return chain;
}

/**
 * SPEC §1: a superior is anyone who leads the person — anyone up the superior chain, a leader of
 * the person's department or of a department above it, its supervising leader, or 总经办's leaders.
 */
export function isSuperiorOf(org: Org, who: PersonId, of: PersonId): boolean {
  if (who === of) return false;
  if (superiorChain(org, of).includes(who)) return true;
  if (deptWithRole(org, 'gm_office').leaders.includes(who)) return true;
  const person = org.personById.get(of);
  if (!person) return false;
  for (const code of deptAndAncestors(org, person.department)) {
    const d = org.deptByCode.get(code)!;
    if (d.leaders.includes(who) && !d.leaders.includes(of)) return true;
    if (d.supervisor === who) return true;
  }
  return false;
}

/** The department and its parents, nearest first. */
export function deptAndAncestors(org: Org, code: DeptCode): DeptCode[] {
  const out: DeptCode[] = [];
  let cur: DeptCode | undefined = code;
  while (cur && !out.includes(cur) && org.deptByCode.has(cur)) {
    out.push(cur);
    cur = org.deptByCode.get(cur)!.parent;
  }
  return out;
}

/** The departments a supervisor oversees: those they supervise or lead, and all below them. */
export function scopeOf(org: Org, person: PersonId): DeptCode[] {
  const roots = org.departments.filter((d) => d.supervisor === person || d.leaders.includes(person)).map((d) => d.code);
  const out = new Set<DeptCode>();
  const visit = (code: DeptCode) => {
    if (out.has(code)) return;
    out.add(code);
    for (const child of org.departments.filter((d) => d.parent === code)) visit(child.code);
  };
  roots.forEach(visit);
  return [...out];
}

/** Looks a person up by id or by name (the chat layer's `@<person id>` / `@<姓名>`). */
export function findPerson(org: Org, idOrName: string): Person | undefined {
  return org.personById.get(idOrName) ?? org.people.find((p) => p.name === idOrName);
}

export function personName(org: Org, id: PersonId): string {
  return org.personById.get(id)?.name ?? id;
}

/**
 * A department as people write it where a code is asked for: its code in any case (`jsb`), or
 * its name (`技术部`).
 */
export function resolveDept(org: Org, text: string): Department | undefined {
  const t = text.trim();
  return org.deptByCode.get(t.toUpperCase()) ?? org.departments.find((d) => d.name === t);
}

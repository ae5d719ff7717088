/**
 * Who left, moved or stopped leading between two versions of the directory, and who takes over
 * their open work (issue 12 §4). Pure: the app layer (`src/app/hand-over.ts`) moves the duties
 * and forms. A person who left hands over to a leader of their department in the new directory
 * (else of a department above it, else 总经办); one who moved, to a leader of the new department;
 * a leader removed from a department, to that department's remaining leader.
 */
import { deptWithRole, type DeptCode, type Org, type PersonId } from './org.js';

export type HandoverKind = 'left' | 'moved' | 'no_longer_leader';

export interface Handover {
  kind: HandoverKind;
  person: PersonId;
  /** Their name in the old directory (a person who left is no longer in the new one). */
  name: string;
  /** Left / stopped leading: the old department; moved: the new one. */
  dept: DeptCode;
  /** Moved: where they came from. */
  fromDept?: DeptCode;
  newOwner: PersonId;
}

/** A leader of `code` (or of a department above it, in either directory), else 总经办's, never `not`. */
function ownerFor(previous: Org, next: Org, code: DeptCode, not: PersonId): PersonId {
  const seen = new Set<DeptCode>();
  let cur: DeptCode | undefined = code;
  while (cur && !seen.has(cur)) {
    seen.add(cur);
    const leader = next.deptByCode.get(cur)?.leaders.find((l) => l !== not);
    if (leader) return leader;
    cur = next.deptByCode.get(cur)?.parent ?? previous.deptByCode.get(cur)?.parent;
  }
  const gm = deptWithRole(next, 'gm_office').leaders;
  return gm.find((l) => l !== not) ?? gm[0]!;
}

/** Every hand-over that turning `previous` into `next` calls for, in the old directory's order. */
export function directoryHandovers(previous: Org, next: Org): Handover[] {
  const out: Handover[] = [];
  for (const p of previous.people) {
    const now = next.personById.get(p.id);
    if (!now) {
      out.push({ kind: 'left', person: p.id, name: p.name, dept: p.department, newOwner: ownerFor(previous, next, p.department, p.id) });
    } else if (now.department !== p.department) {
      out.push({ kind: 'moved', person: p.id, name: p.name, dept: now.department, fromDept: p.department, newOwner: ownerFor(previous, next, now.department, p.id) });
    }
  }
  for (const d of previous.departments) {
    const still = next.deptByCode.get(d.code);
    for (const leader of d.leaders) {
      if (!next.personById.has(leader) || still?.leaders.includes(leader)) continue;
      out.push({ kind: 'no_longer_leader', person: leader, name: previous.personById.get(leader)?.name ?? leader, dept: d.code, newOwner: ownerFor(previous, next, d.code, leader) });
    }
  }
  return out;
}

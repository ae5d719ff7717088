/**
 * 逾期 for the dashboard: the overdue items of a scope at `now`, made by the digest's own
 * `overdueItems` (same kinds, same departments, same ages in working time), from rows that SQL has
 * already narrowed to the scope and capped at `limit` per source — so the page's cost follows what
 * it shows, not the size of the database. `totals` says how many there are in all.
 */
import type { DigestItem } from '../../domain/report/overdue-digest.js';
import { OPEN_FORM_STATES, overdueItems } from '../../domain/report/overdue-digest.js';
import { isMemberOf } from '../../domain/org.js';
import type { AppDeps } from '../deps.js';
import type { ReadScope } from './dashboard-ports.js';

/** Items per source (overdue duties, overdue or escalated forms) read for one page. */
export const OVERDUE_LIMIT = 100;

export interface OverdueView {
  groups: Array<{ dept: string; items: DigestItem[] }>;
  totals: { duties: number; forms: number };
  /** Whether more items exist than were read. */
  truncated: boolean;
}

const KIND_ORDER: Record<DigestItem['kind'], number> = { form_unsigned: 0, form_overdue: 1, notice: 2, escalation: 3, feedback: 4, report: 5 };

/** `scope` narrowed to one department (in SQL, so the limit applies to that department's items). */
export function narrowScope(deps: AppDeps, scope: ReadScope, dept: string | undefined): ReadScope {
  if (!dept) return scope;
  const members = deps.org.people.filter((p) => isMemberOf(deps.org, p.id, dept)).map((p) => p.id);
  if (scope === 'all') return { depts: [dept], people: members };
  return { depts: scope.depts.filter((d) => d === dept), people: scope.people.filter((p) => members.includes(p)) };
}

export async function overdueView(deps: AppDeps, wholeScope: ReadScope, now: number, onlyDept?: string): Promise<OverdueView> {
  const { org, calendar, policy } = deps;
  const scope = narrowScope(deps, wholeScope, onlyDept);
  const read = await deps.store.transaction(async (tx) => {
    const d = await tx.dashboard.overdueDuties(now, scope, OVERDUE_LIMIT);
    const f = await tx.dashboard.overdueForms(now, OPEN_FORM_STATES, scope, OVERDUE_LIMIT);
    const escalated = f.forms.filter((x) => x.escalated).map((x) => x.id);
    // Forms whose sign duty is overdue are needed to place that duty; read those not yet read.
    const have = new Set(f.forms.map((x) => x.id));
    const extra = [...new Set(d.duties.filter((x) => x.rule === 'liaison_form' && !have.has(x.subject.id)).map((x) => x.subject.id))];
    const more = await tx.dashboard.formsByIds(extra);
    return {
      d,
      f,
      openForms: [...f.forms, ...more.filter((x) => OPEN_FORM_STATES.includes(x.state))],
      escalationDuties: await tx.duties.forSubjects('form', escalated),
      escalationEvents: await tx.formEvents.forForms(escalated),
    };
  });
  const items = overdueItems({
    org, calendar, timezone: policy.timezone, now,
    overdueDuties: read.d.duties, openForms: read.openForms,
    escalationDuties: read.escalationDuties, escalationEvents: read.escalationEvents,
  }).filter((i) => (scope === 'all' || i.kind === 'notice' || scope.depts.includes(i.dept)) && (!onlyDept || i.dept === onlyDept));
  const groups = org.departments
    .map((d) => ({ dept: d.code, items: items.filter((i) => i.dept === d.code).sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || b.ageMs - a.ageMs) }))
    .filter((g) => g.items.length > 0);
  return {
    groups,
    totals: { duties: read.d.total, forms: read.f.total },
    truncated: read.d.total > read.d.duties.length || read.f.total > read.f.forms.length,
  };
}

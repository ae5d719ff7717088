/**
 * 表扬 (recognition, issue 16 part 4): what the policy rewards, per person and department, and
 * the 表扬名单 its rule names. Pure: the app reads the facts (`app/reports/recognition-sources.ts`).
 *
 * Definitions:
 * - A punctuality fact is one duty of a person that fell due in the month and was discharged on
 *   time or late (a duty still open and not yet due, or cancelled, is no fact; a late duty whose
 *   violation HR waived is excused and no fact either). Its `kind` says what it was: `ack`
 *   (收到 to a notice, e-mail, missed call, task), `sign` (签收 of a form), `task` (a task's
 *   result, `taskOutcome`), and whatever further sources are plugged in (`report` …).
 * - Feedback adopted: an item the person submitted under their name (never an anonymous one —
 *   it has no submitter — so anonymous items never count), of a category the 公示 may show
 *   (`public`: 问题, 建议, 紧急, 其他 — a 投诉 or 举报 must not make its sender known), resolved
 *   in the month with an improvement (改进措施) and not reopened since.
 * - Violations: the person's counted (non-waived) violations of the month.
 * - A department's row adds up its people's (their department now).
 */
import type { Violation } from '../duty/violation.js';
import type { FeedbackCategory, FeedbackItem } from '../feedback/feedback.js';
import { personName, type DeptCode, type Org, type PersonId } from '../org.js';
import type { CommendationRule } from './commendation-rule.js';

/** One duty of a person, due in the month, and whether it was discharged on time. */
export interface PunctualityFact {
  person: PersonId;
  kind: string;
  onTime: boolean;
}

/** Why a row is on the 表扬名单. */
export type CommendReason = 'punctual' | 'feedback';

/** One person's (or department's) recognition figures. */
export interface RecognitionRow {
  key: string;
  label: string;
  dept: DeptCode;
  deptName: string;
  /** Per fact kind: on time and late. */
  byKind: Record<string, { onTime: number; late: number }>;
  duties: number;
  onTime: number;
  adopted: number;
  violations: number;
  reasons: CommendReason[];
}

/** The month's recognition: rows with any figure, the rule, and who it names. */
export interface Recognition {
  rule: CommendationRule;
  /** The fact kinds seen, in the order the sources gave them. */
  kinds: string[];
  people: RecognitionRow[];
  departments: RecognitionRow[];
  commendedPeople: RecognitionRow[];
  commendedDepartments: RecognitionRow[];
}

export interface RecognitionInput {
  org: Org;
  rule: CommendationRule;
  from: number;
  to: number;
  facts: PunctualityFact[];
  /** The month's violations (waived ones are not counted). */
  violations: Violation[];
  /** Items resolved in the month (any; `isAdopted` picks). */
  resolvedItems: FeedbackItem[];
  /** Whether a category may be shown in the 公示 (`policy.feedback.categories[c].public`). */
  isPublic: (c: FeedbackCategory) => boolean;
}

/** Whether an item counts as the submitter's feedback adopted in `[from, to)` (see the definitions). */
export function isAdopted(item: FeedbackItem, from: number, to: number, isPublic: (c: FeedbackCategory) => boolean): boolean {
  if (item.anonymous || item.submitter === undefined || !isPublic(item.category)) return false;
  if (item.resolvedAt === undefined || item.resolvedAt < from || item.resolvedAt >= to) return false;
  return (item.state === 'resolved' || item.state === 'closed') && !!item.details.improvement?.trim();
}

/** The share of facts on time, or undefined without facts. */
export function onTimeShare(r: Pick<RecognitionRow, 'duties' | 'onTime'>): number | undefined {
  return r.duties ? r.onTime / r.duties : undefined;
}

function punctual(rule: CommendationRule, r: RecognitionRow): boolean {
  return r.duties > 0 && r.duties >= rule.minDuties && r.onTime / r.duties >= rule.onTime - 1e-9 && r.violations <= rule.maxViolations;
}

export function recognition(input: RecognitionInput): Recognition {
  const { org, rule } = input;
  const kinds: string[] = [];
  const people = new Map<PersonId, RecognitionRow>();
  const depts = new Map<DeptCode, RecognitionRow>();
  const blank = (key: string, label: string, dept: DeptCode, deptName: string): RecognitionRow => ({
    key, label, dept, deptName, byKind: {}, duties: 0, onTime: 0, adopted: 0, violations: 0, reasons: [],
  });
  const rowsOf = (person: PersonId): RecognitionRow[] => {
    const code = org.personById.get(person)?.department ?? '';
    const deptName = org.deptByCode.get(code)?.name ?? code;
    if (!people.has(person)) people.set(person, blank(person, personName(org, person), code, deptName));
    if (!depts.has(code)) depts.set(code, blank(code, deptName || '—', code, deptName));
    return [people.get(person)!, depts.get(code)!];
  };
  for (const f of input.facts) {
    if (!kinds.includes(f.kind)) kinds.push(f.kind);
    for (const r of rowsOf(f.person)) {
      const k = (r.byKind[f.kind] ??= { onTime: 0, late: 0 });
      r.duties += 1;
      if (f.onTime) {
        k.onTime += 1;
        r.onTime += 1;
      } else k.late += 1;
    }
  }
  for (const item of input.resolvedItems) {
    if (isAdopted(item, input.from, input.to, input.isPublic)) for (const r of rowsOf(item.submitter!)) r.adopted += 1;
  }
  for (const v of input.violations) {
    if (!v.waived) for (const r of rowsOf(v.person)) r.violations += 1;
  }
  for (const r of people.values()) {
    if (punctual(rule, r)) r.reasons.push('punctual');
    if (rule.feedbackAdopted > 0 && r.adopted >= rule.feedbackAdopted) r.reasons.push('feedback');
  }
  for (const r of depts.values()) if (punctual(rule, r)) r.reasons.push('punctual');

  const deptOrder = new Map(org.departments.map((d, i) => [d.code, i]));
  const personOrder = new Map(org.people.map((p, i) => [p.id, i]));
  const rank = (m: Map<string, number>, k: string) => m.get(k) ?? Number.MAX_SAFE_INTEGER;
  const peopleRows = [...people.values()].sort(
    (a, b) => rank(deptOrder, a.dept) - rank(deptOrder, b.dept) || rank(personOrder, a.key) - rank(personOrder, b.key) || a.key.localeCompare(b.key),
  );
  const deptRows = [...depts.values()].sort((a, b) => rank(deptOrder, a.key) - rank(deptOrder, b.key) || a.key.localeCompare(b.key));
  return {
    rule,
    kinds,
    people: peopleRows,
    departments: deptRows,
    commendedPeople: peopleRows.filter((r) => r.reasons.length > 0),
    commendedDepartments: deptRows.filter((r) => r.reasons.length > 0),
  };
}

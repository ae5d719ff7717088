/**
 * 月度考评 (monthlyAssessment): HR's monthly figures per department and per person. Pure: the app
 * passes in the month's records and the instant the figures are taken at (`asOf`).
 *
 * Definitions (written down because HR pays fines on them):
 * - The month is a calendar month in the policy timezone (`localMonth`, `monthRange`).
 * - Forms: the month's forms are those issued (numbered) in it — `issuedAt` in the month, which is
 *   exactly the forms whose number carries that `YYYYMM`. What became of them is read at `asOf`.
 * - issued: forms numbered FROM the department in the month (person rows: the issuer 承办人).
 * - received: forms issued TO the department in the month (person rows: the receiving leader who
 *   owed the sign duty). Signing, disputes and follow-ups are counted on the receiving side too.
 * - signed on time / late / unsigned: from the form's `liaison_form` duty rows (`formFacts`): on time
 *   when signed by the duty's due time; late when a violation was recorded or the duty is still
 *   open past due; unsigned while open and not yet due, and also when the form was disputed (on
 *   time) and never signed — a dispute discharges the sign duty, but it is not a signature.
 * - disputed: received forms with a 有异议 event. followed up: received forms chased at least once
 *   (被跟催单数) and the number of chases (被跟催次数) — a chase is a mark against the receiver.
 * - closed: issued forms closed (结案) by `asOf` (credited to the issuing department and issuer).
 * - Tasks (任务): per assignee, the tasks whose 期限 falls in the month, read at `asOf`
 *   (`taskOutcome`): on time (first result by the 期限), late (after it, or none and past it), open.
 * - completed on time / late / pending (按期完成 / 逾期完成或未完成 / 未到期): received forms by their
 *   `form_completion` duties (`formFacts`), for the receiving department; for people, each
 *   implementer (or the receiving leader before assignment) by their own duty. A late completion
 *   is counted here whether or not the policy also makes it a fined violation. The on-time share
 *   is on time / (on time + late).
 * - Violations: those whose due time falls in the month (the tiering month, `Violation.month`),
 *   in the department the person belongs to now. Missed duties per rule, tiers (1, 2, 3 and above)
 *   and fines count non-waived violations only; waived ones are counted apart and listed with
 *   HR's reason, and their fine counts 0.
 * - Feedback: the items registered in the month, by department concerned (`feedback-figures.ts`).
 * - Work reports (汇报制度): per reporter, the reports whose due time falls in the month, read at
 *   `asOf` (`report-outcomes.ts`): on time, late (迟交), missing (缺交), not yet due.
 */
import type { WorkCalendar } from '../calendar.js';
import type { Duty } from '../duty/duty.js';
import type { Violation } from '../duty/violation.js';
import type { FormEvent, LiaisonForm } from '../form/form.js';
import { personName, type DeptCode, type Org, type PersonId } from '../org.js';
import { DUTY_RULES, type DutyRule } from '../policy.js';
import { TR } from '../../texts/reports.js';
import { formFacts } from './form-outcomes.js';
import type { Task } from '../task/task.js';
import { taskOutcome } from './task-outcomes.js';
import { feedbackFigures, type FeedbackFigures } from './feedback-figures.js';
import type { FeedbackCategory, FeedbackItem } from '../feedback/feedback.js';
import type { WorkReport } from '../work-report/work-report.js';
import { reportOutcome, reportTotal, zeroReportFigures, type ReportFigures } from './report-outcomes.js';
import type { Recognition } from './recognition.js';

/** Form figures of one row (see the definitions above). */
export interface FormFigures {
  issued: number;
  received: number;
  signedOnTime: number;
  signedLate: number;
  unsigned: number;
  disputed: number;
  followedUp: number;
  followUps: number;
  closed: number;
  completedOnTime: number;
  completedLate: number;
  completionPending: number;
}

/** Violation figures of one row: non-waived per rule and tier, their fines, and the waived ones. */
export interface ViolationFigures {
  byRule: Record<DutyRule, number>;
  /** [tier 1, tier 2, tier 3 and above]. */
  tiers: [number, number, number];
  fines: number;
  waived: number;
}

/** Task figures of one row: assignments whose 期限 is in the month (see the definitions above). */
export interface TaskFigures {
  onTime: number;
  late: number;
  open: number;
}

/** One row: a department (`key` = its code) or a person (`key` = their id). */
export interface AssessmentRow {
  key: string;
  label: string;
  dept: DeptCode;
  deptName: string;
  forms: FormFigures;
  violations: ViolationFigures;
  tasks: TaskFigures;
  /** 汇报制度 (report-outcomes.ts). */
  reports: ReportFigures;
}

/** The month's report model, rendered as a chat summary, XLSX and CSV. */
export interface MonthlyAssessment {
  month: string;
  company: string;
  from: number;
  to: number;
  asOf: number;
  /** Every department of the org, in org order (zeros included). */
  departments: AssessmentRow[];
  /** People with any figure, grouped by department in org order. */
  people: AssessmentRow[];
  totals: AssessmentRow;
  /** The month's violations, waived ones included, in due order. */
  violations: Violation[];
  /** 信息反馈 figures of the items registered in the month (`feedback-figures.ts`). */
  feedback: { departments: FeedbackFigures[]; totals: FeedbackFigures };
  /** 表扬 (issue 16 part 4): recognition per person and department, and the 表扬名单 (`recognition.ts`). */
  recognition?: Recognition;
}

/** What `monthlyAssessment` reads. */
export interface AssessmentInput {
  org: Org;
  calendar: WorkCalendar;
  month: string;
  from: number;
  to: number;
  asOf: number;
  /** Forms issued in [from, to). */
  forms: LiaisonForm[];
  /** Duties of those forms (any status). */
  formDuties: Duty[];
  /** Thread events of those forms. */
  formEvents: FormEvent[];
  /** Violations of the month. */
  violations: Violation[];
  /** Tasks whose 期限 is in [from, to) (absent: none). */
  tasks?: Task[];
  /** Work reports due in [from, to) (absent: none). */
  workReports?: WorkReport[];
  /** Feedback items registered in the month, and the restricted categories (举报) whose numbers are never listed. */
  feedback?: { items: FeedbackItem[]; restricted: FeedbackCategory[] };
}

const zeroForms = (): FormFigures => ({ issued: 0, received: 0, signedOnTime: 0, signedLate: 0, unsigned: 0, disputed: 0, followedUp: 0, followUps: 0, closed: 0, completedOnTime: 0, completedLate: 0, completionPending: 0 });
const zeroViolations = (): ViolationFigures => ({
  byRule: Object.fromEntries(DUTY_RULES.map((r) => [r, 0])) as Record<DutyRule, number>,
  tiers: [0, 0, 0],
  fines: 0,
  waived: 0,
});
const row = (key: string, label: string, dept: DeptCode, deptName: string): AssessmentRow => ({
  key, label, dept, deptName, forms: zeroForms(), violations: zeroViolations(), tasks: { onTime: 0, late: 0, open: 0 }, reports: zeroReportFigures(),
});
const TASK_FIGURE = { on_time: 'onTime', late: 'late', open: 'open' } as const;

/** Builds the month's model (see the definitions at the top of this file). */
export function monthlyAssessment(input: AssessmentInput): MonthlyAssessment {
  const { org } = input;
  const depts = new Map(org.departments.map((d) => [d.code, row(d.code, d.name, d.code, d.name)]));
  const people = new Map<PersonId, AssessmentRow>();
  const deptRow = (code: DeptCode) => {
    let r = depts.get(code);
    if (!r) depts.set(code, (r = row(code, code || '—', code, code || '—')));
    return r;
  };
  const personRow = (id: PersonId) => {
    let r = people.get(id);
    if (!r) {
      const code = org.personById.get(id)?.department ?? '';
      people.set(id, (r = row(id, personName(org, id), code, org.deptByCode.get(code)?.name ?? code)));
    }
    return r;
  };
  const totals = row('', TR.totalsLabel, '', '');

  for (const f of formFacts(input.forms, input.formDuties, input.formEvents, org, input.calendar, input.asOf)) {
    const issuing = [deptRow(f.form.issuingDept), personRow(f.form.issuer), totals];
    const receiving = [deptRow(f.form.receivingDept), personRow(f.receiver)];
    for (const r of issuing) {
      r.forms.issued += 1;
      if (f.form.state === 'closed') r.forms.closed += 1;
    }
    for (const r of [...receiving, totals]) {
      r.forms.received += 1;
      if (f.sign === 'on_time' && f.signed) r.forms.signedOnTime += 1;
      else if (f.sign === 'late') r.forms.signedLate += 1;
      else r.forms.unsigned += 1;
      if (f.disputed) r.forms.disputed += 1;
      if (f.form.followUps > 0) r.forms.followedUp += 1;
      r.forms.followUps += f.form.followUps;
    }
    if (f.completion) for (const r of [deptRow(f.form.receivingDept), totals]) countCompletion(r.forms, f.completion);
    for (const c of f.completers) countCompletion(personRow(c.person).forms, c.outcome);
  }

  for (const task of input.tasks ?? []) {
    for (const a of task.assignees) {
      const code = org.personById.get(a.person)?.department ?? '';
      const figure = TASK_FIGURE[taskOutcome(task, a, input.asOf)];
      for (const r of [deptRow(code), personRow(a.person), totals]) r.tasks[figure] += 1;
    }
  }

  // 汇报制度: one figure per reporter and period (report-outcomes.ts).
  for (const r of input.workReports ?? []) {
    const code = org.personById.get(r.person)?.department ?? '';
    const figure = reportOutcome(r, input.asOf);
    for (const x of [deptRow(code), personRow(r.person), totals]) x.reports[figure] += 1;
  }

  const violations = [...input.violations].sort((a, b) => a.dueAt - b.dueAt || a.id - b.id);
  for (const v of violations) {
    const code = org.personById.get(v.person)?.department ?? '';
    for (const r of [deptRow(code), personRow(v.person), totals]) {
      const x = r.violations;
      if (v.waived) {
        x.waived += 1;
        continue;
      }
      x.byRule[v.rule] = (x.byRule[v.rule] ?? 0) + 1;
      const tier = (Math.min(Math.max(v.tier, 1), 3) - 1) as 0 | 1 | 2;
      x.tiers[tier] += 1;
      x.fines += v.fine;
    }
  }

  const order = new Map(org.departments.map((d, i) => [d.code, i]));
  const rank = (code: DeptCode) => order.get(code) ?? Number.MAX_SAFE_INTEGER;
  const personOrder = new Map(org.people.map((p, i) => [p.id, i]));
  return {
    month: input.month,
    company: org.company,
    from: input.from,
    to: input.to,
    asOf: input.asOf,
    departments: [...depts.values()].sort((a, b) => rank(a.dept) - rank(b.dept) || a.key.localeCompare(b.key)),
    people: [...people.values()].sort(
      (a, b) => rank(a.dept) - rank(b.dept) || (personOrder.get(a.key) ?? 1e9) - (personOrder.get(b.key) ?? 1e9) || a.key.localeCompare(b.key),
    ),
    totals,
    violations,
    feedback: feedbackFigures(input.feedback?.items ?? [], org, input.asOf, (c) => input.feedback?.restricted.includes(c) ?? false),
  };
}

function countCompletion(f: FormFigures, outcome: 'on_time' | 'late' | 'pending'): void {
  if (outcome === 'on_time') f.completedOnTime += 1;
  else if (outcome === 'late') f.completedLate += 1;
  else f.completionPending += 1;
}

/** The share of forms completed on time, or undefined when none was due yet. */
export function onTimeCompletionRate(f: FormFigures): number | undefined {
  const n = f.completedOnTime + f.completedLate;
  return n ? f.completedOnTime / n : undefined;
}

/** The number of counted (non-waived) violations in a row. */
export function violationCount(v: ViolationFigures): number {
  return v.tiers[0] + v.tiers[1] + v.tiers[2];
}

/** Whether a row has any figure at all (the chat summary lists only those). */
export function hasActivity(r: AssessmentRow): boolean {
  const f = r.forms;
  const t = r.tasks;
  return f.issued + f.received + f.completedOnTime + f.completedLate + f.completionPending > 0 || violationCount(r.violations) + r.violations.waived > 0 || t.onTime + t.late + t.open > 0 || reportTotal(r.reports) > 0;
}

/**
 * 逾期汇总 (overdueDigest): each supervisor's daily list of what is overdue in their scope — the
 * departments they lead or supervise and all below them (`scopeOf`) — grouped by department, with
 * each item's age in working time. Pure: the app passes in the records and `now`.
 *
 * What counts, and which department an item belongs to:
 * - a form whose sign duty (`liaison_form`) is past due → the receiving department (未签收);
 * - an open form (待签收/有异议/已签收/实施中) past its completion deadline → the receiving
 *   department (未完成); a form already listed as unsigned is not listed again;
 * - a notice, email or missed-call duty past due → the department of the person who owes it;
 *   so is a task's 收到 or result (任务, 任务结果);
 * - a feedback duty (first response, resolution) past due → the department of its triager or
 *   owner, shown by number and category only (信息反馈 alone for a restricted category);
 * - a work report (汇报制度) not submitted by its due time → the reporter's department (未提交);
 *   and one submitted late since the previous digest (迟交), listed once with its lateness;
 * - an escalated form (上报) not yet done or closed → the receiving department, aged from the
 *   latest escalation, saying whether the supervising leader has confirmed it.
 * A supervisor with nothing in scope gets no digest at all, except 总经办's leaders when the work
 * calendar warns (`calendarWarning`: a year with only statutory data): they get it every workday,
 * with or without overdue items. A supervisor also reads who is covering for whom (代理) in their
 * scope, and gets the digest for that alone.
 */
import type { WorkCalendar } from '../calendar.js';
import type { Duty } from '../duty/duty.js';
import type { FormEvent, FormState, LiaisonForm } from '../form/form.js';
import { deptName } from '../form/form-views.js';
import { formatLocal } from '../local-time.js';
import type { MessageView } from '../message.js';
import { deptWithRole, personName, scopeOf, type DeptCode, type Org, type PersonId } from '../org.js';
import { NOTICE_RULE_SHORT, TR, workingSpanZh } from '../../texts/reports.js';
import { TN } from '../../texts/notices.js';
import { TWR } from '../../texts/work-reports.js';
import { readTimeOf, type ReadReceipt } from '../read-receipt.js';
import { TDEP } from '../../texts/deputy.js';
import { isActive, type Deputy } from '../deputy/deputy.js';

/** Forms that can still be overdue: issued and not yet reported done. */
export const OPEN_FORM_STATES: FormState[] = ['issued', 'disputed', 'signed', 'in_progress'];

/** What an item is: an unsigned form, a form past its deadline, an unanswered notice, an open escalation. */
export type DigestItemKind = 'form_unsigned' | 'form_overdue' | 'notice' | 'feedback' | 'report' | 'escalation';

/** One overdue thing, already placed in a department and rendered as a line. */
export interface DigestItem {
  kind: DigestItemKind;
  dept: DeptCode;
  ref: string;
  /** Working time since it became overdue (or since the escalation). */
  ageMs: number;
  line: string;
}

/** Everything the digest reads; records outside its concern are ignored. */
export interface DigestInput {
  org: Org;
  calendar: WorkCalendar;
  timezone: string;
  now: number;
  /** Open duties past due (`DutyRepo.overdue(now)`). */
  overdueDuties: Duty[];
  /** Open forms (`OPEN_FORM_STATES`). */
  openForms: LiaisonForm[];
  /** All duties (any status) of the escalated open forms. */
  escalationDuties: Duty[];
  /** Thread events of the escalated open forms. */
  escalationEvents: FormEvent[];
  /** Platform read receipts of the overdue notices: an overdue notice that was read says 已读未回. */
  reads?: ReadReceipt[];
  /** The work calendar's warning for 总经办 (`coverageWarning(now, { nextYear: 'from_november' })`). */
  calendarWarning?: string;
  /** 代理 appointments in force at `now`: each supervisor reads those of people in their scope. */
  deputies?: Deputy[];
  /** 汇报制度: reports submitted late since the previous digest (the missing ones are overdue duties). */
  lateReports?: LateReport[];
}

/** A work report submitted after its due time, as the digest lists it. */
export interface LateReport {
  person: PersonId;
  title: string;
  submittedAt: number;
  lateMs: number;
}

/** One supervisor's digest. */
export interface SupervisorDigest {
  person: PersonId;
  groups: Array<{ dept: DeptCode; items: DigestItem[] }>;
  view: MessageView;
}

const KIND_ORDER: Record<DigestItemKind, number> = { form_unsigned: 0, form_overdue: 1, notice: 2, feedback: 3, report: 4, escalation: 5 };

/** Every overdue item in the company at `now`, each in its department. */
export function overdueItems(input: DigestInput): DigestItem[] {
  const { org, calendar, now, timezone: tz } = input;
  const age = (since: number) => calendar.workingTimeBetween(since, now);
  const forms = new Map(input.openForms.map((f) => [f.id, f]));
  const items: DigestItem[] = [];
  const unsigned = new Set<number>();
  for (const d of input.overdueDuties) {
    if (d.status !== 'open' || d.dueAt >= now) continue;
    const late = TR.late(age(d.dueAt));
    // A task's 收到 and result are owed by a person like a notice's reply.
    if (d.subject.kind === 'notice' || d.subject.kind === 'task') {
      const dept = org.personById.get(d.person)?.department ?? '';
      const readAt = d.subject.kind === 'notice' ? readTimeOf(input.reads ?? [], d.subject.id, d.person) : undefined;
      const read = readAt === undefined ? '' : `,${TN.readUnanswered(formatLocal(readAt, tz))}`;
      const line = TR.noticeOverdue(personName(org, d.person), NOTICE_RULE_SHORT[d.rule] ?? '', d.subject.ref, d.title, personName(org, d.from), late) + read;
      items.push({ kind: 'notice', dept, ref: d.subject.ref, ageMs: age(d.dueAt), line });
    } else if (d.subject.kind === 'report') {
      // 汇报制度: a report not submitted by its due time, in the reporter's department.
      const dept = org.personById.get(d.person)?.department ?? '';
      items.push({ kind: 'report', dept, ref: d.subject.ref, ageMs: age(d.dueAt), line: TWR.digestMissing(personName(org, d.person), d.title, formatLocal(d.dueAt, tz), late) });
    } else if (d.subject.kind === 'feedback') {
      // The duty's title is the category (信息反馈 alone for 举报), never the text, and its person is
      // the triager or owner who must act — never the submitter, so anonymity holds.
      const dept = org.personById.get(d.person)?.department ?? '';
      const line = TR.feedbackOverdue(personName(org, d.person), d.rule === 'feedback_response' ? TR.feedbackNotTriaged : TR.feedbackNotResolved, d.title, d.subject.ref, late);
      items.push({ kind: 'feedback', dept, ref: d.subject.ref, ageMs: age(d.dueAt), line });
    } else if (d.rule === 'liaison_form') {
      const form = forms.get(d.subject.id);
      if (!form || unsigned.has(form.id)) continue;
      unsigned.add(form.id);
      const line = TR.formUnsigned(d.subject.ref, form.subject, deptName(org, form.issuingDept), personName(org, d.person), late);
      items.push({ kind: 'form_unsigned', dept: form.receivingDept, ref: d.subject.ref, ageMs: age(d.dueAt), line });
    }
    // form_escalation duties are reported with their escalation below.
  }
  for (const form of input.openForms) {
    if (!OPEN_FORM_STATES.includes(form.state) || form.deadline >= now || unsigned.has(form.id)) continue;
    const ref = form.number ?? `#${form.id}`;
    const line = TR.formOverdue(ref, form.subject, deptName(org, form.issuingDept), formatLocal(form.deadline, tz), TR.late(age(form.deadline)));
    items.push({ kind: 'form_overdue', dept: form.receivingDept, ref, ageMs: age(form.deadline), line });
  }
  for (const r of input.lateReports ?? []) {
    const dept = org.personById.get(r.person)?.department ?? '';
    items.push({ kind: 'report', dept, ref: r.title, ageMs: r.lateMs, line: TWR.digestLate(personName(org, r.person), r.title, formatLocal(r.submittedAt, tz), r.lateMs) });
  }
  items.push(...escalationItems(input, forms, age));
  return items;
}

function escalationItems(input: DigestInput, forms: Map<number, LiaisonForm>, age: (since: number) => number): DigestItem[] {
  const { org, now } = input;
  const items: DigestItem[] = [];
  for (const form of forms.values()) {
    if (!form.escalated || !OPEN_FORM_STATES.includes(form.state)) continue;
    const at = input.escalationEvents.filter((e) => e.formId === form.id && e.kind === 'escalated').map((e) => e.at);
    const duties = input.escalationDuties.filter((d) => d.subject.kind === 'form' && d.subject.id === form.id && d.rule === 'form_escalation');
    const since = at.length ? Math.max(...at) : Math.max(0, ...duties.map((d) => d.createdAt));
    const latest = duties.sort((a, b) => b.createdAt - a.createdAt || b.id - a.id)[0];
    const supervisor = latest?.person ?? org.deptByCode.get(form.receivingDept)?.supervisor;
    // Confirmed only when the supervisor discharged the latest escalation duty (收到).
    const state =
      latest?.status === 'done'
        ? TR.escalationOpen
        : TR.escalationUnconfirmed(latest?.status === 'open' && latest.dueAt < now ? TR.late(age(latest.dueAt)) : undefined);
    const ref = form.number ?? `#${form.id}`;
    const line = TR.escalation(ref, form.subject, supervisor ? personName(org, supervisor) : '—', workingSpanZh(age(since)), state);
    items.push({ kind: 'escalation', dept: form.receivingDept, ref, ageMs: age(since), line });
  }
  return items;
}

/** People who get a digest: everyone who leads or supervises a department, in org order. */
export function supervisors(org: Org): PersonId[] {
  const set = new Set(org.departments.flatMap((d) => [...d.leaders, ...(d.supervisor ? [d.supervisor] : [])]));
  return org.people.map((p) => p.id).filter((id) => set.has(id));
}

/**
 * The digest of every supervisor whose scope has something overdue, in org order. Departments
 * follow the org file's order; within one, unsigned forms, overdue forms, notices, escalations,
 * the oldest first.
 */
export function overdueDigest(input: DigestInput): SupervisorDigest[] {
  const { org, now, timezone: tz } = input;
  const items = overdueItems(input);
  const out: SupervisorDigest[] = [];
  const warned = new Set(input.calendarWarning ? deptWithRole(org, 'gm_office').leaders : []);
  const recipients = new Set([...supervisors(org), ...warned]);
  for (const person of org.people.map((p) => p.id).filter((id) => recipients.has(id))) {
    const scope = new Set(scopeOf(org, person));
    const groups = org.departments
      .filter((d) => scope.has(d.code))
      .map((d) => ({
        dept: d.code,
        items: items
          .filter((i) => i.dept === d.code)
          .sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || b.ageMs - a.ageMs || a.ref.localeCompare(b.ref)),
      }))
      .filter((g) => g.items.length > 0);
    const warning = warned.has(person) ? input.calendarWarning : undefined;
    const covers = (input.deputies ?? [])
      .filter((d) => isActive(d, now) && scope.has(org.personById.get(d.absent)?.department ?? ''))
      .map((d) => TDEP.line(personName(org, d.deputy), personName(org, d.absent), formatLocal(d.until - 1, tz).slice(0, 10), d.reason));
    if (!groups.length && !warning && !covers.length) continue;
    const lines = warning ? [warning] : [];
    if (groups.length) lines.push(TR.digestIntro(formatLocal(now, tz)));
    for (const g of groups) lines.push(TR.deptHeader(deptName(org, g.dept), g.dept), ...g.items.map((i) => i.line));
    if (groups.length) lines.push(TR.digestTotal(groups.reduce((n, g) => n + g.items.length, 0)));
    if (covers.length) lines.push(TDEP.digestHeader, ...covers);
    out.push({ person, groups, view: { title: TR.digestTitle(formatLocal(now, tz).slice(0, 10)), lines } });
  }
  return out;
}

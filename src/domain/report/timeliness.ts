/**
 * 公示 (publicReport): the monthly public timeliness statistics per department (SPEC §5) —
 * forms received and their on-time sign rate and average sign time, superiors' notices and their
 * on-time reply rate and average reply time (all in working time), and the number of violations.
 * No person is named and no fine is shown: this goes to a company-wide channel. Pure.
 *
 * Definitions: forms are those issued to the department in the month (as in the assessment);
 * notices are the notice / email / missed-call duties created in the month, in the department of
 * the person who owed them; on-time rates count answered-on-time over on-time + late (pending ones
 * are left out); average times cover the first answer of each form and each answered notice duty;
 * violations are the month's non-waived ones.
 */
import type { WorkCalendar } from '../calendar.js';
import type { Duty } from '../duty/duty.js';
import type { Violation } from '../duty/violation.js';
import type { FormEvent, LiaisonForm } from '../form/form.js';
import type { MessageView } from '../message.js';
import { deptWithRole, type DeptCode, type Org } from '../org.js';
import { TR } from '../../texts/reports.js';
import { average, dutyOutcome, formFacts } from './form-outcomes.js';

/** One department's figures (rates are 0–1, undefined when nothing was answered or missed). */
export interface DeptTimeliness {
  dept: DeptCode;
  name: string;
  formsReceived: number;
  formsOnTime: number;
  formsLate: number;
  formOnTimeRate?: number;
  avgSignMs?: number;
  notices: number;
  noticesOnTime: number;
  noticesLate: number;
  noticeOnTimeRate?: number;
  avgAckMs?: number;
  violations: number;
}

/** The month's 公示 figures: each department in org order, and the company. */
export interface TimelinessReport {
  month: string;
  departments: DeptTimeliness[];
  totals: DeptTimeliness;
}

/** What `timeliness` reads; records outside the month or concern are ignored. */
export interface TimelinessInput {
  org: Org;
  calendar: WorkCalendar;
  month: string;
  asOf: number;
  /** Forms issued in the month, their duties (any status) and thread events. */
  forms: LiaisonForm[];
  formDuties: Duty[];
  formEvents: FormEvent[];
  /** Duties created in the month (only notice duties are read). */
  createdDuties: Duty[];
  violations: Violation[];
}

/**
 * A resolved, non-confidential feedback item as the 公示 will show it. Placeholder shape: the
 * feedback issue (SPEC §2) defines the real record and maps it to this.
 */
export interface ResolvedFeedbackItem {
  number: string;
  category: string;
  summary: string;
  improvement?: string;
}

/**
 * EXTENSION POINT for the feedback issue (SPEC §2 "Public report 公示"): the lines the 公示 adds
 * for the period's resolved, non-confidential feedback items, with no submitter identity. Feedback
 * is not built yet, so every caller passes an empty list today and this adds nothing; the feedback
 * issue supplies the items (and may extend the lines, e.g. repeated issues).
 */
export function publicFeedbackSection(items: readonly ResolvedFeedbackItem[]): string[] {
  if (!items.length) return [];
  return [TR.publicFeedbackHeader, ...items.map((i) => TR.publicFeedbackLine(i.number, i.category, i.summary, i.improvement))];
}

const blank = (dept: DeptCode, name: string) => ({ dept, name, signMs: [] as number[], ackMs: [] as number[], formsReceived: 0, formsOnTime: 0, formsLate: 0, notices: 0, noticesOnTime: 0, noticesLate: 0, violations: 0 });
type Acc = ReturnType<typeof blank>;

/** The month's timeliness figures per department (org order) and for the company. */
export function timeliness(input: TimelinessInput): TimelinessReport {
  const { org, asOf } = input;
  const accs = new Map(org.departments.map((d) => [d.code, blank(d.code, d.name)]));
  const total = blank('', TR.totalsLabel);
  const of = (code: DeptCode | undefined) => [...(code !== undefined && accs.has(code) ? [accs.get(code)!] : []), total];
  for (const f of formFacts(input.forms, input.formDuties, input.formEvents, org, input.calendar, asOf)) {
    for (const a of of(f.form.receivingDept)) {
      a.formsReceived += 1;
      if (f.sign === 'on_time') a.formsOnTime += 1;
      if (f.sign === 'late') a.formsLate += 1;
      if (f.signMs !== undefined) a.signMs.push(f.signMs);
    }
  }
  for (const d of input.createdDuties) {
    if (d.subject.kind !== 'notice') continue;
    const outcome = dutyOutcome(d, asOf);
    if (outcome === 'cancelled') continue;
    for (const a of of(org.personById.get(d.person)?.department)) {
      a.notices += 1;
      if (outcome === 'on_time') a.noticesOnTime += 1;
      if (outcome === 'late') a.noticesLate += 1;
      if (d.status === 'done' && d.doneAt !== undefined) a.ackMs.push(input.calendar.workingTimeBetween(d.createdAt, d.doneAt));
    }
  }
  for (const v of input.violations) {
    if (!v.waived) for (const a of of(org.personById.get(v.person)?.department)) a.violations += 1;
  }
  return { month: input.month, departments: [...accs.values()].map(finish), totals: finish(total) };
}

function finish(a: Acc): DeptTimeliness {
  const rate = (ok: number, late: number) => (ok + late ? ok / (ok + late) : undefined);
  const out: DeptTimeliness = {
    dept: a.dept, name: a.name, formsReceived: a.formsReceived, formsOnTime: a.formsOnTime, formsLate: a.formsLate,
    notices: a.notices, noticesOnTime: a.noticesOnTime, noticesLate: a.noticesLate, violations: a.violations,
  };
  const fr = rate(a.formsOnTime, a.formsLate);
  const nr = rate(a.noticesOnTime, a.noticesLate);
  const sign = average(a.signMs);
  const ack = average(a.ackMs);
  if (fr !== undefined) out.formOnTimeRate = fr;
  if (nr !== undefined) out.noticeOnTimeRate = nr;
  if (sign !== undefined) out.avgSignMs = sign;
  if (ack !== undefined) out.avgAckMs = ack;
  return out;
}

/** Where the 公示 is posted: 总经办's channel (the org file has no company-wide channel yet). */
export function publicReportRecipient(org: Org): { kind: 'announcements' } | { kind: 'dept'; dept: DeptCode } {
  // The company channel of the org file (`announcements.channels`), else 总经办's channel.
  return org.announcements ? { kind: 'announcements' } : { kind: 'dept', dept: deptWithRole(org, 'gm_office').code };
}

/**
 * The 公示 message: departments with any form, notice or violation, the company line, then the
 * feedback section (`publicFeedbackSection`). Names no person and shows no fine.
 */
export function publicReportView(r: TimelinessReport, feedbackLines: string[]): MessageView {
  const active = r.departments.filter((d) => d.formsReceived + d.notices + d.violations > 0);
  const line = (d: DeptTimeliness) =>
    TR.publicDeptLine(d.name, d.formsReceived, d.formOnTimeRate, d.avgSignMs, d.notices, d.noticeOnTimeRate, d.avgAckMs, d.violations);
  const t = r.totals;
  const lines = active.length
    ? [TR.publicIntro, ...active.map(line), TR.publicTotal(t.formsReceived, t.formOnTimeRate, t.notices, t.noticeOnTimeRate, t.violations)]
    : [TR.publicNothing];
  return { title: TR.publicTitle(r.month), lines: [...lines, ...feedbackLines] };
}

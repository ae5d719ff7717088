/**
 * How the monthly assessment reads: the chat summary for HR's leaders, and the tables that the
 * XLSX sheets and the CSV render (one definition of the columns for both). Pure.
 */
import { formatLocal } from '../local-time.js';
import type { MessageView } from '../message.js';
import { personName, type Org } from '../org.js';
import { DUTY_RULES } from '../policy.js';
import { RULE_COLUMN, TR, workingSpanZh } from '../../texts/reports.js';
import { RULE_ZH } from '../../texts/notices.js';
import { rateText, type Rate } from '../feedback/feedback-stats.js';
import type { FeedbackFigures } from './feedback-figures.js';
import { recognitionLines } from './recognition-view.js';
import { hasActivity, onTimeCompletionRate, violationCount, type AssessmentRow, type MonthlyAssessment } from './monthly-assessment.js';
import { reportTotal } from './report-outcomes.js';
import { TWR } from '../../texts/work-reports.js';

/** A cell of a report table: text, or a number Excel can sum. */
export type Cell = string | number;

/** A sheet: its name, header, data rows and (optionally) a totals row. */
export interface Table {
  name: string;
  header: string[];
  rows: Cell[][];
  totals?: Cell[];
}

/** The summary message for HR; `files` are where the XLSX and CSV were written, if they were. */
export function assessmentSummary(m: MonthlyAssessment, org: Org, tz: string, files?: { xlsx: string; csv: string }): MessageView {
  const t = m.totals;
  const f = t.forms;
  const v = t.violations;
  const lines = [
    TR.assessmentAsOf(formatLocal(m.from, tz).slice(0, 10), formatLocal(m.to - 1, tz).slice(0, 10), formatLocal(m.asOf, tz)),
    TR.assessmentForms(f.issued, f.signedOnTime, f.signedLate, f.unsigned, f.disputed, f.followUps, f.closed),
    TR.assessmentCompletion(f.completedOnTime, f.completedLate, f.completionPending, onTimeCompletionRate(f)),
    TR.assessmentViolations(violationCount(v), v.tiers[0], v.tiers[1], v.tiers[2], v.fines, v.waived),
  ];
  if (t.tasks.onTime + t.tasks.late + t.tasks.open > 0) lines.push(TR.assessmentTasks(t.tasks.onTime, t.tasks.late, t.tasks.open));
  if (reportTotal(t.reports) > 0) lines.push(TWR.assessmentLine(t.reports.onTime, t.reports.late, t.reports.missing, t.reports.open));
  const fb = m.feedback.totals;
  if (fb.received) lines.push(TR.assessmentFeedback(fb.received, fb.anonymous, rateText(fb.firstResponse), rateText(fb.resolution), fb.satisfaction, fb.rated, fb.reopened, fb.topics));
  const byRule = DUTY_RULES.filter((r) => v.byRule[r] > 0).map((r) => TR.assessmentRuleCount(RULE_COLUMN[r] ?? r, v.byRule[r]));
  if (byRule.length) lines.push(TR.assessmentByRule(byRule.join(',')));
  const active = m.departments.filter(hasActivity);
  if (active.length) {
    lines.push(TR.assessmentByDept);
    for (const d of active) {
      lines.push(
        TR.assessmentDeptLine(d.label, d.key, d.forms.issued, d.forms.received, d.forms.signedOnTime, d.forms.signedLate, violationCount(d.violations), d.violations.fines) +
          TR.assessmentDeptCompletion(d.forms.completedOnTime, d.forms.completedLate, onTimeCompletionRate(d.forms)),
      );
    }
  } else {
    lines.push(TR.nothing);
  }
  const waived = m.violations.filter((x) => x.waived);
  if (waived.length) {
    lines.push(TR.assessmentWaivers);
    for (const w of waived) lines.push(TR.assessmentWaiver(w.id, personName(org, w.person), w.subjectRef, w.waiveReason ?? ''));
  }
  if (m.recognition) lines.push(...recognitionLines(m.recognition));
  lines.push(files ? TR.assessmentFiles(files.xlsx, files.csv) : TR.assessmentNoFiles);
  return { title: TR.assessmentTitle(m.month, m.company), lines };
}

const FIGURE_HEADER = [
  TR.colIssued, TR.colReceived, TR.colOnTime, TR.colLate, TR.colUnsigned, TR.colDisputed, TR.colFollowedUp,
  TR.colFollowUps, TR.colClosed, TR.colCompletedOnTime, TR.colCompletedLate, TR.colCompletionPending, TR.colCompletionRate, ...DUTY_RULES.map((r) => TR.colMissed(RULE_COLUMN[r] ?? r)), TR.colTier1,
  TR.colTier2, TR.colTier3, TR.colFines, TR.colWaived, TR.colTasksOnTime, TR.colTasksLate, TR.colTasksOpen,
  TWR.colOnTime, TWR.colLate, TWR.colMissing, TWR.colOpen,
];

function figures(r: AssessmentRow): Cell[] {
  const f = r.forms;
  const v = r.violations;
  const rate = onTimeCompletionRate(f);
  return [
    f.issued, f.received, f.signedOnTime, f.signedLate, f.unsigned, f.disputed, f.followedUp, f.followUps, f.closed,
    f.completedOnTime, f.completedLate, f.completionPending, rate === undefined ? '' : Math.round(rate * 1000) / 1000,
    ...DUTY_RULES.map((rule) => v.byRule[rule]), v.tiers[0], v.tiers[1], v.tiers[2], v.fines, v.waived,
    r.tasks.onTime, r.tasks.late, r.tasks.open,
    r.reports.onTime, r.reports.late, r.reports.missing, r.reports.open,
  ];
}

/** Sheet 汇总: one row per department and the company totals. */
export function summaryTable(m: MonthlyAssessment): Table {
  return {
    name: TR.sheetSummary,
    header: [TR.colDeptCode, TR.colDept, ...FIGURE_HEADER],
    rows: m.departments.map((d) => [d.key, d.label, ...figures(d)]),
    totals: [TR.totalsLabel, '', ...figures(m.totals)],
  };
}

/** Sheet 人员: one row per person with any figure, and the totals. */
export function peopleTable(m: MonthlyAssessment): Table {
  return {
    name: TR.sheetPeople,
    header: [TR.colPersonId, TR.colPerson, TR.colDeptCode, TR.colDept, ...FIGURE_HEADER],
    rows: m.people.map((p) => [p.key, p.label, p.dept, p.deptName, ...figures(p)]),
    totals: [TR.totalsLabel, '', '', '', ...figures(m.totals)],
  };
}

/** Sheet 信息反馈: one row per department concerned, and the totals; figures only (no text, no names). */
export function feedbackTable(m: MonthlyAssessment): Table {
  const cells = (f: FeedbackFigures): Cell[] => [
    f.received, f.anonymous, f.firstResponse.onTime, f.firstResponse.counted, ratio(f.firstResponse), f.resolution.onTime, f.resolution.counted,
    ratio(f.resolution), f.satisfaction === undefined ? '' : Math.round(f.satisfaction * 100) / 100, f.rated, f.reopened, f.topics.join(';'),
  ];
  return {
    name: TR.sheetFeedback,
    header: [TR.colDeptCode, TR.colDept, ...TR.feedbackColumns],
    rows: m.feedback.departments.map((d) => [d.key, d.label, ...cells(d)]),
    totals: [TR.totalsLabel, '', ...cells(m.feedback.totals)],
  };
}

const ratio = (r: Rate): Cell => (r.counted ? Math.round((r.onTime / r.counted) * 1000) / 1000 : '');

/**
 * Sheet 违规明细 and the CSV: one row per violation of the month. 罚款 is the fine that counts
 * (0 when waived); the totals row sums it, so it equals the non-waived fines.
 */
export function violationTable(m: MonthlyAssessment, org: Org, tz: string): Table {
  const rows = m.violations.map((v) => {
    const p = org.personById.get(v.person);
    return [
      `WG${v.id}`, v.person, personName(org, v.person), p?.department ?? '', org.deptByCode.get(p?.department ?? '')?.name ?? '',
      RULE_ZH[v.rule] ?? v.rule, v.subjectRef, v.title, formatLocal(v.dueAt, tz),
      v.lateMs !== undefined ? workingSpanZh(v.lateMs) : TR.unresolved, v.tier, v.waived ? 0 : v.fine,
      v.waived ? TR.yes : TR.no, v.waivedBy ? personName(org, v.waivedBy) : '', v.waiveReason ?? '',
    ];
  });
  return {
    name: TR.sheetViolations,
    header: [
      TR.colViolationId, TR.colPersonId, TR.colPerson, TR.colDeptCode, TR.colDept, TR.colRule, TR.colRef, TR.colTitle,
      TR.colDue, TR.colLateBy, TR.colTier, TR.colFine, TR.colWaivedFlag, TR.colWaivedBy, TR.colReason,
    ],
    rows,
    totals: [
      TR.totalsLabel, '', '', '', '', '', '', TR.detailTotals(violationCount(m.totals.violations), m.totals.violations.waived),
      '', '', '', m.totals.violations.fines, m.totals.violations.waived, '', '',
    ],
  };
}

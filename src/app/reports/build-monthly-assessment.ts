/**
 * Reads one month's forms, duties, events and violations in one transaction and builds the
 * 月度考评 model. Shared by the monthly job and `shoudao report monthly`.
 */
import { monthlyAssessment, type MonthlyAssessment } from '../../domain/report/monthly-assessment.js';
import { isMonth, monthRange } from '../../domain/report/period.js';
import type { AppDeps } from '../deps.js';
import type { Tx } from '../ports.js';
import { buildRecognition } from './build-recognition.js';

/** The month's forms (issued in it) with their duties and events, and its violations. */
export async function readMonth(tx: Tx, month: string, from: number, to: number) {
  const forms = await tx.forms.list({ issuedFrom: from, issuedTo: to });
  const ids = forms.map((f) => f.id);
  return {
    forms,
    formDuties: await tx.duties.forSubjects('form', ids),
    formEvents: await tx.formEvents.forForms(ids),
    violations: await tx.violations.list({ month }),
    tasks: await tx.tasks.dueBetween(from, to),
    workReports: await tx.workReports.dueBetween(from, to),
    feedbackItems: await tx.feedback.list({ registeredFrom: from, registeredTo: to }),
  };
}

/** The model for `month` (`YYYY-MM`, policy timezone) with figures as of `now`. Throws on a bad month. */
export async function buildMonthlyAssessment(deps: AppDeps, month: string, now: number): Promise<MonthlyAssessment> {
  if (!isMonth(month)) throw new Error(`month must be YYYY-MM, got "${month}"`);
  const { from, to } = monthRange(month, deps.policy.timezone);
  const { feedbackItems, ...data } = await deps.store.transaction((tx) => readMonth(tx, month, from, to));
  const categories = deps.policy.feedback.categories;
  const restricted = (Object.keys(categories) as Array<keyof typeof categories>).filter((c) => categories[c].restricted);
  const model = monthlyAssessment({ org: deps.org, calendar: deps.calendar, month, from, to, asOf: now, ...data, feedback: { items: feedbackItems, restricted } });
  // 表扬 (issue 16 part 4): its own section, read by its own sources.
  model.recognition = await buildRecognition(deps, month, now);
  return model;
}

/**
 * 月度考评 [YYYY-MM] in chat (issue 18): HR and 总经办 ask for a month's assessment (default: the
 * previous month) and get the summary, with the workbook as a file (`MessageView.attachment`, the
 * same sheets as the report file and the dashboard's download) where the deployment builds
 * spreadsheets — platforms that take files deliver it — and the XLSX/CSV written and named when
 * it writes report files. Others are refused in words, with no file. It sends nothing to anybody
 * else and changes no state: the monthly job is what delivers the assessment to HR.
 */
import { deptWithRole, isMemberOf, type PersonId } from '../../domain/org.js';
import { assessmentSummary } from '../../domain/report/assessment-view.js';
import { isMonth, monthRange, previousMonth } from '../../domain/report/period.js';
import { TR } from '../../texts/reports.js';
import type { AppDeps, Reply } from '../deps.js';
import { XLSX_MIME } from '../export-form.js';
import { buildMonthlyAssessment } from './build-monthly-assessment.js';

export async function showMonthlyAssessment(deps: AppDeps, actor: PersonId, month?: string): Promise<Reply> {
  const { org, policy } = deps;
  const mayRead = isMemberOf(org, actor, deptWithRole(org, 'hr').code) || isMemberOf(org, actor, deptWithRole(org, 'gm_office').code);
  if (!mayRead) return { refused: true, lines: [TR.chatAssessmentRefused] };
  const now = deps.clock.now();
  const m = month ?? previousMonth(now, policy.timezone);
  if (!isMonth(m)) return { refused: true, lines: [TR.cliBadMonth(m)] };
  if (monthRange(m, policy.timezone).from > now) return { refused: true, lines: [TR.cliFutureMonth(m)] };
  const model = await buildMonthlyAssessment(deps, m, now);
  const files = deps.reportFiles ? await deps.reportFiles.writeAssessment(model) : undefined;
  const summary = assessmentSummary(model, org, policy.timezone, files);
  if (!deps.spreadsheets) return summary;
  const name = TR.chatAssessmentFileName(m);
  const bytes = await deps.spreadsheets.assessment(model, org, policy.timezone);
  return { ...summary, lines: [...summary.lines, TR.chatAssessmentAttached(name)], attachment: { name, mime: XLSX_MIME, base64: Buffer.from(bytes).toString('base64') } };
}

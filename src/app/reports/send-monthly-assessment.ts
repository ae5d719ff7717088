/**
 * 月度考评: HR's monthly assessment (SPEC §5), on the 1st for the previous month. Builds the
 * model, has `deps.reportFiles` write the XLSX and CSV (files are infrastructure), then sends
 * the summary to each leader of 人力行政部 with where the files are. Keys
 * `assessment:<YYYY-MM>:<person>` make it once per month and person; when every leader already
 * has it, nothing is rebuilt or rewritten, so a catch-up run cannot change a report HR received.
 */
import { deptWithRole } from '../../domain/org.js';
import { assessmentSummary } from '../../domain/report/assessment-view.js';
import type { AppDeps } from '../deps.js';
import { buildMonthlyAssessment } from './build-monthly-assessment.js';
import { enqueueOnce } from './enqueue-once.js';

/** Sends `month`'s (`YYYY-MM`) assessment at `now`; `sent` counts the messages newly enqueued. */
export async function sendMonthlyAssessment(deps: AppDeps, month: string, now: number): Promise<{ sent: number }> {
  const leaders = deptWithRole(deps.org, 'hr').leaders;
  const key = (person: string) => `assessment:${month}:${person}`;
  const present = await deps.store.transaction((tx) => tx.outbox.presentKeys(leaders.map(key)));
  if (present.length === leaders.length) return { sent: 0 };
  const model = await buildMonthlyAssessment(deps, month, now);
  const files = deps.reportFiles ? await deps.reportFiles.writeAssessment(model) : undefined;
  const view = assessmentSummary(model, deps.org, deps.policy.timezone, files);
  return deps.store.transaction(async (tx) => {
    const sent = await enqueueOnce(tx, leaders.map((person) => ({ key: key(person), to: { kind: 'person' as const, person }, view })), now);
    await tx.audit.append([{ at: now, actor: 'system', action: 'report.assessment', entity: 'system', entityId: `assessment:${month}`, after: { files, sent } }]);
    return { sent };
  });
}

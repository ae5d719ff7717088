/**
 * 逾期汇总: the daily overdue digest to every supervisor for their scope (SPEC §5). The scheduler
 * calls it on its cron (workdays 09:00 by default); on a day the work calendar says is not a
 * workday it sends nothing, so a plain `0 9 * * *` also works and 调休 Saturdays are covered.
 * One transaction reads and enqueues; keys `digest:<local date>:<person>` make it once per day.
 */
import { localDate } from '../../domain/local-time.js';
import { OPEN_FORM_STATES, overdueDigest } from '../../domain/report/overdue-digest.js';
import type { AppDeps } from '../deps.js';
import { enqueueOnce } from './enqueue-once.js';
import { lateReportsSince } from '../work-reports/late-reports.js';

/** Sends today's digests at `now`; `sent` counts the messages newly enqueued (0 on a non-workday). */
export async function sendOverdueDigest(deps: AppDeps, now: number): Promise<{ sent: number }> {
  if (!deps.calendar.isWorkday(now)) return { sent: 0 };
  const { org, calendar, policy } = deps;
  const day = localDate(now, policy.timezone);
  return deps.store.transaction(async (tx) => {
    const overdueDuties = await tx.duties.overdue(now);
    const openForms = await tx.forms.list({ states: OPEN_FORM_STATES });
    const escalated = openForms.filter((f) => f.escalated).map((f) => f.id);
    const escalationDuties = await tx.duties.forSubjects('form', escalated);
    const escalationEvents = await tx.formEvents.forForms(escalated);
    const reads = await tx.readReceipts.forNotices(overdueDuties.filter((d) => d.subject.kind === 'notice').map((d) => d.subject.id));
    const calendarWarning = calendar.coverageWarning(now, { nextYear: 'from_november' });
    const deputies = await tx.deputies.current(now);
    const lateReports = await lateReportsSince(tx, deps, now);
    const digests = overdueDigest({ org, calendar, timezone: policy.timezone, now, overdueDuties, openForms, escalationDuties, escalationEvents, reads, deputies, lateReports, ...(calendarWarning ? { calendarWarning } : {}) });
    const messages = digests.map((d) => ({ key: `digest:${day}:${d.person}`, to: { kind: 'person' as const, person: d.person }, view: d.view }));
    const sent = await enqueueOnce(tx, messages, now);
    await tx.audit.append([{ at: now, actor: 'system', action: 'report.digest', entity: 'system', entityId: `digest:${day}`, after: { recipients: digests.map((d) => d.person), sent } }]);
    return { sent };
  });
}

/**
 * 汇报 <内容>: a reporter submits the report of their open period (汇报制度). In one
 * transaction: the `work_report` row keeps the content and when it came (late if after the due
 * time), the duty is discharged (a late one keeps its violation, with its lateness in working
 * time), the report reaches its recipients through the outbox, and the audit row is written.
 *
 * A deputy (代理) with nothing of their own open submits for the person they cover; the
 * recipients read who wrote it. Which period: the open one of the definition named first (`汇报 周报 …`), else the only
 * definition with an open period; with several open periods of one definition (a missed week and
 * the current one), the earliest due — the missing report is owed first.
 */
import { formatLocal } from '../../domain/local-time.js';
import { principalsOf } from '../../domain/deputy/deputy.js';
import { personName, type PersonId } from '../../domain/org.js';
import { reportTitle } from '../../domain/work-report/report-label.js';
import { reportersOf } from '../../domain/work-report/report-people.js';
import type { ReportDefinition, WorkReport } from '../../domain/work-report/work-report.js';
import { TWR } from '../../texts/work-reports.js';
import type { AppDeps, Reply } from '../deps.js';
import { dischargeDuty } from '../duty-ops.js';
import type { Tx } from '../ports.js';
import { transact } from '../transact.js';

export async function submitReport(deps: AppDeps, actor: PersonId, text: string): Promise<Reply> {
  const defs = deps.policy.reports;
  if (!defs.length) return { refused: true, lines: [TWR.noReports] };
  const [first = ''] = text.trim().split(/\s+/);
  const named = defs.find((d) => d.name === first || d.key === first);
  const content = (named ? text.trim().slice(first.length) : text).trim();
  if (!content) return { refused: true, lines: [TWR.noContent] };
  return transact(deps, async (tx) => {
    const pick = async (p: PersonId) => (await tx.workReports.openForUpdate(p)).filter((r) => !named || r.reportKey === named.key);
    let open = await pick(actor);
    // 代理: with nothing of their own open, a deputy submits for the one person they cover who owes a report.
    if (!open.length) {
      const now = deps.clock.now();
      for (const principal of principalsOf(await tx.deputies.current(now), actor, now)) {
        const theirs = await pick(principal);
        if (theirs.length) {
          open = theirs;
          break;
        }
      }
    }
    if (!open.length) {
      const mine = defs.filter((d) => reportersOf(deps.org, d).includes(actor));
      if (!mine.length) return { refused: true, lines: [TWR.notReporter(defs.map((d) => d.name).join('、'))] };
      return { refused: true, lines: [TWR.nothingOpen] };
    }
    const keys = [...new Set(open.map((r) => r.reportKey))];
    if (keys.length > 1) {
      const names = keys.map((k) => defs.find((d) => d.key === k)?.name ?? k);
      return { refused: true, lines: [TWR.whichReport(names.join('、'))] };
    }
    const line = await recordSubmission(tx, deps, actor, open[0]!, content);
    return { lines: [line] };
  });
}

/**
 * The 工作汇报 feedback category (反馈 汇报 …) with an open period: the item also submits the
 * report, in the feedback's transaction. Never refuses the feedback: without an open period, or
 * for an anonymous item (never called then), nothing happens. The line to add to the reply, if any.
 */
export async function submitReportFromFeedback(tx: Tx, deps: AppDeps, actor: PersonId, content: string, feedbackRef: string): Promise<string | undefined> {
  if (!deps.policy.reports.length || !content.trim()) return undefined;
  const open = await tx.workReports.openForUpdate(actor);
  if (!open.length || new Set(open.map((r) => r.reportKey)).size > 1) return undefined;
  return TWR.viaFeedback(await recordSubmission(tx, deps, actor, open[0]!, content.trim(), feedbackRef));
}

/** Stores the submission of `report` (the reporter's, or the person `actor` covers as 代理). */
async function recordSubmission(tx: Tx, deps: AppDeps, actor: PersonId, report: WorkReport, content: string, feedbackRef?: string): Promise<string> {
  const { org, calendar } = deps;
  const now = deps.clock.now();
  const def = deps.policy.reports.find((d) => d.key === report.reportKey) ?? ({ name: report.reportKey } as Pick<ReportDefinition, 'name'>);
  const title = reportTitle(def, report.period);
  const before = { ...report };
  const late = now > report.dueAt;
  Object.assign(report, { state: 'submitted', submittedAt: now, late, content, ...(late ? { lateMs: calendar.workingTimeBetween(report.dueAt, now) } : {}), ...(feedbackRef ? { feedbackRef } : {}) });
  await tx.workReports.update(report);
  const duty = report.dutyId === undefined ? undefined : await tx.duties.byId(report.dutyId);
  if (duty?.status === 'open') await dischargeDuty(tx, deps, duty, now, actor);
  const who = report.person === actor ? personName(org, actor) : TWR.byDeputy(personName(org, report.person), personName(org, actor));
  const mark = late ? TWR.lateMark(report.lateMs!) : '';
  await tx.outbox.enqueue(
    report.recipients.map((p) => ({
      key: `report:${report.id}:submit:${p}`,
      to: { kind: 'person' as const, person: p },
      view: { title: TWR.title, lines: [TWR.toRecipient(who, title, mark), content] },
    })),
    now,
  );
  await tx.audit.append([{ at: now, actor, action: 'work_report.submit', entity: 'work_report', entityId: String(report.id), before, after: report }]);
  const to = report.recipients.map((p) => personName(org, p)).join('、');
  const line = late ? TWR.submittedLate(title, to, report.lateMs!) : TWR.submitted(title, to);
  return report.person === actor ? line : `${TWR.forPrincipal(personName(org, report.person))}${line}`;
}

/** 汇报 查看 [关键词]: the submitted reports the actor wrote or received, newest first (20). */
export async function listReports(deps: AppDeps, actor: PersonId, query?: string): Promise<Reply> {
  const { org, policy } = deps;
  const rows = await deps.store.transaction((tx) => tx.workReports.visibleTo(actor, { query, limit: 20 }));
  if (!rows.length) return { lines: [TWR.listEmpty(query)] };
  const lines = [TWR.listHeading(query)];
  for (const r of rows) {
    const def = policy.reports.find((d) => d.key === r.reportKey) ?? { name: r.reportKey };
    const at = formatLocal(r.submittedAt!, policy.timezone);
    lines.push(TWR.listLine(reportTitle(def, r.period), personName(org, r.person), at, r.late ? TWR.lateMark(r.lateMs ?? 0) : '', r.content ?? ''));
  }
  return { title: TWR.title, lines };
}

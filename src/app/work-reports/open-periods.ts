/**
 * Opens the current period of every recurring report (汇报制度): for each reporter without a row
 * for it, one transaction stores the `work_report` row, its `work_report` duty (due at the
 * period's due time, reminders and escalation planned in working time), the message asking for
 * the report and the audit rows. Called by every sweep (each scheduler tick, and the console).
 *
 * Idempotent and crash-safe: the row is unique per (report, period, person) and inserted with
 * `ON CONFLICT DO NOTHING` before anything else, so a second tick, a restart or another instance
 * finds it and creates nothing; a crash before commit leaves nothing, and the next tick opens it.
 * A period is opened only between its opening and its due time: after downtime past the due time
 * (or for a definition added late) it is skipped — nobody owes a report they were never asked for.
 * Reporters who join mid-period are asked at the next tick.
 */
import { formatLocal } from '../../domain/local-time.js';
import { personName } from '../../domain/org.js';
import { reportTitle } from '../../domain/work-report/report-label.js';
import { recipientsOf, reportersOf } from '../../domain/work-report/report-people.js';
import { nextPeriodStart, periodAt, periodBounds, type ReportPeriod } from '../../domain/work-report/report-period.js';
import { reportRef, type ReportDefinition } from '../../domain/work-report/work-report.js';
import { TWR } from '../../texts/work-reports.js';
import type { AppDeps } from '../deps.js';
import { createDuty } from '../duty-ops.js';

/** Opens what is due at `now`; `opened` counts the reports newly owed. */
export async function openReportPeriods(deps: AppDeps, now: number): Promise<{ opened: number }> {
  let opened = 0;
  for (const def of deps.policy.reports) {
    const p = periodAt(def, now, deps.calendar, deps.policy.timezone);
    if (!p || now < p.openAt || now >= p.dueAt) continue;
    const reporters = reportersOf(deps.org, def);
    if (reporters.length) opened += await openPeriod(deps, def, p, reporters, now);
  }
  return { opened };
}

/**
 * The earliest opening of a report period strictly after `now`, or undefined (no reports): the
 * console's virtual scheduler stops there, as it stops at each duty's next step, so a period
 * opens at its minute however far `:advance` jumps. Looks up to a year ahead.
 */
export function nextOpeningAfter(deps: Pick<AppDeps, 'policy' | 'calendar'>, now: number): number | undefined {
  const tz = deps.policy.timezone;
  let best: number | undefined;
  for (const def of deps.policy.reports) {
    let t = now;
    for (let i = 0; i < 60; i++) {
      const p = periodAt(def, t, deps.calendar, tz);
      if (p && p.openAt > now) {
        if (best === undefined || p.openAt < best) best = p.openAt;
        break;
      }
      t = nextPeriodStart(periodBounds(def, t, tz), tz);
    }
  }
  return best;
}

async function openPeriod(deps: AppDeps, def: ReportDefinition, p: ReportPeriod, reporters: string[], now: number): Promise<number> {
  const { org, policy } = deps;
  const tz = policy.timezone;
  return deps.store.transaction(async (tx) => {
    const have = new Set(await tx.workReports.peopleOf(def.key, p.period));
    const title = reportTitle(def, p.period);
    const ref = reportRef(def, p.period);
    const due = formatLocal(p.dueAt, tz);
    const moved = p.dueDate === p.nominalDueDate ? '' : TWR.movedFrom(p.nominalDueDate);
    let n = 0;
    for (const person of reporters.filter((r) => !have.has(r))) {
      const recipients = recipientsOf(org, def, person);
      const row = await tx.workReports.insertIfAbsent({ reportKey: def.key, period: p.period, person, recipients, openedAt: p.openAt, dueAt: p.dueAt, state: 'open' });
      if (!row) continue;
      const duty = await createDuty(tx, deps, { person, rule: 'work_report', subject: { kind: 'report', id: row.id, ref }, title, from: recipients[0]!, createdAt: p.openAt, dueAt: p.dueAt });
      row.dutyId = duty.id;
      await tx.workReports.update(row);
      await tx.outbox.enqueue(
        [{
          key: `report:${row.id}:open`,
          to: { kind: 'person', person },
          view: { title: TWR.openedTitle(ref), lines: [TWR.opened(title, due, moved), TWR.recipients(recipients.map((r) => personName(org, r)).join('、'))] },
        }],
        now,
      );
      await tx.audit.append([{ at: now, actor: 'system', action: 'work_report.open', entity: 'work_report', entityId: String(row.id), after: row }]);
      n += 1;
    }
    return n;
  });
}

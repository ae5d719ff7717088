/**
 * The periodic jobs, as a table: each has a cron expression from the policy (`schedule`), a rule
 * that names the period a firing stands for, and the app function it runs. A job only calls that
 * function with `now` and the period; all state is in the database (`job_state` and the outbox).
 *
 * | job                | cron (default)  | period of a firing            | catch-up            |
 * | ------------------ | --------------- | ----------------------------- | ------------------- |
 * | digest             | `0 9 * * *`     | its local date `YYYY-MM-DD`   | the latest only     |
 * | monthly_assessment | `0 9 1 * *`     | the month before, `YYYY-MM`   | each missed, in order |
 * | public_report      | `0 10 1 * *`    | the month before, `YYYY-MM`   | each missed, in order |
 * | directory_sync     | off             | its minute (UTC ISO)          | the latest only     |
 *
 * `directory_sync` (issue 12) is added by server mode (src/server/directory-sync-job.ts), which
 * holds the platforms' settings and the org file.
 *
 * The digest fires only on the work calendar's workdays (holidays are skipped; a 调休 Saturday
 * needs a cron such as `0 9 * * *` that reaches it).
 */
import type { AppDeps } from '../../app/deps.js';
import { sendMonthlyAssessment } from '../../app/reports/send-monthly-assessment.js';
import { sendOverdueDigest } from '../../app/reports/send-overdue-digest.js';
import { sendPublicReport } from '../../app/reports/send-public-report.js';
import { localDay, monthBefore, type CatchUp } from './cron-periods.js';

/** A job's name: the key of its row in `job_state`. */
export type JobName = 'digest' | 'monthly_assessment' | 'public_report' | 'directory_sync';

/**
 * One periodic job. `period(firedAt)` names the period a firing at that instant stands for;
 * `run` does the period's work at `now` and must be safe to repeat (its messages carry keys
 * naming the period, which the outbox stores once), because a run that crashed is run again.
 */
export interface PeriodicJob {
  name: JobName;
  cron: string;
  timezone: string;
  catchUp: CatchUp;
  period(firedAt: number): string;
  /** Days on which the job may fire at all (the digest: workdays); absent = every day. */
  dayOk?: (instant: number) => boolean;
  run(deps: AppDeps, now: number, period: string): Promise<unknown>;
}

/** The report use cases the jobs call; `defaultReportFunctions` are the real ones in `app/reports`. */
export interface ReportFunctions {
  sendOverdueDigest(deps: AppDeps, now: number): Promise<unknown>;
  sendMonthlyAssessment(deps: AppDeps, month: string, now: number): Promise<unknown>;
  sendPublicReport(deps: AppDeps, month: string, now: number): Promise<unknown>;
}

export const defaultReportFunctions: ReportFunctions = { sendOverdueDigest, sendMonthlyAssessment, sendPublicReport };

/**
 * The job table for a deployment, in the order a tick runs them (after the sweep, so that the
 * digest and the reports see every violation the sweep has just recorded).
 */
export function periodicJobs(deps: Pick<AppDeps, 'policy' | 'calendar'>, reports: ReportFunctions = defaultReportFunctions): PeriodicJob[] {
  const tz = deps.policy.timezone;
  const { schedule } = deps.policy;
  const previousMonth = (at: number) => monthBefore(at, tz);
  return [
    {
      name: 'digest',
      cron: schedule.digest,
      timezone: tz,
      catchUp: 'latest',
      period: (at) => localDay(at, tz),
      dayOk: (at) => deps.calendar.isWorkday(at),
      // The digest reports what is overdue now, whichever day it stands for: after downtime one
      // catch-up digest replaces the missed ones (its keys name today's date).
      run: (d, now) => reports.sendOverdueDigest(d, now),
    },
    {
      name: 'monthly_assessment',
      cron: schedule.monthlyAssessment,
      timezone: tz,
      catchUp: 'each',
      period: previousMonth,
      run: (d, now, month) => reports.sendMonthlyAssessment(d, month, now),
    },
    {
      name: 'public_report',
      cron: schedule.publicReport,
      timezone: tz,
      catchUp: 'each',
      period: previousMonth,
      run: (d, now, month) => reports.sendPublicReport(d, month, now),
    },
  ];
}

/** The store port of recurring work reports (汇报制度); `infra/db/repositories/work-report-repo.ts` implements it. */
import type { PersonId } from '../../domain/org.js';
import type { NewWorkReport, WorkReport } from '../../domain/work-report/work-report.js';

/**
 * `work_report` rows: one per definition, period and reporter (unique), so opening a period is
 * idempotent whatever the number of ticks, restarts or instances.
 */
export interface WorkReportRepo {
  /**
   * Inserts the row unless the same (report, period, person) exists — `INSERT … ON CONFLICT DO
   * NOTHING`; on PostgreSQL a concurrent insert of the same key waits for the other transaction
   * and then does nothing. The new row, or undefined when it existed.
   */
  insertIfAbsent(r: NewWorkReport): Promise<WorkReport | undefined>;
  update(r: WorkReport): Promise<void>;
  /** Who already has a row for this definition's period. */
  peopleOf(reportKey: string, period: string): Promise<PersonId[]>;
  /** The person's open reports, earliest due first; locked for the transaction on PostgreSQL. */
  openForUpdate(person: PersonId): Promise<WorkReport[]>;
  /**
   * Submitted reports the person wrote or received, newest first; with `query`, those whose
   * content contains it (case-insensitive).
   */
  visibleTo(person: PersonId, opts: { query?: string; limit: number }): Promise<WorkReport[]>;
  /** Every report (any state) due in `[from, to)`, in id order (monthly assessment). */
  dueBetween(from: number, to: number): Promise<WorkReport[]>;
  /** Reports submitted late in `[from, to)` (the daily digest). */
  submittedLateBetween(from: number, to: number): Promise<WorkReport[]>;
}

/**
 * 汇报制度 (issue 16 part 2): recurring work reports the policy file defines (`reports:`). Each
 * period of a definition owes one report per reporter (a `work_report` duty, due at the period's
 * due time moved off holidays); the report is submitted in chat (`汇报 <内容>`), reaches its
 * recipients, and is kept (`work_report` rows) and searchable.
 */
import type { PersonId } from '../org.js';

/**
 * When a period's report is due (local time, `minute` of the day):
 * - `week`: each ISO week (Monday to Sunday), on `weekday` (1 = Monday … 7 = Sunday);
 * - `month`: each calendar month, on `day` (1-31, the month's last day when it is shorter), or on
 *   the month's last working day (`'last_workday'`).
 */
export type ReportDue =
  | { every: 'week'; weekday: number; minute: number }
  | { every: 'month'; day: number | 'last_workday'; minute: number };

/**
 * Who reports (`from`, a union): every department's leaders, one department's leaders or all its
 * members, everyone, or named people.
 */
export type ReporterSelector =
  | { kind: 'department_leaders' }
  | { kind: 'leaders_of'; dept: string }
  | { kind: 'members_of'; dept: string }
  | { kind: 'everyone' }
  | { kind: 'person'; person: string };

/**
 * Whom a report reaches (`to`): the reporter's superior, their department's 主管领导 (supervisor;
 * their superior when the department has none), 总经办's leaders, or a named person.
 */
export type ReportRecipient = { kind: 'superior' } | { kind: 'supervisor' } | { kind: 'gm_office' } | { kind: 'person'; person: string };

/** One `reports:` entry. */
export interface ReportDefinition {
  /** The key in the policy file (`weekly`). */
  key: string;
  /** What people read and may type after 汇报 (`周报`); unique among the definitions. */
  name: string;
  due: ReportDue;
  from: ReporterSelector[];
  to: ReportRecipient[];
  /** Reminders this long before the due time (working time), largest first. */
  remindersBeforeMs: number[];
}

/** One reporter's report of one period: owed (`open`) or `submitted`. */
export interface WorkReport {
  id: number;
  /** `ReportDefinition.key`. */
  reportKey: string;
  /** `2026-W40` (ISO week) or `2026-10`. */
  period: string;
  person: PersonId;
  /** Who it reaches, fixed when the period opened. */
  recipients: PersonId[];
  openedAt: number;
  dueAt: number;
  state: 'open' | 'submitted';
  dutyId?: number;
  submittedAt?: number;
  /** Submitted after `dueAt`. */
  late?: boolean;
  /** Working time after the due time, when late. */
  lateMs?: number;
  content?: string;
  /** The 工作汇报 feedback item it came with (`FK…`), when submitted that way. */
  feedbackRef?: string;
}

export type NewWorkReport = Omit<WorkReport, 'id' | 'dutyId' | 'submittedAt' | 'late' | 'lateMs' | 'content' | 'feedbackRef'>;

/** The duty's subject ref of a report: its name and period (`周报 2026-W40`). */
export function reportRef(def: Pick<ReportDefinition, 'name'>, period: string): string {
  return `${def.name} ${period}`;
}

/** The definition a duty's subject ref belongs to (`周报 2026-W40` → 周报's). */
export function definitionOfRef(defs: readonly ReportDefinition[], ref: string): ReportDefinition | undefined {
  return defs.find((d) => ref.startsWith(`${d.name} `));
}

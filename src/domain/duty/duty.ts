/**
 * 应尽义务 (Duty): one person's pending obligation with a due time (SPEC §4). Its position in its
 * step plan (`DutyPosition`) is stored apart from it, as the duty's next step (a queue ordered by
 * time), so that `sweep(now)` can claim exactly the due work from an index, never repeat a step,
 * and move a duty on without rewriting it.
 */
import type { PersonId } from '../org.js';
import type { DutyRule } from '../policy.js';

export type DutyStatus = 'open' | 'done' | 'cancelled';
/** Every status, so that a query can name them all (an index on status serves it); a new status is a compile error here until listed. */
export const DUTY_STATUSES = Object.keys({ open: true, done: true, cancelled: true } satisfies Record<DutyStatus, true>) as DutyStatus[];

/** What the duty is about: a notice (通知/邮件/未接来电), a form, or a feedback item (FK…). */
export type DutySubject =
  | { kind: 'notice'; id: number; ref: string }
  | { kind: 'form'; id: number; ref: string }
  | { kind: 'feedback'; id: number; ref: string }
  | { kind: 'task'; id: number; ref: string }
  /** A recurring work report (汇报制度): `id` is the `work_report` row, `ref` its name and period (`周报 2026-W40`). */
  | { kind: 'report'; id: number; ref: string };

export interface Duty {
  id: number;
  person: PersonId;
  rule: DutyRule;
  subject: DutySubject;
  /** Short text for messages: the notice's text, the form's subject, or a feedback item's category (never its text). */
  title: string;
  /** Who caused the duty (the superior, the issuer). */
  from: PersonId;
  createdAt: number;
  dueAt: number;
  status: DutyStatus;
  doneAt?: number;
  /** Set once the missed deadline was recorded as a violation. */
  violationId?: number;
}

export type NewDuty = Omit<Duty, 'id' | 'status' | 'doneAt' | 'violationId'>;

/** What a duty's punctuality is judged by (表扬): who, which rule, when it was due and how it ended. */
export type DutyOutcomeFields = Pick<Duty, 'id' | 'person' | 'rule' | 'status' | 'dueAt' | 'doneAt' | 'violationId'>;

/**
 * Where a duty stands in its step plan: only the sweep and the duty's creation see it. A duty
 * whose steps have all run, or that was settled, has no next step.
 */
export interface DutyPosition {
  /** Index of the next step of `planDutySteps` still to run. */
  step: number;
  /** When that step is due; undefined when nothing remains. Indexed: the sweep's only filter. */
  nextActionAt?: number;
}

/** A duty with its position: what `claimDue` hands the sweep and what creating a duty returns. */
export type ScheduledDuty = Duty & DutyPosition;

/**
 * 应尽义务 (Duty): one person's pending obligation with a due time (SPEC §4). A duty row carries
 * its position in its step plan (`step`, `nextActionAt`) so that `sweep(now)` can claim exactly
 * the due work from an index and never repeat a step.
 */
import type { PersonId } from '../org.js';
import type { DutyRule } from '../policy.js';

export type DutyStatus = 'open' | 'done' | 'cancelled';

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
  /** Index of the next step of `planDutySteps` still to run. */
  step: number;
  /** When that step is due; undefined when nothing remains. Indexed: the sweep's only filter. */
  nextActionAt?: number;
  /** Set once the missed deadline was recorded as a violation. */
  violationId?: number;
}

export type NewDuty = Omit<Duty, 'id' | 'status' | 'step' | 'nextActionAt' | 'doneAt' | 'violationId'>;

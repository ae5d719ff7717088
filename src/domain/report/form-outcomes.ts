/**
 * What happened to each form and duty, as the reports count it. Shared by the monthly assessment
 * and the public timeliness report, so both always agree on "on time" and "late".
 *
 * A duty's outcome at `asOf`: `late` when a violation was recorded for it, or it is still open
 * past its due time (the sweep may not have run yet); `on_time` when it was done by its due time;
 * `pending` while it is open and not yet due; `cancelled` when it stopped being owed.
 */
import type { WorkCalendar } from '../calendar.js';
import type { Duty } from '../duty/duty.js';
import type { FormEvent, LiaisonForm } from '../form/form.js';
import type { Org, PersonId } from '../org.js';

/** A duty's outcome for the reports (see the module comment). */
export type DutyOutcome = 'on_time' | 'late' | 'pending' | 'cancelled';

/** One duty's outcome at `asOf` (see the module comment). */
export function dutyOutcome(d: Duty, asOf: number): DutyOutcome {
  if (d.violationId !== undefined) return 'late';
  if (d.status === 'done') return d.doneAt !== undefined && d.doneAt <= d.dueAt ? 'on_time' : 'late';
  if (d.status === 'cancelled') return 'cancelled';
  return d.dueAt < asOf ? 'late' : 'pending';
}

/** How the receiving side answered a form: signed (or disputed) on time, late, or not yet. */
export type SignOutcome = 'on_time' | 'late' | 'pending';

/** The facts the reports count about one issued form. */
export interface FormFacts {
  form: LiaisonForm;
  /** The receiving leader who owed the first sign duty (else the department's first leader). */
  receiver: PersonId;
  /**
   * Over all the form's `liaison_form` duties (a revision after a dispute owes a new one): late if
   * any was late, on time if at least one was answered and none late, else pending.
   */
  sign: SignOutcome;
  /** Working time from issue to the first answer (sign or dispute), when answered. */
  signMs?: number;
  disputed: boolean;
  /**
   * Whether the receiving leader actually signed (a `signed` event). A dispute discharges the sign
   * duty on time, but it is not a signature: a form disputed and never signed is not "signed".
   */
  signed: boolean;
  /**
   * Finishing by the 期限, over the form's `form_completion` duties that were not cancelled (an
   * accepted 延期 cancels and re-creates them): late if any was late, on time if at least one was
   * done by its due time and none late, pending while open and not due; undefined before signing.
   */
  completion?: SignOutcome;
  /** Each implementer's (or the receiving leader's) own completion outcome. */
  completers: Array<{ person: PersonId; outcome: SignOutcome }>;
}

/**
 * The facts of each form, from its duties and thread events (any order; other forms' rows are
 * ignored). Forms without a number (drafts) are skipped.
 */
export function formFacts(
  forms: LiaisonForm[],
  duties: Duty[],
  events: FormEvent[],
  org: Org,
  calendar: WorkCalendar,
  asOf: number,
): FormFacts[] {
  const signDuties = new Map<number, Duty[]>();
  const completionDuties = new Map<number, Duty[]>();
  for (const d of duties) {
    if (d.subject.kind !== 'form') continue;
    const into = d.rule === 'liaison_form' ? signDuties : d.rule === 'form_completion' && d.status !== 'cancelled' ? completionDuties : undefined;
    into?.set(d.subject.id, [...(into.get(d.subject.id) ?? []), d]);
  }
  const disputed = new Set(events.filter((e) => e.kind === 'disputed').map((e) => e.formId));
  const signed = new Set(events.filter((e) => e.kind === 'signed').map((e) => e.formId));
  return forms
    .filter((f) => f.number !== undefined)
    .map((form) => {
      const own = (signDuties.get(form.id) ?? []).sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);
      const outcomes = own.map((d) => dutyOutcome(d, asOf));
      const sign = combine(outcomes);
      const first = own[0];
      const completers = (completionDuties.get(form.id) ?? []).map((d) => ({ person: d.person, outcome: combine([dutyOutcome(d, asOf)]) }));
      const facts: FormFacts = {
        form,
        receiver: first?.person ?? org.deptByCode.get(form.receivingDept)?.leaders[0] ?? form.receivingDept,
        sign,
        disputed: disputed.has(form.id),
        signed: signed.has(form.id),
        completers,
      };
      if (completers.length) facts.completion = combine(completers.map((c) => c.outcome));
      if (first?.status === 'done' && first.doneAt !== undefined) facts.signMs = calendar.workingTimeBetween(first.createdAt, first.doneAt);
      return facts;
    });
}

/** Late if any is late, on time if any is on time, else pending. */
function combine(outcomes: Array<DutyOutcome | SignOutcome>): SignOutcome {
  return outcomes.includes('late') ? 'late' : outcomes.includes('on_time') ? 'on_time' : 'pending';
}

/** Average of the numbers, or undefined for none. */
export function average(values: number[]): number | undefined {
  return values.length ? values.reduce((s, v) => s + v, 0) / values.length : undefined;
}

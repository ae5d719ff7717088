/**
 * 代理 (deputy): who acts for an absent person until a date (SPEC glossary). While a deputy is
 * active, the duties that fall on the absent person also go to the deputy; the deputy may sign,
 * dispute, assign and acknowledge in the absent person's name (the record says who acted for
 * whom); and a duty missed in that time is the deputy's violation. Pure: records and instants in.
 */
import { isMemberOf, type Org, type PersonId } from '../org.js';
import { refuse, type Refusal } from '../refusal.js';
import { TDEP } from '../../texts/deputy.js';

/** One appointment: `deputy` acts for `absent` from `from` until `until` (exclusive). */
export interface Deputy {
  id: number;
  absent: PersonId;
  deputy: PersonId;
  from: number;
  until: number;
  reason?: string;
  setBy: PersonId;
  createdAt: number;
  /** When it was ended early (取消代理). */
  endedAt?: number;
}

export type NewDeputy = Omit<Deputy, 'id'>;

/** Whether the appointment covers `at`. */
export function isActive(d: Deputy, at: number): boolean {
  return d.from <= at && at < Math.min(d.until, d.endedAt ?? Number.POSITIVE_INFINITY);
}

/** The deputy acting for `person` at `at` (the latest appointment wins), if any. */
export function deputyFor(deputies: readonly Deputy[], person: PersonId, at: number): PersonId | undefined {
  return deputies.filter((d) => d.absent === person && isActive(d, at)).sort((a, b) => b.createdAt - a.createdAt || b.id - a.id)[0]?.deputy;
}

/** The people `deputy` acts for at `at`. Not transitive: a deputy's own deputy does not inherit. */
export function principalsOf(deputies: readonly Deputy[], deputy: PersonId, at: number): PersonId[] {
  const out = new Set<PersonId>();
  for (const d of deputies) if (isActive(d, at) && deputyFor(deputies, d.absent, at) === deputy) out.add(d.absent);
  return [...out];
}

/** Who may name a deputy for `absent`: themselves, or HR's and 总经办's people. */
export function maySetDeputy(org: Org, actor: PersonId, absent: PersonId): boolean {
  if (actor === absent) return true;
  return org.departments.some((d) => (d.role === 'hr' || d.role === 'gm_office') && isMemberOf(org, actor, d.code));
}

/** Checks a new appointment; `until` is the end of the named local day. */
export function decideDeputy(org: Org, input: { actor: PersonId; absent: PersonId; deputy: PersonId; until: number; reason?: string }, now: number): NewDeputy | Refusal {
  if (!maySetDeputy(org, input.actor, input.absent)) return refuse('deputy_not_allowed', TDEP.notAllowed);
  if (input.deputy === input.absent) return refuse('deputy_self', TDEP.notSelf);
  if (input.until <= now) return refuse('deputy_past', TDEP.inPast);
  return {
    absent: input.absent,
    deputy: input.deputy,
    from: now,
    until: input.until,
    ...(input.reason ? { reason: input.reason } : {}),
    setBy: input.actor,
    createdAt: now,
  };
}

/**
 * Maps `duty` rows to `Duty` records and back; the subject is flattened into three columns. A
 * duty's position (`DutyPosition`) is not a column of `duty` (see duty_next_step) and is ignored.
 */
import type { Duty } from '../../../domain/duty/duty.js';
import type { DutyEntity } from '../entities/duty.entity.js';
import { dropEmpty, nul } from './row-mapping.js';

/** A row's column values for insert or update (everything except the id). */
export function dutyToRow(d: Omit<Duty, 'id'>): Omit<DutyEntity, 'id'> {
  return {
    person: d.person,
    rule: d.rule,
    subjectKind: d.subject.kind,
    subjectId: d.subject.id,
    subjectRef: d.subject.ref,
    title: d.title,
    fromPerson: d.from,
    createdAt: d.createdAt,
    dueAt: d.dueAt,
    status: d.status,
    doneAt: nul(d.doneAt),
    violationId: nul(d.violationId),
  };
}

/** The record for a row; NULL columns become absent optional fields. */
export function dutyFromRow(r: DutyEntity): Duty {
  return dropEmpty<Duty>({
    id: r.id,
    person: r.person,
    rule: r.rule,
    subject: { kind: r.subjectKind, id: r.subjectId, ref: r.subjectRef },
    title: r.title,
    from: r.fromPerson,
    createdAt: r.createdAt,
    dueAt: r.dueAt,
    status: r.status,
    doneAt: r.doneAt ?? undefined,
    violationId: r.violationId ?? undefined,
  });
}

/** Maps `liaison_form` rows to `LiaisonForm` records and back (see `row-mapping.ts` for NULLs). */
import type { LiaisonForm } from '../../../domain/form/form.js';
import type { LiaisonFormEntity } from '../entities/liaison-form.entity.js';
import { dropEmpty, nul } from './row-mapping.js';

/** A row's column values for insert or update (everything except the id). */
export function formToRow(f: Omit<LiaisonForm, 'id'>): Omit<LiaisonFormEntity, 'id'> {
  return {
    number: nul(f.number),
    state: f.state,
    issuingDept: f.issuingDept,
    receivingDept: f.receivingDept,
    issuer: f.issuer,
    subject: f.subject,
    nature: f.nature,
    urgent: f.urgent,
    details: f.details,
    deadline: f.deadline,
    replyBy: nul(f.replyBy),
    implementers: f.implementers,
    changeRequest: nul(f.changeRequest),
    followUps: f.followUps,
    revision: f.revision,
    escalated: f.escalated,
    result: nul(f.result),
    evaluation: nul(f.evaluation),
    createdAt: f.createdAt,
    issuedAt: nul(f.issuedAt),
    closedAt: nul(f.closedAt),
  };
}

/** The record for a row; NULL columns become absent optional fields. */
export function formFromRow(r: LiaisonFormEntity): LiaisonForm {
  const form: LiaisonForm = {
    id: r.id,
    number: r.number ?? undefined,
    state: r.state,
    issuingDept: r.issuingDept,
    receivingDept: r.receivingDept,
    issuer: r.issuer,
    subject: r.subject,
    nature: r.nature,
    urgent: r.urgent,
    details: r.details,
    deadline: r.deadline,
    replyBy: r.replyBy ?? undefined,
    implementers: r.implementers,
    changeRequest: r.changeRequest ?? undefined,
    followUps: r.followUps,
    revision: r.revision,
    escalated: r.escalated,
    result: r.result ?? undefined,
    evaluation: r.evaluation ?? undefined,
    createdAt: r.createdAt,
    issuedAt: r.issuedAt ?? undefined,
    closedAt: r.closedAt ?? undefined,
  };
  return dropEmpty(form);
}

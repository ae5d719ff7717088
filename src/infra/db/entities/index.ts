/** Every entity class, for the DataSource's `entities` option. */
import { AuditLogEntity } from './audit-log.entity.js';
import { DialogueEntity } from './dialogue.entity.js';
import { DutyEntity } from './duty.entity.js';
import { FormEventEntity } from './form-event.entity.js';
import { FormSequenceEntity } from './form-sequence.entity.js';
import { LiaisonFormEntity } from './liaison-form.entity.js';
import { NoticeEntity } from './notice.entity.js';
import { OutboxEntity } from './outbox.entity.js';
import { ViolationEntity } from './violation.entity.js';

export {
  AuditLogEntity,
  DialogueEntity,
  DutyEntity,
  FormEventEntity,
  FormSequenceEntity,
  LiaisonFormEntity,
  NoticeEntity,
  OutboxEntity,
  ViolationEntity,
};

/** All entities; the initial migration creates exactly these tables. */
export const ENTITIES = [
  LiaisonFormEntity,
  FormSequenceEntity,
  FormEventEntity,
  DutyEntity,
  ViolationEntity,
  NoticeEntity,
  AuditLogEntity,
  OutboxEntity,
  DialogueEntity,
];

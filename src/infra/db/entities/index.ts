/** Every entity class, for the DataSource's `entities` option. */
import { AuditLogEntity } from './audit-log.entity.js';
import { CardClickEntity } from './card-click.entity.js';
import { DialogueEntity } from './dialogue.entity.js';
import { DutyEntity } from './duty.entity.js';
import { DutyNextStepEntity } from './duty-next-step.entity.js';
import { FeedbackEventEntity } from './feedback-event.entity.js';
import { FeedbackItemEntity } from './feedback-item.entity.js';
import { FeedbackSequenceEntity } from './feedback-sequence.entity.js';
import { InboxEntity } from './inbox.entity.js';
import { InstanceEntity } from './instance.entity.js';
import { RateBucketEntity } from './rate-bucket.entity.js';
import { ReadReceiptEntity } from './read-receipt.entity.js';
import { ReadWatchEntity } from './read-watch.entity.js';
import { FormEventEntity } from './form-event.entity.js';
import { FormSequenceEntity } from './form-sequence.entity.js';
import { JobStateEntity } from './job-state.entity.js';
import { DeputyEntity } from './deputy.entity.js';
import { LiaisonFormEntity } from './liaison-form.entity.js';
import { NoticeEntity } from './notice.entity.js';
import { OutboxEntity } from './outbox.entity.js';
import { PlatformMessageEntity } from './platform-message.entity.js';
import { PlatformThreadEntity } from './platform-thread.entity.js';
import { TaskEntity } from './task.entity.js';
import { TaskSequenceEntity } from './task-sequence.entity.js';
import { ViolationEntity } from './violation.entity.js';
import { WorkReportEntity } from './work-report.entity.js';
import { WebLoginEntity, WebSessionEntity } from './web-session.entity.js';

export {
  AuditLogEntity,
  CardClickEntity,
  DialogueEntity,
  DutyEntity,
  DutyNextStepEntity,
  FeedbackEventEntity,
  FeedbackItemEntity,
  FeedbackSequenceEntity,
  FormEventEntity,
  FormSequenceEntity,
  InboxEntity,
  InstanceEntity,
  JobStateEntity,
  DeputyEntity,
  LiaisonFormEntity,
  NoticeEntity,
  OutboxEntity,
  PlatformMessageEntity,
  PlatformThreadEntity,
  RateBucketEntity,
  TaskEntity,
  TaskSequenceEntity,
  ReadReceiptEntity,
  ReadWatchEntity,
  ViolationEntity,
  WebLoginEntity,
  WebSessionEntity,
  WorkReportEntity,
};

/** All entities; the migrations create exactly these tables. */
export const ENTITIES = [
  LiaisonFormEntity,
  FormSequenceEntity,
  FormEventEntity,
  DutyEntity,
  DutyNextStepEntity,
  ViolationEntity,
  NoticeEntity,
  AuditLogEntity,
  OutboxEntity,
  PlatformThreadEntity,
  DialogueEntity,
  JobStateEntity,
  CardClickEntity,
  FeedbackItemEntity,
  FeedbackEventEntity,
  FeedbackSequenceEntity,
  PlatformMessageEntity,
  InboxEntity,
  RateBucketEntity,
  InstanceEntity,
  TaskEntity,
  TaskSequenceEntity,
  WebLoginEntity,
  WebSessionEntity,
  ReadReceiptEntity,
  ReadWatchEntity,
  DeputyEntity,
  WorkReportEntity,
];

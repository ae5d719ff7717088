import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { epochMs, LEN } from '../columns.js';

/**
 * Row of `platform_message`: one message on a chat platform that stands for a form or a notice,
 * so that what people do to that message (Slack: a reply in its thread, a reaction on it) can be
 * tied back to the form or notice. `subject_kind` is `form` (a form's thread root), `notice` (a
 * notice as posted, or a notice card sent to a person) or `notice_status` (the bot's live
 * "已确认 3/5" line of a notice). One row per (platform, channel, message id), never replaced.
 */
@Entity('platform_message')
@Index('idx_platform_message_subject', ['subjectKind', 'subjectId'])
export class PlatformMessageEntity {
  @PrimaryColumn({ type: 'varchar', length: 16, name: 'platform' })
  platform!: string;

  @PrimaryColumn({ type: 'varchar', length: 255, name: 'channel' })
  channel!: string;

  @PrimaryColumn({ type: 'varchar', length: 64, name: 'message_id' })
  messageId!: string;

  @Column({ type: 'varchar', length: LEN.code, name: 'subject_kind' })
  subjectKind!: string;

  @Column({ type: 'integer', name: 'subject_id' })
  subjectId!: number;

  @Column({ type: 'varchar', length: LEN.ref, name: 'subject_ref' })
  subjectRef!: string;

  @Column({ type: 'bigint', name: 'created_at', transformer: epochMs })
  createdAt!: number;
}

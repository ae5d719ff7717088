import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { FeedbackCategory, FeedbackDetails, FeedbackPriority, FeedbackState } from '../../../domain/feedback/feedback.js';
import { epochMs, LEN } from '../columns.js';

/**
 * Row of `feedback_item` (one 信息反馈). `sealed_sender` holds the anonymous sender's address as
 * AES-256-GCM ciphertext (src/app/feedback/sealer.ts) and `submitter` is NULL for anonymous items:
 * no column ever holds an anonymous sender in plain text. Details and links are JSON text, read
 * whole with the item. `auto_close_at` is indexed: the sweep's silence check reads only due rows.
 */
@Entity('feedback_item')
@Index('ux_feedback_item_number', ['number'], { unique: true })
@Index('idx_feedback_item_state', ['state'])
@Index('idx_feedback_item_registered_at', ['registeredAt'])
@Index('idx_feedback_item_auto_close_at', ['autoCloseAt'])
export class FeedbackItemEntity {
  @PrimaryGeneratedColumn({ type: 'integer', name: 'id' })
  id!: number;

  @Column({ type: 'varchar', length: LEN.ref, name: 'number' })
  number!: string;

  @Column({ type: 'varchar', length: LEN.code, name: 'category' })
  category!: FeedbackCategory;

  @Column({ type: 'varchar', length: LEN.code, name: 'state' })
  state!: FeedbackState;

  @Column({ type: 'varchar', length: LEN.code, name: 'priority' })
  priority!: FeedbackPriority;

  @Column({ type: 'text', name: 'description' })
  description!: string;

  @Column({ type: 'varchar', length: LEN.dept, name: 'dept' })
  dept!: string;

  @Column({ type: 'simple-json', name: 'details' })
  details!: FeedbackDetails;

  @Column({ type: 'boolean', name: 'anonymous' })
  anonymous!: boolean;

  @Column({ type: 'varchar', length: LEN.person, name: 'submitter', nullable: true })
  submitter!: string | null;

  @Column({ type: 'text', name: 'sealed_sender', nullable: true })
  sealedSender!: string | null;

  @Column({ type: 'varchar', length: 16, name: 'source_platform' })
  sourcePlatform!: string;

  @Column({ type: 'varchar', length: 64, name: 'source_channel' })
  sourceChannel!: string;

  @Column({ type: 'varchar', length: LEN.person, name: 'owner', nullable: true })
  owner!: string | null;

  @Column({ type: 'simple-json', name: 'links' })
  links!: number[];

  @Column({ type: 'bigint', name: 'registered_at', transformer: epochMs })
  registeredAt!: number;

  @Column({ type: 'bigint', name: 'response_due_at', transformer: epochMs })
  responseDueAt!: number;

  @Column({ type: 'bigint', name: 'first_response_at', nullable: true, transformer: epochMs })
  firstResponseAt!: number | null;

  @Column({ type: 'bigint', name: 'triaged_at', nullable: true, transformer: epochMs })
  triagedAt!: number | null;

  @Column({ type: 'bigint', name: 'resolution_due_at', nullable: true, transformer: epochMs })
  resolutionDueAt!: number | null;

  @Column({ type: 'bigint', name: 'resolved_at', nullable: true, transformer: epochMs })
  resolvedAt!: number | null;

  @Column({ type: 'integer', name: 'satisfaction', nullable: true })
  satisfaction!: number | null;

  @Column({ type: 'bigint', name: 'closed_at', nullable: true, transformer: epochMs })
  closedAt!: number | null;

  @Column({ type: 'bigint', name: 'auto_close_at', nullable: true, transformer: epochMs })
  autoCloseAt!: number | null;

  @Column({ type: 'integer', name: 'reopen_count' })
  reopenCount!: number;
}

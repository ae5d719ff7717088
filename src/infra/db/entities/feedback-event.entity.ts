import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { FeedbackEventKind } from '../../../domain/feedback/feedback.js';
import { epochMs, LEN } from '../columns.js';

/**
 * Row of `feedback_event`: one entry of an item's history, read back in id order. `actor` is a
 * person id, or `anonymous` / `customer` / `system` — never an anonymous sender's id.
 */
@Entity('feedback_event')
@Index('idx_feedback_event_feedback_id', ['feedbackId'])
export class FeedbackEventEntity {
  @PrimaryGeneratedColumn({ type: 'integer', name: 'id' })
  id!: number;

  @Column({ type: 'integer', name: 'feedback_id' })
  feedbackId!: number;

  @Column({ type: 'bigint', name: 'at', transformer: epochMs })
  at!: number;

  @Column({ type: 'varchar', length: LEN.person, name: 'actor' })
  actor!: string;

  @Column({ type: 'varchar', length: LEN.code, name: 'kind' })
  kind!: FeedbackEventKind;

  @Column({ type: 'text', name: 'text' })
  text!: string;
}

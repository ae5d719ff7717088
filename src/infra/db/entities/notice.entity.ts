import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { NoticeKind } from '../../../domain/notice.js';
import { epochMs, LEN } from '../columns.js';

/**
 * Row of `notice` (one 通知). `ref` (`TZ<id>`) is NULL only between the insert and the update
 * that follows it in the same transaction (`NoticeRepo.insert`); it is stored, not derived, so
 * that refs already handed out keep working if the format ever changes.
 */
@Entity('notice')
@Index('ux_notice_ref', ['ref'], { unique: true })
@Index('idx_notice_progress_due', ['progressDueAt'])
export class NoticeEntity {
  @PrimaryGeneratedColumn({ type: 'integer', name: 'id' })
  id!: number;

  @Column({ type: 'varchar', length: LEN.ref, name: 'ref', nullable: true })
  ref!: string | null;

  @Column({ type: 'varchar', length: LEN.code, name: 'kind' })
  kind!: NoticeKind;

  @Column({ type: 'varchar', length: LEN.person, name: 'from_person' })
  fromPerson!: string;

  @Column({ type: 'text', name: 'text' })
  text!: string;

  @Column({ type: 'simple-json', name: 'recipients' })
  recipients!: string[];

  @Column({ type: 'varchar', length: LEN.dept, name: 'dept', nullable: true })
  dept!: string | null;

  @Column({ type: 'bigint', name: 'created_at', transformer: epochMs })
  createdAt!: number;

  /** The count the sender was last told (migration 1769200000000, src/domain/notice-progress.ts). */
  @Column({ type: 'integer', name: 'progress_reported', default: 0 })
  progressReported!: number;

  @Column({ type: 'bigint', name: 'progress_at', nullable: true, transformer: epochMs })
  progressAt!: number | null;

  /** Set while acknowledgements are held back: when the sweep reports them. */
  @Column({ type: 'bigint', name: 'progress_due_at', nullable: true, transformer: epochMs })
  progressDueAt!: number | null;
}

import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { epochMs, LEN } from '../columns.js';

/**
 * Row of `work_report` (汇报制度): one reporter's report of one period of one definition. The
 * unique (report_key, period, person) makes opening a period idempotent.
 */
@Entity('work_report')
@Index('ux_work_report_period_person', ['reportKey', 'period', 'person'], { unique: true })
@Index('idx_work_report_person_state', ['person', 'state'])
@Index('idx_work_report_due', ['dueAt'])
export class WorkReportEntity {
  @PrimaryGeneratedColumn({ type: 'integer', name: 'id' })
  id!: number;

  @Column({ type: 'varchar', length: 64, name: 'report_key' })
  reportKey!: string;

  @Column({ type: 'varchar', length: LEN.code, name: 'period' })
  period!: string;

  @Column({ type: 'varchar', length: LEN.person, name: 'person' })
  person!: string;

  /** JSON array of person ids. */
  @Column({ type: 'simple-json', name: 'recipients' })
  recipients!: string[];

  @Column({ type: 'bigint', name: 'opened_at', transformer: epochMs })
  openedAt!: number;

  @Column({ type: 'bigint', name: 'due_at', transformer: epochMs })
  dueAt!: number;

  @Column({ type: 'varchar', length: LEN.code, name: 'state' })
  state!: 'open' | 'submitted';

  @Column({ type: 'integer', name: 'duty_id', nullable: true })
  dutyId!: number | null;

  @Column({ type: 'bigint', name: 'submitted_at', nullable: true, transformer: epochMs })
  submittedAt!: number | null;

  @Column({ type: 'boolean', name: 'late', nullable: true })
  late!: boolean | null;

  @Column({ type: 'bigint', name: 'late_ms', nullable: true, transformer: epochMs })
  lateMs!: number | null;

  @Column({ type: 'text', name: 'content', nullable: true })
  content!: string | null;

  @Column({ type: 'varchar', length: LEN.ref, name: 'feedback_ref', nullable: true })
  feedbackRef!: string | null;
}

import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { DutyStatus } from '../../../domain/duty/duty.js';
import type { DutyRule } from '../../../domain/policy.js';
import { epochMs, LEN } from '../columns.js';

/**
 * Row of `duty` (one 应尽义务), with its subject flattened into three columns. Its position in its
 * step plan is not here but in `duty_next_step` (duty-next-step.entity.ts, which says why): the
 * sweep's steps write that queue, and a duty row only when its state changes (a violation, done).
 */
@Entity('duty')
@Index('idx_duty_person_status', ['person', 'status'])
@Index('idx_duty_subject', ['subjectKind', 'subjectId'])
@Index('idx_duty_status_due_at', ['status', 'dueAt'])
export class DutyEntity {
  @PrimaryGeneratedColumn({ type: 'integer', name: 'id' })
  id!: number;

  @Column({ type: 'varchar', length: LEN.person, name: 'person' })
  person!: string;

  @Column({ type: 'varchar', length: LEN.code, name: 'rule' })
  rule!: DutyRule;

  @Column({ type: 'varchar', length: LEN.code, name: 'subject_kind' })
  subjectKind!: 'notice' | 'form' | 'feedback' | 'task' | 'report';

  @Column({ type: 'integer', name: 'subject_id' })
  subjectId!: number;

  @Column({ type: 'varchar', length: LEN.ref, name: 'subject_ref' })
  subjectRef!: string;

  @Column({ type: 'text', name: 'title' })
  title!: string;

  @Column({ type: 'varchar', length: LEN.person, name: 'from_person' })
  fromPerson!: string;

  @Column({ type: 'bigint', name: 'created_at', transformer: epochMs })
  createdAt!: number;

  @Column({ type: 'bigint', name: 'due_at', transformer: epochMs })
  dueAt!: number;

  @Column({ type: 'varchar', length: LEN.code, name: 'status' })
  status!: DutyStatus;

  @Column({ type: 'bigint', name: 'done_at', nullable: true, transformer: epochMs })
  doneAt!: number | null;

  @Column({ type: 'integer', name: 'violation_id', nullable: true })
  violationId!: number | null;
}

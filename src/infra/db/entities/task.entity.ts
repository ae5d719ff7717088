import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Assignment } from '../../../domain/task/task.js';
import { epochMs, LEN } from '../columns.js';

/**
 * Row of `task` (one 任务). `number` (`RW202612-001`) is NULL only between the insert and the
 * update that follows it in the same transaction; the assignees' states and histories are one
 * JSON column, read and written whole under the row lock.
 */
@Entity('task')
@Index('ux_task_number', ['number'], { unique: true })
@Index('idx_task_issuer_state', ['fromPerson', 'state'])
export class TaskEntity {
  @PrimaryGeneratedColumn({ type: 'integer', name: 'id' })
  id!: number;

  @Column({ type: 'varchar', length: LEN.ref, name: 'number', nullable: true })
  number!: string | null;

  @Column({ type: 'varchar', length: LEN.person, name: 'from_person' })
  fromPerson!: string;

  @Column({ type: 'text', name: 'text' })
  text!: string;

  @Column({ type: 'bigint', name: 'due_at', transformer: epochMs })
  dueAt!: number;

  @Column({ type: 'bigint', name: 'created_at', transformer: epochMs })
  createdAt!: number;

  @Column({ type: 'varchar', length: LEN.dept, name: 'dept', nullable: true })
  dept!: string | null;

  @Column({ type: 'varchar', length: LEN.code, name: 'state' })
  state!: 'open' | 'closed';

  @Column({ type: 'simple-json', name: 'assignees' })
  assignees!: Assignment[];
}

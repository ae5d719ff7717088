import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Row of `task_sequence`: the last task number handed out in one local month. Only
 * `TaskRepo.nextSequence` writes it, with one upsert whose row lock lasts until commit, which is
 * what makes the numbers gapless (like `form_sequence`).
 */
@Entity('task_sequence')
export class TaskSequenceEntity {
  /** `YYYYMM` in the policy timezone. */
  @PrimaryColumn({ type: 'varchar', length: 6, name: 'month' })
  month!: string;

  @Column({ type: 'integer', name: 'last' })
  last!: number;
}

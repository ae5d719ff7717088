import { Column, Entity, PrimaryColumn } from 'typeorm';
import { LEN } from '../columns.js';

/**
 * Row of `form_sequence`: the last form number handed out for one department and month. Only
 * `FormRepo.nextSequence` writes it, with one upsert whose row lock lasts until commit, which is
 * what makes the numbers gapless.
 */
@Entity('form_sequence')
export class FormSequenceEntity {
  @PrimaryColumn({ type: 'varchar', length: LEN.dept, name: 'dept' })
  dept!: string;

  /** `YYYYMM`. */
  @PrimaryColumn({ type: 'varchar', length: LEN.month, name: 'yyyymm' })
  yyyymm!: string;

  @Column({ type: 'integer', name: 'last' })
  last!: number;
}

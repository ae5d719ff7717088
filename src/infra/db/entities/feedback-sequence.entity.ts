import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Row of `feedback_sequence`: the last feedback number handed out on one local day. Only
 * `FeedbackRepo.nextSequence` writes it, with one upsert whose row lock lasts until commit, which
 * is what makes the numbers gapless (like `form_sequence`).
 */
@Entity('feedback_sequence')
export class FeedbackSequenceEntity {
  /** `YYYYMMDD` in the policy timezone. */
  @PrimaryColumn({ type: 'varchar', length: 8, name: 'day' })
  day!: string;

  @Column({ type: 'integer', name: 'last' })
  last!: number;
}

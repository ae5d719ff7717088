import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { DutyRule } from '../../../domain/policy.js';
import { epochMs, LEN } from '../columns.js';

/**
 * Row of `violation` (one 违规). One per duty at most (`ux_violation_duty_id`). Tiering reads
 * one person's violations of one rule in one month, hence (person, rule, month); monthly reports
 * read a month, hence (month).
 */
@Entity('violation')
@Index('ux_violation_duty_id', ['dutyId'], { unique: true })
@Index('idx_violation_person_rule_month', ['person', 'rule', 'month'])
@Index('idx_violation_month', ['month'])
export class ViolationEntity {
  @PrimaryGeneratedColumn({ type: 'integer', name: 'id' })
  id!: number;

  @Column({ type: 'integer', name: 'duty_id' })
  dutyId!: number;

  @Column({ type: 'varchar', length: LEN.person, name: 'person' })
  person!: string;

  @Column({ type: 'varchar', length: LEN.code, name: 'rule' })
  rule!: DutyRule;

  @Column({ type: 'varchar', length: LEN.ref, name: 'subject_ref' })
  subjectRef!: string;

  @Column({ type: 'text', name: 'title' })
  title!: string;

  @Column({ type: 'bigint', name: 'due_at', transformer: epochMs })
  dueAt!: number;

  /** `YYYY-MM` in the policy timezone. */
  @Column({ type: 'varchar', length: LEN.month, name: 'month' })
  month!: string;

  @Column({ type: 'integer', name: 'tier' })
  tier!: number;

  /** 元; a float column so that a policy with fractional fines round-trips exactly. */
  @Column({ type: 'double precision', name: 'fine' })
  fine!: number;

  @Column({ type: 'bigint', name: 'resolved_at', nullable: true, transformer: epochMs })
  resolvedAt!: number | null;

  @Column({ type: 'bigint', name: 'late_ms', nullable: true, transformer: epochMs })
  lateMs!: number | null;

  @Column({ type: 'boolean', name: 'waived' })
  waived!: boolean;

  @Column({ type: 'varchar', length: LEN.person, name: 'waived_by', nullable: true })
  waivedBy!: string | null;

  @Column({ type: 'text', name: 'waive_reason', nullable: true })
  waiveReason!: string | null;

  @Column({ type: 'bigint', name: 'recorded_at', transformer: epochMs })
  recordedAt!: number;
}

import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMs, LEN } from '../columns.js';

/**
 * Row of `job_state`: how far one periodic job (the overdue digest, the monthly assessment, the
 * public report) has got. `donePeriod` is the last period completed (`''` before the first);
 * `runningPeriod`, `leaseUntil` and `owner` mark a run in progress, so that two instances on one
 * database never run the same period at once, and a run abandoned by a crash is taken over once
 * its lease has passed. Only `JobStateRepo` writes it, with conditional updates.
 */
@Entity('job_state')
export class JobStateEntity {
  @PrimaryColumn({ type: 'varchar', length: LEN.code, name: 'job' })
  job!: string;

  /** `YYYY-MM-DD` (daily jobs) or `YYYY-MM` (monthly jobs); periods of one job sort as text. */
  @Column({ type: 'varchar', length: LEN.code, name: 'done_period' })
  donePeriod!: string;

  @Column({ type: 'varchar', length: LEN.code, name: 'running_period', nullable: true })
  runningPeriod!: string | null;

  @Column({ type: 'bigint', name: 'lease_until', nullable: true, transformer: epochMs })
  leaseUntil!: number | null;

  /** Which process holds the lease (`host:pid:random`), for operators reading the table. */
  @Column({ type: 'varchar', length: LEN.person, name: 'owner', nullable: true })
  owner!: string | null;

  @Column({ type: 'bigint', name: 'updated_at', transformer: epochMs })
  updatedAt!: number;
}

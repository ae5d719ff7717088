import type { JobClaim, JobStateRepo } from '../../../app/ports.js';
import { JobStateEntity } from '../entities/job-state.entity.js';
import type { RepoContext } from './row-mapping.js';

/**
 * `JobStateRepo` on TypeORM. Every write is one conditional statement, so its outcome is decided
 * by the database, not by what this process read earlier: on PostgreSQL (READ COMMITTED) a second
 * `UPDATE … WHERE` waits for the first one's row lock and then re-checks its condition against
 * the committed row; SQLite runs writers one at a time. Call each method in its own short
 * transaction, so that a claim is visible to other instances as soon as it returns.
 */
export class TypeormJobStateRepo implements JobStateRepo {
  constructor(private readonly ctx: RepoContext) {}

  async lastPeriod(job: string): Promise<string | undefined> {
    const row = await this.ctx.em.findOneBy(JobStateEntity, { job });
    return row?.donePeriod ? row.donePeriod : undefined;
  }

  /**
   * Ensures the job's row (`INSERT … ON CONFLICT DO NOTHING`), then takes the lease with
   * `UPDATE … WHERE done_period < :period AND (lease_until IS NULL OR lease_until <= :now)`:
   * true only for the one caller whose update changed the row.
   */
  async claim(job: string, period: string, now: number, claim: JobClaim): Promise<boolean> {
    await this.ctx.em
      .createQueryBuilder()
      .insert()
      .into(JobStateEntity)
      .values({ job, donePeriod: '', runningPeriod: null, leaseUntil: null, owner: null, updatedAt: now })
      .orIgnore()
      .updateEntity(false)
      .execute();
    const result = await this.ctx.em
      .createQueryBuilder()
      .update(JobStateEntity)
      .set({ runningPeriod: period, leaseUntil: now + claim.leaseMs, owner: claim.owner, updatedAt: now })
      .where('job = :job', { job })
      .andWhere('done_period < :period', { period })
      .andWhere('(lease_until IS NULL OR lease_until <= :now)', { now })
      .execute();
    return result.affected === 1;
  }

  /** Records `period` as done and drops the lease; a no-op when a later period is already done. */
  async complete(job: string, period: string, now: number): Promise<void> {
    await this.ctx.em
      .createQueryBuilder()
      .update(JobStateEntity)
      .set({ donePeriod: period, runningPeriod: null, leaseUntil: null, owner: null, updatedAt: now })
      .where('job = :job', { job })
      .andWhere('done_period < :period', { period })
      .execute();
  }

  /** Drops this owner's lease on `period` (after a failed run), so the next tick may retry at once. */
  async release(job: string, period: string, owner: string): Promise<void> {
    await this.ctx.em
      .createQueryBuilder()
      .update(JobStateEntity)
      .set({ runningPeriod: null, leaseUntil: null, owner: null })
      .where('job = :job', { job })
      .andWhere('running_period = :period', { period })
      .andWhere('owner = :owner', { owner })
      .execute();
  }
}

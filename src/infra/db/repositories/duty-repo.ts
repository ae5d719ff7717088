import type { DutyRepo } from '../../../app/ports.js';
import type { Duty, NewDuty } from '../../../domain/duty/duty.js';
import type { PersonId } from '../../../domain/org.js';
import { DutyEntity } from '../entities/duty.entity.js';
import { chunks } from './chunks.js';
import { dutyFromRow, dutyToRow } from './duty-mapper.js';
import { expectOne, insertedId, type RepoContext } from './row-mapping.js';

/** `DutyRepo` on TypeORM: one `duty` row per obligation, claimed by the sweep through its index. */
export class TypeormDutyRepo implements DutyRepo {
  constructor(private readonly ctx: RepoContext) {}

  async insert(duty: NewDuty & { step: number; nextActionAt?: number }): Promise<Duty> {
    const record: Omit<Duty, 'id'> = { ...duty, status: 'open' };
    const id = insertedId(await this.ctx.em.insert(DutyEntity, dutyToRow(record)));
    return dutyFromRow({ id, ...dutyToRow(record) });
  }

  async update(duty: Duty): Promise<void> {
    expectOne(await this.ctx.em.update(DutyEntity, { id: duty.id }, dutyToRow(duty)), `duty ${duty.id}`);
  }

  /** Open duties of one person, earliest due first (index on (person, status)). */
  async openForPerson(person: PersonId): Promise<Duty[]> {
    const rows = await this.ctx.em.find(DutyEntity, {
      where: { person, status: 'open' },
      order: { dueAt: 'ASC', id: 'ASC' },
    });
    return rows.map(dutyFromRow);
  }

  /** Open duties about one notice or form, in id order (index on (subject_kind, subject_id)). */
  async openForSubject(kind: 'notice' | 'form' | 'feedback' | 'task', id: number): Promise<Duty[]> {
    const rows = await this.ctx.em.find(DutyEntity, {
      where: { subjectKind: kind, subjectId: id, status: 'open' },
      order: { id: 'ASC' },
    });
    return rows.map(dutyFromRow);
  }

  async byId(id: number): Promise<Duty | undefined> {
    const row = await this.ctx.em.findOneBy(DutyEntity, { id });
    return row ? dutyFromRow(row) : undefined;
  }

  /**
   * `WHERE next_action_at <= :now ORDER BY next_action_at, id LIMIT :limit`, plus
   * `FOR UPDATE SKIP LOCKED` on PostgreSQL so that concurrent sweeps (two ticks, several
   * instances) take disjoint rows. NULL `next_action_at` never matches `<=`, so finished duties
   * are not even in the scanned range. Plans seen with 6,000 rows of which 20 due (test/integration/store/claim-due.test.ts checks them):
   *   PostgreSQL 15: Limit → LockRows → Index Scan using idx_duty_next_action_at on duty
   *                  Index Cond: (next_action_at <= '…'::bigint)
   *   SQLite 3.53:   SEARCH duty USING INDEX idx_duty_next_action_at (next_action_at<?)
   * No sort step on either: the (next_action_at, id) index yields the order.
   */
  async claimDue(now: number, limit: number): Promise<Duty[]> {
    const qb = this.claimDueQuery(now, limit);
    return (await qb.getMany()).map(dutyFromRow);
  }

  /** The query `claimDue` runs; exposed for the EXPLAIN test. */
  claimDueQuery(now: number, limit: number) {
    const qb = this.ctx.em
      .createQueryBuilder(DutyEntity, 'd')
      .where('d.nextActionAt <= :now', { now })
      .orderBy('d.nextActionAt', 'ASC')
      .addOrderBy('d.id', 'ASC')
      .limit(limit);
    if (this.ctx.dialect === 'postgres') qb.setLock('pessimistic_write').setOnLocked('skip_locked');
    return qb;
  }

  /**
   * `MIN(next_action_at)` over all duties (NULLs ignored), undefined when none is pending. Both
   * planners answer it from the first entry of idx_duty_next_action_at, so it is cheap to poll.
   */
  async earliestAction(): Promise<number | undefined> {
    const raw = await this.ctx.em
      .createQueryBuilder(DutyEntity, 'd')
      .select('MIN(d.nextActionAt)', 'earliest')
      .getRawOne<{ earliest: string | number | null }>();
    // pg returns int8 as a string; SQLite returns a number.
    return raw?.earliest === null || raw?.earliest === undefined ? undefined : Number(raw.earliest);
  }

  /** Open duties whose due time has passed (`dueAt < now`), earliest first; for digests. */
  async overdue(now: number): Promise<Duty[]> {
    const rows = await this.ctx.em
      .createQueryBuilder(DutyEntity, 'd')
      .where('d.status = :open', { open: 'open' })
      .andWhere('d.dueAt < :now', { now })
      .orderBy('d.dueAt', 'ASC')
      .addOrderBy('d.id', 'ASC')
      .getMany();
    return rows.map(dutyFromRow);
  }

  /** Duties of any status about these subjects, in id order; `subject_id IN (…)` in chunks, on idx_duty_subject. */
  async forSubjects(kind: 'notice' | 'form' | 'feedback' | 'task', ids: number[]): Promise<Duty[]> {
    const rows: DutyEntity[] = [];
    for (const part of chunks(ids)) {
      rows.push(
        ...(await this.ctx.em
          .createQueryBuilder(DutyEntity, 'd')
          .where('d.subjectKind = :kind', { kind })
          .andWhere('d.subjectId IN (:...part)', { part })
          .getMany()),
      );
    }
    return rows.sort((a, b) => a.id - b.id).map(dutyFromRow);
  }

  /**
   * Duties created in `[from, to)`, in id order. A full scan of `duty` (no index on created_at):
   * it runs once a month for the reports, where a scan is cheaper than keeping another index.
   */
  async createdBetween(from: number, to: number): Promise<Duty[]> {
    const rows = await this.ctx.em
      .createQueryBuilder(DutyEntity, 'd')
      .where('d.createdAt >= :from', { from })
      .andWhere('d.createdAt < :to', { to })
      .orderBy('d.id', 'ASC')
      .getMany();
    return rows.map(dutyFromRow);
  }
}

import type { DutyRepo } from '../../../app/ports.js';
import type { Duty, NewDuty } from '../../../domain/duty/duty.js';
import type { PersonId } from '../../../domain/org.js';
import { DutyEntity } from '../entities/duty.entity.js';
import { chunks } from './chunks.js';
import { dutyFromRow, dutyToRow } from './duty-mapper.js';
import { insertedId, param, type RepoContext } from './row-mapping.js';
import { runRaw, valuesList } from './raw-sql.js';

type DutyColumns = Omit<DutyEntity, 'id'>;
type Field = keyof DutyColumns;

/** Column name and PostgreSQL array type of every field `update` may write. */
const COLUMNS: Record<Field, { name: string; pg: string }> = {
  person: { name: 'person', pg: 'varchar' }, rule: { name: 'rule', pg: 'varchar' },
  subjectKind: { name: 'subject_kind', pg: 'varchar' }, subjectId: { name: 'subject_id', pg: 'int4' },
  subjectRef: { name: 'subject_ref', pg: 'varchar' }, title: { name: 'title', pg: 'text' },
  fromPerson: { name: 'from_person', pg: 'varchar' }, createdAt: { name: 'created_at', pg: 'int8' },
  dueAt: { name: 'due_at', pg: 'int8' }, status: { name: 'status', pg: 'varchar' },
  doneAt: { name: 'done_at', pg: 'int8' }, step: { name: 'step', pg: 'int4' },
  nextActionAt: { name: 'next_action_at', pg: 'int8' }, violationId: { name: 'violation_id', pg: 'int4' },
};
const FIELDS = Object.keys(COLUMNS) as Field[];
const INT8 = new Set<Field>(['createdAt', 'dueAt', 'doneAt', 'nextActionAt']);

/** A raw `duty` row (column names) as the entity; pg returns int8 as text, so bigints become numbers. */
function rawDuty(raw: Record<string, unknown>): DutyEntity {
  const out: Record<string, unknown> = { id: Number(raw['id']) };
  for (const f of FIELDS) {
    const v = raw[COLUMNS[f].name];
    out[f] = v === null || v === undefined ? null : INT8.has(f) || COLUMNS[f].pg === 'int4' ? Number(v) : v;
  }
  return out as unknown as DutyEntity;
}
/** Rows per multi-row UPDATE on SQLite (at most 15 parameters a row, far below its 32,766). */
const UPDATE_CHUNK = 500;

/**
 * `DutyRepo` on TypeORM: one `duty` row per obligation, claimed by the sweep through its index.
 * The repository lives for one transaction and remembers each row it read or wrote (`seen`), so
 * `update` writes only the columns that changed since; a duty it has not seen is written whole.
 */
export class TypeormDutyRepo implements DutyRepo {
  private readonly seen = new Map<number, DutyColumns>();
  constructor(private readonly ctx: RepoContext) {}

  private remember(rows: DutyEntity[]): Duty[] {
    return rows.map((r) => {
      const { id, ...columns } = r;
      this.seen.set(id, columns);
      return dutyFromRow(r);
    });
  }

  async insert(duty: NewDuty & { step: number; nextActionAt?: number }): Promise<Duty> {
    const record: Omit<Duty, 'id'> = { ...duty, status: 'open' };
    const id = insertedId(await this.ctx.em.insert(DutyEntity, dutyToRow(record)));
    return this.remember([{ id, ...dutyToRow(record) }])[0]!;
  }

  /**
   * `insert` for many duties in multi-row INSERTs (PostgreSQL `unnest(…)` in their order, SQLite
   * `VALUES` lists of 500 rows), `RETURNING id`; ids are handed out in the duties' order.
   */
  async insertMany(duties: Array<NewDuty & { step: number; nextActionAt?: number }>): Promise<Duty[]> {
    const rows = duties.map((d) => dutyToRow({ ...d, status: 'open' }));
    const names = FIELDS.map((f) => COLUMNS[f].name).join(', ');
    const ids: number[] = [];
    for (let i = 0; i < rows.length; i += UPDATE_CHUNK) {
      const part = rows.slice(i, i + UPDATE_CHUNK);
      const { rows: back } =
        this.ctx.dialect === 'postgres'
          ? await runRaw(
              this.ctx,
              `INSERT INTO duty (${names}) SELECT ${names} FROM unnest(${FIELDS.map((f, k) => `$${k + 1}::${COLUMNS[f].pg}[]`).join(', ')}) WITH ORDINALITY AS t(${names}, n) ORDER BY n RETURNING id`,
              FIELDS.map((f) => part.map((r) => r[f])),
            )
          : await runRaw(this.ctx, `INSERT INTO duty (${names}) VALUES ${valuesList(part.length, FIELDS.length)} RETURNING id`, part.flatMap((r) => FIELDS.map((f) => r[f])));
      // Ids grow in the order the rows were inserted, whatever order RETURNING lists them in.
      ids.push(...back.map((r) => Number(r['id'])).sort((a, b) => a - b));
    }
    if (ids.length !== rows.length) throw new Error(`inserted ${ids.length} duties of ${rows.length}`);
    return this.remember(rows.map((r, i) => ({ id: ids[i]!, ...r })));
  }

  async update(duty: Duty): Promise<void> {
    await this.updateMany([duty]);
  }

  /**
   * Writes each duty's changed columns: the duties that changed the same columns share one
   * multi-row UPDATE (PostgreSQL `FROM unnest(…)`, SQLite `FROM (VALUES …)`); a duty with no
   * change writes nothing. Throws when a duty's row does not exist.
   */
  async updateMany(duties: Duty[]): Promise<void> {
    const groups = new Map<string, { fields: Field[]; rows: Array<{ id: number; columns: DutyColumns }> }>();
    for (const duty of duties) {
      const columns = dutyToRow(duty);
      const before = this.seen.get(duty.id);
      const fields = before ? FIELDS.filter((f) => before[f] !== columns[f]) : FIELDS;
      if (fields.length === 0) continue;
      const sig = fields.join(',');
      const group = groups.get(sig) ?? { fields, rows: [] };
      group.rows.push({ id: duty.id, columns });
      groups.set(sig, group);
    }
    for (const { fields, rows } of groups.values()) {
      for (let i = 0; i < rows.length; i += UPDATE_CHUNK) {
        const part = rows.slice(i, i + UPDATE_CHUNK);
        const affected = await this.updateRows(fields, part);
        if (affected !== part.length) {
          const missing = part.length === 1 ? `duty ${part[0]!.id}` : `one of duties ${part.map((r) => r.id).join(', ')}`;
          throw new Error(`${missing} not found`);
        }
        for (const r of part) this.seen.set(r.id, r.columns);
      }
    }
  }

  /** One UPDATE of `fields` for `rows`; the number of rows it changed. */
  private async updateRows(fields: Field[], rows: Array<{ id: number; columns: DutyColumns }>): Promise<number> {
    const set = fields.map((f) => `${COLUMNS[f].name} = v.${COLUMNS[f].name}`).join(', ');
    const names = ['id', ...fields.map((f) => COLUMNS[f].name)].join(', ');
    if (this.ctx.dialect === 'postgres') {
      const arrays = fields.map((f, i) => `$${i + 2}::${COLUMNS[f].pg}[]`);
      const sql = `UPDATE duty AS d SET ${set} FROM unnest($1::int4[], ${arrays.join(', ')}) AS v(${names}) WHERE d.id = v.id`;
      return (await runRaw(this.ctx, sql, [rows.map((r) => r.id), ...fields.map((f) => rows.map((r) => r.columns[f]))])).affected;
    }
    const sql = `WITH v(${names}) AS (VALUES ${valuesList(rows.length, fields.length + 1)}) UPDATE duty SET ${set} FROM v WHERE duty.id = v.id`;
    return (await runRaw(this.ctx, sql, rows.flatMap((r) => [r.id, ...fields.map((f) => r.columns[f])]))).affected;
  }

  /** Open duties of one person, earliest due first (index on (person, status)). */
  async openForPerson(person: PersonId): Promise<Duty[]> {
    const rows = await this.ctx.em.find(DutyEntity, {
      where: { person, status: 'open' },
      order: { dueAt: 'ASC', id: 'ASC' },
    });
    return this.remember(rows);
  }

  /** Open duties about one notice or form, in id order (index on (subject_kind, subject_id)). */
  async openForSubject(kind: 'notice' | 'form' | 'feedback' | 'task' | 'report', id: number): Promise<Duty[]> {
    const rows = await this.ctx.em.find(DutyEntity, {
      where: { subjectKind: kind, subjectId: id, status: 'open' },
      order: { id: 'ASC' },
    });
    return this.remember(rows);
  }

  /** `COUNT(DISTINCT person)` of the subject's open duties, on idx_duty_subject; nothing is loaded. */
  async countOpenPeople(kind: 'notice' | 'form' | 'feedback' | 'task' | 'report', id: number): Promise<number> {
    const p = (n: number) => param(this.ctx.dialect, n);
    const { rows } = await runRaw(this.ctx, `SELECT COUNT(DISTINCT person) AS n FROM duty WHERE subject_kind = ${p(1)} AND subject_id = ${p(2)} AND status = 'open'`, [kind, id]);
    return Number(rows[0]?.['n'] ?? 0);
  }

  async byId(id: number): Promise<Duty | undefined> {
    const row = await this.ctx.em.findOneBy(DutyEntity, { id });
    return row ? this.remember([row])[0] : undefined;
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
    const [sql, params] = this.claimDueQuery(now, limit).getQueryAndParameters();
    const { rows } = await runRaw(this.ctx, sql, params);
    return this.remember(rows.map(rawDuty));
  }

  /**
   * The query `claimDue` runs, in raw SQL (TypeORM's entity hydration was a tenth of the sweep's
   * time); exposed for the EXPLAIN test and the benchmark.
   */
  claimDueQuery(now: number, limit: number): { getQueryAndParameters(): [string, unknown[]] } {
    const lock = this.ctx.dialect === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : '';
    const columns = ['id', ...FIELDS.map((f) => COLUMNS[f].name)].join(', ');
    const sql = `SELECT ${columns} FROM duty d WHERE d.next_action_at <= ${param(this.ctx.dialect, 1)} ORDER BY d.next_action_at, d.id LIMIT ${Math.max(0, Math.floor(limit))}${lock}`;
    return { getQueryAndParameters: () => [sql, [now]] };
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
  async forSubjects(kind: 'notice' | 'form' | 'feedback' | 'task' | 'report', ids: number[]): Promise<Duty[]> {
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

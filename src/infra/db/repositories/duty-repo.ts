import type { DutyRepo } from '../../../app/ports.js';
import { DUTY_STATUSES, type Duty, type DutyOutcomeFields, type DutyPosition, type NewDuty, type ScheduledDuty } from '../../../domain/duty/duty.js';
import type { DutyRule } from '../../../domain/policy.js';
import type { PersonId } from '../../../domain/org.js';
import { DutyEntity } from '../entities/duty.entity.js';
import { chunks } from './chunks.js';
import { dutyFromRow, dutyToRow } from './duty-mapper.js';
import { dropEmpty, insertedId, param, type RepoContext } from './row-mapping.js';
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
  doneAt: { name: 'done_at', pg: 'int8' }, violationId: { name: 'violation_id', pg: 'int4' },
};
const FIELDS = Object.keys(COLUMNS) as Field[];
const INT8 = new Set<Field>(['createdAt', 'dueAt', 'doneAt']);

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
 * `DutyRepo` on TypeORM: one `duty` row per obligation, and its next step in `duty_next_step`,
 * the queue the sweep claims from (duty-next-step.entity.ts).
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

  async insert(duty: NewDuty & DutyPosition): Promise<ScheduledDuty> {
    const { step, nextActionAt, ...rest } = duty;
    const record: Omit<Duty, 'id'> = { ...rest, status: 'open' };
    const id = insertedId(await this.ctx.em.insert(DutyEntity, dutyToRow(record)));
    const saved = withPosition(this.remember([{ id, ...dutyToRow(record) }])[0]!, { step, nextActionAt });
    await this.schedule([saved]);
    return saved;
  }

  /**
   * `insert` for many duties in multi-row INSERTs (PostgreSQL `unnest(…)` in their order, SQLite
   * `VALUES` lists of 500 rows), `RETURNING id`; ids are handed out in the duties' order.
   */
  async insertMany(duties: Array<NewDuty & DutyPosition>): Promise<ScheduledDuty[]> {
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
    const saved = this.remember(rows.map((r, i) => ({ id: ids[i]!, ...r }))).map((d, i) => withPosition(d, duties[i]!));
    await this.schedule(saved);
    return saved;
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
   * The due next steps, earliest first, each with its duty: `WHERE s.at <= :now ORDER BY s.at,
   * s.duty_id LIMIT :limit`, plus `FOR UPDATE SKIP LOCKED` on PostgreSQL (it locks the step and its
   * duty) so that concurrent sweeps (two ticks, several instances) take disjoint steps and an
   * acknowledgement in progress is skipped, not waited for. Then the claimed steps are deleted: the
   * sweep queues each duty's following step (`schedule`) in the same transaction. Plans seen with
   * 6,000 duties of which 2,000 due (test/integration/store/claim-due.test.ts checks them):
   *   PostgreSQL 15: Limit → LockRows → Nested Loop → Index Scan using the duty_next_step primary key
   *   SQLite 3.53:   SEARCH s USING PRIMARY KEY (at<?), SEARCH d USING INTEGER PRIMARY KEY (rowid=?)
   * No sort step on either: the (at, duty_id) key yields the order. (With only a handful due,
   * PostgreSQL may pick a bitmap scan and sort those few instead: as cheap, and still only the due range.)
   */
  async claimDue(now: number, limit: number): Promise<{ claimed: number; duties: ScheduledDuty[] }> {
    const [sql, params] = this.claimDueQuery(now, limit).getQueryAndParameters();
    const { rows } = await runRaw(this.ctx, sql, params);
    if (rows.length === 0) return { claimed: 0, duties: [] };
    const steps = rows.map((r) => ({ at: Number(r['step_at']), dutyId: Number(r['id']) }));
    const deleted =
      this.ctx.dialect === 'postgres'
        ? await runRaw(this.ctx, 'DELETE FROM duty_next_step s USING unnest($1::int8[], $2::int4[]) AS k(at, duty_id) WHERE s.at = k.at AND s.duty_id = k.duty_id', [steps.map((k) => k.at), steps.map((k) => k.dutyId)])
        : await runRaw(this.ctx, `DELETE FROM duty_next_step WHERE (at, duty_id) IN (VALUES ${valuesList(steps.length, 2)})`, steps.flatMap((k) => [k.at, k.dutyId]));
    if (deleted.affected !== steps.length) throw new Error(`claimed ${steps.length} next steps, deleted ${deleted.affected}`);
    const open = rows.filter((r) => r['status'] === 'open');
    const duties = this.remember(open.map(rawDuty)).map((d, i) => withPosition(d, { step: Number(open[i]!['step_index']), nextActionAt: Number(open[i]!['step_at']) }));
    return { claimed: rows.length, duties };
  }

  /**
   * The query `claimDue` runs, in raw SQL (TypeORM's entity hydration was a tenth of the sweep's
   * time); exposed for the EXPLAIN test and the benchmark.
   */
  claimDueQuery(now: number, limit: number): { getQueryAndParameters(): [string, unknown[]] } {
    const lock = this.ctx.dialect === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : '';
    const columns = ['id', ...FIELDS.map((f) => COLUMNS[f].name)].map((c) => `d.${c}`).join(', ');
    const sql =
      `SELECT s.at AS step_at, s.step AS step_index, ${columns} FROM duty_next_step s JOIN duty d ON d.id = s.duty_id ` +
      `WHERE s.at <= ${param(this.ctx.dialect, 1)} ORDER BY s.at, s.duty_id LIMIT ${Math.max(0, Math.floor(limit))}${lock}`;
    return { getQueryAndParameters: () => [sql, [now]] };
  }

  /** One multi-row INSERT of the next steps (PostgreSQL `unnest`, SQLite `VALUES` lists of 500). */
  async schedule(duties: ScheduledDuty[]): Promise<void> {
    const next = duties.filter((d): d is ScheduledDuty & { nextActionAt: number } => d.nextActionAt !== undefined);
    for (let i = 0; i < next.length; i += UPDATE_CHUNK) {
      const part = next.slice(i, i + UPDATE_CHUNK);
      if (this.ctx.dialect === 'postgres') {
        await runRaw(this.ctx, 'INSERT INTO duty_next_step (at, duty_id, step) SELECT * FROM unnest($1::int8[], $2::int4[], $3::int4[])', [part.map((d) => d.nextActionAt), part.map((d) => d.id), part.map((d) => d.step)]);
      } else {
        await runRaw(this.ctx, `INSERT INTO duty_next_step (at, duty_id, step) VALUES ${valuesList(part.length, 3)}`, part.flatMap((d) => [d.nextActionAt, d.id, d.step]));
      }
    }
  }

  /**
   * The earliest next step of an open duty, undefined when none is pending: the queue's first
   * entries in key order, past any left by settled duties (claimDue drops those when they come due).
   */
  async earliestAction(): Promise<number | undefined> {
    const { rows } = await runRaw(this.ctx, `SELECT s.at AS at FROM duty_next_step s JOIN duty d ON d.id = s.duty_id WHERE d.status = 'open' ORDER BY s.at, s.duty_id LIMIT 1`);
    // pg returns int8 as a string; SQLite returns a number.
    return rows[0] ? Number(rows[0]['at']) : undefined;
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

  /** See the port: every status named, so that idx_duty_status_due_at serves it as one range per status. */
  async dueBetween(from: number, to: number, rules: readonly DutyRule[]): Promise<DutyOutcomeFields[]> {
    if (rules.length === 0) return [];
    const p = (n: number) => param(this.ctx.dialect, n);
    const statuses = DUTY_STATUSES.map((_, i) => p(i + 1));
    const r0 = DUTY_STATUSES.length + 3;
    // Raw SQL and the few columns judged: 8,000 duties hydrated as entities took 45 ms of the
    // dashboard's cold 月度考评 (eighth session).
    const sql =
      `SELECT id, person, rule, status, due_at, done_at, violation_id FROM duty WHERE status IN (${statuses.join(', ')}) ` +
      `AND due_at >= ${p(DUTY_STATUSES.length + 1)} AND due_at < ${p(DUTY_STATUSES.length + 2)} AND rule IN (${rules.map((_, i) => p(r0 + i)).join(', ')}) ORDER BY id`;
    const { rows } = await runRaw(this.ctx, sql, [...DUTY_STATUSES, from, to, ...rules]);
    return rows.map((r) =>
      dropEmpty<DutyOutcomeFields>({
        id: Number(r['id']),
        person: String(r['person']),
        rule: String(r['rule']) as DutyRule,
        status: String(r['status']) as DutyOutcomeFields['status'],
        dueAt: Number(r['due_at']),
        doneAt: r['done_at'] === null ? undefined : Number(r['done_at']),
        violationId: r['violation_id'] === null ? undefined : Number(r['violation_id']),
      }),
    );
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

/** The duty with its position; `nextActionAt` absent when nothing remains. */
function withPosition(duty: Duty, pos: DutyPosition): ScheduledDuty {
  return pos.nextActionAt === undefined ? { ...duty, step: pos.step } : { ...duty, step: pos.step, nextActionAt: pos.nextActionAt };
}

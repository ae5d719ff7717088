import type { TaskRepo } from '../../../app/ports.js';
import type { NewTask, Task } from '../../../domain/task/task.js';
import type { PersonId } from '../../../domain/org.js';
import { TaskEntity } from '../entities/task.entity.js';
import { dropEmpty, expectOne, insertedId, nul, param, type RepoContext } from './row-mapping.js';

function fromRow(r: TaskEntity): Task {
  return dropEmpty<Task>({
    id: r.id,
    number: r.number ?? '',
    from: r.fromPerson,
    text: r.text,
    dueAt: r.dueAt,
    createdAt: r.createdAt,
    dept: r.dept ?? undefined,
    state: r.state,
    assignees: r.assignees,
  });
}

function toRow(t: NewTask): Omit<TaskEntity, 'id' | 'number'> {
  return { fromPerson: t.from, text: t.text, dueAt: t.dueAt, createdAt: t.createdAt, dept: nul(t.dept), state: t.state, assignees: t.assignees };
}

/** `TaskRepo` on TypeORM: `task` rows and the gapless monthly `task_sequence`. */
export class TypeormTaskRepo implements TaskRepo {
  constructor(private readonly ctx: RepoContext) {}

  /** Inserts, then sets the number in the same transaction. */
  async insert(t: NewTask, number: string): Promise<Task> {
    const { em } = this.ctx;
    const id = insertedId(await em.insert(TaskEntity, { ...toRow(t), number: null }));
    await em.update(TaskEntity, { id }, { number });
    return { ...t, id, number };
  }

  async update(t: Task): Promise<void> {
    expectOne(await this.ctx.em.update(TaskEntity, { id: t.id }, toRow(t)), `task ${t.id}`);
  }

  /** PostgreSQL: `SELECT … FOR UPDATE`. SQLite: a plain read; its transactions are serial already. */
  async byNumberForUpdate(number: string): Promise<Task | undefined> {
    const n = number.trim().toUpperCase();
    if (this.ctx.dialect === 'sqlite') return this.byNumber(n);
    const row = await this.ctx.em.createQueryBuilder(TaskEntity, 't').where('t.number = :n', { n }).setLock('pessimistic_write').getOne();
    return row ? fromRow(row) : undefined;
  }

  async byNumber(number: string): Promise<Task | undefined> {
    const row = await this.ctx.em.findOneBy(TaskEntity, { number: number.trim().toUpperCase() });
    return row ? fromRow(row) : undefined;
  }

  async byId(id: number): Promise<Task | undefined> {
    const row = await this.ctx.em.findOneBy(TaskEntity, { id });
    return row ? fromRow(row) : undefined;
  }

  async openFrom(person: PersonId): Promise<Task[]> {
    const rows = await this.ctx.em.find(TaskEntity, { where: { fromPerson: person, state: 'open' }, order: { id: 'ASC' } });
    return rows.map(fromRow);
  }

  async dueBetween(from: number, to: number): Promise<Task[]> {
    const rows = await this.ctx.em
      .createQueryBuilder(TaskEntity, 't')
      .where('t.dueAt >= :from', { from })
      .andWhere('t.dueAt < :to', { to })
      .orderBy('t.id', 'ASC')
      .getMany();
    return rows.map(fromRow);
  }

  /**
   * The next gapless number of a local month (`YYYYMM`), from 1. The counter row stays locked
   * until the transaction ends, so a rollback leaves no gap and concurrent superiors queue.
   */
  async nextSequence(month: string): Promise<number> {
    const { em, dialect } = this.ctx;
    const sql =
      `INSERT INTO task_sequence (month, "last") VALUES (${param(dialect, 1)}, 1) ` +
      `ON CONFLICT (month) DO UPDATE SET "last" = task_sequence."last" + 1 RETURNING "last"`;
    const rows = await em.query<Array<{ last: number | string }>>(sql, [month]);
    const last = rows[0]?.last;
    if (last === undefined) throw new Error('task_sequence upsert returned no row');
    return Number(last);
  }
}

import type { FeedbackQuery, FeedbackRepo, SimilarCandidate } from '../../../app/feedback/feedback-ports.js';
import type { FeedbackItem } from '../../../domain/feedback/feedback.js';
import { FeedbackItemEntity } from '../entities/feedback-item.entity.js';
import { CandidateWindow, type WindowRow } from './candidate-window.js';
import { chunks } from './chunks.js';
import { feedbackFromRow, feedbackToRow } from './feedback-mapper.js';
import { runRaw, valuesList } from './raw-sql.js';
import { expectOne, insertedId, param, type RepoContext } from './row-mapping.js';

/** `FeedbackRepo` on TypeORM: items in `feedback_item`, daily number counters in `feedback_sequence`. */
export class TypeormFeedbackRepo implements FeedbackRepo {
  /** The similar-item search's answer for the rest of this transaction (candidate-window.ts). */
  private readonly window = new CandidateWindow();

  constructor(private readonly ctx: RepoContext) {}

  /** A savepoint of this transaction was rolled back: what it wrote is gone, and so is what was kept of it. */
  rolledBack(): void {
    this.window.forget();
  }

  async insert(item: Omit<FeedbackItem, 'id'>, sealedSender?: string): Promise<FeedbackItem> {
    const row = { ...feedbackToRow(item), sealedSender: sealedSender ?? null };
    const id = insertedId(await this.ctx.em.insert(FeedbackItemEntity, row));
    this.window.inserted({ id, category: item.category, anonymous: item.anonymous, description: item.description, registeredAt: item.registeredAt });
    return { ...item, id };
  }

  async update(item: FeedbackItem): Promise<void> {
    this.window.forget();
    expectOne(await this.ctx.em.update(FeedbackItemEntity, { id: item.id }, feedbackToRow(item)), `feedback ${item.id}`);
  }

  async byNumber(number: string): Promise<FeedbackItem | undefined> {
    const row = await this.ctx.em.findOneBy(FeedbackItemEntity, { number });
    return row ? feedbackFromRow(row) : undefined;
  }

  async byId(id: number): Promise<FeedbackItem | undefined> {
    const row = await this.ctx.em.findOneBy(FeedbackItemEntity, { id });
    return row ? feedbackFromRow(row) : undefined;
  }

  /** PostgreSQL: `SELECT … FOR UPDATE`. SQLite: a plain read; its transactions are serial already. */
  async getForUpdate(id: number): Promise<FeedbackItem | undefined> {
    if (this.ctx.dialect === 'sqlite') return this.byId(id);
    const row = await this.ctx.em.createQueryBuilder(FeedbackItemEntity, 'f').where('f.id = :id', { id }).setLock('pessimistic_write').getOne();
    return row ? feedbackFromRow(row) : undefined;
  }

  async getManyForUpdate(ids: number[]): Promise<FeedbackItem[]> {
    if (ids.length === 0) return [];
    const qb = this.ctx.em.createQueryBuilder(FeedbackItemEntity, 'f').where('f.id IN (:...ids)', { ids }).orderBy('f.id', 'ASC');
    if (this.ctx.dialect === 'postgres') qb.setLock('pessimistic_write');
    return (await qb.getMany()).map(feedbackFromRow);
  }

  /** Items matching every given criterion, in id order (ranges on indexed registered_at; resolved_at scans). */
  async list(q: FeedbackQuery): Promise<FeedbackItem[]> {
    const qb = this.ctx.em.createQueryBuilder(FeedbackItemEntity, 'f').orderBy('f.id', 'ASC');
    for (const [key, list] of [['states', q.states], ['categories', q.categories]] as const) {
      if (list === undefined) continue;
      if (list.length === 0) return [];
      qb.andWhere(`f.${key === 'states' ? 'state' : 'category'} IN (:...${key})`, { [key]: list });
    }
    if (q.number !== undefined) qb.andWhere('f.number = :number', { number: q.number });
    if (q.dept !== undefined) qb.andWhere('f.dept = :dept', { dept: q.dept });
    if (q.owner !== undefined) qb.andWhere('f.owner = :owner', { owner: q.owner });
    if (q.submitter !== undefined) qb.andWhere('f.submitter = :submitter', { submitter: q.submitter });
    if (q.anonymous !== undefined) qb.andWhere('f.anonymous = :anonymous', { anonymous: q.anonymous });
    if (q.registeredFrom !== undefined) qb.andWhere('f.registeredAt >= :rf', { rf: q.registeredFrom });
    if (q.registeredTo !== undefined) qb.andWhere('f.registeredAt < :rt', { rt: q.registeredTo });
    if (q.resolvedFrom !== undefined) qb.andWhere('f.resolvedAt >= :sf', { sf: q.resolvedFrom });
    if (q.resolvedTo !== undefined) qb.andWhere('f.resolvedAt < :st', { st: q.resolvedTo });
    return (await qb.getMany()).map(feedbackFromRow);
  }

  /** Raw SQL on the registered_at index: the search reads four columns of every item in its window. */
  async similarCandidates(registeredFrom: number, anonymous: boolean, limit: number): Promise<SimilarCandidate[]> {
    const n = Math.max(1, Math.floor(limit));
    const kept = this.window.get(registeredFrom, anonymous, n);
    if (kept) return kept;
    const { dialect } = this.ctx;
    const sql =
      `SELECT id, category, anonymous, description, registered_at FROM feedback_item WHERE registered_at >= ${param(dialect, 1)} AND anonymous = ${param(dialect, 2)} ` +
      `ORDER BY id DESC LIMIT ${param(dialect, 3)}`;
    type Row = { id: number | string; category: string; anonymous: boolean | number; description: string; registered_at: number | string };
    const rows = (await this.ctx.em.query<Row[]>(sql, [registeredFrom, dialect === 'sqlite' ? Number(anonymous) : anonymous, n])).reverse();
    const found: WindowRow[] = rows.map((r) => ({ id: Number(r.id), category: r.category as SimilarCandidate['category'], anonymous: Boolean(r.anonymous), description: r.description, registeredAt: Number(r.registered_at) }));
    this.window.keep(registeredFrom, anonymous, n, found);
    return [...found];
  }

  /** One multi-row UPDATE per 500 items (PostgreSQL `FROM unnest(…)`, SQLite `FROM (VALUES …)`), `RETURNING id` to find a missing one. */
  async updateLinks(items: Array<Pick<FeedbackItem, 'id' | 'links' | 'priority'>>): Promise<void> {
    for (let i = 0; i < items.length; i += 500) {
      const part = items.slice(i, i + 500);
      const values = part.map((it) => [it.id, JSON.stringify(it.links), it.priority]);
      const result =
        this.ctx.dialect === 'postgres'
          ? await runRaw(
              this.ctx,
              'UPDATE feedback_item AS f SET links = v.links, priority = v.priority FROM unnest($1::int4[], $2::text[], $3::varchar[]) AS v(id, links, priority) WHERE f.id = v.id RETURNING f.id AS id',
              [0, 1, 2].map((k) => values.map((v) => v[k])),
            )
          : await runRaw(
              this.ctx,
              `WITH v(id, links, priority) AS (VALUES ${valuesList(part.length, 3)}) UPDATE feedback_item SET links = v.links, priority = v.priority FROM v WHERE feedback_item.id = v.id RETURNING feedback_item.id AS id`,
              values.flat(),
            );
      const found = new Set(result.rows.map((r) => Number(r['id'])));
      for (const it of part) expectOne({ affected: found.has(it.id) ? 1 : 0 }, `feedback ${it.id}`);
    }
  }

  async sealedSenders(ids: number[]): Promise<Map<number, string>> {
    const out = new Map<number, string>();
    for (const part of chunks(ids)) {
      const rows = await this.ctx.em
        .createQueryBuilder(FeedbackItemEntity, 'f')
        .select(['f.id', 'f.sealedSender'])
        .where('f.id IN (:...part)', { part })
        .andWhere('f.sealedSender IS NOT NULL')
        .getMany();
      for (const r of rows) if (r.sealedSender) out.set(r.id, r.sealedSender);
    }
    return out;
  }

  /** `auto_close_at <= now` on its index, oldest first; SKIP LOCKED on PostgreSQL. */
  async claimAutoClose(now: number, limit: number): Promise<FeedbackItem[]> {
    const qb = this.ctx.em
      .createQueryBuilder(FeedbackItemEntity, 'f')
      .where('f.autoCloseAt <= :now', { now })
      .andWhere('f.state IN (:...states)', { states: ['resolved', 'unresolvable'] })
      .orderBy('f.autoCloseAt', 'ASC')
      .addOrderBy('f.id', 'ASC')
      .limit(limit);
    if (this.ctx.dialect === 'postgres') qb.setLock('pessimistic_write').setOnLocked('skip_locked');
    return (await qb.getMany()).map(feedbackFromRow);
  }

  /** One upsert … RETURNING on both dialects; the counter row stays locked until commit (see FormRepo). */
  async nextSequence(day: string): Promise<number> {
    const { em, dialect } = this.ctx;
    const sql =
      `INSERT INTO feedback_sequence (day, "last") VALUES (${param(dialect, 1)}, 1) ` +
      `ON CONFLICT (day) DO UPDATE SET "last" = feedback_sequence."last" + 1 RETURNING "last"`;
    const rows = await em.query<Array<{ last: number | string }>>(sql, [day]);
    const last = rows[0]?.last;
    if (last === undefined) throw new Error('feedback_sequence upsert returned no row');
    return Number(last);
  }
}

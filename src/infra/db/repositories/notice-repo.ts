import type { NoticeRepo } from '../../../app/ports.js';
import { noticeRef, type Notice } from '../../../domain/notice.js';
import { NoticeEntity } from '../entities/notice.entity.js';
import type { NoticeProgress } from '../../../domain/notice-progress.js';
import { runRaw } from './raw-sql.js';
import { dropEmpty, insertedId, nul, param, type RepoContext } from './row-mapping.js';

export function noticeFromRow(r: NoticeEntity): Notice {
  return dropEmpty<Notice>({
    id: r.id,
    ref: r.ref ?? noticeRef(r.id),
    kind: r.kind,
    from: r.fromPerson,
    text: r.text,
    recipients: r.recipients,
    dept: r.dept ?? undefined,
    createdAt: r.createdAt,
  });
}

/** `NoticeRepo` on TypeORM: `notice` rows with their stored `TZ<id>` reference. */
export class TypeormNoticeRepo implements NoticeRepo {
  constructor(private readonly ctx: RepoContext) {}

  /** Inserts, then sets `ref = TZ<id>` in the same transaction: the ref needs the generated id. */
  async insert(n: Omit<Notice, 'id' | 'ref'>): Promise<Notice> {
    const { em } = this.ctx;
    const id = insertedId(
      await em.insert(NoticeEntity, {
        ref: null,
        kind: n.kind,
        fromPerson: n.from,
        text: n.text,
        recipients: n.recipients,
        dept: nul(n.dept),
        createdAt: n.createdAt,
      }),
    );
    const ref = noticeRef(id);
    await em.update(NoticeEntity, { id }, { ref });
    return { ...n, id, ref };
  }

  /** Exact match on the stored ref after trimming and upper-casing (`tz12` finds `TZ12`). */
  async byRef(ref: string): Promise<Notice | undefined> {
    const row = await this.ctx.em.findOneBy(NoticeEntity, { ref: ref.trim().toUpperCase() });
    return row ? noticeFromRow(row) : undefined;
  }

  async byId(id: number): Promise<Notice | undefined> {
    const row = await this.ctx.em.findOneBy(NoticeEntity, { id });
    return row ? noticeFromRow(row) : undefined;
  }

  async progress(id: number): Promise<NoticeProgress & { unacknowledged: number }> {
    const p = (n: number) => param(this.ctx.dialect, n);
    const open = `SELECT COUNT(DISTINCT d.person) FROM duty d WHERE d.subject_kind = 'notice' AND d.subject_id = n.id AND d.status IN ('open', 'cancelled')`;
    const { rows } = await runRaw(this.ctx, `SELECT n.progress_reported AS r, n.progress_at AS a, n.progress_due_at AS d, (${open}) AS o FROM notice n WHERE n.id = ${p(1)}`, [id]);
    const row = rows[0];
    if (!row) throw new Error(`notice ${id} not found`);
    return { ...dropEmpty<NoticeProgress>({ reported: Number(row['r']), reportedAt: row['a'] === null ? undefined : Number(row['a']), dueAt: row['d'] === null ? undefined : Number(row['d']) }), unacknowledged: Number(row['o']) };
  }

  /** `UPDATE … WHERE progress_at IS <lastAt>`: on PostgreSQL a racing transaction waits for the row, then sees the new value and changes nothing. */
  async reportProgress(id: number, lastAt: number | undefined, reported: number, at: number): Promise<boolean> {
    const p = (n: number) => param(this.ctx.dialect, n);
    const last = lastAt === undefined ? 'progress_at IS NULL' : `progress_at = ${p(4)}`;
    const { affected } = await runRaw(
      this.ctx,
      `UPDATE notice SET progress_reported = ${p(1)}, progress_at = ${p(2)}, progress_due_at = NULL WHERE id = ${p(3)} AND ${last}`,
      lastAt === undefined ? [reported, at, id] : [reported, at, id, lastAt],
    );
    return affected > 0;
  }

  async holdProgress(id: number, dueAt: number): Promise<void> {
    const p = (n: number) => param(this.ctx.dialect, n);
    // Most acknowledgements of a large notice find the mark already set and change nothing.
    await runRaw(this.ctx, `UPDATE notice SET progress_due_at = ${p(1)} WHERE id = ${p(2)} AND (progress_due_at IS NULL OR progress_due_at > ${p(3)})`, [dueAt, id, dueAt]);
  }

  async progressDue(now: number, limit: number): Promise<number[]> {
    const p = (n: number) => param(this.ctx.dialect, n);
    const { rows } = await runRaw(this.ctx, `SELECT id FROM notice WHERE progress_due_at <= ${p(1)} ORDER BY progress_due_at, id LIMIT ${p(2)}`, [now, limit]);
    return rows.map((r) => Number(r['id']));
  }
}

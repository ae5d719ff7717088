import type { NoticeRepo } from '../../../app/ports.js';
import { noticeRef, type Notice } from '../../../domain/notice.js';
import { NoticeEntity } from '../entities/notice.entity.js';
import { dropEmpty, insertedId, nul, type RepoContext } from './row-mapping.js';

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
}

import { In } from 'typeorm';
import type { ReadReceiptRepo, ReadWatchRepo } from '../../../app/ports.js';
import type { PersonId } from '../../../domain/org.js';
import type { NewReadWatch, ReadReceipt, ReadWatch } from '../../../domain/read-receipt.js';
import { ReadReceiptEntity } from '../entities/read-receipt.entity.js';
import { ReadWatchEntity } from '../entities/read-watch.entity.js';
import { chunks } from './chunks.js';
import type { RepoContext } from './row-mapping.js';

/** `ReadReceiptRepo` on TypeORM: `INSERT OR IGNORE` / `ON CONFLICT DO NOTHING` keeps the first read. */
export class TypeormReadReceiptRepo implements ReadReceiptRepo {
  constructor(private readonly ctx: RepoContext) {}

  async record(r: ReadReceipt): Promise<boolean> {
    if (await this.ctx.em.existsBy(ReadReceiptEntity, { noticeId: r.noticeId, person: r.person })) return false;
    // A concurrent writer of the same read loses quietly (the first read stays).
    await this.ctx.em.createQueryBuilder().insert().into(ReadReceiptEntity).values({ ...r }).orIgnore().updateEntity(false).execute();
    return true;
  }

  async forNotices(noticeIds: number[]): Promise<ReadReceipt[]> {
    const out: ReadReceipt[] = [];
    for (const part of chunks(noticeIds)) {
      const rows = await this.ctx.em.find(ReadReceiptEntity, { where: { noticeId: In(part) }, order: { readAt: 'ASC' } });
      out.push(...rows.map((r) => ({ noticeId: r.noticeId, person: r.person, platform: r.platform, readAt: r.readAt })));
    }
    return out;
  }
}

const toWatch = (r: ReadWatchEntity): ReadWatch => ({
  id: r.id,
  platform: r.platform,
  noticeId: r.noticeId,
  handle: r.handle,
  channel: r.channel,
  readers: JSON.parse(r.readers) as Record<string, PersonId>,
  until: r.until,
  nextPollAt: r.nextPollAt,
  createdAt: r.createdAt,
});

/** `ReadWatchRepo` on TypeORM; `due` reads by the (platform, next_poll_at) index. */
export class TypeormReadWatchRepo implements ReadWatchRepo {
  constructor(private readonly ctx: RepoContext) {}

  async add(w: NewReadWatch): Promise<ReadWatch> {
    const row = this.ctx.em.create(ReadWatchEntity, { ...w, readers: JSON.stringify(w.readers) });
    const saved = await this.ctx.em.save(row);
    return toWatch(saved);
  }

  async due(platform: string, now: number, limit: number): Promise<ReadWatch[]> {
    const rows = await this.ctx.em
      .createQueryBuilder(ReadWatchEntity, 'w')
      .where('w.platform = :platform AND w.next_poll_at <= :now', { platform, now })
      .orderBy('w.next_poll_at', 'ASC')
      .addOrderBy('w.id', 'ASC')
      .limit(limit)
      .getMany();
    return rows.map(toWatch);
  }

  async byHandles(platform: string, handles: string[]): Promise<ReadWatch[]> {
    const out: ReadWatch[] = [];
    for (const part of chunks(handles)) out.push(...(await this.ctx.em.find(ReadWatchEntity, { where: { platform, handle: In(part) }, order: { id: 'ASC' } })).map(toWatch));
    return out;
  }

  async update(id: number, change: { readers: Record<string, PersonId>; nextPollAt: number }): Promise<void> {
    await this.ctx.em.update(ReadWatchEntity, { id }, { readers: JSON.stringify(change.readers), nextPollAt: change.nextPollAt });
  }

  async remove(id: number): Promise<void> {
    await this.ctx.em.delete(ReadWatchEntity, { id });
  }
}

import type { OutboxRepo, OutboxRow, OutboxStatus } from '../../../app/ports.js';
import type { OutgoingMessage } from '../../../domain/message.js';
import { OutboxEntity } from '../entities/outbox.entity.js';
import { dropEmpty, expectOne, nul, type RepoContext } from './row-mapping.js';

function fromRow(r: OutboxEntity): OutboxRow {
  return dropEmpty<OutboxRow>({
    ...r,
    sentAt: r.sentAt ?? undefined,
    platformMessageId: r.platformMessageId ?? undefined,
    lastError: r.lastError ?? undefined,
  });
}

/** `OutboxRepo` on TypeORM: messages committed with their cause, sent later by the dispatcher. */
export class TypeormOutboxRepo implements OutboxRepo {
  constructor(private readonly ctx: RepoContext) {}

  /**
   * One multi-row `INSERT … ON CONFLICT DO NOTHING` (PostgreSQL) / `INSERT OR IGNORE` (SQLite):
   * a key already stored, or repeated within the batch, is skipped. New rows are `pending`, with
   * no attempts, due at `now`. `updateEntity(false)`: skipped rows return no id, so TypeORM must
   * not try to match returned ids to the values.
   */
  async enqueue(messages: OutgoingMessage[], now: number): Promise<void> {
    if (messages.length === 0) return;
    const rows = messages.map((m) => ({
      key: m.key,
      to: m.to,
      view: m.view,
      createdAt: now,
      status: 'pending' as const,
      attempts: 0,
      nextAttemptAt: now,
      sentAt: null,
      platformMessageId: null,
      lastError: null,
    }));
    await this.ctx.em.createQueryBuilder().insert().into(OutboxEntity).values(rows).orIgnore().updateEntity(false).execute();
  }

  /**
   * Pending rows due by `now`, in id order. On PostgreSQL the rows are also locked with
   * `FOR UPDATE SKIP LOCKED`, so dispatchers on several instances that claim and send inside one
   * transaction never pick the same row.
   */
  async due(now: number, limit: number): Promise<OutboxRow[]> {
    const qb = this.ctx.em
      .createQueryBuilder(OutboxEntity, 'o')
      .where('o.status = :pending', { pending: 'pending' })
      .andWhere('o.nextAttemptAt <= :now', { now })
      .orderBy('o.id', 'ASC')
      .limit(limit);
    if (this.ctx.dialect === 'postgres') qb.setLock('pessimistic_write').setOnLocked('skip_locked');
    return (await qb.getMany()).map(fromRow);
  }

  /** Writes every field except `id`, `key` and `createdAt`, which never change. */
  async update(row: OutboxRow): Promise<void> {
    const result = await this.ctx.em.update(
      OutboxEntity,
      { id: row.id },
      {
        to: row.to,
        view: row.view,
        status: row.status,
        attempts: row.attempts,
        nextAttemptAt: row.nextAttemptAt,
        sentAt: nul(row.sentAt),
        platformMessageId: nul(row.platformMessageId),
        lastError: nul(row.lastError),
      },
    );
    expectOne(result, `outbox row ${row.id}`);
  }

  async count(status: OutboxStatus): Promise<number> {
    return this.ctx.em.countBy(OutboxEntity, { status });
  }
}

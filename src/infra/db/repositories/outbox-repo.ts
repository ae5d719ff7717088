import type { OutboxRepo, OutboxRow, OutboxStatus } from '../../../app/ports.js';
import type { OutgoingMessage } from '../../../domain/message.js';
import { In } from 'typeorm';
import { conversationKey } from '../../outbox/conversation-key.js';
import { OutboxEntity } from '../entities/outbox.entity.js';
import { chunks } from './chunks.js';
import { headIds, lockClaimable } from './outbox-claim.js';
import { dropEmpty, expectOne, nul, type RepoContext } from './row-mapping.js';

/** The conversation key stays in the table (it is derived from `to`); `inDoubt` false reads as absent. */
function fromRow(r: OutboxEntity): OutboxRow {
  const { conversationKey: _derived, owner: _owner, ...rest } = r;
  return dropEmpty<OutboxRow>({
    ...rest,
    sentAt: r.sentAt ?? undefined,
    platformMessageId: r.platformMessageId ?? undefined,
    lastError: r.lastError ?? undefined,
    leaseUntil: r.leaseUntil ?? undefined,
    firstAttemptAt: r.firstAttemptAt ?? undefined,
    inDoubt: r.inDoubt ? true : undefined,
  });
}

/** The stored form of every field `update` and `complete` write. */
function writable(row: OutboxRow) {
  return {
    to: row.to,
    conversationKey: conversationKey(row.to),
    view: row.view,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.nextAttemptAt,
    sentAt: nul(row.sentAt),
    platformMessageId: nul(row.platformMessageId),
    lastError: nul(row.lastError),
    leaseUntil: nul(row.leaseUntil),
    firstAttemptAt: nul(row.firstAttemptAt),
    inDoubt: row.inDoubt ? true : null,
    // The claim ends with the outcome (`complete`) or with `update`: nobody owns the row then.
    ...(row.status === 'sending' ? {} : { owner: null }),
  };
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
      conversationKey: conversationKey(m.to),
      view: m.view,
      createdAt: now,
      status: 'pending' as const,
      attempts: 0,
      nextAttemptAt: now,
      sentAt: null,
      platformMessageId: null,
      lastError: null,
      leaseUntil: null,
      firstAttemptAt: null,
      inDoubt: null,
      owner: null,
    }));
    // In slices: SQLite allows 32,766 bound parameters per statement, and a row binds 11.
    for (let i = 0; i < rows.length; i += 1000) {
      const slice = rows.slice(i, i + 1000);
      await this.ctx.em.createQueryBuilder().insert().into(OutboxEntity).values(slice).orIgnore().updateEntity(false).execute();
    }
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
    const result = await this.ctx.em.update(OutboxEntity, { id: row.id }, writable(row));
    expectOne(result, `outbox row ${row.id}`);
  }

  async heads(limit: number, now = Date.now()): Promise<OutboxRow[]> {
    const heads = await headIds(this.ctx, limit, now);
    const dead = new Set(heads.filter((h) => h.dead).map((h) => h.id));
    // A claim of a killed instance is ready now: its lease no longer means anything.
    return (await this.load(heads.map((h) => h.id), true)).map((r) => (dead.has(r.id) ? { ...r, leaseUntil: 0 } : r));
  }

  /**
   * Locks the claimable ids (see `lockClaimable`), then one UPDATE takes them: the CASE reads the
   * old status, so a row taken over from an expired `sending` lease is marked in doubt.
   */
  async claim(ids: number[], now: number, leaseMs: number, owner?: string): Promise<OutboxRow[]> {
    const claimed: number[] = [];
    for (const part of chunks(ids)) claimed.push(...(await lockClaimable(this.ctx, part, now)));
    for (const part of chunks(claimed)) {
      await this.ctx.em
        .createQueryBuilder()
        .update(OutboxEntity)
        .set({
          status: 'sending',
          leaseUntil: now + leaseMs,
          owner: owner ?? null,
          attempts: () => 'attempts + 1',
          firstAttemptAt: () => `COALESCE(first_attempt_at, ${Math.floor(now)})`,
          inDoubt: () => `CASE WHEN status = 'sending' THEN TRUE ELSE in_doubt END`,
        })
        .where('id IN (:...part)', { part })
        .execute();
    }
    return this.load(claimed, false);
  }

  /** Fenced by `status = 'sending'` and the claim's `attempts`. */
  async complete(row: OutboxRow): Promise<boolean> {
    const result = await this.ctx.em.update(OutboxEntity, { id: row.id, status: 'sending', attempts: row.attempts }, writable(row));
    return result.affected === 1;
  }

  /** The rows of `ids`, in the order given (`keepOrder`) or in id order. */
  private async load(ids: number[], keepOrder: boolean): Promise<OutboxRow[]> {
    const rows: OutboxEntity[] = [];
    for (const part of chunks(ids)) rows.push(...(await this.ctx.em.findBy(OutboxEntity, { id: In(part) })));
    const byId = new Map(rows.map((r) => [r.id, r]));
    const order = keepOrder ? ids : [...ids].sort((a, b) => a - b);
    return order.flatMap((id) => (byId.has(id) ? [fromRow(byId.get(id)!)] : []));
  }

  async count(status: OutboxStatus): Promise<number> {
    return this.ctx.em.countBy(OutboxEntity, { status });
  }

  /** The given keys that are stored already, in no particular order (unique index ux_outbox_key). */
  async presentKeys(keys: string[]): Promise<string[]> {
    const found: string[] = [];
    for (const part of chunks(keys)) {
      const rows = await this.ctx.em
        .createQueryBuilder(OutboxEntity, 'o')
        .select('o.key', 'key')
        .where('o.key IN (:...part)', { part })
        .getRawMany<{ key: string }>();
      found.push(...rows.map((r) => r.key));
    }
    return found;
  }
}

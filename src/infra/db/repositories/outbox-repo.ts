import type { OutboxRepo, OutboxRow, OutboxStatus } from '../../../app/ports.js';
import type { OutgoingMessage } from '../../../domain/message.js';
import { In } from 'typeorm';
import { conversationKey } from '../../outbox/conversation-key.js';
import { OutboxEntity } from '../entities/outbox.entity.js';
import { chunks } from './chunks.js';
import { headIds, lockClaimable, readyHeadIds } from './outbox-claim.js';
import { dropEmpty, expectOne, nul, type RepoContext } from './row-mapping.js';
import { runRaw, valuesList } from './raw-sql.js';

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
   * One multi-row `INSERT … ON CONFLICT DO NOTHING` (PostgreSQL, from `unnest(…)` in the
   * messages' order) / `INSERT OR IGNORE` (SQLite, `VALUES` lists of at most 1,000 rows), in raw
   * SQL: a key already stored, or repeated within the batch, is skipped. New rows are `pending`,
   * with no attempts, due at `now`; ids follow the messages' order (conversations are sent in id order).
   */
  async enqueue(messages: OutgoingMessage[], now: number): Promise<void> {
    if (messages.length === 0) return;
    const rows = messages.map((m) => [m.key, JSON.stringify(m.to), conversationKey(m.to), JSON.stringify(m.view)] as const);
    const into = 'outbox (key, recipient, conversation_key, view, created_at, status, attempts, next_attempt_at)';
    if (this.ctx.dialect === 'postgres') {
      const sql =
        `INSERT INTO ${into} SELECT k, r, c, v, $5::int8, 'pending', 0, $5::int8 ` +
        `FROM unnest($1::varchar[], $2::text[], $3::varchar[], $4::text[]) WITH ORDINALITY AS t(k, r, c, v, n) ORDER BY n ON CONFLICT DO NOTHING`;
      await runRaw(this.ctx, sql, [...[0, 1, 2, 3].map((i) => rows.map((r) => r[i])), now]);
      return;
    }
    // SQLite allows 32,766 bound parameters per statement; a row binds 6.
    for (let i = 0; i < rows.length; i += 1000) {
      const part = rows.slice(i, i + 1000);
      const values = part.map(() => `(?, ?, ?, ?, ?, 'pending', 0, ?)`).join(', ');
      await runRaw(this.ctx, `INSERT OR IGNORE INTO ${into} VALUES ${values}`, part.flatMap((r) => [...r, now, now]));
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

  async heads(limit: number, readyBy?: number): Promise<OutboxRow[]> {
    // With `readyBy` (a dispatch pass), only the heads ready by then and the first after them are
    // read: a backlog held by rate limits is mostly heads that cannot go yet, and ranking and
    // loading all of them on every pass was most of the dispatcher's work (issue 14).
    const heads = readyBy === undefined ? await headIds(this.ctx, limit) : await readyHeadIds(this.ctx, limit, readyBy);
    const dead = new Set(heads.filter((h) => h.dead).map((h) => h.id));
    // A claim of a killed instance is ready now: its lease no longer means anything.
    return (await this.load(heads.map((h) => h.id), true)).map((r) => (dead.has(r.id) ? { ...r, leaseUntil: 0 } : r));
  }

  /**
   * Locks the claimable ids (see `lockClaimable`), then one UPDATE takes them: the CASE reads the
   * old status, so a row taken over from an expired `sending` lease is marked in doubt.
   */
  async claim(ids: number[], now: number, leaseMs: number, owner?: string, dueBy = now): Promise<OutboxRow[]> {
    const claimed: number[] = [];
    for (const part of chunks(ids)) claimed.push(...(await lockClaimable(this.ctx, part, now, dueBy)));
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

  /**
   * `complete` for many rows in one multi-row UPDATE (PostgreSQL `FROM unnest(…)`, SQLite
   * `FROM (VALUES …)`), each row fenced by `status = 'sending'` and its claim's `attempts`,
   * `RETURNING id` to tell which claims were still ours. It writes what an attempt changes —
   * status, times, ids, error, lease, doubt, owner — not the recipient and view, which a send
   * never changes.
   */
  async completeMany(rows: OutboxRow[]): Promise<boolean[]> {
    for (const r of rows) if (r.status === 'sending') throw new Error(`outbox row ${r.id}: an outcome cannot be 'sending'`);
    const kept = new Set<number>();
    const cols = ['id', 'status', 'attempts', 'next_attempt_at', 'sent_at', 'platform_message_id', 'last_error', 'lease_until', 'first_attempt_at', 'in_doubt'];
    const set = cols.slice(1).filter((c) => c !== 'attempts').map((c) => `${c} = v.${c}`).join(', ');
    const values = (r: OutboxRow) => [r.id, r.status, r.attempts, r.nextAttemptAt, nul(r.sentAt), nul(r.platformMessageId), nul(r.lastError), nul(r.leaseUntil), nul(r.firstAttemptAt), r.inDoubt ? true : null];
    for (let i = 0; i < rows.length; i += 500) {
      const part = rows.slice(i, i + 500);
      let result;
      if (this.ctx.dialect === 'postgres') {
        const types = ['int4', 'varchar', 'int4', 'int8', 'int8', 'varchar', 'text', 'int8', 'int8', 'bool'];
        result = await runRaw(
          this.ctx,
          `UPDATE outbox AS o SET ${set}, owner = NULL FROM unnest(${types.map((t, k) => `$${k + 1}::${t}[]`).join(', ')}) AS v(${cols.join(', ')}) ` +
            `WHERE o.id = v.id AND o.status = 'sending' AND o.attempts = v.attempts RETURNING o.id AS id`,
          types.map((_, k) => part.map((r) => values(r)[k])),
        );
      } else {
        result = await runRaw(
          this.ctx,
          `WITH v(${cols.join(', ')}) AS (VALUES ${valuesList(part.length, cols.length)}) UPDATE outbox SET ${set}, owner = NULL FROM v ` +
            `WHERE outbox.id = v.id AND outbox.status = 'sending' AND outbox.attempts = v.attempts RETURNING outbox.id AS id`,
          part.flatMap((r) => values(r).map((x) => (typeof x === 'boolean' ? Number(x) : x))),
        );
      }
      for (const r of result.rows) kept.add(Number(r['id']));
    }
    return rows.map((r) => kept.has(r.id));
  }

  /**
   * Pending rows that must wait for their rate-limit buckets: `nextAttemptAt` moves on to `until`
   * (never back), without counting an attempt, so conversation heads that can go are read first.
   * The later pending rows of the same conversation move on with their head (they cannot go before
   * it), so a pass's `readyHeadIds` does not read them while the conversation is held.
   */
  defer(rows: Array<{ id: number; until: number }>): Promise<void> {
    return this.moveOn(rows, 'head');
  }

  /**
   * The pending rows behind each given row, just sent, that go to the same recipient wait until
   * `until`, when the bucket its send emptied allows the next: same recipient, same buckets, while
   * another recipient of the conversation (a reply, say) may draw from others and is left alone.
   */
  holdBehind(rows: Array<{ id: number; until: number }>): Promise<void> {
    return this.moveOn(rows, 'same recipient');
  }

  /** `defer` and `holdBehind`: the pending rows of the conversation of each given row move on to its `until`. */
  private async moveOn(rows: Array<{ id: number; until: number }>, which: 'head' | 'same recipient'): Promise<void> {
    const head = which === 'head' ? ` AND h.status = 'pending'` : '';
    const same = (p: string) => (which === 'same recipient' ? ` AND ${p}.recipient = h.recipient` : '');
    for (let i = 0; i < rows.length; i += 500) {
      const part = rows.slice(i, i + 500);
      if (this.ctx.dialect === 'postgres') {
        await runRaw(
          this.ctx,
          // Each conversation's rows found through idx_outbox_conversation_key (the LATERAL, fenced by
          // OFFSET 0, runs per given row), then updated by id: joined directly, the planner hashed
          // every pending row when the table's statistics lagged a burst (10 ms for 39 of 20,000 rows).
          `UPDATE outbox AS o SET next_attempt_at = t.u FROM (SELECT x.id, v.u FROM unnest($1::int4[], $2::int8[]) AS v(id, u) JOIN outbox h ON h.id = v.id${head} ` +
            `CROSS JOIN LATERAL (SELECT p.id FROM outbox p WHERE p.conversation_key = h.conversation_key AND p.status = 'pending' AND p.next_attempt_at < v.u${same('p')} OFFSET 0) AS x) AS t ` +
            `WHERE o.id = t.id AND o.next_attempt_at < t.u`,
          [part.map((r) => r.id), part.map((r) => Math.ceil(r.until))],
        );
      } else {
        await runRaw(
          this.ctx,
          // INDEXED BY: left to itself, SQLite walks idx_outbox_status_next_attempt_at once per held
          // conversation (measured: 1 s for 200 heads of 20,000 rows; 10 ms through this index).
          `WITH v(id, u) AS (VALUES ${valuesList(part.length, 2)}), c(k, r, u) AS (SELECT h.conversation_key, h.recipient, v.u FROM v JOIN outbox h ON h.id = v.id${head}) ` +
            `UPDATE outbox INDEXED BY idx_outbox_conversation_key SET next_attempt_at = c.u FROM c ` +
            `WHERE outbox.conversation_key = c.k AND outbox.status = 'pending' AND outbox.next_attempt_at < c.u${which === 'same recipient' ? ' AND outbox.recipient = c.r' : ''}`,
          part.flatMap((r) => [r.id, Math.ceil(r.until)]),
        );
      }
    }
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

/**
 * The outbox's claim queries, in raw SQL because they need a correlated `NOT EXISTS` and, on
 * PostgreSQL, `FOR UPDATE SKIP LOCKED`; both dialects understand the same text apart from the
 * placeholders. They return ids only; the repository loads the entities.
 *
 * The ordering rule lives here: a row is a conversation's *head* when no older row of the same
 * conversation key is still `pending` or `sending`. Only heads are ever claimed, so at most one
 * message per conversation is in flight and a conversation is delivered in id (creation) order.
 * A `dead` row no longer blocks its successors. The `NOT EXISTS` probe is served by
 * idx_outbox_conversation_key (conversation_key, status, id), so a conversation's long history of
 * sent rows is never scanned.
 */
import { DEAD_AFTER_MS } from '../../../app/ports.js';
import { dbNowMs, param, type RepoContext } from './row-mapping.js';

type Dialect = RepoContext['dialect'];

const OPEN = `o.status IN ('pending', 'sending')`;
const HEAD =
  `NOT EXISTS (SELECT 1 FROM outbox p WHERE p.conversation_key = o.conversation_key ` +
  `AND p.status IN ('pending', 'sending') AND p.id < o.id)`;
/** The claim's owner was killed: its heartbeat stopped, by the database's clock (see `dbNowMs`). */
const deadOwner = (dialect: Dialect) => `EXISTS (SELECT 1 FROM instance h WHERE h.id = o.owner AND h.seen_at <= ${dbNowMs(dialect)} - ${DEAD_AFTER_MS})`;
const readyAt = (dialect: Dialect) => `CASE WHEN o.status = 'pending' THEN o.next_attempt_at WHEN ${deadOwner(dialect)} THEN 0 ELSE o.lease_until END`;

const ids = (rows: Array<{ id: number | string }>): number[] => rows.map((r) => Number(r.id));

/**
 * The conversation heads, the soonest ready first (ties by id), at most `limit`; `dead` when the
 * row is `sending` for an instance that was killed (ready now, whatever its lease says).
 */
export async function headIds(ctx: RepoContext, limit: number): Promise<Array<{ id: number; dead: boolean }>> {
  const sql =
    `SELECT o.id AS id, CASE WHEN o.status = 'sending' AND ${deadOwner(ctx.dialect)} THEN 1 ELSE 0 END AS dead ` +
    `FROM outbox o WHERE ${OPEN} AND ${HEAD} ORDER BY ${readyAt(ctx.dialect)}, o.id LIMIT ${Math.max(0, Math.floor(limit))}`;
  return (await ctx.em.query<Array<{ id: number | string; dead: number | string }>>(sql)).map((r) => ({ id: Number(r.id), dead: Number(r.dead) === 1 }));
}

/**
 * Of `candidates`, the ids that are heads and ready at `now` — pending and due, or sending with an
 * expired lease or a killed owner — locked until the transaction ends. PostgreSQL skips rows another transaction
 * has locked (it is claiming them), and under READ COMMITTED re-checks a row that changed while
 * it waited, so a row claimed and committed by another dispatcher no longer qualifies.
 */
export async function lockClaimable(ctx: RepoContext, candidates: number[], now: number): Promise<number[]> {
  if (candidates.length === 0) return [];
  const p = (n: number) => param(ctx.dialect, n);
  const list = candidates.map((_, i) => p(i + 1)).join(', ');
  const a = candidates.length + 1;
  const b = candidates.length + 2;
  const sql =
    `SELECT o.id AS id FROM outbox o WHERE o.id IN (${list}) ` +
    `AND ((o.status = 'pending' AND o.next_attempt_at <= ${p(a)}) OR (o.status = 'sending' AND (o.lease_until <= ${p(b)} OR ${deadOwner(ctx.dialect)}))) ` +
    `AND ${HEAD} ORDER BY o.id` +
    (ctx.dialect === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : '');
  return ids(await ctx.em.query(sql, [...candidates, now, now]));
}

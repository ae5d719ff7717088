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
 * row is `sending` for an instance that was killed (ready now, whatever its lease says); `ready`:
 * when it is ready (ms), by the same rule as the ordering.
 */
export async function headIds(ctx: RepoContext, limit: number): Promise<Array<{ id: number; dead: boolean; ready: number }>> {
  const sql =
    `SELECT o.id AS id, CASE WHEN o.status = 'sending' AND ${deadOwner(ctx.dialect)} THEN 1 ELSE 0 END AS dead, ${readyAt(ctx.dialect)} AS ready ` +
    `FROM outbox o WHERE ${OPEN} AND ${HEAD} ORDER BY ready, o.id LIMIT ${Math.max(0, Math.floor(limit))}`;
  const rows = await ctx.em.query<Array<{ id: number | string; dead: number | string; ready: number | string | null }>>(sql);
  return rows.map((r) => ({ id: Number(r.id), dead: Number(r.dead) === 1, ready: Number(r.ready ?? 0) }));
}

/**
 * `headIds` for a dispatch pass at `readyBy`: the heads ready by then (at most `limit`, the
 * soonest first) and, when fewer than `limit` are, the first head that is not — read through
 * idx_outbox_status_next_attempt_at instead of ranking every open row. This stays cheap while a
 * rate limit holds a long backlog because `defer` moves a held conversation's later rows on
 * with its head: the pending rows due by `readyBy` are then the heads that can go (and rows
 * behind a head in flight), and the first pending row after `readyBy`, in index order, is a head.
 */
export async function readyHeadIds(ctx: RepoContext, limit: number, readyBy: number): Promise<Array<{ id: number; dead: boolean; ready: number }>> {
  const n = Math.max(0, Math.floor(limit));
  const r = Math.floor(readyBy);
  const dead = deadOwner(ctx.dialect);
  type Raw = Array<{ id: number | string; dead: number | string; ready: number | string | null }>;
  // `readyBy` is bound, not written into the text: it changes with every pass, and on SQLite each
  // new text is prepared again and pushes reusable statements out of the statement cache.
  const read = async (sql: string) => (await ctx.em.query<Raw>(sql, [r])).map((x) => ({ id: Number(x.id), dead: Number(x.dead) === 1, ready: Number(x.ready ?? 0) }));
  const by = param(ctx.dialect, 1);
  const columns = `o.id AS id, CASE WHEN o.status = 'sending' AND ${dead} THEN 1 ELSE 0 END AS dead, ${readyAt(ctx.dialect)} AS ready`;
  // Pending heads in index order, stopping at the n-th; the few sending heads (expired leases, a
  // killed owner's claims) apart; then merged by readiness, as `headIds` orders them.
  const byReady = (a: { ready: number; id: number }, b: { ready: number; id: number }) => a.ready - b.ready || a.id - b.id;
  const pending = await read(`SELECT ${columns} FROM outbox o WHERE o.status = 'pending' AND o.next_attempt_at <= ${by} AND ${HEAD} ORDER BY o.next_attempt_at, o.id LIMIT ${n}`);
  const sending = await read(`SELECT ${columns} FROM outbox o WHERE o.status = 'sending' AND (o.lease_until <= ${by} OR ${dead}) AND ${HEAD} ORDER BY ready, o.id LIMIT ${n}`);
  const ready = [...pending, ...sending].sort(byReady).slice(0, n);
  if (ready.length >= n) return ready;
  const [later] = await read(`SELECT ${columns} FROM outbox o WHERE o.status = 'pending' AND o.next_attempt_at > ${by} AND ${HEAD} ORDER BY o.next_attempt_at, o.id LIMIT 1`);
  const [held] = await read(`SELECT ${columns} FROM outbox o WHERE o.status = 'sending' AND o.lease_until > ${by} AND NOT ${dead} AND ${HEAD} ORDER BY o.lease_until, o.id LIMIT 1`);
  const next = [later, held].filter((x) => x !== undefined).sort(byReady)[0];
  return next ? [...ready, next] : ready;
}

/**
 * Of `candidates`, the ids that are heads and ready at `now` — pending and due by `dueBy` (a pass
 * looking ahead), or sending with a lease expired at `now` or a killed owner — locked until the transaction ends. PostgreSQL skips rows another transaction
 * has locked (it is claiming them), and under READ COMMITTED re-checks a row that changed while
 * it waited, so a row claimed and committed by another dispatcher no longer qualifies.
 */
export async function lockClaimable(ctx: RepoContext, candidates: number[], now: number, dueBy = now): Promise<number[]> {
  if (candidates.length === 0) return [];
  const p = (n: number) => param(ctx.dialect, n);
  const list = candidates.map((_, i) => p(i + 1)).join(', ');
  const a = candidates.length + 1;
  const b = candidates.length + 2;
  // The readiness test is one CASE, so the id list is the only condition an index can serve (the
  // primary key): written as two ORs of status conditions, PostgreSQL walked the pending rows of
  // idx_outbox_status_next_attempt_at for the ids when its statistics lagged a burst (160 ms).
  const sql =
    `SELECT o.id AS id FROM outbox o WHERE o.id IN (${list}) ` +
    `AND (CASE o.status WHEN 'pending' THEN o.next_attempt_at <= ${p(a)} WHEN 'sending' THEN (o.lease_until <= ${p(b)} OR ${deadOwner(ctx.dialect)}) ELSE 1 = 0 END) ` +
    `AND ${HEAD} ORDER BY o.id` +
    (ctx.dialect === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : '');
  return ids(await ctx.em.query(sql, [...candidates, dueBy, now]));
}

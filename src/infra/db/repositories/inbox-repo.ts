/**
 * `InboxRepo` on TypeORM (src/app/ports.ts), in raw SQL: the claim needs a correlated `NOT EXISTS`
 * and, on PostgreSQL, `FOR UPDATE SKIP LOCKED`; the insert is on the acknowledging path of every
 * platform request, where the query builder's overhead would count. Both dialects read the same
 * text apart from placeholders and the PostgreSQL multi-row insert.
 *
 * The ordering rule (see `InboxRepo`): a row is its sender's *head* when no older row with the
 * same `order_hash` is `pending` or `working`. idx_inbox_order (order_hash, status, id) serves the
 * probe. Done rows have no order hash, so a sender's history is never scanned.
 */
import { DEAD_AFTER_MS, type InboxRepo, type InboxRow, type InboxStatus, type NewInboxRow } from '../../../app/ports.js';
import { dbNowMs, param, type RepoContext } from './row-mapping.js';
import { scalarText } from '../../../domain/scalar-text.js';

/** Ready: pending and due, or working with an expired lease or a killed owner (its heartbeat stopped, by the database's clock). */
const READY =
  `((i.status = 'pending' AND i.available_at <= {now}) OR (i.status = 'working' AND (i.lease_until <= {now} ` +
  `OR EXISTS (SELECT 1 FROM instance h WHERE i.owner LIKE h.id || ':%' AND h.seen_at <= {dbnow} - {deadAfter}))))`;
const HEAD = `NOT EXISTS (SELECT 1 FROM inbox j WHERE j.order_hash = i.order_hash AND j.status IN ('pending', 'working') AND j.id < i.id)`;

type Raw = Record<string, unknown>;
const num = (v: unknown): number => Number(v);

export class TypeormInboxRepo implements InboxRepo {
  constructor(private readonly ctx: RepoContext) {}

  private p(n: number): string {
    return param(this.ctx.dialect, n);
  }

  /** Raw query with the number of affected rows (TypeORM's structured result). */
  private async run(sql: string, params: unknown[]): Promise<{ rows: Raw[]; affected: number }> {
    const qr = this.ctx.em.queryRunner;
    if (!qr) throw new Error('inbox repository used outside a transaction');
    const r = await qr.query(sql, params, true);
    return { rows: Array.isArray(r.records) ? (r.records as Raw[]) : [], affected: r.affected ?? 0 };
  }

  async insert(rows: NewInboxRow[]): Promise<boolean[]> {
    if (rows.length === 0) return [];
    if (this.ctx.dialect === 'postgres') {
      // One statement for the whole group commit, whatever its size (the text never changes).
      const sql =
        `INSERT INTO inbox (platform, dedupe_hash, order_hash, payload, urgent, status, attempts, received_at, available_at) ` +
        `SELECT t.p, t.d, t.o, t.pl, t.u, 'pending', 0, t.r, t.r ` +
        `FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::text[], $5::boolean[], $6::bigint[]) AS t(p, d, o, pl, u, r) ` +
        `ON CONFLICT (dedupe_hash) DO NOTHING RETURNING dedupe_hash`;
      const { rows: back } = await this.run(sql, [
        rows.map((r) => r.platform), rows.map((r) => r.dedupeHash), rows.map((r) => r.orderHash),
        rows.map((r) => r.payload), rows.map((r) => r.urgent), rows.map((r) => r.receivedAt),
      ]);
      const stored = new Set(back.map((r) => String(r['dedupe_hash'])));
      // A hash repeated within the group: its first occurrence was stored, the others are retries.
      return rows.map((r) => stored.delete(r.dedupeHash));
    }
    const sql =
      `INSERT INTO inbox (platform, dedupe_hash, order_hash, payload, urgent, status, attempts, received_at, available_at) ` +
      `VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?) ON CONFLICT (dedupe_hash) DO NOTHING`;
    const out: boolean[] = [];
    for (const r of rows) {
      const { affected } = await this.run(sql, [r.platform, r.dedupeHash, r.orderHash, r.payload, r.urgent, r.receivedAt, r.receivedAt]);
      out.push(affected === 1);
    }
    return out;
  }

  async claim(now: number, opts: { limit: number; perSender: number; owner: string; leaseUntil: number; platforms?: string[]; urgentOnly?: boolean }): Promise<InboxRow[][]> {
    const lock = this.ctx.dialect === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : '';
    // `now` is our own number: written into the text, so both dialects bind nothing twice.
    const ready = READY.replaceAll('{now}', String(Math.floor(now))).replaceAll('{dbnow}', dbNowMs(this.ctx.dialect)).replaceAll('{deadAfter}', String(DEAD_AFTER_MS));
    const limit = Math.max(1, Math.floor(opts.limit));
    const pick = async (urgentOnly: boolean, n: number, not: number[]) => {
      const params: unknown[] = [];
      let where = `${ready} AND ${HEAD}`;
      if (opts.platforms) {
        if (opts.platforms.length === 0) return [];
        where += ` AND i.platform IN (${opts.platforms.map((x) => `'${x.replace(/[^a-z]/g, '')}'`).join(', ')})`;
      }
      if (urgentOnly) {
        params.push(true);
        where += ` AND i.urgent = ${this.p(params.length)}`;
      }
      if (not.length) where += ` AND i.id NOT IN (${not.map((id) => Number(id)).join(', ')})`;
      const sql = `SELECT i.id AS id, i.order_hash AS oh FROM inbox i WHERE ${where} ORDER BY i.id LIMIT ${n}${lock}`;
      return (await this.run(sql, params)).rows.map((r) => ({ id: num(r['id']), oh: String(r['oh']) }));
    };
    const urgent = await pick(true, limit, []);
    const heads = urgent.length < limit && !opts.urgentOnly ? [...urgent, ...(await pick(false, limit - urgent.length, urgent.map((h) => h.id)))] : urgent;
    if (heads.length === 0) return [];

    // The rows right behind each head: theirs too, so one sender's burst is worked through at once.
    const chains = new Map<string, number[]>(heads.map((h) => [h.oh, [h.id]]));
    if (opts.perSender > 1) {
      const keys = [...chains.keys()];
      const list = keys.map((_, k) => this.p(k + 1)).join(', ');
      const sql =
        `SELECT i.id AS id, i.order_hash AS oh FROM inbox i WHERE i.order_hash IN (${list}) AND ${ready} ` +
        `ORDER BY i.id`;
      for (const r of (await this.run(sql, keys)).rows) {
        const chain = chains.get(String(r['oh']))!;
        const id = num(r['id']);
        if (id > chain[0]! && chain.length < opts.perSender) chain.push(id);
      }
    }
    const ids = [...chains.values()].flat();
    const list = ids.join(', ');
    await this.run(`UPDATE inbox SET status = 'working', owner = ${this.p(1)}, lease_until = ${this.p(2)} WHERE id IN (${list})`, [opts.owner, opts.leaseUntil]);
    const loaded = await this.run(`SELECT id, platform, payload, urgent, attempts, received_at FROM inbox WHERE id IN (${list})`, []);
    const byId = new Map(
      loaded.rows.map((r) => [
        num(r['id']),
        { id: num(r['id']), platform: String(r['platform']), payload: scalarText(r['payload']), urgent: Boolean(r['urgent']), attempts: num(r['attempts']), receivedAt: num(r['received_at']) },
      ]),
    );
    return [...chains.values()].map((chain) => chain.map((id) => byId.get(id)!));
  }

  async beginMany(ids: number[], owner: string): Promise<Map<number, number>> {
    if (ids.length === 0) return new Map();
    // Placeholders, not the ids in the text: one prepared statement per batch size, not per batch.
    const list = ids.map((_, k) => this.p(k + 2)).join(', ');
    const sql = `UPDATE inbox SET attempts = attempts + 1 WHERE owner = ${this.p(1)} AND id IN (${list}) AND status = 'working' RETURNING id, attempts`;
    const { rows } = await this.run(sql, [owner, ...ids.map((id) => Number(id))]);
    return new Map(rows.map((r) => [num(r['id']), num(r['attempts'])]));
  }

  async uncount(ids: number[], owner: string): Promise<void> {
    if (ids.length === 0) return;
    const list = ids.map((id) => Number(id)).join(', ');
    await this.run(`UPDATE inbox SET attempts = attempts - 1 WHERE id IN (${list}) AND owner = ${this.p(1)} AND status = 'working' AND attempts > 0`, [owner]);
  }

  async complete(id: number, owner: string, now: number, result?: string): Promise<boolean> {
    const sql =
      `UPDATE inbox SET status = 'done', payload = NULL, order_hash = NULL, owner = NULL, lease_until = NULL, ` +
      `done_at = ${this.p(1)}, result = ${this.p(2)}, last_error = NULL WHERE id = ${this.p(3)} AND owner = ${this.p(4)} AND status = 'working'`;
    return (await this.run(sql, [now, result ?? null, id, owner])).affected === 1;
  }

  async fail(id: number, owner: string, outcome: { retryAt: number } | { parked: true }, error: string): Promise<boolean> {
    const parked = 'parked' in outcome;
    const sql =
      `UPDATE inbox SET status = ${this.p(1)}, available_at = CASE WHEN ${this.p(2)} < 0 THEN available_at ELSE ${this.p(3)} END, ` +
      `owner = NULL, lease_until = NULL, last_error = ${this.p(4)} WHERE id = ${this.p(5)} AND owner = ${this.p(6)} AND status = 'working'`;
    const at = parked ? -1 : outcome.retryAt;
    return (await this.run(sql, [parked ? 'parked' : 'pending', at, at, error.slice(0, 200), id, owner])).affected === 1;
  }

  async release(ids: number[], owner: string): Promise<void> {
    if (ids.length === 0) return;
    const list = ids.map((id) => Number(id)).join(', ');
    await this.run(`UPDATE inbox SET status = 'pending', owner = NULL, lease_until = NULL WHERE id IN (${list}) AND owner = ${this.p(1)} AND status = 'working'`, [owner]);
  }

  async purge(doneBefore: number, parkedBefore: number): Promise<number> {
    const sql = `DELETE FROM inbox WHERE (status = 'done' AND done_at < ${this.p(1)}) OR (status = 'parked' AND received_at < ${this.p(2)})`;
    return (await this.run(sql, [doneBefore, parkedBefore])).affected;
  }

  async counts(): Promise<Record<InboxStatus, number>> {
    const out: Record<InboxStatus, number> = { pending: 0, working: 0, done: 0, parked: 0 };
    const { rows } = await this.run('SELECT status, COUNT(*) AS n FROM inbox GROUP BY status', []);
    for (const r of rows) out[String(r['status']) as InboxStatus] = num(r['n']);
    return out;
  }

  async lookup(dedupeHash: string): Promise<{ id: number; status: InboxStatus; result?: string } | undefined> {
    const { rows } = await this.run(`SELECT id, status, result FROM inbox WHERE dedupe_hash = ${this.p(1)}`, [dedupeHash]);
    const r = rows[0];
    if (!r) return undefined;
    return { id: num(r['id']), status: String(r['status']) as InboxStatus, ...(r['result'] ? { result: scalarText(r['result']) } : {}) };
  }

  async nextReadyAt(): Promise<number | undefined> {
    const sql = `SELECT MIN(CASE WHEN status = 'pending' THEN available_at ELSE lease_until END) AS t FROM inbox WHERE status IN ('pending', 'working')`;
    const { rows } = await this.run(sql, []);
    const t = rows[0]?.['t'];
    return t === null || t === undefined ? undefined : num(t);
  }
}

/**
 * `RateBucketRepo` on TypeORM (src/app/ports.ts): GCRA buckets in the `rate_bucket` table, so
 * every instance of a deployment draws from the same buckets (issue 9 §5). A bucket of `burst`
 * tokens refilled one per `intervalMs` conforms at `now` when `now >= tat − (burst − 1)·interval`;
 * taking a token moves `tat` to `max(tat, now) + interval`.
 *
 * With `ahead`, a request whose buckets conform within `ahead.ms` (and not before its own
 * `notBefore`) takes its tokens at that instant, as if it were then: the dispatcher sends it at that
 * instant, so the buckets count from when the message goes out, never from before.
 *
 * `take` creates the buckets it needs that do not exist yet, reads them all with one SELECT — on
 * PostgreSQL `FOR UPDATE`, in key order so two dispatchers lock in the same order and never
 * deadlock — decides every request in memory, and writes back the buckets that moved with one
 * multi-row statement: three statements a pass, however many messages it sends.
 */
import type { BucketUse, RateBucketRepo, TakeAhead } from '../../../app/ports.js';
import { param, type RepoContext } from './row-mapping.js';

const freeAtOf = (tat: number | undefined, b: BucketUse): number => (tat === undefined ? -Infinity : tat - (b.burst - 1) * b.intervalMs);

export class TypeormRateBucketRepo implements RateBucketRepo {
  constructor(private readonly ctx: RepoContext) {}

  private p(n: number): string {
    return param(this.ctx.dialect, n);
  }

  private async load(keys: string[], lock: boolean): Promise<Map<string, number>> {
    const tats = new Map<string, number>();
    const sorted = [...new Set(keys)].sort();
    for (let i = 0; i < sorted.length; i += 500) {
      const part = sorted.slice(i, i + 500);
      const sql =
        `SELECT key, tat FROM rate_bucket WHERE key IN (${part.map((_, k) => this.p(k + 1)).join(', ')}) ORDER BY key` +
        (lock && this.ctx.dialect === 'postgres' ? ' FOR UPDATE' : '');
      for (const r of await this.ctx.em.query<Array<{ key: string; tat: string | number }>>(sql, part)) tats.set(r.key, Number(r.tat));
    }
    return tats;
  }

  async take(requests: BucketUse[][], now: number, ahead?: TakeAhead): Promise<number[]> {
    const within = ahead?.ms ?? 0;
    const keys = [...new Set(requests.flat().map((b) => b.key))].sort();
    if (keys.length === 0) return requests.map(() => 0);
    // Rows first (so every bucket can be locked, also a new one), then one locked read.
    await this.upsert(keys.map((k) => [k, 0]), false);
    const tats = await this.load(keys, true);
    const changed = new Set<string>();
    const waits = requests.map((buckets, i) => {
      const from = Math.max(now, ahead?.notBefore[i] ?? now);
      const at = Math.max(from, ...buckets.map((b) => freeAtOf(tats.get(b.key), b)));
      if (at > now + within) return at - now;
      for (const b of buckets) {
        if (b.checkOnly) continue;
        // Whole milliseconds (the column is bigint; WeCom's daily interval is fractional), rounded up: never early.
        tats.set(b.key, Math.ceil(Math.max(tats.get(b.key) ?? at, at) + b.intervalMs));
        changed.add(b.key);
      }
      return at - now;
    });
    await this.upsert([...changed].map((k) => [k, tats.get(k)!]), true);
    return waits;
  }

  /** Multi-row `INSERT … ON CONFLICT` (both dialects): creating rows (`replace` false) or setting them. */
  private async upsert(rows: Array<[string, number]>, replace: boolean): Promise<void> {
    for (let i = 0; i < rows.length; i += 500) {
      const part = rows.slice(i, i + 500);
      const values = part.map((_, k) => `(${this.p(2 * k + 1)}, ${this.p(2 * k + 2)})`).join(', ');
      const sql = `INSERT INTO rate_bucket (key, tat) VALUES ${values} ON CONFLICT (key) DO ${replace ? 'UPDATE SET tat = EXCLUDED.tat' : 'NOTHING'}`;
      await this.ctx.em.query(sql, part.flat());
    }
  }

  /** One multi-row upsert that only ever raises `tat`, keys in sorted order (the lock order of `take`). */
  async restamp(sends: Array<{ buckets: BucketUse[]; at: number }>): Promise<void> {
    const tats = new Map<string, number>();
    for (const { buckets, at } of sends) {
      for (const b of buckets) if (!b.checkOnly) tats.set(b.key, Math.max(tats.get(b.key) ?? -Infinity, Math.ceil(at + b.intervalMs)));
    }
    const rows = [...tats].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (let i = 0; i < rows.length; i += 500) {
      const part = rows.slice(i, i + 500);
      const values = part.map((_, k) => `(${this.p(2 * k + 1)}, ${this.p(2 * k + 2)})`).join(', ');
      const sql = `INSERT INTO rate_bucket (key, tat) VALUES ${values} ON CONFLICT (key) DO UPDATE SET tat = CASE WHEN EXCLUDED.tat > rate_bucket.tat THEN EXCLUDED.tat ELSE rate_bucket.tat END`;
      await this.ctx.em.query(sql, part.flat());
    }
  }

  async freeAt(requests: BucketUse[][]): Promise<number[]> {
    const tats = await this.load(requests.flat().map((b) => b.key), false);
    return requests.map((buckets) => Math.max(-Infinity, ...buckets.map((b) => freeAtOf(tats.get(b.key), b))));
  }

  async pause(buckets: BucketUse[], until: number): Promise<void> {
    if (buckets.length === 0) return;
    const tats = await this.load(buckets.map((b) => b.key), true);
    for (const b of buckets) {
      const tat = Math.ceil(Math.max(tats.get(b.key) ?? until, until + (b.burst - 1) * b.intervalMs));
      const sql = tats.has(b.key)
        ? `UPDATE rate_bucket SET tat = ${this.p(1)} WHERE key = ${this.p(2)}`
        : `INSERT INTO rate_bucket (tat, key) VALUES (${this.p(1)}, ${this.p(2)}) ON CONFLICT (key) DO UPDATE SET tat = EXCLUDED.tat`;
      await this.ctx.em.query(sql, [tat, b.key]);
    }
  }

  async prune(now: number): Promise<number> {
    const r = (await this.ctx.em.queryRunner!.query(`DELETE FROM rate_bucket WHERE tat < ${this.p(1)}`, [now], true)) as { affected?: number };
    return r.affected ?? 0;
  }
}

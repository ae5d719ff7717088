/**
 * Raw SQL inside a transaction, for the hot paths where TypeORM's query building and entity
 * hydration cost more than the statement itself (the sweep's batches, the dispatcher's passes).
 */
import type { RepoContext } from './row-mapping.js';

export type RawRow = Record<string, unknown>;

/** Runs `sql` on the transaction's connection; the rows it returned and the rows it changed. */
export async function runRaw(ctx: RepoContext, sql: string, params: unknown[] = []): Promise<{ rows: RawRow[]; affected: number }> {
  const qr = ctx.em.queryRunner;
  if (!qr) throw new Error('repository used outside a transaction');
  const r = await qr.query(sql, params, true);
  return { rows: Array.isArray(r.records) ? (r.records as RawRow[]) : [], affected: r.affected ?? 0 };
}

/** `VALUES (?, ?), (?, ?) …` for SQLite: `rows` rows of `width` placeholders. */
export function valuesList(rows: number, width: number): string {
  const one = `(${Array.from({ length: width }, () => '?').join(', ')})`;
  return Array.from({ length: rows }, () => one).join(', ');
}

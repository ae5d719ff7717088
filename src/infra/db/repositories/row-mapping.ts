/**
 * Small helpers for the row ↔ record mappers. The contract every mapper keeps: an optional
 * record field that is `undefined` is stored as SQL NULL, and NULL comes back as an absent key
 * (not a key holding `undefined`), so a round-trip gives an equal record under `toStrictEqual`.
 */
import type { EntityManager } from 'typeorm';

/** Which SQL dialect a repository talks to; decides locking and placeholder syntax. */
export type Dialect = 'sqlite' | 'postgres';

/** What every repository is built from: the transaction's EntityManager and its dialect. */
export interface RepoContext {
  em: EntityManager;
  dialect: Dialect;
}

/** `undefined` → `null`, for writing optional fields. */
export function nul<T>(value: T | undefined): T | null {
  return value === undefined ? null : value;
}

/** Removes keys whose value is `undefined` or `null` (in place) and returns the object. */
export function dropEmpty<T extends object>(record: T): T {
  for (const key of Object.keys(record) as Array<keyof T>) {
    if (record[key] === undefined || record[key] === null) delete record[key];
  }
  return record;
}

/** The generated id of a single-row insert (PostgreSQL `RETURNING id`, SQLite last rowid). */
export function insertedId(result: { identifiers: Array<Record<string, unknown>> }): number {
  const id = result.identifiers[0]?.['id'];
  if (id === undefined || id === null) throw new Error('insert returned no id');
  return Number(id);
}

/** Throws when an update by primary key matched no row: updating a missing record is a bug. */
export function expectOne(result: { affected?: number | null }, what: string): void {
  if (result.affected === 0) throw new Error(`${what} not found`);
}

/** Positional placeholder number `n` (1-based) in raw SQL: `$n` on PostgreSQL, `?` on SQLite. */
export function param(dialect: Dialect, n: number): string {
  return dialect === 'postgres' ? `$${n}` : '?';
}

/**
 * The database server's clock in epoch milliseconds, as SQL. Liveness (the instance heartbeat) is
 * measured on it, not on each process's clock: every replica then compares against one clock (no
 * skew between machines), and a test's virtual clock, which jumps minutes at a time, never makes
 * a live instance look dead.
 */
export function dbNowMs(dialect: 'sqlite' | 'postgres'): string {
  return dialect === 'postgres' ? 'CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)' : "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";
}

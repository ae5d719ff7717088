/** A SQLite table's rows in a stable order, for dumps that compare a database before and after. */
import type Database from 'better-sqlite3';

/**
 * Every row of `table`, in rowid order; a `WITHOUT ROWID` table (`duty_next_step`) has no rowid and
 * comes in primary-key order.
 */
export function rowsInOrder(db: Database.Database, table: string): unknown[] {
  const { sql } = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) as { sql: string };
  if (!/WITHOUT ROWID\s*$/i.test(sql)) return db.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).all();
  const key = (db.prepare(`SELECT name, pk FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk`).all(table) as Array<{ name: string }>).map((c) => `"${c.name}"`);
  return db.prepare(`SELECT * FROM "${table}" ORDER BY ${key.join(', ')}`).all();
}

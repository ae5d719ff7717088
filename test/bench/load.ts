/**
 * Bulk loaders for the sweep benchmark: they write `scenario.ts`'s rows (each duty and its next
 * step, in duty id order) straight into a database
 * whose schema the real migrations made (via `createStore`), far faster than the app could.
 * SQLite: better-sqlite3 on the file, one transaction, one prepared INSERT. PostgreSQL: multi-row
 * `INSERT … SELECT FROM unnest($1, $2, …)` in chunks, one transaction. Both finish with ANALYZE,
 * so the planners see the table's real size.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { DUTY_COLUMNS, NEXT_STEP_COLUMNS, type DutyRow } from './scenario.js';

/** Inserts duties 1..n into the SQLite file at `path` (already migrated, store closed). */
export function loadSqlite(path: string, n: number, make: (id: number) => DutyRow, progress: (done: number) => void): void {
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    const insert = db.prepare(`INSERT INTO duty (${DUTY_COLUMNS.join(', ')}) VALUES (${DUTY_COLUMNS.map((c) => `@${c}`).join(', ')})`);
    const insertStep = db.prepare(`INSERT INTO duty_next_step (${NEXT_STEP_COLUMNS.map(([c]) => c).join(', ')}) VALUES (${NEXT_STEP_COLUMNS.map(([, f]) => `@${f}`).join(', ')})`);
    const chunk = 100_000;
    const insertRange = db.transaction((from: number, to: number) => {
      for (let id = from; id <= to; id += 1) {
        const row = make(id);
        insert.run(Object.fromEntries(DUTY_COLUMNS.map((c) => [c, row[c]])));
        insertStep.run({ next_action_at: row.next_action_at, id: row.id, step: row.step });
      }
    });
    // One transaction per 100,000 rows keeps progress visible; each commit is one fsync.
    for (let from = 1; from <= n; from += chunk) {
      const to = Math.min(n, from + chunk - 1);
      insertRange(from, to);
      progress(to);
    }
    db.exec('ANALYZE');
  } finally {
    db.close();
  }
}

/** PostgreSQL array types of the duty columns, in `DUTY_COLUMNS` order. */
const PG_TYPES: Record<keyof DutyRow, string> = {
  id: 'int4', person: 'text', rule: 'text', subject_kind: 'text', subject_id: 'int4', subject_ref: 'text',
  title: 'text', from_person: 'text', created_at: 'int8', due_at: 'int8', status: 'text', done_at: 'int8',
  step: 'int4', next_action_at: 'int8', violation_id: 'int4',
};

/** Inserts duties 1..n into the (migrated) PostgreSQL database at `url`, then VACUUM ANALYZE. */
export async function loadPostgres(url: string, n: number, make: (id: number) => DutyRow, progress: (done: number) => void): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  // The database may be dropped under us (Ctrl-C clean-up): the pending query fails, no crash.
  client.on('error', () => undefined);
  await client.connect();
  try {
    const sql =
      `INSERT INTO duty (${DUTY_COLUMNS.join(', ')}) ` +
      `SELECT * FROM unnest(${DUTY_COLUMNS.map((c, i) => `$${i + 1}::${PG_TYPES[c]}[]`).join(', ')})`;
    const stepSql =
      `INSERT INTO duty_next_step (${NEXT_STEP_COLUMNS.map(([c]) => c).join(', ')}) ` +
      `SELECT * FROM unnest(${NEXT_STEP_COLUMNS.map(([, f], i) => `$${i + 1}::${PG_TYPES[f]}[]`).join(', ')})`;
    const chunk = 50_000;
    await client.query('BEGIN');
    for (let from = 1; from <= n; from += chunk) {
      const to = Math.min(n, from + chunk - 1);
      const columns = DUTY_COLUMNS.map(() => [] as unknown[]);
      const stepColumns = NEXT_STEP_COLUMNS.map(() => [] as unknown[]);
      for (let id = from; id <= to; id += 1) {
        const row = make(id);
        DUTY_COLUMNS.forEach((c, i) => columns[i]!.push(row[c]));
        NEXT_STEP_COLUMNS.forEach(([, f], i) => stepColumns[i]!.push(row[f]));
      }
      await client.query(sql, columns);
      await client.query(stepSql, stepColumns);
      if (to % 200_000 === 0 || to === n) progress(to);
    }
    // Ids were given explicitly: move the serial on, as if the app had inserted them.
    await client.query(`SELECT setval(pg_get_serial_sequence('duty', 'id'), $1)`, [n]);
    await client.query('COMMIT');
    // VACUUM sets the visibility map (as autovacuum would have on an aged table); ANALYZE the stats.
    await client.query('VACUUM (ANALYZE) duty');
    await client.query('VACUUM (ANALYZE) duty_next_step');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await client.end();
  }
}

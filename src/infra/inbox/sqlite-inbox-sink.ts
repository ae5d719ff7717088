/**
 * The receive thread's inbox commit on SQLite (issue 9), when processing runs in its own thread
 * (src/server/processing-thread.ts): a connection of its own and one prepared statement, called
 * synchronously for a whole group — no ORM, no await per row. It is the cheap half of the
 * acknowledging path: a group of 64 rows commits in well under a millisecond.
 *
 * The write lock: `BEGIN IMMEDIATE` with busy_timeout 0, so the receive thread never blocks in
 * SQLite. When the processing thread holds the lock (one of its transactions is running), the
 * attempt is repeated after 1 ms until it succeeds or `giveUpMs` passed (then the group fails and
 * the platforms get an error: they deliver again). While it waits the gate is raised, so the
 * processing thread begins nothing new (write-gate.ts): the wait is at most the rest of one of
 * its transactions.
 */
import Database from 'better-sqlite3';
import type { NewInboxRow } from '../../app/ports.js';
import type { WriteGate } from '../db/write-gate.js';

/** Stores a group in one transaction; `true` where the row was new, `false` for a duplicate. */
export interface InboxSink {
  insert(rows: NewInboxRow[]): Promise<boolean[]>;
  close(): void;
}

const INSERT =
  `INSERT INTO inbox (platform, dedupe_hash, order_hash, payload, urgent, status, attempts, received_at, available_at) ` +
  `VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?) ON CONFLICT (dedupe_hash) DO NOTHING`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const busy = (err: unknown) => typeof err === 'object' && err !== null && String((err as { code?: unknown }).code).startsWith('SQLITE_BUSY');

/** Opens the sink on the SQLite file at `path` (already migrated, in WAL mode). */
export function openSqliteInboxSink(path: string, gate: WriteGate, opts: { giveUpMs?: number } = {}): InboxSink {
  const giveUpMs = opts.giveUpMs ?? 5_000;
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 0');
  const insert = db.prepare(INSERT);
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  const rollback = db.prepare('ROLLBACK');
  return {
    async insert(rows) {
      gate.raise();
      try {
        const end = Date.now() + giveUpMs;
        for (;;) {
          try {
            begin.run();
            break;
          } catch (err) {
            if (!busy(err) || Date.now() > end) throw err;
            await sleep(1);
          }
        }
        try {
          const out = rows.map((r) => insert.run(r.platform, r.dedupeHash, r.orderHash, r.payload, r.urgent ? 1 : 0, r.receivedAt, r.receivedAt).changes === 1);
          commit.run();
          return out;
        } catch (err) {
          if (db.inTransaction) rollback.run();
          throw err;
        }
      } finally {
        gate.lower();
      }
    },
    close() {
      db.close();
    },
  };
}

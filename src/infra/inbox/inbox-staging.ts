/**
 * The inbox's staging file on SQLite (issue 9), when processing runs in its own thread.
 *
 * SQLite has one write lock per database file, and a processing transaction holds it for as long
 * as the event takes (tens of milliseconds on a busy machine). A platform's acknowledgement that
 * had to commit into the same file would wait for it, and the acknowledged rate would be bound by
 * processing. So the receive side commits into a file of its own — `<database>.inbox-staging`, a
 * SQLite file in WAL mode, the same durability as the database — and the processing thread moves
 * what is staged into the `inbox` table, in arrival order, and only then deletes it from staging:
 *
 * - **Nothing acknowledged is lost.** An entry is acknowledged after its staging commit. A crash
 *   before the move leaves it staged (the next start moves it); a crash between the move's commit
 *   and the delete moves it again, and the inbox's unique dedupe hash drops the second copy.
 * - **Dedupe.** Staging has its own unique dedupe hash (a retry while staged is a duplicate), and
 *   the receive side looks the hash up in `inbox` as well (a read: WAL readers never wait), so a
 *   retry of an event already moved is answered as a duplicate too. A retry that races the move is
 *   dropped by the move itself. Either way it is processed once.
 * - **Order.** Staging ids grow with arrival; the move inserts in that order, so `inbox` ids — the
 *   per-sender order — are arrival order.
 * - **Privacy.** Staging holds what `inbox` holds: sealed payloads and keyed hashes, nothing else.
 *
 * `openStagingWriter` is the receive side (the commit thread, sqlite-commit-thread.ts);
 * `startStagingMover` the processing side; `moveStaged` runs once at an inline start, so entries
 * staged before a switch to `processing: 'inline'` are not stranded.
 */
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { NewInboxRow, Store } from '../../app/ports.js';

/** The staging file of the SQLite database at `dbPath`. */
export const stagingPath = (dbPath: string): string => `${dbPath}.inbox-staging`;

/** Rows moved per transaction at most. */
const MOVE_BATCH = 500;

function openStaging(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.exec(
    `CREATE TABLE IF NOT EXISTS inbox_staged (id INTEGER PRIMARY KEY AUTOINCREMENT, platform TEXT NOT NULL, ` +
      `dedupe_hash TEXT NOT NULL UNIQUE, order_hash TEXT NOT NULL, payload TEXT NOT NULL, urgent INTEGER NOT NULL, received_at INTEGER NOT NULL)`,
  );
  return db;
}

/** The receive side: stores a group in one staging transaction; `true` where the entry is new. */
export interface StagingWriter {
  insert(rows: NewInboxRow[]): boolean[];
  close(): void;
}

export function openStagingWriter(dbPath: string): StagingWriter {
  const db = openStaging(stagingPath(dbPath));
  const main = new Database(dbPath, { readonly: true, fileMustExist: true });
  main.pragma('busy_timeout = 5000');
  const known = main.prepare('SELECT 1 FROM inbox WHERE dedupe_hash = ?').pluck();
  const insert = db.prepare(
    `INSERT INTO inbox_staged (platform, dedupe_hash, order_hash, payload, urgent, received_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_hash) DO NOTHING`,
  );
  const group = db.transaction((rows: NewInboxRow[]) =>
    rows.map((r) => known.get(r.dedupeHash) === undefined && insert.run(r.platform, r.dedupeHash, r.orderHash, r.payload, r.urgent ? 1 : 0, r.receivedAt).changes === 1),
  );
  return {
    insert: (rows) => group.immediate(rows),
    close() {
      db.close();
      main.close();
    },
  };
}

type Staged = { id: number; platform: string; dedupe_hash: string; order_hash: string; payload: string; urgent: number; received_at: number };

/** Moves everything staged into `inbox` (batches, in order); the number of rows moved. */
async function moveAll(db: Database.Database, store: Store): Promise<number> {
  const read = db.prepare(`SELECT id, platform, dedupe_hash, order_hash, payload, urgent, received_at FROM inbox_staged ORDER BY id LIMIT ${MOVE_BATCH}`);
  const done = db.prepare('DELETE FROM inbox_staged WHERE id <= ?');
  let moved = 0;
  for (;;) {
    const rows = read.all() as Staged[];
    if (rows.length === 0) return moved;
    const batch: NewInboxRow[] = rows.map((r) => ({ platform: r.platform, dedupeHash: r.dedupe_hash, orderHash: r.order_hash, payload: r.payload, urgent: r.urgent === 1, receivedAt: r.received_at }));
    await store.transaction((tx) => tx.inbox.insert(batch), { first: true });
    // After the inbox commit: a crash in between moves them again, and the dedupe hash drops them.
    done.run(rows[rows.length - 1]!.id);
    moved += rows.length;
  }
}

/** The processing side's mover: `wake()` after a staging commit; it polls every `pollMs` too. */
export interface StagingMover {
  wake(): void;
  /** Resolves once what is staged now has been moved. */
  drained(): Promise<void>;
  stop(): Promise<void>;
}

export function startStagingMover(opts: { dbPath: string; store: Store; moved: () => void; log: { error(o: object, m: string): void }; pollMs?: number }): StagingMover {
  const db = openStaging(stagingPath(opts.dbPath));
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  const run = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          if ((await moveAll(db, opts.store)) > 0) opts.moved();
        } catch (err) {
          // Left staged: the next wake or poll tries again (the database may be busy or full).
          opts.log.error({ err: err instanceof Error ? err.name : String(err) }, 'inbox: moving staged events failed');
        }
      } while (again && !stopped);
    })().finally(() => (running = undefined));
    return running;
  };
  const timer = setInterval(() => void run(), opts.pollMs ?? 250);
  timer.unref();
  void run();
  return {
    wake: () => void run(),
    async drained() {
      await running;
      await run();
    },
    async stop() {
      clearInterval(timer);
      await running;
      await run();
      stopped = true;
      db.close();
    },
  };
}

/** Moves whatever a thread-mode run left staged (an inline start on the same SQLite file). */
export async function moveStaged(dbPath: string, store: Store): Promise<number> {
  if (!existsSync(stagingPath(dbPath))) return 0;
  const db = openStaging(stagingPath(dbPath));
  try {
    return await moveAll(db, store);
  } finally {
    db.close();
  }
}

/**
 * `createStore`: the `Store` port (src/app/ports.ts) on TypeORM, for SQLite (better-sqlite3)
 * and PostgreSQL (pg).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource } from 'typeorm';
import type { Store, Tx } from '../../app/ports.js';
import { AsyncMutex } from './async-mutex.js';
import { openDataSource, type StoreOptions } from './data-source.js';
import { makeTx } from './repositories/make-tx.js';
import type { Dialect } from './repositories/row-mapping.js';

/** Set while a `transaction` callback runs; `active` turns false when it ends. */
const inTransaction = new AsyncLocalStorage<{ active: boolean }>();

/**
 * The store on one DataSource. `transaction(work)` runs `work` in exactly one database
 * transaction: it commits when `work` resolves and rolls back (rethrowing) when it throws.
 *
 * SQLite: TypeORM's better-sqlite3 driver has ONE connection and ONE query runner for the whole
 * process. Two transactions started concurrently would share it, the second `BEGIN` would become
 * a savepoint inside the first, and their statements would interleave and commit or roll back
 * together. So SQLite transactions are serialised with an in-process mutex: each waits until the
 * previous one has committed or rolled back. (Another process on the same file is kept out by
 * SQLite's own file locks and busy_timeout.)
 *
 * PostgreSQL: each transaction gets its own pooled connection (pool of 10) and runs at READ
 * COMMITTED; row locks (`FOR UPDATE`, the form_sequence upsert) and advisory locks order the
 * transactions that touch the same rows.
 *
 * Transactions do not nest: calling `transaction` inside a transaction's callback throws (on
 * SQLite it would wait for itself forever; on PostgreSQL it would silently not be atomic).
 */
export class TypeormStore implements Store {
  private readonly mutex = new AsyncMutex();

  constructor(
    /** For infrastructure and tests only (schema checks, EXPLAIN); the app uses `transaction`. */
    readonly dataSource: DataSource,
    readonly dialect: Dialect,
    private readonly sqlite: SqliteTransactionOptions = {},
  ) {
    if (dialect === 'sqlite' && sqlite.immediate) {
      // TypeORM begins with a plain (deferred) BEGIN. With another connection writing to the same
      // file, a deferred transaction that read first and then writes fails with SQLITE_BUSY at
      // once (its snapshot is stale; busy_timeout does not apply). BEGIN IMMEDIATE takes the write
      // lock up front, waiting (busy_timeout) for the other connection's commit instead.
      const qr = dataSource.createQueryRunner(); // better-sqlite3: the one query runner of the DataSource
      const query = qr.query.bind(qr);
      qr.query = ((sql: string, ...rest: unknown[]) => (query as (...a: unknown[]) => Promise<unknown>)(sql === 'BEGIN TRANSACTION' ? 'BEGIN IMMEDIATE TRANSACTION' : sql, ...rest)) as typeof qr.query;
    }
  }

  transaction<T>(work: (tx: Tx) => Promise<T>, opts: { first?: boolean } = {}): Promise<T> {
    if (inTransaction.getStore()?.active) {
      return Promise.reject(new Error('Store.transaction called inside a transaction; transactions do not nest'));
    }
    return this.dialect === 'sqlite' ? this.mutex.run(() => this.run(work), opts) : this.run(work);
  }

  private run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const marker = { active: true };
    const body = (em: Parameters<typeof makeTx>[0]) =>
      inTransaction.run(marker, async () => {
        try {
          return await work(makeTx(em, this.dialect));
        } finally {
          marker.active = false;
        }
      });
    // PostgreSQL: READ COMMITTED, set per connection (data-source.ts), so no SET TRANSACTION round trip.
    return this.dataSource.transaction(body);
  }

  /** Waits for queued SQLite transactions, then closes the connection or pool. */
  async close(): Promise<void> {
    await this.mutex.run(async () => {
      if (this.dataSource.isInitialized) await this.dataSource.destroy();
    });
  }
}

/** SQLite only: how this connection's transactions begin (the processing thread's store). */
export interface SqliteTransactionOptions {
  /** BEGIN IMMEDIATE: another connection of this process writes to the same file. */
  immediate?: boolean;
}

/**
 * Opens the store for a `DATABASE_URL`: `sqlite:PATH` (parent directory created; WAL,
 * busy_timeout and foreign_keys set), `sqlite::memory:`, or `postgres://…` (pool of 10). Runs
 * pending migrations before returning.
 */
export async function createStore(url: string, opts?: { logging?: boolean; sqlite?: SqliteTransactionOptions }): Promise<Store> {
  return openTypeormStore(url, opts);
}

/** `createStore`, typed as the concrete class so tests and tools can reach the DataSource. */
export async function openTypeormStore(url: string, opts: StoreOptions & { sqlite?: SqliteTransactionOptions } = {}): Promise<TypeormStore> {
  const { ds, dialect } = await openDataSource(url, opts);
  return new TypeormStore(ds, dialect, opts.sqlite);
}

/**
 * Opens a TypeORM DataSource for a `DATABASE_URL` and brings its schema up to date. Schema comes
 * only from migrations (`synchronize` is off, ARCHITECTURE rule 8).
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities/index.js';
import { MIGRATIONS } from './migrations/index.js';
import type { Dialect } from './repositories/row-mapping.js';
import { parseDatabaseUrl, type DatabaseTarget } from './database-url.js';

/** Options shared by every way of opening the store. */
export interface StoreOptions {
  /** Log every SQL statement through TypeORM's console logger. */
  logging?: boolean;
}

/** How long a SQLite statement waits for another process's lock before failing (ms). */
const SQLITE_BUSY_TIMEOUT_MS = 5000;
/**
 * How much of a SQLite file is read through a memory map instead of `read()` calls (bytes; SQLite's
 * default is none). A sweep reads each due duty's row where it lies, one page per row in a large
 * table, and copying each page in through a system call was what made a sweep over 1,000,000 open
 * duties slower than over 10,000: the claim's read 1.4 → 2.2 ms per 500 duties without the map,
 * 1.4 → 1.7 ms with it; t(1M) / t(10k) 1.13–1.29 → 1.05–1.13, side by side (issue 14, eighth
 * session). Only reads use the map: writes still go through the WAL. Pages read through the map
 * count in the process's RSS as file-backed pages, which the kernel can drop at any time. A file
 * larger than this is read through the map up to here, and beyond it as before.
 */
export const SQLITE_MMAP_BYTES = 1024 * 1024 * 1024;
/** PostgreSQL connections per process: concurrent transactions beyond this wait for one. */
const PG_POOL_SIZE = 10;
/** Advisory lock key held while migrating, so instances starting together migrate one at a time. */
const MIGRATION_LOCK_KEY = 'shoudao:migrations';

function optionsFor(target: DatabaseTarget, opts: StoreOptions): DataSourceOptions {
  const common = {
    entities: [...ENTITIES],
    migrations: [...MIGRATIONS],
    // Migrations are run by `openDataSource` itself (under a lock on PostgreSQL), right after connecting.
    migrationsRun: false,
    synchronize: false,
    logging: opts.logging ?? false,
  };
  if (target.dialect === 'postgres') {
    // Every connection's transactions are READ COMMITTED by its startup options, whatever the
    // server's default: the store then begins a transaction with one statement, not two
    // (`START TRANSACTION` + `SET TRANSACTION ISOLATION LEVEL …`, a round trip per transaction, issue 14).
    return { ...common, type: 'postgres', url: target.url, poolSize: PG_POOL_SIZE, applicationName: 'shoudao', extra: { options: '-c default_transaction_isolation=read\\ committed' } };
  }
  return {
    ...common,
    type: 'better-sqlite3',
    database: target.path,
    timeout: SQLITE_BUSY_TIMEOUT_MS,
    // Prepared statements kept (TypeORM's default is 100, first in first out): the processing of
    // one batch of events runs more distinct statements than that, so each would be prepared again.
    statementCacheSize: 1000,
    prepareDatabase: (db: { pragma(sql: string): unknown }) => {
      // WAL lets readers in other processes (the CLI, a backup) work while the bot writes.
      if (target.path !== ':memory:') db.pragma('journal_mode = WAL');
      db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
      db.pragma('foreign_keys = ON');
      if (target.path !== ':memory:') db.pragma(`mmap_size = ${SQLITE_MMAP_BYTES}`);
    },
  };
}

/**
 * Connects and runs pending migrations; on failure the connection is closed again. On
 * PostgreSQL the migrations run under a session advisory lock, because TypeORM takes none and
 * two instances starting at once would otherwise both try to create the tables.
 */
export async function openDataSource(url: string, opts: StoreOptions = {}): Promise<{ ds: DataSource; dialect: Dialect }> {
  const target = parseDatabaseUrl(url);
  if (target.dialect === 'sqlite' && target.path !== ':memory:') await mkdir(dirname(target.path), { recursive: true });
  const ds = new DataSource(optionsFor(target, opts));
  if (target.dialect === 'sqlite') bindIntegers(ds);
  await ds.initialize();
  try {
    if (target.dialect === 'postgres') await migrateLocked(ds);
    else await ds.runMigrations({ transaction: 'all' });
  } catch (err) {
    await ds.destroy();
    throw err;
  }
  return { ds, dialect: target.dialect };
}

/**
 * TypeORM's SQLite driver writes every number parameter into the SQL text as a literal
 * (`… VALUES (NULL, ?, …, 1796163059827, …)`, `WHERE until_at > 1796163059831`), because
 * better-sqlite3 binds a JS number as REAL (a `5` bound into a TEXT column would be stored as
 * `'5.0'`). So each entity insert and each query with a timestamp had a new text: it was prepared
 * again every time (6,264 prepares in 7 s of the processing bench, ~4 % of its CPU), and those
 * one-off statements pushed the reusable ones out of the statement cache. Here a safe-integer
 * parameter is bound as a BigInt instead, which better-sqlite3 binds as an INTEGER — the value a
 * literal `1796163059827` is — so what is stored and compared is exactly as before, and the text
 * stays the same from call to call. Other numbers (fractions, NaN) keep TypeORM's handling.
 */
function bindIntegers(ds: DataSource): void {
  const driver = ds.driver as unknown as { escapeQueryWithParameters(sql: string, params: Record<string, unknown> | undefined): [string, unknown[]] };
  const escape = driver.escapeQueryWithParameters.bind(driver);
  driver.escapeQueryWithParameters = (sql, params) => {
    if (!params) return escape(sql, params);
    const bound: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(params)) bound[k] = typeof v === 'number' && Number.isSafeInteger(v) ? BigInt(v) : v;
    return escape(sql, bound);
  };
}

async function migrateLocked(ds: DataSource): Promise<void> {
  const lock = ds.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock(hashtext($1))', [MIGRATION_LOCK_KEY]);
    try {
      await ds.runMigrations({ transaction: 'all' });
    } finally {
      await lock.query('SELECT pg_advisory_unlock(hashtext($1))', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await lock.release();
  }
}

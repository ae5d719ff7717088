/**
 * Real databases for integration tests: a SQLite file in a fresh temporary directory, and a
 * uniquely named PostgreSQL database on the server named by `TEST_DATABASE_URL`, so parallel
 * test files and repeated runs never share state. Without `TEST_DATABASE_URL` the PostgreSQL
 * tests are skipped and one line says so (ARCHITECTURE "Contracts").
 */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe } from 'vitest';

/** A database made for one test file: its `DATABASE_URL`, and how to get rid of it. */
export interface TestDatabase {
  url: string;
  drop: () => Promise<void>;
}

/** A SQLite file `shoudao.db` in a new temporary directory; `drop` deletes the directory. */
export async function createSqliteFile(): Promise<TestDatabase & { path: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'shoudao-t-'));
  const path = join(dir, 'shoudao.db');
  return { url: `sqlite:${path}`, path, drop: () => rm(dir, { recursive: true, force: true }) };
}

/** Runs `work` with the URL of a fresh SQLite file, deleting it afterwards (even on failure). */
export async function withSqliteFile<T>(work: (url: string) => Promise<T>): Promise<T> {
  const db = await createSqliteFile();
  try {
    return await work(db.url);
  } finally {
    await db.drop();
  }
}

/** True when `TEST_DATABASE_URL` names a PostgreSQL server to test against. */
export function pgAvailable(): boolean {
  return Boolean(process.env['TEST_DATABASE_URL']);
}

let skipLogged = false;
/**
 * Logs the skip line once per test run, not once per test file: vitest runs each file in its own
 * fork, so the forks agree through a marker file named after their common parent (the vitest
 * process), created exclusively by whichever fork gets there first.
 */
function logPgSkip(): void {
  if (skipLogged) return;
  skipLogged = true;
  try {
    closeSync(openSync(join(tmpdir(), `shoudao-pg-skip-${process.ppid}`), 'wx'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return;
  }
  console.warn('TEST_DATABASE_URL not set: PostgreSQL tests skipped');
}

/** `describe` when PostgreSQL is available, otherwise `describe.skip` after logging one line. */
export const describeIfPg: typeof describe.skip = (() => {
  if (pgAvailable()) return describe;
  logPgSkip();
  return describe.skip;
})();

function serverUrl(): string {
  const url = process.env['TEST_DATABASE_URL'];
  if (!url) throw new Error('TEST_DATABASE_URL not set');
  return url;
}

async function onServer(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Creates database `shoudao_t_<random hex>` on the `TEST_DATABASE_URL` server and returns its URL;
 * `drop` removes it with `DROP DATABASE … WITH (FORCE)`, ending any connection left open.
 */
export async function createPgDatabase(): Promise<TestDatabase> {
  const name = `shoudao_t_${randomBytes(6).toString('hex')}`;
  await onServer(`CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

/** One database flavour for `describe.each`: its name and how to make a fresh database. */
export interface TestDialect {
  name: 'sqlite' | 'postgres';
  create(): Promise<TestDatabase>;
}

/**
 * The dialects to run a store test against: a SQLite file always, PostgreSQL when
 * `TEST_DATABASE_URL` is set (otherwise the skip line is logged).
 */
export function testDialects(): TestDialect[] {
  const sqlite: TestDialect = { name: 'sqlite', create: createSqliteFile };
  if (!pgAvailable()) {
    logPgSkip();
    return [sqlite];
  }
  return [sqlite, { name: 'postgres', create: createPgDatabase }];
}

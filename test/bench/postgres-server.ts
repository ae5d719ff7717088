/**
 * The benchmark's PostgreSQL: the server named by `TEST_DATABASE_URL` (default
 * postgres://postgres@127.0.0.1:5432/test), probed once; each size gets its own database
 * `shoudao_bench_<pid>_<random hex>`, dropped with `WITH (FORCE)` afterwards, or at a later
 * start if that process was killed first (leftovers.ts). (Not
 * test/helpers/databases.ts: that module imports vitest, which cannot load outside a test run.)
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { alive } from './leftovers.js';

export const SERVER_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Connection URLs are printed without any password. */
export function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

async function onServer<T>(work: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: SERVER_URL, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The server's version, or the reason it cannot be reached. */
export async function probePostgres(): Promise<{ ok: true; version: string } | { ok: false; reason: string }> {
  try {
    const version = await onServer(async (c) => (await c.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v);
    return { ok: true, version };
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  }
}

/** A fresh database on the server: its URL, and how to drop it. */
export async function createBenchDatabase(): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const name = `shoudao_bench_${process.pid}_${randomBytes(6).toString('hex')}`;
  await onServer((c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), name, drop: () => onServer((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined) };
}

/**
 * Drops `shoudao_bench_<pid>_…` databases whose run is gone: no session is connected to them and
 * no process has that pid here. Only on a server on this machine, where the pid means something.
 */
export async function dropStaleBenchDatabases(): Promise<string[]> {
  if (!['127.0.0.1', 'localhost', '[::1]', ''].includes(new URL(SERVER_URL).hostname)) return [];
  return onServer(async (c) => {
    const { rows } = await c.query<{ datname: string }>(
      `SELECT d.datname FROM pg_database d
        WHERE d.datname ~ '^shoudao_bench_[0-9]+_[0-9a-f]+$'
          AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = d.datname)`,
    );
    const stale = rows.map((r) => r.datname).filter((name) => !alive(Number(name.split('_')[2])));
    for (const name of stale) await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    return stale;
  });
}

/**
 * Runs `work` once per dialect on a fresh database of its own — an SQLite file in a temporary
 * directory, or a new PostgreSQL database — and removes it afterwards; PostgreSQL is skipped (one
 * line says why) when the server cannot be reached.
 */
export async function forEachDialect<D extends 'sqlite' | 'postgres'>(dialects: D[], name: string, log: (line: string) => void, work: (dialect: D, url: string) => Promise<void>): Promise<void> {
  const { mkdtemp, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  const { claimDir, removeStaleTempDirs, TMP_PREFIX } = await import('./leftovers.js');
  for (const dir of await removeStaleTempDirs()) log(`removed ${dir}, left by a killed run`);
  const tmp = await mkdtemp(path.join(tmpdir(), TMP_PREFIX));
  await claimDir(tmp);
  try {
    for (const dialect of dialects) {
      let url = `sqlite:${path.join(tmp, `${name}.db`)}`;
      let drop = async (): Promise<void> => undefined;
      if (dialect === 'postgres') {
        const probe = await probePostgres();
        if (!probe.ok) {
          log(`PostgreSQL not reachable at ${redact(SERVER_URL)} (${probe.reason}): PostgreSQL skipped`);
          continue;
        }
        const db = await createBenchDatabase();
        url = db.url;
        drop = db.drop;
      }
      try {
        await work(dialect, url);
      } finally {
        await drop();
      }
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

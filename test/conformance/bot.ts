/**
 * The bot under conformance test: the real `src/main.ts` as a child process (test/integration/ops/
 * child-process.ts: `node --import tsx`, so a SIGKILL hits the bot itself), in server mode on a
 * SQLite file, configured for one fake platform by its driver, with the conformance deployment
 * (deployment.ts). `start()` waits for `/healthz` 200 and the platform's connection; `kill()` is a
 * real SIGKILL; the database can be read at any time (WAL: readers never block the bot).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openTypeormStore, type TypeormStore } from '../../src/infra/db/create-store.js';
import { stagingPath } from '../../src/infra/inbox/inbox-staging.js';
import { freePort, startMain, waitFor, type MainProcess } from '../integration/ops/child-process.js';
import { writeConformanceDeployment } from './deployment.js';
import type { FakePlatform } from './driver.js';

export const CONFORMANCE_SECRET = 'conformance-secret-0123456789abcdef';

/** A bot process and its database, for one driver. */
export interface BotUnderTest {
  dir: string;
  port: number;
  /** Starts (or restarts) the bot and waits until it is healthy and connected. */
  start(): Promise<void>;
  /** SIGKILL: no cleanup, no flush — whatever was not committed is gone. */
  kill(): Promise<void>;
  stop(): Promise<void>;
  /** Runs a read on the bot's database (a connection of its own). */
  query<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  /** Events acknowledged into the SQLite inbox's staging file and not yet moved into `inbox` (0 on PostgreSQL). */
  staged(): number;
  stderr(): string;
  close(): Promise<void>;
}

/** Other deployments than the conformance one (the crash and replica tests). */
export interface BotOptions {
  /** Writes the org and policy files into `dir` (default: the conformance deployment). */
  deployment?: (dir: string) => { orgFile: string; policyFile: string };
  /** More environment, e.g. a second platform's, or `DATABASE_URL` for PostgreSQL. */
  env?: Record<string, string>;
}

/** Prepares a bot for `fake` (not started). */
export async function botFor(fake: Pick<FakePlatform, 'env' | 'connected'>, opts: BotOptions = {}): Promise<BotUnderTest> {
  const dir = mkdtempSync(join(tmpdir(), 'shoudao-conf-'));
  const files = (opts.deployment ?? writeConformanceDeployment)(dir);
  const port = await freePort();
  const env: Record<string, string> = {
    DATABASE_URL: `sqlite:${join(dir, 'shoudao.db')}`,
    ORG_FILE: files.orgFile,
    POLICY_FILE: files.policyFile,
    PORT: String(port),
    SHOUDAO_SECRET: CONFORMANCE_SECRET,
    ...fake.env,
    ...opts.env,
  };
  let main: MainProcess | undefined;
  let db: TypeormStore | undefined;
  let log = '';
  const healthy = async () => {
    try {
      return (await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200;
    } catch {
      return false;
    }
  };
  return {
    dir,
    port,
    async start() {
      main = startMain(env);
      let exited = false;
      void main.exited.then(() => (exited = true));
      // Healthy, and said so itself: a health check answered on this port by another process
      // (one that took the port first) must not pass for this bot.
      const up = await waitFor(async () => exited || (main!.stderr().includes('server mode started') && (await healthy())), 60_000);
      if (exited) throw new Error(`the bot exited at start:\n${main.stderr().slice(-3000)}`);
      if (!up) throw new Error(`the bot did not become healthy:\n${main.stderr().slice(-3000)}`);
      await fake.connected();
    },
    async kill() {
      if (main) log += main.stderr();
      await main?.kill('SIGKILL');
      main = undefined;
    },
    async stop() {
      if (main) log += main.stderr();
      const r = await main?.kill('SIGTERM');
      main = undefined;
      if (r && r.code !== 0) throw new Error(`the bot exited ${r.code}:\n${log.slice(-3000)}`);
    },
    async query<T>(sql: string) {
      db ??= await openTypeormStore(env['DATABASE_URL']!);
      return await db.dataSource.query<T[]>(sql);
    },
    staged() {
      const url = env['DATABASE_URL']!;
      if (!url.startsWith('sqlite:')) return 0;
      const file = stagingPath(url.slice('sqlite:'.length));
      if (!existsSync(file)) return 0;
      const staging = new Database(file, { readonly: true });
      try {
        return (staging.prepare('SELECT COUNT(*) FROM inbox_staged').pluck().get() as number | undefined) ?? 0;
      } catch {
        return 0; // not created yet
      } finally {
        staging.close();
      }
    },
    stderr: () => log + (main?.stderr() ?? ''),
    async close() {
      await main?.kill('SIGKILL');
      await db?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

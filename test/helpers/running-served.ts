/**
 * Helpers for tests that run the real server in-process (`serve()`): wait until it is idle with
 * an empty outbox, and dump a SQLite database for byte-for-byte comparisons.
 */
import Database from 'better-sqlite3';
import type { VirtualClock } from '../../src/infra/clock.js';
import type { Served } from '../../src/server/serve.js';
import { rowsInOrder } from './sqlite-rows.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits until every accepted event is processed and the outbox is empty three times in a row (a
 * dispatch pass apart), advancing the clock by `stepMs` a round so rate buckets and back-off pass.
 */
export async function settleServed(served: Served, clock: VirtualClock, stepMs: number): Promise<void> {
  const deadline = Date.now() + 15_000;
  await served.scheduler.tickNow(); // waits for a tick in progress (the start-up catch-up) and runs one
  for (let empty = 0; empty < 3; ) {
    await served.idle();
    const left = await served.deps.store.transaction(async (tx) => (await tx.outbox.count('pending')) + (await tx.outbox.count('sending')));
    empty = left === 0 ? empty + 1 : 0;
    if (Date.now() > deadline) throw new Error(`outbox not drained: ${left} rows left`);
    if (left > 0) clock.advance(stepMs);
    await served.scheduler.tickNow();
    await sleep(15);
  }
  await served.idle();
}

/** Every row of every table (but `skip`) of a SQLite file, as JSON text. */
export function dumpSqlite(path: string, skip: string[] = []): string {
  const sqlite = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>;
    return JSON.stringify(tables.filter((t) => !skip.includes(t.name)).map(({ name }) => [name, rowsInOrder(sqlite, name)]));
  } finally {
    sqlite.close();
  }
}

/**
 * PostgreSQL transactions run READ COMMITTED (the store's concurrency reasoning depends on it),
 * set by each connection's startup options rather than by a `SET TRANSACTION` statement in every
 * transaction (one round trip less per transaction, issue 14) — even on a server whose default is
 * something else.
 */
import pg from 'pg';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createStore, type TypeormStore } from '../../../src/infra/db/create-store.js';
import { createPgDatabase, describeIfPg, type TestDatabase } from '../../helpers/databases.js';

describeIfPg('PostgreSQL transaction isolation', () => {
  let db: TestDatabase;
  let store: TypeormStore;
  beforeAll(async () => {
    db = await createPgDatabase();
    // A server (here: a database) whose default is SERIALIZABLE must not change the store's transactions.
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    await admin.query(`ALTER DATABASE "${new URL(db.url).pathname.slice(1)}" SET default_transaction_isolation = 'serializable'`);
    await admin.end();
    store = (await createStore(db.url)) as TypeormStore;
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('is READ COMMITTED in every transaction, begun with one statement', async () => {
    const spy = vi.spyOn(pg.Client.prototype, 'query');
    let sent: string[];
    try {
      const periods = await Promise.all(Array.from({ length: 12 }, () => store.transaction((tx) => tx.jobs.lastPeriod('digest'))));
      expect(periods).toEqual(Array.from({ length: 12 }, () => undefined));
      sent = spy.mock.calls.map(([q]) => (typeof q === 'string' ? q : ((q as { text?: string } | undefined)?.text ?? '')));
    } finally {
      spy.mockRestore();
    }
    expect(sent.some((q) => /START TRANSACTION/i.test(q))).toBe(true);
    expect(sent.filter((q) => /SET TRANSACTION/i.test(q))).toEqual([]);
    // A transaction begun as the store begins one (`dataSource.transaction(work)`, no level given),
    // on each of the pool's connections, is READ COMMITTED though the database's default is not.
    const levels = await Promise.all(
      Array.from({ length: 12 }, () => store.dataSource.transaction(async (em) => (await em.query<Array<{ transaction_isolation: string }>>('SHOW transaction_isolation'))[0]!.transaction_isolation)),
    );
    const level = [...new Set(levels)].join();
    expect(level).toBe('read committed');
  });
});

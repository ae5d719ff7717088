/**
 * PostgreSQL transactions run READ COMMITTED (the store's concurrency reasoning depends on it),
 * set by each connection's startup options rather than by a `SET TRANSACTION` statement in every
 * transaction (one round trip less per transaction, issue 14) — even on a server whose default is
 * something else.
 */
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
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
    const orig = pg.Client.prototype.query;
    const sent: string[] = [];
    (pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown }).query = function (this: pg.Client, ...a: unknown[]) {
      sent.push(String(typeof a[0] === 'string' ? a[0] : (a[0] as { text?: string } | undefined)?.text));
      return (orig as unknown as (...x: unknown[]) => unknown).apply(this, a);
    };
    try {
      const periods = await Promise.all(Array.from({ length: 12 }, () => store.transaction((tx) => tx.jobs.lastPeriod('digest'))));
      expect(periods).toEqual(Array.from({ length: 12 }, () => undefined));
    } finally {
      (pg.Client.prototype as unknown as { query: unknown }).query = orig;
    }
    expect(sent.filter((q) => /SET TRANSACTION/i.test(q))).toEqual([]);
    // A transaction begun as the store begins one (`dataSource.transaction(work)`, no level given),
    // on each of the pool's connections, is READ COMMITTED though the database's default is not.
    const levels = await Promise.all(
      Array.from({ length: 12 }, () => store.dataSource.transaction(async (em) => ((await em.query('SHOW transaction_isolation')) as Array<{ transaction_isolation: string }>)[0]!.transaction_isolation)),
    );
    const level = [...new Set(levels)].join();
    expect(level).toBe('read committed');
  });
});

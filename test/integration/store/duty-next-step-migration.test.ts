/**
 * Migration 1769800000000 on a database that already holds duties (issue 14): each open duty's
 * next step (`duty.step`, `duty.next_action_at`) moves to `duty_next_step` at the same time and
 * step, finished and settled duties get none, the two columns go, and the sweep's claim then
 * finds exactly the steps the old index would have. `down` puts the columns back.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { openTypeormStore } from '../../../src/infra/db/create-store.js';
import { parseDatabaseUrl } from '../../../src/infra/db/database-url.js';
import { MIGRATIONS } from '../../../src/infra/db/migrations/index.js';
import { DutyNextStep1769800000000 } from '../../../src/infra/db/migrations/1769800000000-duty-next-step.js';
import { testDialects, type TestDatabase } from '../../helpers/databases.js';
import { MIN, T0 } from './fixtures.js';

const BEFORE = MIGRATIONS.slice(0, MIGRATIONS.indexOf(DutyNextStep1769800000000));

/** A data source with the migrations before this one and no entities: the old schema, by raw SQL only. */
function oldSchema(url: string): DataSource {
  const target = parseDatabaseUrl(url);
  const common = { entities: [], migrations: BEFORE, synchronize: false, logging: false };
  return new DataSource(target.dialect === 'postgres' ? { ...common, type: 'postgres', url: target.url } : { ...common, type: 'better-sqlite3', database: target.path });
}

describe.each(testDialects())('duty_next_step migration on $name', (dialect) => {
  let db: TestDatabase | undefined;
  afterEach(async () => {
    await db?.drop();
    db = undefined;
  });

  it('moves each open duty\'s next step into the queue, and back on down', async () => {
    db = await dialect.create();
    const old = oldSchema(db.url);
    await old.initialize();
    await old.runMigrations({ transaction: 'all' });
    // [status, step, next_action_at]: open and due, open and later, finished, done with a stale time.
    const rows: Array<[string, number, number | null]> = [['open', 1, T0 - MIN], ['open', 0, T0 + 9 * MIN], ['open', 4, null], ['done', 2, T0 - 2 * MIN]];
    const p = (i: number) => (dialect.name === 'postgres' ? `$${i}` : '?');
    for (const [status, step, next] of rows) {
      await old.query(
        `INSERT INTO duty (person, rule, subject_kind, subject_id, subject_ref, title, from_person, created_at, due_at, status, done_at, step, next_action_at, violation_id) ` +
          `VALUES ('console:wang', 'superior_notice', 'notice', 1, 'TZ1', '请回复', 'console:boss', ${T0 - 30 * MIN}, ${T0 + 10 * MIN}, ${p(1)}, NULL, ${p(2)}, ${p(3)}, NULL)`,
        [status, step, next],
      );
    }
    await old.destroy();

    const store = await openTypeormStore(db.url);
    try {
      const queued = await store.dataSource.query<Array<{ at: string | number; duty_id: number; step: number }>>('SELECT at, duty_id, step FROM duty_next_step ORDER BY at');
      expect(queued.map((q) => [Number(q.at), Number(q.duty_id), Number(q.step)])).toEqual([[T0 - MIN, 1, 1], [T0 + 9 * MIN, 2, 0]]);
      const columns = dialect.name === 'postgres'
        ? (await store.dataSource.query<Array<{ column_name: string }>>(`SELECT column_name FROM information_schema.columns WHERE table_name = 'duty'`)).map((c) => c.column_name)
        : (await store.dataSource.query<Array<{ name: string }>>(`PRAGMA table_info(duty)`)).map((c) => c.name);
      expect(columns).not.toContain('step');
      expect(columns).not.toContain('next_action_at');
      const claimed = await store.transaction((tx) => tx.duties.claimDue(T0, 10));
      expect(claimed.duties.map((d) => [d.id, d.step, d.nextActionAt])).toEqual([[1, 1, T0 - MIN]]);

      // down: the columns come back with each queued duty's position (here only duty 2's is left).
      await store.dataSource.undoLastMigration({ transaction: 'all' });
      const back = await store.dataSource.query<Array<{ id: number; step: number; next_action_at: string | number | null }>>('SELECT id, step, next_action_at FROM duty ORDER BY id');
      expect(back.map((r) => [Number(r.id), Number(r.step), r.next_action_at === null ? null : Number(r.next_action_at)])).toEqual([[1, 0, null], [2, 0, T0 + 9 * MIN], [3, 0, null], [4, 0, null]]);
    } finally {
      await store.close();
    }
  });
});

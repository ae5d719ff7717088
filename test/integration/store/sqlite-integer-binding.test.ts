/**
 * SQLite: TypeORM's number parameters are bound, not written into the SQL (data-source.ts
 * `bindIntegers`). What is stored and compared must be what the literal was — an INTEGER in an
 * integer column, `'5'` (not `'5.0'`) in a text one — and a statement whose timestamp changes
 * from call to call must keep one text, so it is prepared once and stays in the statement cache.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTypeormStore, type TypeormStore } from '../../../src/infra/db/create-store.js';

const T0 = Date.UTC(2026, 11, 1, 2, 0, 0);

describe('SQLite binds TypeORM number parameters as integers', () => {
  let dir: string;
  let store: TypeormStore;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'shoudao-bind-'));
    store = await openTypeormStore(`sqlite:${join(dir, 'db.sqlite')}`);
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores an entity insert\'s numbers as INTEGER, reads them back as the same numbers, and filters by them', async () => {
    const inserted = await store.transaction((tx) => tx.deputies.insert({ absent: 'p1', deputy: 'p2', from: T0, until: T0 + 86_400_000, setBy: 'p1', createdAt: T0 }));
    const [row] = await store.dataSource.query<Array<{ f: string; u: string }>>('SELECT typeof(from_at) AS f, typeof(until_at) AS u FROM deputy WHERE id = ?', [inserted.id]);
    expect(row).toEqual({ f: 'integer', u: 'integer' });
    const active = await store.transaction((tx) => tx.deputies.current(T0 + 1000));
    expect(active.map((d) => [d.id, d.from, d.until])).toEqual([[inserted.id, T0, T0 + 86_400_000]]);
    expect(await store.transaction((tx) => tx.deputies.current(T0 + 86_400_000))).toEqual([]);
  });

  it('keeps one statement text for a query whose number parameter changes (prepared once)', async () => {
    const runner = store.dataSource.createQueryRunner() as unknown as { stmtCache: Map<string, unknown> };
    await store.transaction((tx) => tx.deputies.current(T0));
    const before = runner.stmtCache.size;
    for (let i = 1; i <= 20; i++) await store.transaction((tx) => tx.deputies.current(T0 + i * 7919));
    expect(runner.stmtCache.size).toBe(before);
  });

  it('writes a bound integer into a text column as its digits, as the literal did', async () => {
    const [sql, params] = store.dataSource.driver.escapeQueryWithParameters('SELECT CAST(:n AS TEXT) AS t, typeof(:f) AS k, :s AS s', { n: 5, f: 1.5, s: 'x' });
    expect(sql).toBe('SELECT CAST(? AS TEXT) AS t, typeof(1.5) AS k, ? AS s'); // a fraction stays TypeORM's literal
    const [row] = await store.dataSource.query<Array<{ t: string; k: string; s: string }>>(sql, params);
    expect(row).toEqual({ t: '5', k: 'real', s: 'x' });
  });
});

/**
 * The migrated schema is exactly what the entities describe, on both dialects: TypeORM's schema
 * builder, asked what `synchronize` would change, has nothing to do.
 */
import { describe, expect, it } from 'vitest';
import { openTypeormStore } from '../../../src/infra/db/create-store.js';
import { SQLITE_MMAP_BYTES } from '../../../src/infra/db/data-source.js';
import { MIGRATIONS } from '../../../src/infra/db/migrations/index.js';
import { testDialects } from '../../helpers/databases.js';
import { useStore } from './store-fixture.js';

describe.each(testDialects())('schema on $name', (dialect) => {
  const store = useStore(dialect);

  it('matches the entities after migrating (no pending schema change)', async () => {
    const pending = await store().dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('records each migration once, in order, and sets the SQLite pragmas', async () => {
    const ds = store().dataSource;
    const rows = await ds.query<Array<{ name: string }>>('SELECT name FROM migrations');
    expect(rows.map((r) => r.name)).toEqual(MIGRATIONS.map((m) => new m().name));
    expect(rows[0]?.name).toBe('InitialSchema1767225600000');
    if (dialect.name === 'sqlite') {
      expect(await ds.query('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
      expect(await ds.query('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }]);
      expect(await ds.query('PRAGMA busy_timeout')).toEqual([{ timeout: 5000 }]);
      // A file is read through a memory map (issue 14: the sweep over a large duty table).
      expect(await ds.query('PRAGMA mmap_size')).toEqual([{ mmap_size: SQLITE_MMAP_BYTES }]);
    }
  });

  it('re-opening an up-to-date database runs no migration', async () => {
    const again = await openTypeormStore(store.url());
    try {
      const rows = await again.dataSource.query<unknown[]>('SELECT name FROM migrations');
      expect(rows).toHaveLength(MIGRATIONS.length);
    } finally {
      await again.close();
    }
  });
});

/** `createStore` accepts the documented DATABASE_URL forms and rejects others with a clear message. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createStore, openTypeormStore } from '../../../src/infra/db/create-store.js';
import { createPgDatabase, describeIfPg, withSqliteFile } from '../../helpers/databases.js';
import { aForm } from './fixtures.js';

describe('createStore', () => {
  it('sqlite:PATH creates missing parent directories and the file', async () => {
    await withSqliteFile(async (url) => {
      const nested = `${url.replace(/shoudao\.db$/, '')}${join('a', 'b', 'shoudao.db')}`;
      const store = await createStore(nested);
      try {
        expect(store.dialect).toBe('sqlite');
        expect(existsSync(nested.slice('sqlite:'.length))).toBe(true);
      } finally {
        await store.close();
      }
    });
  });

  it('sqlite::memory: is a working, migrated store', async () => {
    const store = await createStore('sqlite::memory:');
    try {
      const form = await store.transaction((tx) => tx.forms.insert(aForm()));
      expect(await store.transaction((tx) => tx.forms.byId(form.id))).toStrictEqual(form);
    } finally {
      await store.close();
    }
  });

  it('close waits for queued SQLite transactions to finish', async () => {
    const store = await createStore('sqlite::memory:');
    const pending = store.transaction(async (tx) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return tx.forms.insert(aForm());
    });
    await store.close();
    await expect(pending).resolves.toMatchObject({ id: 1 });
  });

  it('rejects other URLs, naming the accepted forms', async () => {
    await expect(createStore('mysql://localhost/x')).rejects.toThrow(/sqlite:PATH, sqlite::memory: or postgres:\/\//);
    await expect(createStore('sqlite:')).rejects.toThrow(/DATABASE_URL/);
  });
});

describeIfPg('createStore on postgres', () => {
  it('opens postgres:// URLs with a pool of 10', async () => {
    const db = await createPgDatabase();
    try {
      const store = await openTypeormStore(db.url);
      try {
        expect(store.dialect).toBe('postgres');
        const pool = (store.dataSource.driver as unknown as { master: { options: { max: number } } }).master;
        expect(pool.options.max).toBe(10);
        const count = await store.transaction(async (tx) => {
          await tx.forms.insert(aForm());
          return (await tx.forms.list({})).length;
        });
        expect(count).toBe(1);
      } finally {
        await store.close();
      }
    } finally {
      await db.drop();
    }
  });
});

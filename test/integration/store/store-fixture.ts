/**
 * Shared set-up for the store tests: one fresh database per test file and dialect (opened in
 * `beforeAll`, dropped in `afterAll`), emptied before each test so tests never see each other's rows.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { openTypeormStore, type TypeormStore } from '../../../src/infra/db/create-store.js';
import type { TestDatabase, TestDialect } from '../../helpers/databases.js';

const TABLES = [
  'liaison_form',
  'form_sequence',
  'form_event',
  'duty',
  'violation',
  'notice',
  'audit_log',
  'outbox',
  'dialogue',
  'platform_thread',
];

/** The open store of a test file, and the URL of its database (to open it a second time). */
export type StoreGetter = (() => TypeormStore) & { url(): string };

/** Registers the hooks and returns a getter for the open store; `more` are emptied before each test too. */
export function useStore(dialect: TestDialect, more: string[] = []): StoreGetter {
  let db: TestDatabase | undefined;
  let store: TypeormStore | undefined;
  beforeAll(async () => {
    db = await dialect.create();
    store = await openTypeormStore(db.url);
  });
  afterAll(async () => {
    await store?.close();
    await db?.drop();
  });
  beforeEach(async () => {
    for (const table of [...TABLES, ...more]) await store!.dataSource.query(`DELETE FROM ${table}`);
  });
  const get = () => {
    if (!store) throw new Error('store not open');
    return store;
  };
  return Object.assign(get, {
    url: () => {
      if (!db) throw new Error('database not created');
      return db.url;
    },
  });
}

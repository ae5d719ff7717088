/**
 * Which database a `DATABASE_URL` names — apart from the connection code (data-source.ts), so that
 * checking a URL does not load TypeORM: a command line refused for a bad URL answers at once.
 */
import { resolve } from 'node:path';

/** Where the data lives: a SQLite file (or `:memory:`), or a PostgreSQL server. */
export type DatabaseTarget = { dialect: 'sqlite'; path: string } | { dialect: 'postgres'; url: string };

/**
 * Parses `sqlite:PATH`, `sqlite::memory:`, `postgres://…` or `postgresql://…`; anything else is
 * an error naming the accepted forms.
 */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (url === 'sqlite::memory:') return { dialect: 'sqlite', path: ':memory:' };
  if (url.startsWith('sqlite:') && url.length > 'sqlite:'.length) {
    return { dialect: 'sqlite', path: resolve(url.slice('sqlite:'.length)) };
  }
  if (/^postgres(ql)?:\/\//.test(url)) return { dialect: 'postgres', url };
  throw new Error(`DATABASE_URL must be sqlite:PATH, sqlite::memory: or postgres://…, got "${url}"`);
}

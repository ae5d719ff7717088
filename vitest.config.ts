import { defineConfig } from 'vitest/config';

// Tests run in forks: better-sqlite3 is a native addon, and PostgreSQL tests open real connections.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

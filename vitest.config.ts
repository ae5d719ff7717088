import { defineConfig } from 'vitest/config';

// Tests run in forks: better-sqlite3 is a native addon, and PostgreSQL tests open real connections.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // Most long tests wait on child processes, sockets and timers, not the CPU (the 2-core CI machine
    // sat at a load of ~1.4 with two workers): three workers keep the suite well under 10 minutes.
    maxWorkers: 3,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

import { defineConfig } from 'vitest/config';

// Tests run in forks: better-sqlite3 is a native addon, and PostgreSQL tests open real connections.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // Most long tests wait on child processes, sockets and timers, not the CPU (the 2-core CI machine
    // sat at a load of ~1.4 with two workers): three workers keep the suite well under 10 minutes.
    maxWorkers: 3,
    // The test files of a worker share one module graph instead of importing TypeORM, Bolt, the
    // SDKs and src/ again for each of the ~170 files: measured side by side on the 2-core machine
    // (2026-12-03), the whole suite took 482 s instead of 692 s, its imports 30 s instead of 317 s.
    // What this asks of a test file: leave no process-wide state behind (a spy is restored after
    // each test, below; a changed process.env.TZ is put back in `finally`). src/ keeps no
    // module-level state but caches of pure functions (BoundedCache: the same key, the same value)
    // and the SHOUDAO_FAILPOINT switch, which only child processes set.
    isolate: false,
    restoreMocks: true,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

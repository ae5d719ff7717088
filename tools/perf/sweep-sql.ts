/**
 * Per-statement SQL time of the sweep bench (issue 14), one tally per database file, so the 10k and
 * 1M databases (`sweep-<n>.db`) compare side by side:
 *   BENCH_DIALECTS=sqlite npx tsx tools/perf/sweep-sql.ts
 * Prints, at exit, each database's statements by total time (text normalised: `?…` for a list of
 * placeholders). The fifth session found the SQLite size ratio this way: `COMMIT` (with SQLite's
 * automatic checkpoint inside) 1.66 ms at 10k against 5.8 ms at 1M. A measuring aid, not a test.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { BetterSqlite3QueryRunner } = require('typeorm/driver/better-sqlite3/BetterSqlite3QueryRunner.js');

type Tally = Map<string, { n: number; ms: number }>;
const byDatabase = new Map<string, Tally>();
const query = BetterSqlite3QueryRunner.prototype.query;
BetterSqlite3QueryRunner.prototype.query = async function (this: { driver?: { options?: { database?: string } } }, sql: string, ...rest: unknown[]) {
  const t = performance.now();
  try {
    return await query.call(this, sql, ...rest);
  } finally {
    const db = /sweep-(\d+)/.exec(String(this.driver?.options?.database ?? ''))?.[1] ?? '?';
    const key = sql.replace(/\s+/g, ' ').replace(/\?(, \?)+/g, '?…').replace(/(\(\?…\), )+\(\?…\)/g, '(…)*').slice(0, 150);
    const tally = byDatabase.get(db) ?? new Map();
    byDatabase.set(db, tally);
    const s = tally.get(key) ?? { n: 0, ms: 0 };
    s.n += 1;
    s.ms += performance.now() - t;
    tally.set(key, s);
  }
};

process.on('exit', () => {
  for (const [db, tally] of byDatabase) {
    const all = [...tally].sort((a, b) => b[1].ms - a[1].ms);
    console.log(`== ${db} open duties: ${all.reduce((a, [, s]) => a + s.ms, 0).toFixed(0)} ms of SQL`);
    for (const [k, s] of all.slice(0, 14)) console.log(`${s.ms.toFixed(0).padStart(6)} ms ${String(s.n).padStart(6)}× ${((s.ms / s.n) * 1000).toFixed(0).padStart(6)} µs  ${k}`);
  }
});

await import('../../test/bench/run.ts');

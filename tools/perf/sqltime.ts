/**
 * Per-statement SQL time and prepares of the processing bench (issue 9), for finding what a phase
 * spends in SQLite. Run inline, so the worker's statements are on this thread:
 *   SHOUDAO_PROCESSING_THREAD=0 BENCH_PROC_SECONDS=2 npx tsx tools/perf/sqltime.ts
 * Statements are counted from the first inbox claim for SQL_WIN ms (default 8000): the work-off.
 * Prints, at exit, the statements by total time (text normalised: `?…` for a list of
 * placeholders) and the `prepare` calls by text (a statement prepared again and again has a text
 * that changes, e.g. literal numbers). A measuring aid, not a test.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { BetterSqlite3QueryRunner } = require('typeorm/driver/better-sqlite3/BetterSqlite3QueryRunner.js');
const Database = require('better-sqlite3');

type Tally = Map<string, { n: number; ms: number }>;
const statements: Tally = new Map();
const prepares: Tally = new Map();
const WINDOW_MS = Number(process.env.SQL_WIN ?? 8000);
/** When the first inbox claim ran: the work-off starts there. */
let start: number | undefined;
const inWindow = (t: number) => start !== undefined && t - start < WINDOW_MS;
const add = (tally: Tally, key: string, ms: number) => {
  const s = tally.get(key) ?? { n: 0, ms: 0 };
  s.n += 1;
  s.ms += ms;
  tally.set(key, s);
};
const report = (title: string, tally: Tally, top: number) => {
  const all = [...tally].sort((a, b) => b[1].ms - a[1].ms);
  const ms = all.reduce((a, [, s]) => a + s.ms, 0);
  console.log(`${title}: ${all.reduce((a, [, s]) => a + s.n, 0)} in ${ms.toFixed(0)} ms`);
  for (const [k, s] of all.slice(0, top)) console.log(`${s.ms.toFixed(0).padStart(6)} ms ${String(s.n).padStart(6)}× ${((s.ms / s.n) * 1000).toFixed(0).padStart(5)} µs  ${k}`);
};

const prepare = Database.prototype.prepare;
Database.prototype.prepare = function (sql: string) {
  const t = performance.now();
  try {
    return prepare.call(this, sql);
  } finally {
    if (inWindow(t)) add(prepares, sql.replace(/\s+/g, ' ').replace(/\d{6,}/g, 'N').slice(0, 120), performance.now() - t);
  }
};

const query = BetterSqlite3QueryRunner.prototype.query;
BetterSqlite3QueryRunner.prototype.query = async function (sql: string, ...rest: unknown[]) {
  const t = performance.now();
  if (start === undefined && sql.startsWith("UPDATE inbox SET status = 'working'")) start = t;
  const counted = inWindow(t);
  try {
    return await query.call(this, sql, ...rest);
  } finally {
    if (counted) add(statements, sql.replace(/\s+/g, ' ').replace(/\?(, \?)+/g, '?…').replace(/(\(\?…\), )+\(\?…\)/g, '(…)*').slice(0, 160), performance.now() - t);
  }
};

process.on('exit', () => {
  report('SQL statements', statements, 30);
  report('prepares', prepares, 12);
});
await import('../../test/bench/processing.ts');

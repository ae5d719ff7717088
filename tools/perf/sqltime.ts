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
const D = require('better-sqlite3');
const prep = new Map<string, { n: number; ms: number }>();
const op = D.prototype.prepare;
D.prototype.prepare = function (q: string) { const t = performance.now(); try { return op.call(this, q); } finally { const t0 = (globalThis as any).__t0; if (t0 && t - t0 < Number(process.env.SQL_WIN ?? 8000)) { const k = q.replace(/\s+/g, ' ').replace(/\d{6,}/g, 'N').slice(0, 120); const s = prep.get(k) ?? { n: 0, ms: 0 }; s.n++; s.ms += performance.now() - t; prep.set(k, s); } } };
process.on('exit', () => { const all = [...prep].sort((a, b) => b[1].ms - a[1].ms); console.log('PREPARES', all.reduce((a, b) => a + b[1].n, 0), all.reduce((a, b) => a + b[1].ms, 0).toFixed(0), 'ms'); for (const [k, s] of all.slice(0, 12)) console.log(`${s.ms.toFixed(0).padStart(6)} ms ${String(s.n).padStart(6)}×  ${k}`); });
const stats = new Map<string, { n: number; ms: number }>();
const orig = BetterSqlite3QueryRunner.prototype.query;
BetterSqlite3QueryRunner.prototype.query = async function (q: string, ...rest: unknown[]) {
  const t = performance.now();
  if (!(globalThis as any).__t0 && q.startsWith("UPDATE inbox SET status = 'working'")) (globalThis as any).__t0 = t;
  const t0 = (globalThis as any).__t0; const on = t0 && t - t0 < Number(process.env.SQL_WIN ?? 8000);
  try { return await orig.call(this, q, ...rest); } finally {
    const k = q.replace(/\s+/g, ' ').replace(/\?(, \?)+/g, '?…').replace(/(\(\?…\), )+\(\?…\)/g, '(…)*').slice(0, 160);
    if (on) { const s = stats.get(k) ?? { n: 0, ms: 0 }; s.n++; s.ms += performance.now() - t; stats.set(k, s); }
  }
};
process.on('exit', () => {
  const all = [...stats].sort((a, b) => b[1].ms - a[1].ms);
  const tot = all.reduce((a, b) => a + b[1].ms, 0);
  console.log(`SQL total ${tot.toFixed(0)} ms in ${all.reduce((a, b) => a + b[1].n, 0)} statements`);
  for (const [k, s] of all.slice(0, 30)) console.log(`${s.ms.toFixed(0).padStart(6)} ms ${String(s.n).padStart(6)}× ${(s.ms / s.n * 1000).toFixed(0).padStart(5)}µs  ${k}`);
});
await import('../../test/bench/processing.ts');

/**
 * `npm run bench` (issues 3 and 14): the sweep's time with 10,000 and with 1,000,000 open duties,
 * 1,000 of them due, on SQLite (a file) and PostgreSQL (when reachable); the goals are t(1M) /
 * t(10k) at most 1.2 on each, and at most 0.1 ms (SQLite) / 0.3 ms (PostgreSQL) per due duty. Not a timed test: it prints a table and the ratios, and exits non-zero only
 * when a run did not do what it should (wrong claim count, …), not when the goal is missed.
 *
 * Each size gets a fresh database made by `createStore` (the real migrations), bulk-loaded
 * (load.ts), then swept by the real `sweep(deps, now)` with the demo org and the default policy
 * at successive one-minute ticks (scenario.ts, measure.ts), the sizes of a dialect taking turns.
 * Databases and files are removed at the end, on failure and on Ctrl-C; if the process is killed
 * before it can (tsx sends SIGKILL when a busy child is slow to answer Ctrl-C), the next run
 * removes them (leftovers.ts).
 *
 * Environment (optional): BENCH_SIZES=10000,1000000  BENCH_RUNS=9 (timed runs, plus a warm-up; at most n/1000 - 1)
 * BENCH_DIALECTS=sqlite,postgres  TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { buildDeps } from '../../src/app/build-deps.js';
import type { AppDeps } from '../../src/app/deps.js';
import { parseOrgYaml } from '../../src/config/org-file.js';
import { DEFAULT_POLICY } from '../../src/config/policy-file.js';
import type { Policy } from '../../src/domain/policy.js';
import { createWorkCalendar } from '../../src/domain/work-calendar.js';
import { VirtualClock } from '../../src/infra/clock.js';
import { openTypeormStore, type TypeormStore } from '../../src/infra/db/create-store.js';
import { loadPostgres, loadSqlite } from './load.js';
import { checkLoaded, claimPlan, median, sweepTick, timeClaim } from './measure.js';
import { claimDir, removeStaleTempDirs, TMP_PREFIX } from './leftovers.js';
import { createBenchDatabase, dropStaleBenchDatabases, probePostgres, redact, SERVER_URL } from './postgres-server.js';
import { checkAgainstPolicy, DUE, layout, rowMaker, T0, type DutyRow, type Layout } from './scenario.js';

type Dialect = 'sqlite' | 'postgres';
interface Row { dialect: Dialect; n: number; claimed: number[]; timesMs: number[]; medianMs: number; minMs: number; maxMs: number; loadMs: number; claimMs: number; plan: string[] }

/** Issue 14's goals: t(1M) / t(10k) at most 1.2, and the ms per due duty at 1M open duties. */
const GOAL = 1.2;
const PER_DUTY_GOAL: Record<Dialect, number> = { sqlite: 0.1, postgres: 0.3 };
const list = (name: string, fallback: string) => (process.env[name] ?? fallback).split(',').map((s) => s.trim()).filter(Boolean);
const SIZES = list('BENCH_SIZES', '10000,1000000').map(Number);
const RUNS = Number(process.env['BENCH_RUNS'] ?? 9);
const DIALECTS = list('BENCH_DIALECTS', 'sqlite,postgres') as Dialect[];

const root = (rel: string) => fileURLToPath(new URL(`../../${rel}`, import.meta.url));
// What test/helpers/app.ts's demoOrg() and policyWith() give (that module pulls in vitest).
const org = parseOrgYaml(readFileSync(root('data/org.example.yaml'), 'utf8'), 'data/org.example.yaml');
const policy = structuredClone<Policy>(DEFAULT_POLICY);

const log = (line: string) => console.log(line);
const fmt = (n: number) => n.toLocaleString('en-US');
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Clean-ups still owed, run in reverse order at the end, on failure, or on Ctrl-C. */
const cleanups = new Map<string, () => Promise<void>>();
async function settle(which: (what: string) => boolean): Promise<void> {
  for (const [what, fn] of [...cleanups].reverse()) {
    if (!which(what) || !cleanups.delete(what)) continue;
    await fn().catch((err: unknown) => console.error(`clean-up of ${what} failed: ${String(err)}`));
  }
}
/** Runs every clean-up still owed, once, however many times it is called (end, failure, signal). */
let finalCleanUp: Promise<void> | undefined;
const cleanUp = (): Promise<void> => (finalCleanUp ??= settle(() => true));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: cleaning up`);
    void cleanUp().finally(() => process.exit(130));
  });
}

/** A fresh, migrated, empty database of the dialect: its URL, a loader, and how to drop it. */
async function freshDatabase(dialect: Dialect, tmp: string, n: number) {
  if (dialect === 'sqlite') {
    const path = join(tmp, `sweep-${n}.db`);
    const drop = async () => {
      for (const f of [path, `${path}-wal`, `${path}-shm`]) await rm(f, { force: true });
    };
    return { url: `sqlite:${path}`, label: path, drop, load: (make: (id: number) => DutyRow, p: (d: number) => void) => Promise.resolve(loadSqlite(path, n, make, p)) };
  }
  const db = await createBenchDatabase();
  return { url: db.url, label: db.name, drop: db.drop, load: (make: (id: number) => DutyRow, p: (d: number) => void) => loadPostgres(db.url, n, make, p) };
}

/** One size of one dialect, loaded and open, with its runs so far. */
interface Prepared {
  n: number;
  l: Layout;
  tag: string;
  store: TypeormStore;
  deps: AppDeps & { clock: VirtualClock };
  loadMs: number;
  claimMs: number;
  claimed: number[];
  timesMs: number[];
}

/** Creates, migrates, loads and opens the database of one size; registers its clean-up first. */
async function prepare(dialect: Dialect, tmp: string, n: number): Promise<Prepared> {
  const l = layout(n, RUNS + 1);
  const make = rowMaker(org, l);
  checkAgainstPolicy(l, make, policy, createWorkCalendar(policy.workingTime, policy.timezone));
  const tag = `[${dialect} ${fmt(n)}]`;
  const db = await freshDatabase(dialect, tmp, n);
  const opened: { store?: TypeormStore } = {};
  cleanups.set(db.label, async () => {
    await opened.store?.close();
    await db.drop();
  });
  // Migrations make the real schema; the store is closed while the loader writes.
  await (await openTypeormStore(db.url)).close();
  log(`${tag} database ${db.label} migrated; loading ${fmt(n)} open duties …`);
  const loadStart = performance.now();
  await db.load(make, (done) => log(`${tag}   ${fmt(done)} rows`));
  const loadMs = performance.now() - loadStart;
  log(`${tag} loaded and analysed in ${secs(loadMs)}`);
  const store = (opened.store = await openTypeormStore(db.url));
  await checkLoaded(store, l);
  const clock = new VirtualClock(T0);
  return { n, l, tag, store, deps: { ...buildDeps(store, clock, org, policy), clock }, loadMs, claimMs: 0, claimed: [], timesMs: [] };
}

/**
 * Loads every size, then sweeps them turn about, tick by tick (ABBA order), so that whatever else
 * the machine is doing meanwhile falls on both sizes alike. Tick 0 is the warm-up.
 */
async function benchDialect(dialect: Dialect, tmp: string): Promise<Row[]> {
  const sizes: Prepared[] = [];
  for (const n of SIZES) sizes.push(await prepare(dialect, tmp, n));
  for (const p of sizes) {
    p.claimMs = await timeClaim(p.store, 0);
    log(`${p.tag} the claim alone (first batch of 500, rolled back): ${p.claimMs.toFixed(2)} ms`);
  }
  for (let r = 0; r <= RUNS; r += 1) {
    for (const p of r % 2 ? [...sizes].reverse() : sizes) {
      const { claimed, ms } = await sweepTick(p.store, p.deps, p.l, r);
      p.claimed.push(claimed);
      if (r > 0) p.timesMs.push(ms);
      log(`${p.tag} ${r === 0 ? 'warm-up' : `run ${r}/${RUNS}`}: claimed ${fmt(claimed)} in ${ms.toFixed(1)} ms`);
    }
  }
  const rows: Row[] = [];
  for (const p of sizes) {
    rows.push({ dialect, n: p.n, claimed: p.claimed, timesMs: p.timesMs, medianMs: median(p.timesMs), minMs: Math.min(...p.timesMs), maxMs: Math.max(...p.timesMs), loadMs: p.loadMs, claimMs: p.claimMs, plan: await claimPlan(p.store) });
  }
  return rows;
}

function printTable(rows: Row[]): void {
  const head = ['dialect', 'open duties', 'due', 'claimed/run', 'median sweep ms', 'min-max ms', 'ms per due duty', 'claim 500 ms', 'load'];
  const body = rows.map((r) => [
    r.dialect, fmt(r.n), fmt(DUE), r.claimed.every((c) => c === DUE) ? fmt(DUE) : r.claimed.join('/'),
    r.medianMs.toFixed(1), `${r.minMs.toFixed(0)}-${r.maxMs.toFixed(0)}`, (r.medianMs / DUE).toFixed(3), r.claimMs.toFixed(2), secs(r.loadMs),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  log(line(head));
  log(`|${widths.map((w, i) => (i < 2 ? `-${'-'.repeat(w)}-` : `-${'-'.repeat(w)}:`)).join('|')}|`);
  for (const b of body) log(line(b));
}

async function main(): Promise<void> {
  const sqliteVersion = (() => {
    const db = new Database(':memory:');
    try { return (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v; } finally { db.close(); }
  })();
  log(`sweep benchmark: sizes ${SIZES.map(fmt).join(', ')} open duties, ${fmt(DUE)} due per run, median of ${RUNS} runs after 1 warm-up`);
  log(`node ${process.version}, ${availableParallelism()} cores, SQLite ${sqliteVersion} (better-sqlite3)`);
  const dialects: Dialect[] = [];
  for (const d of DIALECTS) {
    if (d === 'sqlite') { dialects.push(d); continue; }
    const pgProbe = await probePostgres();
    if (pgProbe.ok) {
      log(`PostgreSQL ${pgProbe.version} at ${redact(SERVER_URL)}`);
      for (const name of await dropStaleBenchDatabases()) log(`dropped database ${name}, left by a killed run`);
      dialects.push(d);
    } else {
      log(`PostgreSQL not reachable at ${redact(SERVER_URL)} (${pgProbe.reason}): PostgreSQL skipped`);
    }
  }
  for (const dir of await removeStaleTempDirs()) log(`removed ${dir}, left by a killed run`);
  const tmp = await mkdtemp(join(tmpdir(), TMP_PREFIX));
  cleanups.set(tmp, () => rm(tmp, { recursive: true, force: true }));
  await claimDir(tmp);
  const started = performance.now();
  const rows: Row[] = [];
  try {
    for (const d of dialects) {
      try {
        rows.push(...(await benchDialect(d, tmp)));
      } finally {
        // Drop this dialect's databases before the next one loads (disk, memory, caches).
        await settle((what) => what !== tmp);
      }
    }
  } finally {
    await cleanUp();
  }
  log('');
  printTable(rows);
  log('');
  for (const d of dialects) {
    const mine = rows.filter((r) => r.dialect === d).sort((a, b) => a.n - b.n);
    const small = mine[0];
    const large = mine[mine.length - 1];
    if (!small || !large || small === large) continue;
    const ratio = large.medianMs / small.medianMs;
    const paired = median(large.timesMs.map((t, i) => t / small.timesMs[i]!));
    log(`${d}: t(${fmt(large.n)}) / t(${fmt(small.n)}) = ${large.medianMs.toFixed(1)} / ${small.medianMs.toFixed(1)} = ${ratio.toFixed(2)} — ${ratio <= GOAL ? 'meets' : 'MISSES'} the goal (≤ ${GOAL}); median of the per-tick ratios ${paired.toFixed(2)}`);
    const perDuty = large.medianMs / DUE;
    log(`${d}: ${perDuty.toFixed(3)} ms per due duty with ${fmt(large.n)} open — ${perDuty <= PER_DUTY_GOAL[d] ? 'meets' : 'MISSES'} the goal (≤ ${PER_DUTY_GOAL[d]} ms)`);
  }
  log('');
  for (const r of rows) log(`claim plan, ${r.dialect} ${fmt(r.n)}:\n  ${r.plan.join('\n  ')}`);
  log(`\ntotal ${secs(performance.now() - started)}; temporary files and databases removed`);
}

main().catch(async (err: unknown) => {
  await cleanUp();
  console.error(err instanceof Error ? err.stack ?? err.message : err);
  process.exit(1);
});

/**
 * `npm run bench` (issue 14): start-up and memory of the real server, in server mode
 * (`SHOUDAO_SERVE=1`, the demo org, SQLite). Each start is measured:
 * - start to healthy: from the spawn to the first `/healthz` answering 200 (goal < 3 s);
 * - idle RSS: the process's resident memory (`VmRSS` in /proc) once it has settled with nothing
 *   to do — SETTLE_S (default 15) seconds after it became healthy (goal < 150 MB) — and, as
 *   earlier sessions measured it, 3 s after. The two differ by V8's memory reducer: ~8 s after an
 *   isolate's allocation rate drops it runs a compacting GC that gives back what start-up grew
 *   (each thread's heap: 74 → 56 MB in all, measured per thread), so at 3 s the server is still in
 *   its start-up transient (`--no-memory-reducer`: no drop at all).
 *
 * Side by side, interleaved, ROUNDS rounds (the machine is shared: only figures measured next to
 * each other compare):
 * - `npm start` as it is (`node bin/start.mjs`: the build of the current source, cached), on a
 *   fresh database — the first start of an installation, whose catch-up tick also writes last
 *   month's assessment (exceljs and all) — and restarted on that database (the usual start);
 * - the way `npm start` used to run, `node --import tsx src/main.ts`, fresh database;
 * - once, first: `bin/start.mjs` with an empty build cache (it compiles, then starts).
 * Medians of the rounds; the load average is printed. Linux only (it reads /proc).
 * (`npm start` itself adds npm's own start, 0.2–0.4 s, before node starts.)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { freePort } from '../integration/ops/child-process.js';
import { median } from './measure.js';

const ROUNDS = Number(process.env['BENCH_STARTS'] ?? 3);
const SETTLE_S = Number(process.env['BENCH_SETTLE_S'] ?? 15);
const log = (line: string) => console.log(line);
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');

const rssOf = (pid: number): number => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) * 1024;

type Way = 'launcher' | 'tsx';
/** `npm start`'s node arguments, read from package.json (`exec node <flags> bin/start.mjs`), so the bench runs what users run. */
function startArgs(): string[] {
  const script = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts['start'] ?? '';
  const words = script.trim().split(/\s+/);
  const at = words.indexOf('node');
  if (at < 0 || !words.includes('bin/start.mjs')) throw new Error(`package.json start script is not "[exec] node … bin/start.mjs": ${script}`);
  return words.slice(at + 1);
}
const ARGS: Record<Way, string[]> = { launcher: startArgs(), tsx: ['--import', 'tsx', 'src/main.ts'] };

interface Start {
  healthyMs: number;
  /** 3 s after healthy. */
  rss3: number;
  /** SETTLE_S after healthy. */
  rss: number;
}

async function once(way: Way, db: string, extraEnv: Record<string, string> = {}): Promise<Start> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ARGS[way], {
    cwd: process.cwd(),
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', SHOUDAO_SERVE: '1', PORT: String(port), DATABASE_URL: `sqlite:${db}`, SHOUDAO_SECRET: 'bench-secret-0123456789', ...extraEnv },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err = (err + c.toString('utf8')).slice(-20_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${way} exited with ${child.exitCode}:\n${err.slice(-2000)}`);
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status === 200, () => false);
      if (ok) break;
      if (performance.now() - started > 60_000) throw new Error(`not healthy within 60 s:\n${err.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const healthyMs = performance.now() - started;
    await new Promise((r) => setTimeout(r, 3000));
    const rss3 = rssOf(child.pid!);
    await new Promise((r) => setTimeout(r, Math.max(0, SETTLE_S - 3) * 1000));
    return { healthyMs, rss3, rss: rssOf(child.pid!) };
  } finally {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  }
}

const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
const fmt = (r: Start) => `healthy after ${r.healthyMs.toFixed(0)} ms, idle RSS ${mb(r.rss)} MB (${mb(r.rss3)} MB at 3 s)`;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'shoudao-bench-startup-'));
  const coldCache = join('node_modules', '.cache', `shoudao-start-bench-${process.pid}`);
  try {
    log(`load average at the start: ${load()}`);
    const cold = await once('launcher', join(dir, 'cold.db'), { SHOUDAO_START_CACHE: coldCache });
    log(`cold (empty build cache, compiles first), fresh db: ${fmt(cold)}`);
    await once('launcher', join(dir, 'warm-up.db')); // the project's own cache holds this source's build from here on
    const runs: Record<'fresh' | 'restart' | 'tsx', Start[]> = { fresh: [], restart: [], tsx: [] };
    for (let n = 0; n < ROUNDS; n += 1) {
      const db = join(dir, `round-${n}.db`);
      runs.fresh.push(await once('launcher', db));
      runs.restart.push(await once('launcher', db));
      runs.tsx.push(await once('tsx', join(dir, `tsx-${n}.db`)));
      log(`round ${n + 1}/${ROUNDS} (load ${load()}): npm start, fresh db: ${fmt(runs.fresh[n]!)} · restart: ${fmt(runs.restart[n]!)} · old way (tsx): ${fmt(runs.tsx[n]!)}`);
    }
    const h = (k: keyof typeof runs) => median(runs[k].map((r) => r.healthyMs)) / 1000;
    const m = (k: keyof typeof runs) => median(runs[k].map((r) => r.rss)) / 2 ** 20;
    const m3 = (k: keyof typeof runs) => median(runs[k].map((r) => r.rss3)) / 2 ** 20;
    const verdict = (ok: boolean) => (ok ? '(meets)' : '(MISSES)');
    log('');
    log(`| figure, median of ${ROUNDS} | npm start, fresh db | npm start, restart | old way (tsx), fresh db | goal |`);
    log('|---|--:|--:|--:|---|');
    log(`| start to healthy (/healthz 200) | ${h('fresh').toFixed(2)} s | ${h('restart').toFixed(2)} s | ${h('tsx').toFixed(2)} s | < 3 s ${verdict(h('fresh') < 3 && h('restart') < 3)} |`);
    log(`| idle RSS, settled (${SETTLE_S} s after healthy) | ${m('fresh').toFixed(0)} MB | ${m('restart').toFixed(0)} MB | ${m('tsx').toFixed(0)} MB | < 150 MB ${verdict(m('fresh') < 150 && m('restart') < 150)} |`);
    log(`| RSS 3 s after healthy (start-up transient) | ${m3('fresh').toFixed(0)} MB | ${m3('restart').toFixed(0)} MB | ${m3('tsx').toFixed(0)} MB | |`);
    log(`| ratio to the old way | ${(h('fresh') / h('tsx')).toFixed(2)} × time, ${(m('fresh') / m('tsx')).toFixed(2)} × RSS | ${(h('restart') / h('tsx')).toFixed(2)} × time, ${(m('restart') / m('tsx')).toFixed(2)} × RSS | 1 | |`);
    log(`cold start (compiling first): ${(cold.healthyMs / 1000).toFixed(2)} s; load average at the end: ${load()}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(coldCache, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack ?? err.message : err);
  process.exit(1);
});

/**
 * `npm run bench` (issue 14): start-up and memory of the real server. `src/main.ts` is started
 * as `npm start` would (node with tsx, which compiles the TypeScript on the way), in server mode
 * (`SHOUDAO_SERVE=1`, the demo org, a fresh SQLite file), 3 times:
 * - start to healthy: from the spawn to the first `/healthz` answering 200 (goal < 3 s);
 * - idle RSS: the process's resident memory (`VmRSS` in /proc) 3 s after it became healthy,
 *   with nothing to do (goal < 150 MB).
 * Medians of the 3 starts. Linux only (it reads /proc).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { freePort, startMain } from '../integration/ops/child-process.js';
import { median } from './measure.js';

const STARTS = 3;
const log = (line: string) => console.log(line);

const rssOf = (pid: number): number => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) * 1024;

async function once(dir: string, n: number): Promise<{ healthyMs: number; rss: number }> {
  const port = await freePort();
  const started = performance.now();
  const main = startMain({ SHOUDAO_SERVE: '1', PORT: String(port), DATABASE_URL: `sqlite:${join(dir, `start-${n}.db`)}`, SHOUDAO_SECRET: 'bench-secret-0123456789' });
  try {
    for (;;) {
      if (main.child.exitCode !== null) throw new Error(`main.ts exited with ${main.child.exitCode}:\n${main.stderr().slice(-2000)}`);
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status === 200, () => false);
      if (ok) break;
      if (performance.now() - started > 60_000) throw new Error(`not healthy within 60 s:\n${main.stderr().slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const healthyMs = performance.now() - started;
    await new Promise((r) => setTimeout(r, 3000));
    return { healthyMs, rss: rssOf(main.child.pid!) };
  } finally {
    await main.kill('SIGTERM');
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'shoudao-bench-startup-'));
  try {
    const runs: Array<{ healthyMs: number; rss: number }> = [];
    for (let n = 0; n < STARTS; n += 1) {
      runs.push(await once(dir, n));
      log(`start ${n + 1}/${STARTS}: healthy after ${runs[n]!.healthyMs.toFixed(0)} ms, idle RSS ${(runs[n]!.rss / 2 ** 20).toFixed(0)} MB`);
    }
    const healthy = median(runs.map((r) => r.healthyMs));
    const rss = median(runs.map((r) => r.rss)) / 2 ** 20;
    log('');
    log('| figure | median of 3 | goal |');
    log('|---|--:|---|');
    log(`| start to healthy (/healthz 200) | ${(healthy / 1000).toFixed(2)} s | < 3 s ${healthy < 3000 ? '(meets)' : '(MISSES)'} |`);
    log(`| idle RSS, 3 s after healthy | ${rss.toFixed(0)} MB | < 150 MB ${rss < 150 ? '(meets)' : '(MISSES)'} |`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack ?? err.message : err);
  process.exit(1);
});

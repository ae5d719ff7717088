/**
 * Per-thread CPU time of this process (Linux: /proc/self/task/<tid>/stat, utime + stime), for
 * benches that want to show where a run's CPU went: `const s = threadCpu(); …; threadCpuSince(s)`.
 * Threads are named by tid and `comm` (node names its worker threads "node" and libuv's pool
 * "libuv-worker"), so a bench labels the ones it knows by their tids. Empty elsewhere.
 */
import { readdirSync, readFileSync } from 'node:fs';

export type CpuSnapshot = Map<number, { comm: string; ms: number }>;

const TICK_MS = 10; // USER_HZ is 100 on Linux

export function threadCpu(): CpuSnapshot {
  const out: CpuSnapshot = new Map();
  try {
    for (const t of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${t}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const f = stat.slice(close + 2).split(' ');
      out.set(Number(t), { comm, ms: (Number(f[11]) + Number(f[12])) * TICK_MS });
    }
  } catch {
    // not Linux
  }
  return out;
}

/** CPU ms per thread since `before`, the busiest first, threads under 20 ms left out. */
export function threadCpuSince(before: CpuSnapshot): Array<{ tid: number; comm: string; ms: number }> {
  const rows: Array<{ tid: number; comm: string; ms: number }> = [];
  for (const [tid, now] of threadCpu()) rows.push({ tid, comm: now.comm, ms: now.ms - (before.get(tid)?.ms ?? 0) });
  return rows.filter((r) => r.ms >= 20).sort((a, b) => b.ms - a.ms);
}

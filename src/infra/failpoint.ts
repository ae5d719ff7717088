/**
 * Crash switches for the crash tests (after FoundationDB's and TiKV's fail points): with
 * `SHOUDAO_FAILPOINT=<name>:<n>` the process kills itself with `SIGKILL` the n-th time it reaches
 * the point `<name>` — at an exact place no outside timer could hit (a batched sweep writes 500
 * duties in a few milliseconds). Unset, a point costs one comparison. Only test harnesses set it;
 * it is read here, once, and is not part of the configuration.
 */
const spec = /^([a-z.]+):(\d+)$/.exec(process.env['SHOUDAO_FAILPOINT'] ?? '');
const armed = spec ? { name: spec[1]!, at: Number(spec[2]) } : undefined;
let reached = 0;

/** Kills the process here if the armed fail point is `name` and this is its n-th time. */
export function failpoint(name: string): void {
  if (!armed || armed.name !== name) return;
  reached += 1;
  if (reached === armed.at) process.kill(process.pid, 'SIGKILL');
}

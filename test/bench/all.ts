/**
 * `npm run bench`: every benchmark, one after the other, each in its own process (so one's heap and
 * JIT state never colours the next). `BENCH_ONLY=<name>` runs one. A bench that fails (exits
 * non-zero: something did not happen as it should) does not stop the others; the runner lists the
 * failures at the end and then exits non-zero. A missed goal is not a failure: each bench prints
 * its figures and its verdict.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BENCHES: Array<[name: string, file: string]> = [
  ['sweep', 'run.ts'],
  ['slack', 'slack-bench.ts'],
  ['wecom', 'wecom.ts'],
  ['processing', 'processing.ts'],
  ['dispatch', 'dispatch.ts'],
  ['notice', 'notice.ts'],
  ['startup', 'startup.ts'],
  ['dingtalk', 'dingtalk.ts'],
  ['feishu', 'feishu.ts'],
  ['dashboard', 'dashboard-bench.ts'],
];

const only = process.env['BENCH_ONLY'];
if (only && !BENCHES.some(([n]) => n === only)) {
  console.error(`BENCH_ONLY=${only}: unknown bench; one of ${BENCHES.map(([n]) => n).join(', ')}`);
  process.exit(2);
}
const failed: string[] = [];
for (const [name, file] of BENCHES) {
  if (only && only !== name) continue;
  console.log(`\n=== bench: ${name} (${file}) ===`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(file, import.meta.url))], { stdio: 'inherit', env: { ...process.env, BENCH_ONLY: name } });
  if (r.status !== 0) failed.push(`${name} (exit ${r.status ?? r.signal})`);
}
if (failed.length) {
  console.error(`\nbenches that did not run as they should: ${failed.join(', ')}`);
  process.exit(1);
}

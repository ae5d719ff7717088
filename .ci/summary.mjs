// The last line of .ci/run: "N passed, N failed" from vitest's JSON report, plus the checks
// (tsc, ESLint) run before it. A test file that failed without any failed test in it — it did not
// even import, or a hook crashed — counts as one failure (numFailedTests alone says 0 for it).
import { readFileSync } from 'node:fs';

/** The summary line of a vitest JSON report `r` and `checks` = { passed, failed }. */
export function summaryLine(r, checks = { passed: 0, failed: 0 }) {
  const brokenFiles = (r.testResults ?? []).filter((f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed')).length;
  const passed = r.numPassedTests + checks.passed;
  const failed = r.numFailedTests + brokenFiles + checks.failed;
  return `${passed} passed, ${failed} failed` + (r.numPendingTests ? `, ${r.numPendingTests} skipped` : '');
}

if (process.argv[1] && import.meta.url === `file://${process.argv[1]}`) {
  const report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
  console.log(summaryLine(report, { passed: Number(process.argv[3] ?? 0), failed: Number(process.argv[4] ?? 0) }));
}

/** Issue 18 item 22: the CI summary line counts a test file that failed to import as a failure. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';
// @ts-expect-error — a plain .mjs script of the CI, without types
import { summaryLine } from '../../../.ci/summary.mjs';

const line = summaryLine as (r: unknown, checks?: { passed: number; failed: number }) => string;

it('counts failed tests, files that failed without a failed test, and the checks', () => {
  const report = {
    numPassedTests: 10, numFailedTests: 1, numPendingTests: 0,
    testResults: [
      { status: 'passed', assertionResults: [{ status: 'passed' }] },
      { status: 'failed', assertionResults: [{ status: 'failed' }, { status: 'passed' }] }, // counted by numFailedTests
      { status: 'failed', assertionResults: [] }, // did not import: 0 failed tests, but it failed
    ],
  };
  expect(line(report)).toBe('10 passed, 2 failed');
  expect(line(report, { passed: 1, failed: 1 })).toBe('11 passed, 3 failed');
});

it('on a real vitest report of a file that cannot import', () => {
  // Outside test/, so that no other vitest run can pick the broken file up.
  const dir = mkdtempSync(join(tmpdir(), 'shoudao-ci-'));
  const out = join(dir, 'vitest.json');
  writeFileSync(join(dir, 'broken.test.ts'), "import './does-not-exist.js';\n");
  try {
    spawnSync(process.execPath, [resolve('node_modules/vitest/vitest.mjs'), 'run', '--root', dir, '--reporter=json', `--outputFile.json=${out}`], { encoding: 'utf8', timeout: 60_000 });
    const report = JSON.parse(readFileSync(out, 'utf8')) as { numFailedTests: number };
    expect(report.numFailedTests).toBe(0); // what the old summary printed as "0 failed"
    expect(line(report)).toBe('0 passed, 1 failed');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

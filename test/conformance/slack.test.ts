/**
 * The conformance suite (suite.ts) against the slack driver modes; one file per platform family so
 * the families run in parallel. This file also checks that the family files cover every driver.
 */
import { describe, expect, it } from 'vitest';
import { DRIVERS } from './drivers/index.js';
import { conformanceSuite, driversOf, FAMILIES } from './suite.js';

describe('conformance files', () => {
  it('cover every registered driver exactly once', () => {
    const covered = FAMILIES.flatMap((f) => driversOf(f).map((d) => d.name));
    expect(covered.sort()).toEqual(DRIVERS.map((d) => d.name).sort());
  });
});

conformanceSuite(driversOf('slack'));

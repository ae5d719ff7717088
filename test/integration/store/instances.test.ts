/**
 * The instance heartbeat table (src/server/heartbeat.ts): a beat upserts one row per process; a
 * stop removes it; maintenance prunes instances that stopped beating long ago (killed without a
 * stop), so the table does not grow with every restart.
 */
import { describe, expect, it } from 'vitest';
import { testDialects } from '../../helpers/databases.js';
import { useStore } from './store-fixture.js';

const DAY = 24 * 3_600_000;
const T0 = Date.UTC(2026, 11, 1, 1, 0);

describe.each(testDialects())('instances on $name', (dialect) => {
  const store = useStore(dialect);

  it('beats upsert, remove deletes, prune forgets only the long-silent ones', async () => {
    await store().transaction(async (tx) => {
      await tx.instances.beat('killed', T0 - 2 * DAY);
      await tx.instances.beat('alive', T0 - 3 * DAY);
      await tx.instances.beat('alive', T0); // the same instance beating again: one row, seen now
      await tx.instances.beat('stopped', T0);
      await tx.instances.remove('stopped');
    });
    expect(await store().transaction((tx) => tx.instances.prune(T0 - DAY))).toBe(1);
    expect(await store().transaction((tx) => tx.instances.prune(T0 - DAY))).toBe(0);
    // 'alive' is still there: a beat now keeps it past the next prune.
    await store().transaction((tx) => tx.instances.beat('alive', T0 + DAY));
    expect(await store().transaction((tx) => tx.instances.prune(T0 + DAY - 1))).toBe(0);
  });
});

/**
 * The instance heartbeat table (src/server/heartbeat.ts): a beat upserts one row per process at the
 * DATABASE's clock (one clock for every replica, whatever the process clocks say); a stop removes
 * it; maintenance prunes instances silent for long (killed without a stop), so the table does not
 * grow with every restart.
 */
import { describe, expect, it } from 'vitest';
import { testDialects } from '../../helpers/databases.js';
import { useStore } from './store-fixture.js';

const DAY = 24 * 3_600_000;

describe.each(testDialects())('instances on $name', (dialect) => {
  const store = useStore(dialect);
  const rows = async () => store().dataSource.query<Array<{ id: string; seen_at: number | string }>>('SELECT id, seen_at FROM instance ORDER BY id');

  it('beats upsert at the database clock, remove deletes, prune forgets only the long-silent ones', async () => {
    await store().transaction(async (tx) => {
      await tx.instances.beat('alive');
      await tx.instances.beat('alive'); // the same instance beating again: one row
      await tx.instances.beat('stopped');
      await tx.instances.remove('stopped');
    });
    // Killed two days ago without a stop (its row written as the database would have then).
    await store().dataSource.query(`INSERT INTO instance (id, seen_at) VALUES ('killed', ${Date.now() - 2 * DAY})`);
    const alive = (await rows()).find((r) => r.id === 'alive')!;
    expect(Math.abs(Number(alive.seen_at) - Date.now())).toBeLessThan(60_000);
    expect((await rows()).map((r) => r.id)).toEqual(['alive', 'killed']);
    expect(await store().transaction((tx) => tx.instances.prune(DAY))).toBe(1);
    expect(await store().transaction((tx) => tx.instances.prune(DAY))).toBe(0);
    expect((await rows()).map((r) => r.id)).toEqual(['alive']);
  });
});

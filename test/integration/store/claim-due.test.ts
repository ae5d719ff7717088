/**
 * The sweep's claim (ARCHITECTURE rule 3): `claimDue` takes only rows whose next_action_at has
 * come, oldest first; on PostgreSQL two concurrent claims split the due rows between them
 * (SKIP LOCKED); and on both dialects the plan is a range scan of the next_action_at index.
 */
import { describe, expect, it } from 'vitest';
import type { Duty } from '../../../src/domain/duty/duty.js';
import { DutyEntity } from '../../../src/infra/db/entities/duty.entity.js';
import { dutyToRow } from '../../../src/infra/db/repositories/duty-mapper.js';
import { TypeormDutyRepo } from '../../../src/infra/db/repositories/duty-repo.js';
import { describeIfPg, testDialects } from '../../helpers/databases.js';
import { aDuty, MIN, T0 } from './fixtures.js';
import { useStore } from './store-fixture.js';

const ids = (ds: Duty[]) => ds.map((d) => d.id);

/** A promise-based barrier: `wait()` resolves once `n` callers are waiting. */
function barrier(n: number): { wait(): Promise<void> } {
  let arrived = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return {
    wait() {
      if (++arrived === n) open();
      return opened;
    },
  };
}

describe.each(testDialects())('claimDue on $name', (dialect) => {
  const store = useStore(dialect);

  it('claims rows with next_action_at <= now, oldest first, up to the limit; ignores null and future', async () => {
    const due = await store().transaction(async (tx) => {
      await tx.duties.insert({ ...aDuty(), step: 4 }); // nothing left: NULL next_action_at
      await tx.duties.insert({ ...aDuty(), step: 0, nextActionAt: T0 + MIN }); // future
      const later = await tx.duties.insert({ ...aDuty(), step: 0, nextActionAt: T0 }); // exactly now
      const a = await tx.duties.insert({ ...aDuty(), step: 1, nextActionAt: T0 - 5 * MIN });
      const b = await tx.duties.insert({ ...aDuty(), step: 1, nextActionAt: T0 - 5 * MIN }); // same time: id order
      return [a, b, later];
    });
    expect(await store().transaction((tx) => tx.duties.claimDue(T0, 10))).toStrictEqual(due);
    expect(ids(await store().transaction((tx) => tx.duties.claimDue(T0, 2)))).toEqual(ids(due.slice(0, 2)));
    expect(await store().transaction((tx) => tx.duties.claimDue(T0 - 6 * MIN, 10))).toEqual([]);
  });

  it('earliestAction is the smallest next_action_at, a number, or undefined when none is set', async () => {
    expect(await store().transaction((tx) => tx.duties.earliestAction())).toBeUndefined();
    await store().transaction((tx) => tx.duties.insert({ ...aDuty(), step: 4 }));
    expect(await store().transaction((tx) => tx.duties.earliestAction())).toBeUndefined();
    await store().transaction(async (tx) => {
      await tx.duties.insert({ ...aDuty(), step: 0, nextActionAt: T0 + 2 * MIN });
      await tx.duties.insert({ ...aDuty(), step: 0, nextActionAt: T0 + MIN });
    });
    expect(await store().transaction((tx) => tx.duties.earliestAction())).toBe(T0 + MIN);
  });

  it('plans a range scan of idx_duty_next_action_at with no sort, even with many open rows', async () => {
    const ds = store().dataSource;
    const rows = Array.from({ length: 6000 }, (_, i) =>
      dutyToRow({
        ...aDuty(),
        status: i % 2 ? 'open' : 'done',
        step: 0,
        // 20 due, 2990 future, 2990 finished (NULL).
        nextActionAt: i < 20 ? T0 - i * MIN : i % 2 ? T0 + (i + 1) * MIN : undefined,
      }),
    );
    for (let i = 0; i < rows.length; i += 500) {
      await ds.createQueryBuilder().insert().into(DutyEntity).values(rows.slice(i, i + 500)).updateEntity(false).execute();
    }
    await ds.query('ANALYZE');
    const [sql, params] = new TypeormDutyRepo({ em: ds.manager, dialect: dialect.name })
      .claimDueQuery(T0, 50)
      .getQueryAndParameters();
    let plan: string;
    if (dialect.name === 'postgres') {
      const lines = await ds.query<Array<{ 'QUERY PLAN': string }>>(`EXPLAIN ${sql}`, params);
      plan = lines.map((l) => l['QUERY PLAN']).join('\n');
      expect(plan).toMatch(/Index Scan using idx_duty_next_action_at on duty/);
      expect(plan).toMatch(/LockRows/);
      expect(plan).not.toMatch(/Seq Scan|Sort/);
      // Executed, the index scan reads exactly the 20 due entries, not the 2990 future or 2990 NULL ones.
      const analyzed = await ds.query<Array<{ 'QUERY PLAN': string }>>(`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) ${sql}`, params);
      const scan = analyzed.map((l) => l['QUERY PLAN']).find((l) => l.includes('Index Scan'));
      expect(scan).toMatch(/actual rows=20 loops=1/);
      plan += `\n-- EXPLAIN ANALYZE: ${scan?.trim()}`;
    } else {
      const lines = await ds.query<Array<{ detail: string }>>(`EXPLAIN QUERY PLAN ${sql}`, params);
      plan = lines.map((l) => l.detail).join('\n');
      expect(plan).toMatch(/SEARCH \S+ USING INDEX idx_duty_next_action_at \(next_action_at<\?\)/);
      expect(plan).not.toMatch(/SCAN|TEMP B-TREE/);
    }
    console.info(`claimDue plan on ${dialect.name}:\n${plan}`);
    expect(await store().transaction((tx) => tx.duties.claimDue(T0, 50))).toHaveLength(20);
  });
});

describeIfPg('claimDue concurrency on postgres', () => {
  const pgDialect = testDialects().find((d) => d.name === 'postgres')!;
  const store = useStore(pgDialect);

  it('two concurrent claims, each holding its rows until both have claimed, get disjoint sets covering all due rows', async () => {
    const all = await store().transaction(async (tx) => {
      const out: Duty[] = [];
      for (let i = 0; i < 20; i++) out.push(await tx.duties.insert({ ...aDuty(), step: 0, nextActionAt: T0 - i * MIN }));
      await tx.duties.insert({ ...aDuty(), step: 0, nextActionAt: T0 + MIN }); // not due
      return out;
    });
    const bothClaimed = barrier(2);
    const claim = () =>
      store().transaction(async (tx) => {
        const got = await tx.duties.claimDue(T0, 12);
        await bothClaimed.wait(); // keep the row locks until the other transaction has claimed too
        return got;
      });
    const [a, b] = await Promise.all([claim(), claim()]);
    const setA = new Set(ids(a));
    expect(ids(b).filter((id) => setA.has(id))).toEqual([]);
    expect([...ids(a), ...ids(b)].sort((x, y) => x - y)).toEqual(ids(all).sort((x, y) => x - y));
    expect([a.length, b.length].sort((x, y) => x - y)).toEqual([8, 12]);
  });
});

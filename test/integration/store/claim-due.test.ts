/**
 * The sweep's claim (ARCHITECTURE rule 3): `claimDue` takes only next steps whose time has come,
 * oldest first, off the queue (`duty_next_step`), and drops a settled duty's; on PostgreSQL two
 * concurrent claims split the due steps between them (SKIP LOCKED); and on both dialects the plan
 * is a range scan of the queue's primary key.
 */
import { describe, expect, it } from 'vitest';
import type { Duty } from '../../../src/domain/duty/duty.js';
import { DutyEntity } from '../../../src/infra/db/entities/duty.entity.js';
import { DutyNextStepEntity } from '../../../src/infra/db/entities/duty-next-step.entity.js';
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

  it('claims next steps due by now, oldest first, up to the limit; ignores finished and future duties', async () => {
    const due = await store().transaction(async (tx) => {
      await tx.duties.insert({ ...aDuty(), step: 4 }); // nothing left: no next step
      await tx.duties.insert({ ...aDuty(), step: 0, nextActionAt: T0 + MIN }); // future
      const later = await tx.duties.insert({ ...aDuty(), step: 0, nextActionAt: T0 }); // exactly now
      const a = await tx.duties.insert({ ...aDuty(), step: 1, nextActionAt: T0 - 5 * MIN });
      const b = await tx.duties.insert({ ...aDuty(), step: 1, nextActionAt: T0 - 5 * MIN }); // same time: id order
      return [a, b, later];
    });
    expect(await store().transaction((tx) => tx.duties.claimDue(T0 - 6 * MIN, 10))).toEqual({ claimed: 0, duties: [] });
    // A claim that rolls back leaves the queue as it was.
    await expect(store().transaction(async (tx) => {
      expect(ids((await tx.duties.claimDue(T0, 2)).duties)).toEqual(ids(due.slice(0, 2)));
      throw new Error('rolled back');
    })).rejects.toThrow('rolled back');
    expect(await store().transaction((tx) => tx.duties.claimDue(T0, 10))).toStrictEqual({ claimed: 3, duties: due });
    // Claimed steps are off the queue until the sweep schedules the next ones.
    expect(await store().transaction((tx) => tx.duties.claimDue(T0, 10))).toEqual({ claimed: 0, duties: [] });
  });

  it('schedule queues the following step; a settled duty\'s step is claimed, counted and dropped unrun', async () => {
    const [a, b] = await store().transaction(async (tx) => [
      await tx.duties.insert({ ...aDuty(), step: 0, nextActionAt: T0 }),
      await tx.duties.insert({ ...aDuty(), step: 0, nextActionAt: T0 }),
    ]);
    await store().transaction(async (tx) => {
      const { duties } = await tx.duties.claimDue(T0, 10);
      expect(ids(duties)).toEqual([a.id, b.id]);
      await tx.duties.schedule(duties.map((d) => ({ ...d, step: 1, nextActionAt: T0 + 10 * MIN })));
    });
    await store().transaction(async (tx) => tx.duties.update({ ...(await tx.duties.byId(a.id))!, status: 'done', doneAt: T0 + MIN }));
    expect(await store().transaction((tx) => tx.duties.earliestAction())).toBe(T0 + 10 * MIN);
    const again = await store().transaction((tx) => tx.duties.claimDue(T0 + 10 * MIN, 10));
    expect(again).toStrictEqual({ claimed: 2, duties: [{ ...b, step: 1, nextActionAt: T0 + 10 * MIN }] });
    // The settled duty's step is gone with the claim, not left to be claimed again.
    expect(await store().transaction((tx) => tx.duties.claimDue(T0 + 60 * MIN, 10))).toEqual({ claimed: 0, duties: [] });
  });

  it('earliestAction is the earliest next step of an open duty, a number, or undefined when none is queued', async () => {
    expect(await store().transaction((tx) => tx.duties.earliestAction())).toBeUndefined();
    await store().transaction((tx) => tx.duties.insert({ ...aDuty(), step: 4 }));
    expect(await store().transaction((tx) => tx.duties.earliestAction())).toBeUndefined();
    await store().transaction(async (tx) => {
      await tx.duties.insert({ ...aDuty(), step: 0, nextActionAt: T0 + 2 * MIN });
      const settled = await tx.duties.insert({ ...aDuty(), step: 0, nextActionAt: T0 });
      await tx.duties.update({ ...settled, status: 'cancelled' });
      await tx.duties.insert({ ...aDuty(), step: 0, nextActionAt: T0 + MIN });
    });
    expect(await store().transaction((tx) => tx.duties.earliestAction())).toBe(T0 + MIN);
  });

  it('plans a range scan of the queue\'s primary key with no sort, even with many open duties', async () => {
    const ds = store().dataSource;
    const rows = Array.from({ length: 6000 }, (_, i) => dutyToRow({ ...aDuty(), status: i % 2 ? 'open' : 'done' }));
    for (let i = 0; i < rows.length; i += 500) {
      await ds.createQueryBuilder().insert().into(DutyEntity).values(rows.slice(i, i + 500)).updateEntity(false).execute();
    }
    const dutyIds = (await ds.query<Array<{ id: number }>>('SELECT id FROM duty ORDER BY id DESC LIMIT 6000')).map((r) => Number(r.id)).reverse();
    // A backlog: 2,000 due (a batch of 50 claimed), 2,000 future, 2,000 finished (no next step).
    const steps = dutyIds.flatMap((dutyId, i) => (i % 3 === 0 ? [{ at: T0 - i * 1000, dutyId, step: 0 }] : i % 3 === 1 ? [{ at: T0 + (i + 1) * MIN, dutyId, step: 0 }] : []));
    for (let i = 0; i < steps.length; i += 500) {
      await ds.createQueryBuilder().insert().into(DutyNextStepEntity).values(steps.slice(i, i + 500)).updateEntity(false).execute();
    }
    await ds.query('ANALYZE');
    const [sql, params] = new TypeormDutyRepo({ em: ds.manager, dialect: dialect.name })
      .claimDueQuery(T0, 50)
      .getQueryAndParameters();
    let plan: string;
    if (dialect.name === 'postgres') {
      const lines = await ds.query<Array<{ 'QUERY PLAN': string }>>(`EXPLAIN ${sql}`, params);
      plan = lines.map((l) => l['QUERY PLAN']).join('\n');
      expect(plan).toMatch(/Index Scan using \S+ on duty_next_step/);
      expect(plan).toMatch(/LockRows/);
      expect(plan).not.toMatch(/Seq Scan|Sort/);
      // Executed, the index scan stops at the batch: 50 entries, not the 2,000 due or the 2,000 future ones.
      const analyzed = await ds.query<Array<{ 'QUERY PLAN': string }>>(`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) ${sql}`, params);
      const scan = analyzed.map((l) => l['QUERY PLAN']).find((l) => l.includes('Index Scan'));
      expect(scan).toMatch(/actual rows=50 loops=1/);
      plan += `\n-- EXPLAIN ANALYZE: ${scan?.trim()}`;
    } else {
      const lines = await ds.query<Array<{ detail: string }>>(`EXPLAIN QUERY PLAN ${sql}`, params);
      plan = lines.map((l) => l.detail).join('\n');
      expect(plan).toMatch(/SEARCH s USING PRIMARY KEY \(at<\?\)/);
      expect(plan).toMatch(/SEARCH d USING INTEGER PRIMARY KEY \(rowid=\?\)/);
      expect(plan).not.toMatch(/SCAN|TEMP B-TREE/);
    }
    console.info(`claimDue plan on ${dialect.name}:\n${plan}`);
    const claimed = await store().transaction((tx) => tx.duties.claimDue(T0, 50));
    expect(claimed.claimed).toBe(50);
    // The oldest 50 due steps (their times count down with i), of which the open duties' (odd i) come back.
    const oldest = dutyIds.map((id, i) => ({ id, i })).filter(({ i }) => i % 3 === 0).reverse().slice(0, 50);
    expect(claimed.duties.map((d) => d.id)).toEqual(oldest.filter(({ i }) => i % 2 === 1).map(({ id }) => id));
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
        const got = (await tx.duties.claimDue(T0, 12)).duties;
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

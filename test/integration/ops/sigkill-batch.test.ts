/**
 * Issue 14 "Done when": the process is killed in the middle of a batched sweep, and every step is
 * applied once. The real `main.ts` (server mode, Slack pointed at a fake, SQLite file) finds 1,500
 * reminders due, which its sweep takes in three batches of 500, each one transaction.
 *
 * - Run 1 dies (`SIGKILL`, src/infra/failpoint.ts) inside the second batch, after its writes and
 *   before its commit: the first batch is kept, the second is gone whole.
 * - Run 2 dies right after its first batch commits: two batches are kept.
 * - Run 3 finishes the sweep.
 *
 * Then each duty has its reminder step recorded exactly once: one `duty.remind` audit row, one
 * outbox row, step 1, nothing due; no audit row, outbox row or duty change is half-written.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openTypeormStore, type TypeormStore } from '../../../src/infra/db/create-store.js';
import { FakeSlack } from '../../fakes/fake-slack.js';
import { startMain, waitFor, type MainProcess } from './child-process.js';
import { configFor, seedDueReminders, slackDeployment } from './due-reminders.js';

const N = 1500;
const dir = mkdtempSync(join(tmpdir(), 'shoudao-sigkill-batch-'));
const fake = new FakeSlack();
let db: TypeormStore | undefined;
let main: MainProcess | undefined;

afterAll(async () => {
  await main?.kill('SIGKILL');
  await db?.close();
  await fake.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('SIGKILL inside a batched sweep', () => {
  it('applies every step once, whether the kill falls inside a batch or between two', async () => {
    await fake.start();
    const env = await slackDeployment(dir, N, fake.url);
    const dutyIds = await seedDueReminders(configFor(env), Array.from({ length: N }, () => Date.now() - 60_000));
    db = await openTypeormStore(env.DATABASE_URL);
    const one = async (sql: string) => Number((await db!.dataSource.query<Array<{ n: number }>>(sql))[0]!.n);
    const state = async () => ({
      outbox: await one(`SELECT COUNT(*) AS n FROM outbox WHERE key LIKE 'duty:%'`),
      audits: await one(`SELECT COUNT(*) AS n FROM audit_log WHERE action = 'duty.remind'`),
      stepped: await one(`SELECT COUNT(*) AS n FROM duty_next_step WHERE step = 1`),
    });
    const run = async (failpoint?: string) => {
      main = startMain(failpoint ? { ...env, SHOUDAO_FAILPOINT: failpoint } : env);
      const ended = await main.exited;
      if (ended.signal !== 'SIGKILL') throw new Error(`expected a SIGKILL, got ${JSON.stringify(ended)}\n${main.stderr().slice(-3000)}`);
      return state();
    };

    // Run 1: killed after the second batch's writes, before its commit: only the first batch stays.
    expect(await run('sweep.batch.written:2')).toEqual({ outbox: 500, audits: 500, stepped: 500 });
    // Run 2: killed right after its first batch (the second of the sweep) committed.
    expect(await run('sweep.batch.committed:1')).toEqual({ outbox: 1000, audits: 1000, stepped: 1000 });

    // Run 3: finishes the sweep, then stops cleanly.
    main = startMain(env);
    const done = await waitFor(async () => (await state()).stepped === N, 60_000);
    if (!done) throw new Error(`sweep did not finish: ${JSON.stringify(await state())}\n${main.stderr().slice(-3000)}`);
    const stopped = await main.kill('SIGTERM');
    if (stopped.code !== 0) throw new Error(`exit ${stopped.code}\n${main.stderr().slice(-3000)}`);

    expect(await state()).toEqual({ outbox: N, audits: N, stepped: N });
    expect(await one(`SELECT COUNT(*) AS n FROM duty_next_step WHERE at <= ${Date.now()}`)).toBe(0);
    // Exactly once per duty: one audit row and one reminder each, none for any other duty.
    const audited = await db.dataSource.query<Array<{ id: string; n: number }>>(`SELECT entity_id AS id, COUNT(*) AS n FROM audit_log WHERE action = 'duty.remind' GROUP BY entity_id`);
    expect(audited.map((a) => Number(a.id)).sort((a, b) => a - b)).toEqual(dutyIds);
    expect(audited.every((a) => Number(a.n) === 1)).toBe(true);
    const keys = await db.dataSource.query<Array<{ key: string }>>(`SELECT key FROM outbox WHERE key LIKE 'duty:%'`);
    expect(keys.map((k) => Number(k.key.split(':')[1])).sort((a, b) => a - b)).toEqual(dutyIds);
  }, 180_000);
});

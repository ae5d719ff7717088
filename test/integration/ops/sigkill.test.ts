/**
 * Issue 3 "Done when": the process is killed (`SIGKILL`) in the middle of a sweep that has 2,000
 * reminders due, restarted, killed again in the middle of delivering them, restarted again — and
 * the fake Slack server has every reminder exactly once.
 *
 * The real `main.ts` runs in server mode (Slack configured, pointed at the fake) on a SQLite file.
 * Run 1 is killed as soon as the sweep has committed its first reminders to the outbox; run 2
 * once a few hundred have reached Slack; run 3 finishes. Between runs 2 and 3 the claims of the
 * killed dispatcher are fast-forwarded past their 2-minute lease (as if the restart had come two
 * minutes later), so run 3 takes those rows over at once — as rows in doubt, which it first looks
 * for at Slack (by the outbox key in the message metadata) before posting again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openTypeormStore, type TypeormStore } from '../../../src/infra/db/create-store.js';
import { FakeSlack } from '../../fakes/fake-slack.js';
import { startMain, waitFor, type MainProcess } from './child-process.js';
import { configFor, seedDueReminders, slackDeployment } from './due-reminders.js';
import { scalarText } from '../../../src/domain/scalar-text.js';

const N = 2000;
const dir = mkdtempSync(join(tmpdir(), 'shoudao-sigkill-'));
const fake = new FakeSlack();
let db: TypeormStore | undefined;
let main: MainProcess | undefined;

afterAll(async () => {
  await main?.kill('SIGKILL');
  await db?.close();
  await fake.stop();
  rmSync(dir, { recursive: true, force: true });
});

const keyOf = (m: { metadata?: { event_payload: Record<string, unknown> } }) => scalarText(m.metadata?.event_payload['key']);

describe('SIGKILL during a sweep of 2,000 due reminders', () => {
  it('delivers every reminder exactly once across kills and restarts', async () => {
    await fake.start();
    const env = await slackDeployment(dir, N, fake.url);
    const dutyIds = await seedDueReminders(configFor(env), Array.from({ length: N }, () => Date.now() - 60_000));
    db = await openTypeormStore(env.DATABASE_URL);
    const count = async (where: string) => Number((await db!.dataSource.query<Array<{ n: number }>>(`SELECT COUNT(*) AS n FROM outbox WHERE ${where}`))[0]!.n);
    const delivered = () => new Set(fake.messages.map(keyOf).filter((k) => k.startsWith('duty:'))).size;

    // Run 1: killed as soon as the sweep has committed reminders, before it has finished them all.
    // The batched sweep commits 500 reminders in milliseconds, faster than any poll: the process
    // kills itself right after its first batch commits (src/infra/failpoint.ts).
    main = startMain({ ...env, SHOUDAO_FAILPOINT: 'sweep.batch.committed:1' });
    expect(await waitFor(async () => (await count(`key LIKE 'duty:%'`)) > 0, 60_000)).toBe(true);
    await main.kill('SIGKILL');
    const afterRun1 = { outbox: await count(`key LIKE 'duty:%'`), delivered: delivered() };
    // Killed in the middle of the sweep: some reminders committed, not all.
    expect(afterRun1.outbox).toBeLessThan(N);

    // Run 2: killed in the middle of delivery.
    main = startMain(env);
    expect(await waitFor(() => delivered() >= 300, 60_000)).toBe(true);
    await main.kill('SIGKILL');
    const afterRun2 = { delivered: delivered(), sending: await count(`status = 'sending'`) };
    expect(afterRun2.delivered).toBeLessThan(N);
    // Killed in the middle of delivery: rows were in flight (claimed, maybe sent, not recorded).
    expect(afterRun2.sending).toBeGreaterThan(0);
    await db.dataSource.query(`UPDATE outbox SET lease_until = ${Date.now() - 1} WHERE status = 'sending'`);
    await db.dataSource.query(`UPDATE job_state SET lease_until = ${Date.now() - 1} WHERE lease_until IS NOT NULL`);

    // Run 3: finishes the work, then stops cleanly on SIGTERM.
    main = startMain(env);
    const done = await waitFor(async () => delivered() === N && (await count(`key LIKE 'duty:%' AND status <> 'sent'`)) === 0, 120_000);
    if (!done) throw new Error(`not all delivered: ${delivered()} of ${N}\n${main.stderr().slice(-3000)}`);
    const stopped = await main.kill('SIGTERM');
    if (stopped.code !== 0) throw new Error(`exit ${stopped.code}\n${main.stderr().slice(-3000)}`);

    // Exactly once: one Slack message per duty, none twice, each to its person's DM.
    const keys = fake.messages.map(keyOf);
    expect(keys.length).toBe(new Set(keys).size);
    const dutyKeys = await db.dataSource.query<Array<{ key: string }>>(`SELECT key FROM outbox WHERE key LIKE 'duty:%'`);
    expect(dutyKeys).toHaveLength(N);
    for (const [i, id] of dutyIds.entries()) {
      const [message, ...more] = fake.messages.filter((m) => keyOf(m).startsWith(`duty:${id}:`));
      expect(more).toEqual([]);
      expect(message?.channel).toBe(`DU0P${String(i + 1).padStart(4, '0')}`);
    }
    // The sweep ran each reminder step once: one audit row per duty, none repeated after a kill.
    const audits = await db.dataSource.query<Array<{ n: number }>>(`SELECT COUNT(*) AS n FROM audit_log WHERE action = 'duty.remind'`);
    expect(Number(audits[0]!.n)).toBe(N);
    console.info(`sigkill: run 1 killed with ${afterRun1.outbox}/${N} reminders in the outbox (${afterRun1.delivered} at Slack); run 2 with ${afterRun2.delivered} at Slack and ${afterRun2.sending} in flight`);
  }, 240_000);
});

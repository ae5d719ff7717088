/**
 * Issue 3 "Done when": two instances on one PostgreSQL database, ticking together for several
 * sweep ticks with 1,000 due duties, send every reminder once — no duplicate, none missing — and
 * run each periodic job once.
 *
 * Both instances are full server-mode stacks (`serve`: own connection pool, scheduler, dispatcher
 * and dispatch loop, HTTP server) in this process, sharing one virtual clock (the same time on two
 * machines) and one fake Slack. The reminders fall due over five minutes; at each minute both
 * instances tick at once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { localInstant } from '../../../src/domain/local-time.js';
import { VirtualClock } from '../../../src/infra/clock.js';
import { openTypeormStore, type TypeormStore } from '../../../src/infra/db/create-store.js';
import { serve, type Served } from '../../../src/server/serve.js';
import { createLogger } from '../../../src/infra/log.js';
import { FakeSlack } from '../../fakes/fake-slack.js';
import { TZ } from '../../helpers/app.js';
import { createPgDatabase, describeIfPg, type TestDatabase } from '../../helpers/databases.js';
import { waitFor } from './child-process.js';
import { configFor, seedDueReminders, staffId, writeDeployment } from './due-reminders.js';
import { scalarText } from '../../../src/domain/scalar-text.js';

const N = 1000;
const MINUTE = 60_000;

describeIfPg('two instances on one PostgreSQL database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shoudao-two-'));
  const t0 = localInstant('2026-11-23 10:00', TZ);
  const clock = new VirtualClock(t0 - 1000);
  const fake = new FakeSlack(() => clock.now());
  let db: TestDatabase | undefined;
  let observer: TypeormStore | undefined;
  const instances: Served[] = [];
  afterAll(async () => {
    for (const s of instances) await s.stop();
    await observer?.close();
    await fake.stop();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends each of 1,000 reminders once over several ticks of both instances', async () => {
    await fake.start();
    db = await createPgDatabase();
    const files = writeDeployment(dir, N);
    const config = configFor({
      DATABASE_URL: db.url,
      ORG_FILE: files.orgFile,
      POLICY_FILE: files.policyFile,
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: 'test-signing-secret',
      SHOUDAO_SECRET: 'ops-test-secret-0123456789',
      SLACK_API_URL: fake.url,
    });
    const dutyIds = await seedDueReminders(config, Array.from({ length: N }, (_, i) => t0 + (i % 5) * MINUTE));
    for (const name of ['a', 'b']) instances.push(await serve(config, { log: createLogger({ level: 'silent', name }), clock, port: 0 }));
    observer = await openTypeormStore(db.url);
    const o = observer;
    // The virtual clock must not overtake a send in flight. Moved past a claim's lease (2 min) while
    // its send was still on the wire (a slow platform, a loaded machine: 14 duplicates in one CI
    // run, reproduced with the fake answering 300 ms late), it let the other instance take the row
    // over and send it again before the first send had landed, so the lookup found nothing. A real
    // clock cannot open that window: a send gives up after 10 s.
    const noSendInFlight = () =>
      waitFor(async () => (await o.dataSource.query<[{ n: number }]>(`SELECT COUNT(*)::int AS n FROM outbox WHERE status = 'sending'`))[0].n === 0, 30_000);
    const keyOf = (m: { metadata?: { event_payload: Record<string, unknown> } }) => scalarText(m.metadata?.event_payload['key']);
    const delivered = () => fake.messages.filter((m) => keyOf(m).startsWith('duty:')).length;

    // A sweep claims up to 500 due duties at once, so whichever instance locks a minute's 200 first
    // takes them all (the other skips them: SKIP LOCKED). The first two minutes therefore tick the
    // instances one after the other, each going first once, so that both do part of the work by
    // construction; the last three tick both at once, which is the race the test is about.
    for (let minute = 0; minute < 5; minute++) {
      expect(await noSendInFlight()).toBe(true);
      clock.set(t0 + minute * MINUTE);
      if (minute < 2) {
        const order = minute === 0 ? instances : [...instances].reverse();
        for (const s of order) await s.scheduler.tickNow();
      } else await Promise.all(instances.map((s) => s.scheduler.tickNow()));
    }
    const done = await waitFor(async () => {
      const [{ n }] = await observer!.dataSource.query<[{ n: number }]>(`SELECT COUNT(*)::int AS n FROM outbox WHERE status <> 'sent' AND status <> 'dead'`);
      return delivered() >= N && n === 0;
    }, 60_000);
    expect(done, `${delivered()} of ${N} delivered`).toBe(true);

    // No duplicate anywhere, and every duty's reminder once, in its person's DM.
    const keys = fake.messages.map(keyOf);
    const twice = [...new Set(keys.filter((k, i) => keys.indexOf(k) !== i))];
    const rows = twice.length ? await observer.dataSource.query<unknown[]>(`SELECT key, status, attempts, in_doubt, owner, platform_message_id FROM outbox WHERE key = ANY($1)`, [twice]) : [];
    expect(twice, `sent more than once: ${JSON.stringify(rows).slice(0, 2000)}`).toEqual([]);
    for (const [i, id] of dutyIds.entries()) {
      const got = fake.messages.filter((m) => keyOf(m).startsWith(`duty:${id}:`));
      expect(got.map((m) => m.channel)).toEqual([`DU0${staffId(i + 1).toUpperCase()}`]);
    }
    // Each reminder step ran once in one of the instances; the periodic jobs ran once between them.
    const claimed = await Promise.all(instances.map(async (s) => Number(/^shoudao_sweep_claimed_total (\d+)$/m.exec((await s.metrics.render()).body)?.[1])));
    expect(claimed[0]! + claimed[1]!).toBe(N);
    // Both instances did part of the work (a test where one did it all would prove nothing about two).
    expect(claimed[0]).toBeGreaterThan(0);
    expect(claimed[1]).toBeGreaterThan(0);
    const [{ n: reminds }] = await observer.dataSource.query<[{ n: number }]>(`SELECT COUNT(*)::int AS n FROM audit_log WHERE action = 'duty.remind'`);
    expect(reminds).toBe(N);
    expect(keys.filter((k) => k.startsWith('assessment:'))).toEqual(['assessment:2026-10:hr']);
    const jobs = await observer.dataSource.query<Array<{ job: string; done_period: string }>>(`SELECT job, done_period FROM job_state ORDER BY job`);
    expect(jobs).toEqual([
      { job: 'digest', done_period: '2026-11-23' },
      { job: 'monthly_assessment', done_period: '2026-10' },
      { job: 'public_report', done_period: '2026-10' },
    ]);
    console.info(`two instances: sweep claims ${claimed.join(' + ')}`);
  }, 120_000);
});

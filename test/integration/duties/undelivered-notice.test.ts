/**
 * A notice the bot could not deliver is not owed (src/app/undelivered-notice.ts): when the notice's
 * own message to a person goes dead, that person's duty is cancelled in the same transaction, a
 * violation already recorded for it is waived by `system` (and the person's later violations of the
 * month move down a tier), and the sender is told to reach them another way. A failed reminder, or
 * a notice posted in a group chat, changes nothing. Through the real dispatcher and Slack sender
 * against the fake Slack, the real sweep, on both databases; the clock is virtual.
 *
 * Demo org: wang (总经办) is zhao's superior; zhao is U0ZHAO on Slack, wang U0WANG (and an admin).
 * Default policy: a notice's window is 30 minutes of working time; 2026-11-03 is a Tuesday.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { buildDeps } from '../../../src/app/build-deps.js';
import type { AppDeps } from '../../../src/app/deps.js';
import { acknowledge } from '../../../src/app/acknowledge.js';
import { sendNotice } from '../../../src/app/send-notice.js';
import { recordViolation } from '../../../src/app/duty-ops.js';
import type { OutboxRow } from '../../../src/app/ports.js';
import { sweep } from '../../../src/app/sweep.js';
import { settleUndeliveredNotices } from '../../../src/app/undelivered-notice.js';
import { viewThread } from '../../../src/app/view-thread.js';
import { VirtualClock } from '../../../src/infra/clock.js';
import type { Dispatcher } from '../../../src/infra/outbox/dispatcher.js';
import type { FakeSlack } from '../../fakes/fake-slack.js';
import { demoOrg, policyWith } from '../../helpers/app.js';
import { testDialects } from '../../helpers/databases.js';
import { rowsByKey, slackRig, T0, useFakeSlack } from '../outbox/outbox-fixture.js';
import { useStore } from '../store/store-fixture.js';

const MIN = 60_000;

describe.each(testDialects())('a notice that never arrives, on $name', (dialect) => {
  // Each test starts the clock at T0 again: last test's rate buckets and duty steps would be ahead of it.
  const store = useStore(dialect, ['rate_bucket', 'duty_next_step', 'read_watch']);
  const clock = new VirtualClock(T0);
  const slack = useFakeSlack(clock);
  let fake: FakeSlack;
  let deps: AppDeps;
  let dispatcher: Dispatcher;
  /** The notices of the running test (ids go on across tests: the tables are emptied, not reset). */
  let notices: Array<{ id: number; ref: string }>;
  beforeEach(() => {
    notices = [];
    fake = slack();
    deps = buildDeps(store(), clock, demoOrg(), policyWith());
    // Retries 20 and 40 minutes apart (full jitter at ≈1), dead after the third attempt: the
    // notice's 30-minute window ends while its delivery is still being retried.
    dispatcher = slackRig(store(), fake, clock, {
      maxAttempts: 3,
      random: () => 0.999,
      backoff: { baseMs: 20 * MIN, capMs: 60 * MIN },
      undelivered: (tx, dead, now) => settleUndeliveredNotices(tx, deps, dead, now),
    }).dispatcher;
  });

  /** Minute by minute until `until`: the sweep, then a dispatcher pass, as the server runs them. */
  async function runUntil(until: number): Promise<void> {
    for (let t = clock.now(); t <= until; t += MIN) {
      clock.set(t);
      await sweep(deps, t);
      await dispatcher.dispatchOnce(t);
    }
  }
  const notice = async (text: string, dept?: string) => {
    const r = await sendNotice(deps, 'wang', { kind: 'notice', recipients: ['zhao'], text, ...(dept ? { dept } : {}) });
    expect(r.refused).toBeUndefined();
    notices.push({ id: r.about!.id!, ref: r.about!.ref });
    return r.about!.ref;
  };
  const dutiesOf = () => store().transaction((tx) => tx.duties.forSubjects('notice', notices.map((n) => n.id)));
  /** The state of the notice message to zhao of the test's `i`th notice. */
  const noticeRow = async (i: number) => (await rowsByKey(store())).get(`notice:${notices[i]!.id}:zhao`);
  const violations = () => store().transaction((tx) => tx.violations.list({}));
  /** What wang (the sender) was told on Slack about undelivered notices. */
  const toldWang = () => fake.messages.filter((m) => m.channel === 'DU0WANG' && m.text.includes('未能送达')).map((m) => m.text);
  const zhaoFails = (error: string) => fake.channelErrors.set('U0ZHAO', error);

  it('a person Slack refuses: the duty is cancelled at once, no violation follows, the sender is told', async () => {
    zhaoFails('channel_not_found'); // permanent: dead on its first attempt
    const ref = await notice('下午两点开安全会');
    await runUntil(T0 + 90 * MIN);
    const [duty] = await dutiesOf();
    expect(duty).toMatchObject({ person: 'zhao', status: 'cancelled' });
    expect(await violations()).toEqual([]);
    const told = toldWang();
    expect(told).toHaveLength(1);
    expect(told[0]).toContain(`${ref} 未能送达 赵强`);
    expect(told[0]).not.toContain('豁免');
    const audit = await store().dataSource.query<Array<{ action: string; actor: string }>>(`SELECT action, actor FROM audit_log WHERE action IN ('duty.cancel', 'notice.undelivered') ORDER BY id`);
    expect(audit.map((a) => [a.action, a.actor])).toEqual([['duty.cancel', 'system'], ['notice.undelivered', 'system']]);
    // 查看 shows why zhao has not answered; and the row's end committed with all of it.
    expect((await viewThread(deps, 'wang', ref)).lines).toContain('赵强:未送达(消息投递失败,不计违规)');
    expect(await noticeRow(0)).toMatchObject({ status: 'dead', attempts: 1 });
  });

  it('the sender\'s count of acknowledgements does not count someone the notice never reached', async () => {
    zhaoFails('channel_not_found');
    const r = await sendNotice(deps, 'wang', { kind: 'notice', recipients: ['zhao', 'liu'], text: '两人的通知' });
    const ref = r.about!.ref;
    await runUntil(T0 + 2 * MIN); // zhao's copy is dead
    clock.set(T0 + 3 * MIN);
    expect((await acknowledge(deps, 'liu', ref)).lines.join('\n')).toContain(`已确认收到 ${ref}`);
    await runUntil(T0 + 5 * MIN);
    const counts = fake.messages.filter((m) => m.channel === 'DU0WANG' && m.text.includes('刘敏 已确认收到')).map((m) => m.text);
    expect(counts).toEqual([expect.stringContaining('(已确认 1/2)')]);
    expect((await viewThread(deps, 'wang', ref)).lines.slice(1)).toEqual(['赵强:未送达(消息投递失败,不计违规)', '刘敏:已确认']);
  });

  it('retries outlast the window: the violation recorded meanwhile is waived, and a later one moves down a tier', async () => {
    zhaoFails('internal_error'); // retryable
    const undelivered = await notice('第一份:送不到'); // due 09:30
    await runUntil(T0);
    clock.set(T0 + MIN);
    fake.channelErrors.clear();
    await notice('第二份:送到了'); // due 09:31, delivered now
    await dispatcher.dispatchOnce(clock.now());
    zhaoFails('internal_error');
    await runUntil(T0 + 45 * MIN);
    // Both windows have ended and TZ1 is still being retried: two violations, tiers 1 and 2.
    const [tz1, tz2] = notices.map((n) => n.ref);
    expect((await violations()).map((v) => [v.subjectRef, v.tier, v.fine, v.waived])).toEqual([[tz1, 1, 20, false], [tz2, 2, 50, false]]);
    await runUntil(T0 + 90 * MIN); // the third attempt, at 10:00, fails: dead
    expect(await noticeRow(0)).toMatchObject({ status: 'dead', attempts: 3 });
    const vs = await violations();
    expect(vs.map((v) => [v.subjectRef, v.tier, v.fine, v.waived, v.waivedBy])).toEqual([[tz1, 1, 20, true, 'system'], [tz2, 1, 20, false, undefined]]);
    expect(vs[0]!.waiveReason).toContain('通知未能送达本人');
    expect((await dutiesOf()).map((d) => [d.subject.ref, d.status])).toEqual([[tz1, 'cancelled'], [tz2, 'open']]);
    const told = toldWang();
    expect(told).toHaveLength(1);
    expect(told[0]).toContain(`${undelivered} 未能送达 赵强`);
    expect(told[0]).toContain('已记的违规已豁免');
  });

  it.runIf(dialect.name === 'postgres')('a violation recorded by a sweep in the same moment is waived too (the duty row is re-read after its lock)', async () => {
    const ref = await notice('竞态');
    const id = notices[0]!.id;
    clock.set(T0 + 31 * MIN); // past due
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let recorded!: () => void;
    const violationWritten = new Promise<void>((r) => (recorded = r));
    // A sweep's transaction: records the violation and holds the duty row until released.
    const sweeping = store().transaction(async (tx) => {
      const [duty] = await tx.duties.openForSubject('notice', id);
      await recordViolation(tx, deps, duty!, clock.now());
      await tx.duties.update(duty!);
      recorded();
      await held;
    });
    await violationWritten;
    // Meanwhile the notice's message goes dead: this transaction reads the duty before the sweep
    // commits (no violation yet) and its update waits for the sweep's lock.
    const dead = { id: 0, key: `notice:${id}:zhao`, to: { kind: 'person', person: 'zhao' }, view: { lines: [], about: { kind: 'notice', ref, id, delivers: true } } } as unknown as OutboxRow;
    const settling = store().transaction((tx) => settleUndeliveredNotices(tx, deps, [dead], clock.now()));
    await new Promise((r) => setTimeout(r, 300));
    release();
    await Promise.all([sweeping, settling]);
    expect((await violations()).map((v) => [v.subjectRef, v.waived])).toEqual([[ref, true]]);
    expect((await dutiesOf()).map((d) => d.status)).toEqual(['cancelled']);
  });

  it('a reminder that fails changes nothing: the notice itself arrived', async () => {
    await notice('按时开会');
    await runUntil(T0);
    zhaoFails('channel_not_found'); // from now on: the 09:20 reminder and later messages go dead
    await runUntil(T0 + 45 * MIN);
    expect((await dutiesOf()).map((d) => d.status)).toEqual(['open']);
    expect((await violations()).map((v) => [v.subjectRef, v.waived])).toEqual([[notices[0]!.ref, false]]);
    expect(toldWang()).toEqual([]);
  });

  it('a notice posted in a group chat keeps its duty when the private copy fails', async () => {
    zhaoFails('channel_not_found');
    await notice('群里发的通知', 'SCB');
    await runUntil(T0 + 45 * MIN);
    expect((await dutiesOf()).map((d) => d.status)).toEqual(['open']);
    expect((await violations()).map((v) => [v.subjectRef, v.waived])).toEqual([[notices[0]!.ref, false]]);
    expect(toldWang()).toEqual([]);
  });
});

/**
 * Issue 3 "Done when": the process is down from Friday evening to Monday 10:00. One catch-up tick
 * at Monday 10:00 records the missed reminders, escalations and violations with their true times,
 * sends no reminder whose window has passed, and sends one digest per supervisor (for Monday,
 * not one per missed day); running it again sends nothing.
 *
 * Default policy: working hours 08:00–12:00, 13:30–17:30 on the Chinese calendar; notice window
 * 30m, reminder 10m before, escalation 0m self, 30m leader, 2h supervisor, 4h 总经办; a form's
 * sign window 4h. 2026-11-20 is a Friday, 2026-11-23 the Monday after.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { formatLocal, localInstant } from '../../../src/domain/local-time.js';
import { createLogger } from '../../../src/infra/log.js';
import { periodicJobs } from '../../../src/infra/scheduler/jobs.js';
import { runTick, type TickContext } from '../../../src/infra/scheduler/tick.js';
import { conversation, createTestApp, TZ, type TestApp } from '../../helpers/app.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const local = (ms: number) => formatLocal(ms, TZ);

async function pendingOutbox(a: TestApp) {
  return a.store.transaction((tx) => tx.outbox.due(Number.MAX_SAFE_INTEGER, 10_000));
}

describe('downtime from Friday evening to Monday 10:00', () => {
  it('catches up in one tick with true times and one digest per supervisor', async () => {
    app = await createTestApp('2026-11-20 09:00');
    const ctx: TickContext = { deps: app, jobs: periodicJobs(app), log: createLogger({ level: 'silent' }) };
    // Friday: the process runs; its 09:00 tick does that day's digest (nothing overdue yet)
    // and October's monthly reports.
    const friday = await runTick(ctx, app.clock.now());
    expect(friday.jobs.map((j) => [j.job, j.period, j.outcome])).toEqual([
      ['digest', '2026-11-20', 'ok'],
      ['monthly_assessment', '2026-10', 'ok'],
      ['public_report', '2026-10', 'ok'],
    ]);
    const c = conversation(app);
    await c.say(':advance 5h'); // 14:00
    await c.say(':as zheng', '新建联络单 JSB 2026-11-30 二号锅炉图纸确认');
    expect(await c.say(':as zhao', '同意')).toContain('SCB20261101'); // issued to 技术部: lin must sign
    await c.say(':advance 2h45m'); // 16:45
    expect(await c.say(':as wang', '通知 @zhao @lin @xu 周一上午九点开安全生产会')).toContain('需在 2026-11-20 17:15 前回复');
    expect(await c.say(':advance 15m')).toBe(''); // 17:00: the process stops here
    const before = await app.store.transaction((tx) => tx.audit.list({ entity: 'duty' }));
    expect(before.map((a) => a.action)).toEqual(['duty.create', 'duty.create', 'duty.create', 'duty.create']);

    // Monday 10:00: the process starts again; its first tick is the catch-up.
    app.clock.set(localInstant('2026-11-23 10:00', TZ));
    const monday = await runTick(ctx, app.clock.now());
    expect(monday.errors).toEqual([]);
    expect(monday.jobs.map((j) => [j.job, j.period, j.outcome])).toEqual([['digest', '2026-11-23', 'ok']]);

    // Every missed step is in the audit trail at the time it was due, not at 10:00.
    const audit = await app.store.transaction((tx) => tx.audit.list({ entity: 'duty' }));
    const steps = (dutyId: number) => audit.filter((a) => a.entityId === String(dutyId) && a.action !== 'duty.create').map((a) => `${a.action} ${local(a.at)}`);
    expect(steps(1)).toEqual([
      // the form: 14:00 + 4h working time = Monday 08:30
      'duty.remind.skipped 2026-11-23 08:20',
      'duty.violate 2026-11-23 08:30',
      'duty.escalate 2026-11-23 08:30',
      'duty.escalate 2026-11-23 09:00',
    ]);
    for (const notice of [2, 3, 4]) {
      expect(steps(notice)).toEqual([
        'duty.remind.skipped 2026-11-20 17:05',
        'duty.violate 2026-11-20 17:15',
        'duty.escalate 2026-11-20 17:15',
        'duty.escalate 2026-11-23 08:15', // leader: 15 min on Friday + 15 min on Monday
        'duty.escalate 2026-11-23 09:45', // supervisor: 2h of working time
      ]);
    }

    // Violations carry their true due times: Friday 17:15 for the notice, Monday 08:30 for the form.
    const vs = await app.store.transaction((tx) => tx.violations.list({}));
    expect(vs.map((v) => [v.person, v.subjectRef, local(v.dueAt), local(v.recordedAt), v.tier, v.fine])).toEqual([
      ['zhao', 'TZ1', '2026-11-20 17:15', '2026-11-20 17:15', 1, 20],
      ['lin', 'TZ1', '2026-11-20 17:15', '2026-11-20 17:15', 1, 20],
      ['xu', 'TZ1', '2026-11-20 17:15', '2026-11-20 17:15', 1, 20],
      ['lin', 'SCB20261101', '2026-11-23 08:30', '2026-11-23 08:30', 1, 20],
    ]);

    // What is sent: no reminder (their windows had passed), one message per duty and person,
    // and exactly one digest per supervisor, for Monday.
    const out = await pendingOutbox(app);
    const texts = out.map((r) => r.view.lines.join('\n'));
    expect(texts.filter((t) => t.includes('【提醒】'))).toEqual([]);
    expect(out.filter((r) => r.key.startsWith('duty:')).map((r) => r.key).sort()).toEqual([
      'duty:1:s0-4:chen',
      'duty:1:s0-4:lin',
      'duty:2:s0-5:chen',
      'duty:2:s0-5:zhao',
      'duty:3:s0-5:chen',
      'duty:3:s0-5:lin',
      'duty:4:s0-5:chen',
      'duty:4:s0-5:xu',
    ]);
    const digests = out.filter((r) => r.key.startsWith('digest:')).map((r) => r.key).sort();
    expect(digests).toEqual(['chen', 'lin', 'wang', 'xu', 'zhao'].map((p) => `digest:2026-11-23:${p}`));
    expect(texts.find((t) => t.includes('截至 2026-11-23 10:00'))).toBeDefined();

    // Running the catch-up again (a restart, or a second instance) sends nothing more.
    const again = await runTick(ctx, app.clock.now());
    expect(again.sweep).toEqual({ claimed: 0, steps: 0 });
    expect(again.jobs).toEqual([]);
    expect((await pendingOutbox(app)).map((r) => r.key)).toEqual(out.map((r) => r.key));
    const jobState = await app.store.transaction(async (tx) => [await tx.jobs.lastPeriod('digest'), await tx.jobs.lastPeriod('monthly_assessment'), await tx.jobs.lastPeriod('public_report')]);
    expect(jobState).toEqual(['2026-11-23', '2026-10', '2026-10']);
  });
});

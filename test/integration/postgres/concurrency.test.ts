/**
 * Issue 2 "Done when", on PostgreSQL: 50 forms issued at once by one department get numbers 01–50
 * with no gap and no duplicate; a sweep run twice at once (two store instances, as two processes
 * would have) produces each reminder once.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { actOnForm } from '../../../src/app/act-on-form.js';
import { buildDeps } from '../../../src/app/build-deps.js';
import { draftForm } from '../../../src/app/draft-form.js';
import { sendNotice } from '../../../src/app/send-notice.js';
import { sweep } from '../../../src/app/sweep.js';
import { localInstant } from '../../../src/domain/local-time.js';
import { VirtualClock } from '../../../src/infra/clock.js';
import { createStore } from '../../../src/infra/db/create-store.js';
import { createPgDatabase, describeIfPg, type TestDatabase } from '../../helpers/databases.js';
import { createTestApp, demoOrg, policyWith, TZ, type TestApp } from '../../helpers/app.js';

describeIfPg('PostgreSQL concurrency', () => {
  let db: TestDatabase;
  let app: TestApp;
  beforeAll(async () => {
    db = await createPgDatabase();
    app = await createTestApp('2026-11-03 09:00', { url: db.url, drop: () => db.drop() });
  });
  afterAll(async () => app.close());

  it('numbers 50 forms approved at once 01–50 with no gap and no duplicate', async () => {
    const deadline = localInstant('2026-11-20 17:30', TZ);
    for (let i = 0; i < 50; i++) {
      const r = await draftForm(app, 'zheng', { receivingDept: 'JSB', deadline, subject: `图纸确认 ${i + 1}` });
      expect(r.refused).toBeUndefined();
    }
    const drafts = await app.store.transaction((tx) => tx.forms.list({ states: ['draft'] }));
    expect(drafts).toHaveLength(50);
    const replies = await Promise.all(drafts.map((f) => actOnForm(app, 'zhao', `#${f.id}`, { kind: 'approve' })));
    expect(replies.filter((r) => r.refused)).toEqual([]);
    const issued = await app.store.transaction((tx) => tx.forms.list({ states: ['issued'] }));
    const numbers = issued.map((f) => f.number!).sort();
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => `SCB202611${String(i + 1).padStart(2, '0')}`));
    const signDuties = await app.store.transaction((tx) => tx.duties.openForPerson('lin'));
    expect(signDuties).toHaveLength(50);
  });

  it('two sweeps at once send each reminder once', async () => {
    const recipients = ['zhao', 'lin', 'xu', 'guo', 'deng'];
    for (let i = 0; i < 40; i++) {
      const r = await sendNotice(app, 'wang', { kind: 'notice', recipients, text: `通知 ${i}` });
      expect(r.refused).toBeUndefined();
    }
    const before = await app.store.transaction((tx) => tx.outbox.count('pending'));
    // A second instance: its own store (own pool) on the same database.
    const clock2 = new VirtualClock(app.clock.now());
    const store2 = await createStore(db.url);
    const other = buildDeps(store2, clock2, demoOrg(), policyWith());
    try {
      const reminderAt = localInstant('2026-11-03 09:20', TZ);
      const [a, b] = await Promise.all([sweep(app, reminderAt, 25), sweep(other, reminderAt, 25)]);
      // 200 notice duties plus the 50 sign duties of the first test (their reminders are later).
      expect(a.claimed + b.claimed).toBe(200);
      expect(a.claimed).toBeGreaterThan(0);
      expect(b.claimed).toBeGreaterThan(0);
      const after = await app.store.transaction((tx) => tx.outbox.count('pending'));
      expect(after - before).toBe(200);
      const audit = await app.store.transaction((tx) => tx.audit.list({ entity: 'duty' }));
      expect(audit.filter((e) => e.action === 'duty.remind')).toHaveLength(200);
      // Running both again at the same instant finds nothing more to do.
      const again = await Promise.all([sweep(app, reminderAt), sweep(other, reminderAt)]);
      expect(again[0].claimed + again[1].claimed).toBe(0);
    } finally {
      await store2.close();
    }
  });
});

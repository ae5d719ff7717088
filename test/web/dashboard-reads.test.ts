/**
 * The dashboard's storage on both dialects: one-time links redeem once (and not after expiry),
 * sessions revoke, and the page queries filter, escape, scope and count in SQL as the pages
 * expect — on SQLite always, on PostgreSQL when TEST_DATABASE_URL is set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoginLink, endSession, linkSigningKey, redeemLoginLink, sessionFor } from '../../src/app/dashboard/web-auth.js';
import { OPEN_FORM_STATES } from '../../src/domain/report/overdue-digest.js';
import { conversation, createTestApp, type TestApp } from '../helpers/app.js';
import { testDialects } from '../helpers/databases.js';

describe.each(testDialects())('dashboard storage on $name', (dialect) => {
  let app: TestApp;
  const config = { publicUrl: 'http://x', signingKey: linkSigningKey('reads-test-secret-0123', '') };
  beforeAll(async () => {
    const db = await dialect.create();
    app = await createTestApp('2026-11-03 09:00', { url: db.url, drop: db.drop });
    const c = conversation(app);
    await c.say(':as zheng', '新建联络单 JSB 2026-11-04 要求协助 100%_合格\\证书', ':as zhao', '同意');
    await c.say(':as zheng', '新建联络单 ZLB 2026-11-20 要求协助 焊缝复检', ':as zhao', '同意');
    await c.say(':as wang', '通知 @zhao 下午开会', ':advance 2d');
  });
  afterAll(async () => {
    await app?.close();
  });

  it('a link redeems once, never after expiry; a revoked session is gone', async () => {
    const token = (url: string) => url.slice(url.lastIndexOf('/') + 1);
    const link = token((await createLoginLink(app, config, 'liu')).url);
    const opened = await redeemLoginLink(app, config, link);
    expect(opened?.session.person).toBe('liu');
    expect(await redeemLoginLink(app, config, link)).toBeUndefined();
    const late = token((await createLoginLink(app, config, 'liu')).url);
    app.clock.advance(10 * 60_000);
    expect(await redeemLoginLink(app, config, late)).toBeUndefined();
    expect((await sessionFor(app, config, opened!.cookie))?.person).toBe('liu');
    await endSession(app, opened!.session);
    expect(await sessionFor(app, config, opened!.cookie)).toBeUndefined();
  });

  it('filters forms by text as a plain substring (%, _ and \\ match themselves), by access and state', async () => {
    const q = (text: string) => app.store.transaction((tx) => tx.dashboard.forms({ text }, 'all', { limit: 10, offset: 0 }));
    expect((await q('100%_合格\\证书')).total).toBe(1);
    expect((await q('%')).total).toBe(1);
    expect((await q('_')).total).toBe(1);
    expect((await q('\\')).total).toBe(1);
    expect((await q("' OR 1=1 --")).total).toBe(0);
    expect((await q('焊缝')).forms.map((f) => f.receivingDept)).toEqual(['ZLB']);
    const jsb = await app.store.transaction((tx) => tx.dashboard.forms({}, { depts: ['JSB'], person: 'lin' }, { limit: 10, offset: 0 }));
    expect(jsb.forms.map((f) => f.receivingDept)).toEqual(['JSB']);
    const outsider = await app.store.transaction((tx) => tx.dashboard.forms({}, { depts: [], person: 'nobody' }, { limit: 10, offset: 0 }));
    expect(outsider.total).toBe(0);
    const overdue = await app.store.transaction((tx) => tx.dashboard.forms({ overdueAt: app.clock.now() }, 'all', { limit: 10, offset: 0 }));
    expect(overdue.forms.map((f) => f.receivingDept)).toEqual(['JSB']);
  });

  it('reads overdue duties and forms in scope, counted, limited and oldest first', async () => {
    const now = app.clock.now();
    const all = await app.store.transaction((tx) => tx.dashboard.overdueDuties(now, 'all', 1));
    expect(all.total).toBeGreaterThanOrEqual(2);
    expect(all.duties).toHaveLength(1);
    const zhao = await app.store.transaction((tx) => tx.dashboard.overdueDuties(now, { depts: ['SCB'], people: ['zhao'] }, 10));
    expect(zhao.duties.map((d) => d.subject.ref)).toEqual(['TZ1']);
    const forms = await app.store.transaction((tx) => tx.dashboard.overdueForms(now, OPEN_FORM_STATES, { depts: ['JSB', 'ZLB'], people: [] }, 10));
    expect(forms.forms.map((f) => f.receivingDept)).toEqual(['JSB']);
    expect((await app.store.transaction((tx) => tx.dashboard.overdueForms(now, OPEN_FORM_STATES, { depts: [], people: [] }, 10))).total).toBe(0);
  });

  it('lists notices of a person, and versions the data by the audit log', async () => {
    const notices = await app.store.transaction((tx) => tx.dashboard.notices('zhao', 10));
    expect(notices.map((n) => n.ref)).toEqual(['TZ1']);
    expect(await app.store.transaction((tx) => tx.dashboard.notices('he', 10))).toEqual([]);
    const before = await app.store.transaction((tx) => tx.dashboard.dataVersion());
    await app.store.transaction((tx) => tx.audit.append([{ at: app.clock.now(), actor: 'zhao', action: 'test.touch', entity: 'notice', entityId: String(notices[0]!.id) }]));
    expect(await app.store.transaction((tx) => tx.dashboard.dataVersion())).toBeGreaterThan(before);
  });
});

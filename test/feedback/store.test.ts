/**
 * The feedback store on each dialect (SQLite always, PostgreSQL with TEST_DATABASE_URL): gapless
 * daily numbers also when intakes run at once, the sealed sender kept apart from the item, queries,
 * and the sweep's silence close claiming rows once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { closeSilentFeedback } from '../../src/app/feedback/auto-close.js';
import { submitFeedback } from '../../src/app/feedback/submit-feedback.js';
import { conversation, type TestApp } from '../helpers/app.js';
import { testDialects } from '../helpers/databases.js';
import { feedbackApp, fk } from './helpers.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe.each(testDialects())('feedback store on $name', (dialect) => {
  it('numbers concurrent intakes gaplessly per local day and keeps the sealed sender apart', async () => {
    const db = await dialect.create();
    app = await feedbackApp('2026-11-24 23:50', { url: db.url, drop: db.drop });
    const actor = (person: string) => ({ person, platform: 'console' as const });
    const replies = await Promise.all(
      ['zheng', 'he', 'ma', 'song', 'peng', 'qian'].map((p, i) =>
        submitFeedback(app!, actor(p), { kind: 'dm' }, { category: 'suggestion', description: `建议第${i}条:话题${i * 7}`, anonymous: p === 'peng' }),
      ),
    );
    expect(replies.every((r) => !r.refused)).toBe(true);
    const items = await app.store.transaction((tx) => tx.feedback.list({}));
    expect(items.map((i) => i.number).sort()).toEqual([1, 2, 3, 4, 5, 6].map((n) => fk(n)));
    const anon = items.find((i) => i.anonymous)!;
    expect(anon.submitter).toBeUndefined();
    const sealed = await app.store.transaction((tx) => tx.feedback.sealedSenders(items.map((i) => i.id)));
    expect([...sealed.keys()]).toEqual([anon.id]);
    expect(app.sealer!.unseal(sealed.get(anon.id)!)).toEqual({ platform: 'console', address: 'peng' });
    // The next local day starts again at 001.
    app.clock.advance(20 * 60_000);
    await submitFeedback(app, actor('zheng'), { kind: 'dm' }, { category: 'problem', description: '新的一天', anonymous: false });
    expect((await app.store.transaction((tx) => tx.feedback.list({ registeredFrom: app!.clock.now() - 1 })))[0]!.number).toBe(fk(1, '20261125'));
  });

  it('closes silent items once, at their due time, even when two sweeps race', async () => {
    const db = await dialect.create();
    app = await feedbackApp('2026-11-24 09:00', { url: db.url, drop: db.drop });
    const c = conversation(app);
    await c.say(':as zheng', '反馈 问题 照明不足', ':as yang', `受理 ${fk(1)} @zhao`, ':as zhao', `解决 ${fk(1)} 已更换`);
    app.clock.advance(8 * 86_400_000);
    const [a, b] = await Promise.all([closeSilentFeedback(app, app.clock.now()), closeSilentFeedback(app, app.clock.now())]);
    expect(a + b).toBe(1);
    const [item] = await app.store.transaction((tx) => tx.feedback.list({ states: ['closed'] }));
    expect(item!.closedAt).toBe(item!.resolvedAt! + 7 * 86_400_000);
    const events = await app.store.transaction((tx) => tx.feedbackEvents.forItem(item!.id));
    expect(events.filter((e) => e.kind === 'auto_closed')).toHaveLength(1);
  });
});

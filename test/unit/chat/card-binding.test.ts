/**
 * "The card the person last clicked" (issue 6 §3, shared by every platform without threads —
 * src/chat/card-binding.ts) on a real SQLite store through the migrations: a bare reply within 30
 * minutes of a click goes to that form's thread; a reply naming a reference, a command about no
 * form, a reply during a guided dialogue (the form's or the feedback's), a click on another
 * platform, a feedback item, or a late reply does not.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCardBinding, type CardBinding } from '../../../src/chat/card-binding.js';
import type { InboundEvent } from '../../../src/chat/inbound.js';
import { parseOptionsOf } from '../../../src/chat/parse-command.js';
import { createStore } from '../../../src/infra/db/create-store.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { testDialects } from '../../helpers/databases.js';

let app: TestApp;
let binding: CardBinding;
const T0 = 1_800_000_000_000;
const MIN = 60_000;
const dm = (text: string, sender = 'lin'): InboundEvent => ({ platform: 'wecom', sender, where: { kind: 'dm' }, text });

beforeEach(async () => {
  app = await createTestApp('2026-11-24 09:00');
  binding = createCardBinding({ store: app.store, parse: parseOptionsOf(app.policy), dialogueKeys: (p) => [p, `fb:${p}`] });
});
afterEach(() => app.close());

describe('thread binding by the last clicked card', () => {
  it('binds a bare reply or bare form command within the window to the clicked form', async () => {
    await binding.remember('lin', 'wecom', 'SCB20261101', T0);
    expect((await binding.bind(dm('图纸周一前确认'), T0 + 10 * MIN)).where).toEqual({ kind: 'thread', formNumber: 'SCB20261101' });
    expect((await binding.bind(dm('完成 已处理'), T0 + 29 * MIN)).where).toEqual({ kind: 'thread', formNumber: 'SCB20261101' });
    expect((await binding.bind(dm('图纸周一前确认'), T0 + 31 * MIN)).where).toEqual({ kind: 'dm' });
  });

  it('keeps the last click only, per person', async () => {
    await binding.remember('lin', 'wecom', 'SCB20261101', T0);
    await binding.remember('lin', 'wecom', 'SCB20261102', T0 + MIN);
    expect((await binding.bind(dm('好的'), T0 + 2 * MIN)).where).toEqual({ kind: 'thread', formNumber: 'SCB20261102' });
    expect((await binding.bind(dm('好的', 'he'), T0 + 2 * MIN)).where).toEqual({ kind: 'dm' });
  });

  it('leaves alone texts naming a reference, commands about no single form, and drafts', async () => {
    await binding.remember('lin', 'wecom', 'SCB20261101', T0);
    for (const text of ['签收 SCB20261102', '查看 SCB20261102', '我的待办', '帮助', '新建联络单', '通知 @he 明天开会']) {
      expect(await binding.bind(dm(text), T0 + MIN)).toEqual(dm(text));
    }
    await binding.remember('lin', 'wecom', '#12', T0);
    expect((await binding.bind(dm('同意'), T0 + MIN)).where).toEqual({ kind: 'dm' });
  });

  it('does not bind while a guided dialogue is in progress (the form dialogue, or the feedback one under its key)', async () => {
    await binding.remember('lin', 'wecom', 'SCB20261101', T0);
    await app.store.transaction((tx) => tx.dialogues.put({ person: 'lin', kind: 'form_new', data: {}, updatedAt: T0 + MIN }));
    expect((await binding.bind(dm('二号锅炉图纸确认'), T0 + 2 * MIN)).where).toEqual({ kind: 'dm' });
    await app.store.transaction((tx) => tx.dialogues.delete('lin'));
    await app.store.transaction((tx) => tx.dialogues.put({ person: 'fb:lin', kind: 'feedback_new', data: {}, updatedAt: T0 + MIN }));
    expect((await binding.bind(dm('食堂的菜太咸'), T0 + 2 * MIN)).where).toEqual({ kind: 'dm' });
  });

  it('binds per platform, and never remembers a feedback item', async () => {
    await binding.remember('lin', 'wecom', 'SCB20261101', T0);
    expect((await binding.bind({ ...dm('好的'), platform: 'dingtalk' }, T0 + MIN)).where).toEqual({ kind: 'dm' });
    await binding.remember('lin', 'wecom', 'FK20261124-007', T0 + MIN);
    expect(await app.store.transaction((tx) => tx.cardClicks.get('lin', 'wecom'))).toMatchObject({ ref: 'SCB20261101' });
  });

  it('completes a bare 收到 after a notice card with the notice reference', async () => {
    await binding.remember('lin', 'wecom', 'TZ7', T0);
    expect((await binding.bind(dm('收到。'), T0 + MIN)).text).toBe('收到 TZ7');
    expect(await binding.bind(dm('谢谢'), T0 + MIN)).toEqual(dm('谢谢'));
  });
});

describe.each(testDialects())('card_click table on $name', (dialect) => {
  it('stores one last click per person and platform, replacing it', async () => {
    const db = await dialect.create();
    const store = await createStore(db.url);
    try {
      const put = (ref: string, clickedAt: number, platform = 'wecom') => store.transaction((tx) => tx.cardClicks.put({ person: 'lin', platform, ref, clickedAt }));
      await put('SCB20261101', T0);
      await put('SCB20261102', T0 + MIN);
      await put('TZ3', T0, 'slack');
      expect(await store.transaction((tx) => tx.cardClicks.get('lin', 'wecom'))).toEqual({ person: 'lin', platform: 'wecom', ref: 'SCB20261102', clickedAt: T0 + MIN });
      expect(await store.transaction((tx) => tx.cardClicks.get('lin', 'slack'))).toMatchObject({ ref: 'TZ3' });
      expect(await store.transaction((tx) => tx.cardClicks.get('he', 'wecom'))).toBeUndefined();
    } finally {
      await store.close();
      await db.drop();
    }
  });
});

/**
 * Issue 13 part 4 on Feishu: the guided 反馈's first question comes as a card with the intake
 * form (a JSON 2.0 form container); its submit callback (`action.form_value`, encrypted and
 * signed as Feishu sends it) registers the item through the inbox and the chat intake; mistakes
 * are answered at once with an error toast and nothing is stored; an anonymous submission is
 * sealed; the category buttons answer the dialogue, which still works by typing.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { p2pChat, textOfMessage, type FakeMessage } from '../../fakes/fake-feishu.js';
import { cardAction, encryptedRequest } from './feishu-fixtures.js';
import { ou, startFeishuBot, type FeishuBot } from './running-bot.js';

let bot: FeishuBot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

const FK1 = 'FK20261124-001';
const dmOf = (b: FeishuBot, person: string) => b.fake.messages.filter((m) => m.chatId === p2pChat(ou(person)));
const items = (b: FeishuBot) => b.served.deps.store.transaction((tx) => tx.feedback.list({}));

type El = Record<string, unknown>;
/** The form container of a card, if it has one. */
function formOf(m: FakeMessage): El | undefined {
  const els = ((m.content as { body?: { elements?: El[] } }).body?.elements ?? []);
  return els.find((e) => e['tag'] === 'form');
}

/** Submits the form on card `m` as `person` with `values`; the HTTP status and the (toast) body. */
async function submit(b: FeishuBot, person: string, m: FakeMessage, values: Record<string, unknown>): Promise<{ status: number; body: Record<string, unknown> }> {
  const button = (formOf(m)!['elements'] as El[]).find((e) => e['form_action_type'] === 'submit')!;
  const value = (button['behaviors'] as Array<{ value: unknown }>)[0]!.value;
  const event = cardAction(ou(person), value, { messageId: m.messageId, chatId: m.chatId });
  (event['event'] as { action: Record<string, unknown> }).action = { value, tag: 'button', name: 'submit', timezone: 'Asia/Shanghai', form_value: values };
  const req = encryptedRequest(event, { ts: String(Math.floor(b.clock.now() / 1000)) });
  const res = await fetch(`http://127.0.0.1:${b.served.port}/feishu/events`, { method: 'POST', headers: req.headers, body: req.body });
  const body = (await res.json()) as Record<string, unknown>;
  await b.settle();
  return { status: res.status, body };
}

describe('the feedback intake form on a Feishu card', () => {
  it('comes with the dialogue\'s first question; a submission registers the item and marks the card', async () => {
    const b = (bot = await startFeishuBot());
    await b.settle();
    await b.say('zheng', '反馈');
    const card = dmOf(b, 'zheng').at(-1)!;
    expect(textOfMessage(card)).toContain('第 1 步');
    const form = formOf(card)!;
    const names = (form['elements'] as El[]).map((e) => e['name']);
    expect(names).toEqual(['category', 'description', 'dept', 'timeNode', 'expected', 'anonymous', 'submit']);
    expect(JSON.stringify(form)).toContain('"value":"CGB"');

    const ok = await submit(b, 'zheng', card, { category: 'suggestion', description: '仓库货架标识不清', dept: 'CGB', timeNode: '本周', expected: '统一标签', anonymous: '否' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ toast: { type: 'info' } });
    const [item] = await items(b);
    expect(item).toMatchObject({ number: FK1, category: 'suggestion', dept: 'CGB', submitter: 'zheng', anonymous: false, details: { timeNode: '本周', expected: '统一标签' } });
    expect(dmOf(b, 'zheng').map((m) => textOfMessage(m)).join('\n')).toContain(`已登记信息反馈 ${FK1}`);
    // The card shows it was sent (its form is gone), and the dialogue is over.
    expect(JSON.stringify(b.fake.patches.filter((p) => p.messageId === card.messageId).at(-1)!.content)).toContain('郑伟 已反馈');
    await b.say('zheng', '帮助');
    expect(textOfMessage(dmOf(b, 'zheng').at(-1)!)).toContain('帮助');
  });

  it('answers mistakes with an error toast and stores nothing', async () => {
    const b = (bot = await startFeishuBot());
    await b.settle();
    await b.say('zheng', '反馈');
    const card = dmOf(b, 'zheng').at(-1)!;
    const missing = await submit(b, 'zheng', card, { category: 'complaint' });
    expect(missing.body).toEqual({ toast: { type: 'error', content: '请写明反馈内容(问题的具体描述)。' } });
    const forged = await submit(b, 'zheng', card, { category: 'nonsense', description: 'x', dept: 'NOPE' });
    expect(String((forged.body['toast'] as { content: string }).content)).toMatch(/类别「nonsense」无效.*找不到部门代码「NOPE」/);
    expect(await items(b)).toEqual([]);
  });

  it('seals an anonymous submission; the card shows no name', async () => {
    const b = (bot = await startFeishuBot());
    await b.settle();
    await b.say('he', '匿名反馈');
    const card = dmOf(b, 'he').at(-1)!;
    await submit(b, 'he', card, { category: 'whistleblowing', description: '仓库有人私拿物料 feishu-anon', anonymous: '是' });
    const [item] = await items(b);
    expect(item).toMatchObject({ anonymous: true, category: 'whistleblowing' });
    expect(item!.submitter).toBeUndefined();
    expect(textOfMessage(dmOf(b, 'he').at(-1)!)).toContain(`已匿名登记信息反馈 ${FK1}`);
    const patched = JSON.stringify(b.fake.patches.filter((p) => p.messageId === card.messageId).at(-1)!.content);
    expect(patched).toContain('已反馈');
    expect(patched).not.toContain('何静');
    // No table holds the sender next to the item: not the outbox, not the inbox, not the dialogue.
    const db = new Database(b.dbPath, { readonly: true });
    try {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'migrations'").all() as Array<{ name: string }>;
      // (The dialogue's first question went to he as any answer does; it names no item.)
      const rows = tables.flatMap(({ name }) => (db.prepare(`SELECT * FROM "${name}"`).all()).map((r) => JSON.stringify(r)));
      const aboutItem = rows.filter((r) => r.includes('feishu-anon') || r.includes(FK1));
      expect(aboutItem.length).toBeGreaterThan(3);
      for (const trace of [ou('he'), '"he"', 'feishu:he', '何静']) expect(aboutItem.filter((r) => r.includes(trace))).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('keeps the guided dialogue: a category button answers step 1, typing does the rest', async () => {
    const b = (bot = await startFeishuBot());
    await b.settle();
    await b.say('zheng', '反馈');
    await b.click('zheng', '投诉');
    expect(textOfMessage(dmOf(b, 'zheng').at(-1)!)).toContain('第 2 步');
    for (const answer of ['食堂排队太久', '跳过', '跳过', '跳过', '否']) await b.say('zheng', answer);
    expect(dmOf(b, 'zheng').map((m) => textOfMessage(m)).join('\n')).toContain(`已登记信息反馈 ${FK1}`);
    expect((await items(b))[0]).toMatchObject({ category: 'complaint', description: '食堂排队太久' });
  });
});

/**
 * Issue 4 "Done when": five complaints about the canteen, each worded differently, are linked as
 * similar (character n-grams, no word splitting) and raise each other's priority; an unrelated
 * one is not linked. Triage sees the linked items.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { similarity } from '../../src/domain/feedback/similarity.js';
import { conversation, type TestApp } from '../helpers/app.js';
import { testDialects } from '../helpers/databases.js';
import { feedbackApp, fk, to } from './helpers.js';

const CANTEEN: Array<[person: string, text: string]> = [
  ['zheng', '食堂饭菜太咸,油也太多,吃了不舒服'],
  ['he', '最近食堂的菜又咸又油,希望改进一下'],
  ['ma', '员工食堂菜品偏咸、偏油,大家意见很大'],
  ['song', '食堂做的菜太油太咸了,能不能少放点盐和油'],
  ['peng', '中午食堂的饭菜口味太重,又油又咸'],
];
const UNRELATED = '三号行车刹车有异响,存在安全隐患,请尽快检修';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe.each(testDialects())('similar items on $name', (dialect) => {
  it('links five differently worded canteen complaints, raises their priority, and leaves an unrelated one alone', async () => {
    const db = await dialect.create();
    app = await feedbackApp('2026-11-24 09:00', { url: db.url, drop: () => db.drop() });
    const c = conversation(app);
    const outs: string[] = [];
    for (const [person, text] of CANTEEN) outs.push(await c.say(`:as ${person}`, `反馈 投诉 ${text}`));
    const unrelated = await c.say(':as qian', `反馈 投诉 ${UNRELATED}`);

    const items = await app.store.transaction((tx) => tx.feedback.list({}));
    const [first, , , , fifth, other] = items;
    // Each links to every other canteen complaint; the unrelated one to none and none to it.
    items.slice(0, 5).forEach((item, i) => {
      expect([...item.links].sort((a, b) => a - b)).toEqual(items.slice(0, 5).map((x) => x.id).filter((_, j) => j !== i));
      expect(item.links).not.toContain(other!.id);
    });
    expect(other!.links).toEqual([]);
    // 投诉 starts at 中 (normal); two similar items make it 高 — the first one was raised too.
    expect(items.slice(0, 5).map((i) => i.priority)).toEqual(['high', 'high', 'high', 'high', 'high']);
    expect(other!.priority).toBe('normal');
    expect(outs[1]).toContain('优先级:中');
    expect(outs[2]).toContain('优先级:高');
    // Every change reaches the submitter: the first two hear that their items were raised, once.
    expect(to(outs[2]!, 'zheng')).toEqual([expect.stringContaining(`您的反馈 ${fk(1)} 近期有相似反馈,优先级已升为「高」`)]);
    expect(to(outs[2]!, 'he')).toEqual([expect.stringContaining(`您的反馈 ${fk(2)} 近期有相似反馈,优先级已升为「高」`)]);
    expect(to(outs[3]!, 'zheng')).toEqual([]); // already 高: nothing new to tell

    // Triage sees the linked items: in the notice of the fifth, and in 查看.
    const notice = to(outs[4]!, 'yang')[0]!;
    expect(notice).toContain('相似反馈 4 条(近期):');
    for (let i = 1; i <= 4; i++) expect(notice).toContain(fk(i));
    expect(to(unrelated, 'yang')[0]).not.toContain('相似反馈');
    const view = await c.say(':as yang', `查看 ${fk(1)}`);
    expect(view).toContain('相似反馈 4 条');
    expect(view).toContain('系统:新增相似反馈 FK20261124-003(累计 2 条),优先级升为「高」');
    expect(first!.number).toBe(fk(1));
    expect(fifth!.number).toBe(fk(5));
  });
});

describe('similar items', () => {
  it('measures similarity on characters, not on words split by spaces', () => {
    for (const [, a] of CANTEEN) {
      for (const [, b] of CANTEEN) expect(similarity(a, b)).toBeGreaterThanOrEqual(0.3);
      expect(similarity(a, UNRELATED)).toBeLessThan(0.1);
    }
    expect(similarity('食堂饭菜太咸', '食堂饭菜太咸')).toBeCloseTo(1);
    expect(similarity('', '食堂')).toBe(0);
    // Punctuation does not count; a space only stops a character pair across it.
    expect(similarity('食堂饭菜太咸!', '食堂饭菜太咸。')).toBeCloseTo(1);
    expect(similarity('食堂 饭菜 太咸', '食堂饭菜太咸')).toBeGreaterThan(0.9);
  });

  it('never links a restricted item (举报) with others, so a link reveals nothing', async () => {
    app = await feedbackApp('2026-11-24 09:00');
    const c = conversation(app);
    await c.say(':as zheng', '反馈 投诉 食堂饭菜太咸,油也太多', ':as he', '反馈 举报 食堂饭菜太咸油太多,承包商偷工减料');
    const items = await app.store.transaction((tx) => tx.feedback.list({}));
    expect(items.map((i) => i.links)).toEqual([[], []]);
  });
});

describe('links and anonymity (issue 18 item 5)', () => {
  it('never links an anonymous item with the sender’s own items, nor with any named one', async () => {
    app = await feedbackApp('2026-11-24 09:00');
    const c = conversation(app);
    await c.say(':as qian', `反馈 投诉 ${CANTEEN[0]![1]}`); // qian's own, signed: FK-001
    await c.say(':as he', `反馈 投诉 ${CANTEEN[1]![1]}`); // someone else's, signed: FK-002
    await c.say(':as qian', `匿名反馈 投诉 ${CANTEEN[2]![1]}`); // qian again, anonymously: FK-003
    await c.say(':as ma', `匿名反馈 投诉 ${CANTEEN[3]![1]}`); // another anonymous sender: FK-004
    await c.say(':as qian', `匿名反馈 投诉 ${CANTEEN[4]![1]}`); // qian's second anonymous one: FK-005
    const [own, other, anon, anonOther, anonAgain] = await app.store.transaction((tx) => tx.feedback.list({}));
    // Named items link among themselves; anonymous ones only with other senders' anonymous ones.
    expect(own!.links).toEqual([other!.id]);
    expect(anon!.links).toEqual([anonOther!.id]);
    expect([...anonOther!.links].sort()).toEqual([anon!.id, anonAgain!.id].sort());
    expect(anonAgain!.links).toEqual([anonOther!.id]);
    // What the triagers see of an anonymous item's links names nobody.
    for (const n of [3, 4, 5]) {
      const view = await c.say(':as yang', `查看 ${fk(n)}`);
      expect(view).not.toMatch(/钱勇|何静|马丽/);
      expect(view).not.toContain(fk(1));
    }
  });
});

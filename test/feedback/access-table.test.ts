/**
 * Issue 4 "Done when": every role against every category, for 查看, 反馈列表, 搜索反馈 and 导出反馈.
 * The expected table is written out by hand from SPEC §2 (not computed by the code under test):
 * each allowed read shows the item, and each forbidden one answers exactly what a number that
 * does not exist gets — so a refusal reveals nothing about whether the item exists.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversation, type TestApp } from '../helpers/app.js';
import { feedbackApp, fk } from './helpers.js';

const CATEGORIES = ['工作汇报', '问题', '建议', '投诉', '举报', '紧急', '客户意见', '其他'] as const;
type Cat = (typeof CATEGORIES)[number];
const ALL: Cat[] = [...CATEGORIES];
const NOT_REPORT: Cat[] = ALL.filter((c) => c !== '举报');

/**
 * Who may see what. Items are sent by 马丽 (质量部) about 生产部 (department concerned, leader 赵强),
 * owned by 何静 (技术部) — 举报 by 陈志远 (总经办), as only HR's leader and 总经办 may own it.
 */
const PEOPLE: Array<[role: string, person: string, allowed: Cat[]]> = [
  ['submitter 马丽', 'ma', ALL],
  ['owner 何静 / 陈志远 for 举报', 'owner', ALL],
  ['feedback group 杨帆 (not a leader)', 'yang', NOT_REPORT],
  ['leader of the department concerned 赵强', 'zhao', NOT_REPORT],
  ['HR leader 刘敏 (also in the feedback group)', 'liu', ALL],
  ['总经办 孙晓燕 (also in the feedback group)', 'sun', ALL],
  ['general manager 王建国 (总经办 leader)', 'wang', ['举报', '紧急']],
  ["the submitter's own leader 徐文", 'xu', []],
  ['unrelated staff 钱勇', 'qian', []],
];

const ownerOf = (c: Cat) => (c === '举报' ? 'chen' : 'he');
const who = (person: string, c: Cat) => (person === 'owner' ? ownerOf(c) : person);
const numberOf = (c: Cat) => fk(CATEGORIES.indexOf(c) + 1);
const MISSING = fk(999);

let app: TestApp;
let say: (...lines: string[]) => Promise<string>;

beforeAll(async () => {
  app = await feedbackApp('2026-11-24 09:00');
  const c = conversation(app);
  say = (...lines) => c.say(...lines);
  for (const cat of CATEGORIES) await say(':as ma', `反馈 ${cat} 关于${cat}的测试内容\n部门: SCB`);
  for (const cat of CATEGORIES) {
    const triager = cat === '举报' ? 'liu' : 'yang';
    const out = await say(`:as ${triager}`, `受理 ${numberOf(cat)} @${ownerOf(cat)}`);
    expect(out).toContain(`已受理:${numberOf(cat)}`);
  }
});
afterAll(async () => {
  await app.close();
});

/** A reply with the number replaced, to compare with the reply about a number that does not exist. */
const masked = (reply: string, number: string) => reply.split(number).join('FK-NUMBER');

describe.each(PEOPLE)('%s', (_role, person, allowed) => {
  it.each(CATEGORIES.map((c) => [c]))('查看 %s', async (cat) => {
    const p = who(person, cat);
    const reply = await say(`:as ${p}`, `查看 ${numberOf(cat)}`);
    if (allowed.includes(cat)) {
      expect(reply).toContain(`信息反馈 ${numberOf(cat)}【${cat}】`);
      expect(reply).toContain(`关于${cat}的测试内容`);
    } else {
      const none = await say(`查看 ${MISSING}`);
      expect(masked(reply, numberOf(cat))).toBe(masked(none, MISSING));
      expect(reply).not.toContain('测试内容');
    }
  });

  it('反馈列表, 搜索反馈 and 导出反馈 show exactly the allowed items', async () => {
    for (const cat of CATEGORIES) {
      const p = who(person, cat);
      const n = numberOf(cat);
      const list = await say(`:as ${p}`, '反馈列表');
      const search = await say(`搜索反馈 ${n}`);
      const exported = await say('导出反馈 2026-11');
      if (allowed.includes(cat)) {
        for (const r of [list, search, exported]) expect(r).toContain(n);
        expect(exported).toContain(`关于${cat}的测试内容`);
      } else {
        for (const r of [list, exported]) expect(r).not.toContain(n);
        expect(masked(search, n)).toBe(masked(await say(`搜索反馈 ${MISSING}`), MISSING));
      }
    }
  });
});

describe('actions follow the same rule', () => {
  it('someone who may not see an item cannot act on it, and learns nothing', async () => {
    const n = numberOf('举报');
    for (const line of [`进展 ${n} 看看`, `分派 ${n} @yang`, `回复 ${n} 你好`, `确认 ${n} 5`]) {
      const reply = await say(':as yang', line);
      expect(masked(reply, n)).toBe(masked(await say(line.replace(n, MISSING)), MISSING));
    }
  });
});

/**
 * Issue 13 part 4 on WeCom: the guided 反馈's first question is a `multiple_interaction` template
 * card (src/adapters/wecom/feedback-card.ts) — category, department concerned, 署名/匿名 — whose
 * submission answers those steps; the description and the rest follow as typed text. Through the
 * running bot: real WeCom crypto on every callback, the fake WeCom API checking the card's shape.
 * Refusals: option ids and question keys the card never offered, malformed `SelectedItems` (nothing
 * stored at all), a department not in the directory, and a card submitted after its dialogue ended
 * or moved on.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { feedbackCard, readCardChoices } from '../../../src/adapters/wecom/feedback-card.js';
import { parseWecomXml } from '../../../src/adapters/wecom/wire/xml.js';
import { cardSubmitXml } from './wecom-fixtures.js';
import { contentOf, feedbackItems as items, lastTextTo as last, sentTo, startBot, type RunningBot } from './running-bot.js';

let bot: RunningBot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

const FK1 = 'FK20261124-001';
type Card = { card_type: string; select_list: Array<{ question_key: string; option_list: Array<{ id: string; text: string }> }> };
const lastCard = (b: RunningBot, user: string) => sentTo(b.fake, user).at(-1)!.body.template_card as Card;

describe('the WeCom intake card', () => {
  it('a full intake: card (问题, 生产部, 匿名) then the description typed; steps 3 and 6 not asked; sealed; retry deduplicated', async () => {
    const b = (bot = await startBot({ org: 'form' }));
    await b.settle();
    await b.say('HeJing', '反馈');
    const card = lastCard(b, 'HeJing');
    expect(card.card_type).toBe('multiple_interaction');
    expect(card.select_list.map((s) => s.question_key)).toEqual(['category', 'dept', 'anonymous']);
    expect(card.select_list[0]!.option_list.map((o) => o.text)).toEqual(['工作汇报', '问题', '建议', '投诉', '举报', '紧急', '客户意见', '其他']);
    // Nine departments and 跳过: WeCom's ten options, no 其他 needed.
    expect(card.select_list[1]!.option_list).toHaveLength(10);
    expect(card.select_list[1]!.option_list[0]).toEqual({ id: 'skip', text: '跳过' });

    const tc = sentTo(b.fake, 'HeJing').at(-1)!;
    const submitted = b.signed(cardSubmitXml('HeJing', {
      ts: String(Math.floor(b.clock.now() / 1000)),
      taskId: (tc.body.template_card as { task_id: string }).task_id,
      responseCode: tc.responseCode!,
      selected: [['category', ['problem']], ['dept', ['d_SCB']], ['anonymous', ['anon']]],
    }));
    expect((await b.postRaw(submitted.query, submitted.body)).status).toBe(200);
    // WeCom's retry of the same callback (no 200 in time): stored once, answered once.
    expect((await b.postRaw(submitted.query, submitted.body)).status).toBe(200);
    await b.settle();
    expect(last(b, 'HeJing')).toContain('第 2 步');
    expect(last(b, 'HeJing')).toContain('问题');
    expect(sentTo(b.fake, 'HeJing').map((c) => contentOf(c)).filter((t) => t.includes('已失效'))).toEqual([]);

    await b.say('HeJing', '二号车间地面湿滑,已有人滑倒 wecom-card');
    // The department was chosen on the card: step 3 is not asked.
    expect(last(b, 'HeJing')).toContain('第 4 步');
    await b.click('HeJing', '跳过');
    expect(last(b, 'HeJing')).toContain('第 5 步');
    await b.say('HeJing', '铺防滑垫');
    // Anonymity was chosen on the card: step 6 is not asked; registered anonymously.
    expect(last(b, 'HeJing')).toContain(`已匿名登记信息反馈 ${FK1}`);
    const all = await items(b);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ anonymous: true, category: 'problem', description: '二号车间地面湿滑,已有人滑倒 wecom-card', dept: 'SCB' });
    expect(all[0]!.details).toMatchObject({ expected: '铺防滑垫' });
    expect(all[0]!.submitter).toBeUndefined();
    // The submitted card shows the choice and never a name.
    const shown = b.fake.updates.map((u) => (u.body['button'] as { replace_name: string }).replace_name);
    expect(shown[0]).toBe('已选「问题」');
    for (const s of shown) expect(s).not.toMatch(/何静|HeJing/);
    const rows = b.dump().split('},{');
    const aboutItem = rows.filter((r) => r.includes('wecom-card') || r.includes(FK1));
    expect(aboutItem.length).toBeGreaterThan(3);
    for (const trace of ['HeJing', '\\"he\\"', '"he"', '何静']) expect(aboutItem.filter((r) => r.includes(trace))).toEqual([]);
  });

  it('署名 and 跳过 on the card: the own department, step 3 and step 6 not asked', async () => {
    const b = (bot = await startBot({ org: 'form' }));
    await b.settle();
    await b.say('LinZhiHua', '反馈');
    await b.submitCard('LinZhiHua', { selected: [['category', ['suggestion']], ['dept', ['skip']], ['anonymous', ['named']]] });
    expect(last(b, 'LinZhiHua')).toContain('第 2 步');
    await b.say('LinZhiHua', '食堂菜品可以多一些 wecom-named');
    expect(last(b, 'LinZhiHua')).toContain('第 4 步');
    await b.click('LinZhiHua', '跳过');
    await b.click('LinZhiHua', '跳过');
    expect(last(b, 'LinZhiHua')).toContain('已登记信息反馈');
    const [item] = await items(b);
    expect(item).toMatchObject({ anonymous: false, category: 'suggestion', submitter: 'lin' });
  });

  it('refuses what the card never offered — unknown option id, unknown question key, malformed SelectedItems — storing nothing', async () => {
    const b = (bot = await startBot({ org: 'form' }));
    await b.settle();
    await b.say('HeJing', '反馈');
    const before = b.dump();
    const bad: Array<{ selected?: Array<[string, string[]]>; selectedXml?: string }> = [
      { selected: [['category', ['bogus']]] },
      { selected: [['category', ['problem']], ['anonymous', ['maybe']]] },
      { selected: [['category', ['problem']], ['dept', ['SCB']]] },
      { selected: [['category', ['problem', 'urgent']]] },
      { selected: [['category', ['problem']], ['salary', ['x']]] },
      { selected: [['category', ['problem']], ['category', ['urgent']]] },
      { selected: [['category', ['problem']], ['dept', ['skip']], ['anonymous', ['anon']], ['x', ['y']]] },
      { selected: [['category', Array.from({ length: 11 }, (_, i) => `o${i}`)]] },
      { selected: [['category', ['x'.repeat(65)]]] },
      { selectedXml: '<SelectedItems></SelectedItems>' },
      { selectedXml: '<SelectedItems><SelectedItem><QuestionKey>category</QuestionKey></SelectedItem></SelectedItems>' },
      { selectedXml: '<SelectedItems><SelectedItem><QuestionKey>category</QuestionKey><OptionIds><OptionId>problem</OptionId></OptionIds><Extra>1</Extra></SelectedItem></SelectedItems>' },
      { selectedXml: '<SelectedItems><SelectedItem><QuestionKey><Nested>category</Nested></QuestionKey><OptionIds><OptionId>problem</OptionId></OptionIds></SelectedItem></SelectedItems>' },
      { selectedXml: '<SelectedItems>problem</SelectedItems>' },
      { selectedXml: '<SelectedItems><SelectedItem><QuestionKey>category</QuestionKey><OptionIds><OptionId>problem</OptionId></OptionIds></SelectedItem>' },
    ];
    for (const choice of bad) {
      const r = await b.submitCard('HeJing', choice);
      expect(r.status).toBe(200);
    }
    // Nothing was stored (no inbox row, no reply, no dialogue step), and the card was not touched.
    expect(b.dump()).toBe(before);
    expect(b.fake.updates).toEqual([]);
    expect(last(b, 'HeJing')).toContain('multiple_interaction');
    // The dialogue still waits for its first step: a good submission is taken.
    await b.submitCard('HeJing', { selected: [['category', ['problem']]] });
    expect(last(b, 'HeJing')).toContain('第 2 步');
  });

  it('refuses a department not in the directory, and a card without a category; the dialogue stays at step 1', async () => {
    const b = (bot = await startBot({ org: 'form' }));
    await b.settle();
    await b.say('HeJing', '反馈');
    await b.submitCard('HeJing', { selected: [['category', ['problem']], ['dept', ['d_XYZ']]] });
    expect(last(b, 'HeJing')).toContain('找不到部门代码「XYZ」');
    await b.submitCard('HeJing', { selected: [['dept', ['d_SCB']]] });
    expect(last(b, 'HeJing')).toContain('请在卡片上选择类别');
    expect(b.fake.updates).toEqual([]);
    await b.say('HeJing', '投诉');
    expect(last(b, 'HeJing')).toContain('第 2 步');
    expect(await items(b)).toEqual([]);
  });

  it('refuses a stale card: after 取消, after the dialogue moved on, after the item was registered', async () => {
    const b = (bot = await startBot({ org: 'form' }));
    await b.settle();
    await b.say('HeJing', '反馈');
    await b.say('HeJing', '取消');
    await b.submitCard('HeJing', { selected: [['category', ['problem']]] });
    expect(last(b, 'HeJing')).toContain('这张反馈卡片已失效');
    // A later 反馈 sends a new card; its submission works, and the old card stays refused.
    await b.say('HeJing', '反馈');
    await b.submitCard('HeJing', { selected: [['category', ['urgent']], ['dept', ['d_ZJB']], ['anonymous', ['named']]] });
    expect(last(b, 'HeJing')).toContain('第 2 步');
    await b.submitCard('HeJing', { selected: [['category', ['problem']]] });
    expect(last(b, 'HeJing')).toContain('这张反馈卡片已失效');
    await b.say('HeJing', '锅炉房压力表失灵 wecom-stale');
    await b.click('HeJing', '跳过');
    await b.click('HeJing', '跳过');
    expect(last(b, 'HeJing')).toContain('已登记信息反馈');
    await b.submitCard('HeJing', { selected: [['category', ['problem']]] });
    expect(last(b, 'HeJing')).toContain('这张反馈卡片已失效');
    const all = await items(b);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ category: 'urgent', dept: 'ZJB', anonymous: false });
  });

  it('匿名反馈: the card offers no 署名/匿名, and a forged 署名 cannot undo the anonymity', async () => {
    const b = (bot = await startBot({ org: 'form' }));
    await b.settle();
    await b.say('HeJing', '匿名反馈');
    expect(lastCard(b, 'HeJing').select_list.map((s) => s.question_key)).toEqual(['category', 'dept']);
    await b.submitCard('HeJing', { selected: [['category', ['problem']], ['anonymous', ['named']]] });
    expect(last(b, 'HeJing')).toContain('这张反馈卡片已失效');
    expect(await items(b)).toEqual([]);
  });
});

describe('the intake card, pure', () => {
  const view = { title: '信息反馈', lines: ['第 1 步'] };
  it('more departments than fit: the first 8, 跳过 and 其他 (ten options); 其他 leaves the step to the dialogue', () => {
    const depts = Array.from({ length: 12 }, (_, i) => ({ value: `D${i}`, label: `部门${i} D${i}` }));
    const card = feedbackCard(view, { kind: 'new_feedback', anonymous: false, anonymity: false, depts }, 'sd_t_1');
    expect(card.select_list.map((s) => s.question_key)).toEqual(['category', 'dept']);
    const ids = card.select_list[1]!.option_list.map((o) => o.id);
    expect(ids).toEqual(['skip', 'd_D0', 'd_D1', 'd_D2', 'd_D3', 'd_D4', 'd_D5', 'd_D6', 'd_D7', 'other']);
    expect(readCardChoices([{ questionKey: 'dept', optionIds: ['other'] }])).toEqual({ dept: 'other' });
  });

  it('no 署名/匿名 select without a sealer (a chat platform requires SHOUDAO_SECRET, so only reachable here)', () => {
    const card = feedbackCard(view, { kind: 'new_feedback', anonymous: false, anonymity: false, depts: [] }, 'sd_t_2');
    expect(card.select_list.map((s) => s.question_key)).toEqual(['category']);
    expect(card.submit_button.key).toBe('sd_feedback_card');
  });

  it('reads SelectedItems from nested XML with bounds', () => {
    const xml = cardSubmitXml('u', { taskId: 't', selected: [['category', ['problem']], ['dept', ['d_SCB']]] });
    const r = parseWecomXml(xml);
    expect(r.ok && r.msg.selectedItems).toEqual([{ questionKey: 'category', optionIds: ['problem'] }, { questionKey: 'dept', optionIds: ['d_SCB'] }]);
    expect(parseWecomXml(cardSubmitXml('u', { taskId: 't', selected: [['a', ['1']], ['b', ['1']], ['c', ['1']], ['d', ['1']]] }))).toEqual({ ok: false, reason: 'bad_field:SelectedItems' });
    expect(parseWecomXml(cardSubmitXml('u', { taskId: 't', selectedXml: '<SelectedItems><SelectedItem><QuestionKey>category</QuestionKey><OptionIds><OptionId>a b</OptionId></OptionIds></SelectedItem></SelectedItems>' }))).toEqual({ ok: false, reason: 'bad_field:SelectedItems' });
  });
});

describe('SelectedItems on other clicks', () => {
  it('an empty SelectedItems on a button click is as none; on the intake submit it is refused by decode', async () => {
    const { decodeWecom } = await import('../../../src/adapters/wecom/decode.js');
    const empty = parseWecomXml(cardSubmitXml('u', { taskId: 't', key: 'c_5ZCm', selectedXml: '<SelectedItems></SelectedItems>' }));
    expect(empty.ok && empty.msg.selectedItems).toBeUndefined();
    expect(empty.ok && decodeWecom(empty.msg)).toMatchObject({ kind: 'click', command: '否' });
    const submit = parseWecomXml(cardSubmitXml('u', { taskId: 't', selectedXml: '<SelectedItems></SelectedItems>' }));
    expect(submit.ok && decodeWecom(submit.msg)).toEqual({ kind: 'ignore', reason: 'bad_card_choices' });
  });
});

/**
 * Issue 13 part 4 on WeCom: template cards cannot take text, so the intake is the guided 反馈
 * with the card's buttons for what can be chosen — the category, 跳过, and 匿名 / 署名 — and the
 * description typed in between. A press on one of the answers the open dialogue offers at its
 * current step is that answer; any other press (an older card, a stale step) is not. The item
 * ends up sealed exactly as a typed anonymous one.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { feedbackItems as items, lastTextTo as last, sentTo, startBot, type RunningBot } from './running-bot.js';

let bot: RunningBot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

const FK1 = 'FK20261124-001';

describe('the guided 反馈 on WeCom cards', () => {
  it('takes the category from the intake card, 跳过 and 匿名 from card buttons and the description typed; sealed', async () => {
    const b = (bot = await startBot({ org: 'form' }));
    await b.settle();
    await b.say('HeJing', '反馈');
    const first = sentTo(b.fake, 'HeJing').at(-1)!;
    expect(first.body.msgtype).toBe('template_card');
    expect(last(b, 'HeJing')).toContain('第 1 步');
    // Step 1 is the intake card (feedback-card.test.ts): only the category chosen here.
    await b.submitCard('HeJing', { selected: [['category', ['complaint']]] });
    expect(last(b, 'HeJing')).toContain('第 2 步');
    // A stale submission — step 1's card again, now that step 2 wants the description — is not an answer.
    await b.submitCard('HeJing', { selected: [['category', ['suggestion']]] });
    expect(last(b, 'HeJing')).toContain('这张反馈卡片已失效');
    await b.say('HeJing', '报销审批太慢,一张单要一个月 wecom-choice');
    expect(last(b, 'HeJing')).toContain('第 3 步');
    await b.click('HeJing', '跳过');
    await b.click('HeJing', '跳过');
    await b.click('HeJing', '跳过');
    expect(last(b, 'HeJing')).toContain('第 6 步');
    await b.click('HeJing', '是');
    expect(last(b, 'HeJing')).toContain(`已匿名登记信息反馈 ${FK1}`);
    const [item] = await items(b);
    expect(item).toMatchObject({ anonymous: true, category: 'complaint', description: '报销审批太慢,一张单要一个月 wecom-choice', dept: 'ZJB' });
    expect(item!.submitter).toBeUndefined();
    // The pressed card shows the choice, never a name; no row about the item names the sender.
    expect(b.fake.updates.map((u) => (u.body['button'] as { replace_name: string }).replace_name)).toEqual(['已选「投诉」', '已选「跳过」', '已选「跳过」', '已选「跳过」', '已选「是」']);
    const rows = b.dump().split('},{');
    const aboutItem = rows.filter((r) => r.includes('wecom-choice') || r.includes(FK1));
    expect(aboutItem.length).toBeGreaterThan(3);
    for (const trace of ['HeJing', '\\"he\\"', '"he"', '何静']) expect(aboutItem.filter((r) => r.includes(trace))).toEqual([]);
  });
});

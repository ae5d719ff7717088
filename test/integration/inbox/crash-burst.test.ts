/**
 * Issue 9 "Done when", the crash test: a child bot process (the real `src/main.ts`, Slack over HTTP
 * and WeCom both configured, SQLite) receives a burst of 2,000 mixed events through the real HTTP
 * endpoints of both platforms — feedback messages, new forms, acknowledgements typed and pressed
 * on notice cards — from 50 people (25 on Slack, 25 on WeCom), and is SIGKILLed five times during
 * the burst and restarted each time. A delivery the bot did not acknowledge (it was killed while
 * answering) is delivered again after the restart, as the platforms do.
 *
 * Every event answered 200 has its effect exactly once: each feedback item registered once, each
 * draft once, each acknowledgement recorded once (one `duty.done` audit row per duty). Every
 * answer reaches Slack exactly once (its outbox key in the message metadata is unique); on WeCom,
 * which has no lookup, answers in flight at a kill may be sent twice — counted, and bounded by
 * what the dispatcher has in flight (8) per kill.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { botFor, type BotUnderTest } from '../../conformance/bot.js';
import type { Delivered, FakePlatform } from '../../conformance/driver.js';
import { slackDriver } from '../../conformance/drivers/slack.js';
import { wecomDriver } from '../../conformance/drivers/wecom.js';
import { waitFor } from '../ops/child-process.js';

const PEOPLE = 50;
const KILLS = 5;
const NOTICES = 10;
const person = (i: number) => `p${String(i).padStart(2, '0')}`;
const onSlack = (i: number) => i <= PEOPLE / 2;

/** The org (boss, hr, two leaders, 50 staff: the first half on Slack, the rest on WeCom) and a fast-delivery policy. */
function deployment(dir: string) {
  const staff = Array.from({ length: PEOPLE }, (_, k) => {
    const id = person(k + 1);
    return `  - { id: ${id}, name: 员工${k + 1}, department: SCB, ${onSlack(k + 1) ? `slack: U0${id.toUpperCase()}` : `wecom: wx_${id}`} }`;
  });
  const org = [
    'company: 压测公司',
    'departments:',
    '  - { code: ZJB, name: 总经办, role: gm_office, leaders: [boss] }',
    '  - { code: RXB, name: 人力行政部, role: hr, parent: ZJB, leaders: [hr] }',
    '  - { code: SCB, name: 生产部, parent: ZJB, leaders: [lead] }',
    '  - { code: JSB, name: 技术部, parent: ZJB, leaders: [tech] }',
    'people:',
    '  - { id: boss, name: 老板, department: ZJB, slack: U0BOSS }',
    '  - { id: hr, name: 人事, department: RXB, slack: U0HR }',
    '  - { id: lead, name: 部长, department: SCB, slack: U0LEAD }',
    '  - { id: tech, name: 技术部长, department: JSB, slack: U0TECH }',
    ...staff,
    'feedback_group: [hr]',
    '',
  ].join('\n');
  const policy = 'working_time: always\ndelivery:\n  limits:\n    slack: { per_conversation: 1000/1s }\n    wecom: { per_conversation: 1000/1s, per_app: 100000/1s }\n  retry: { first: 1s, max: 2s, attempts: 10 }\n';
  writeFileSync(join(dir, 'org.yaml'), org);
  writeFileSync(join(dir, 'policy.yaml'), policy);
  return { orgFile: join(dir, 'org.yaml'), policyFile: join(dir, 'policy.yaml') };
}

type Event = { who: number; kind: 'feedback' | 'form' | 'ack' | 'click'; n: number };

let slack: FakePlatform | undefined;
let wecom: FakePlatform | undefined;
let bot: BotUnderTest | undefined;
afterAll(async () => {
  await bot?.close();
  await slack?.stop();
  await wecom?.stop();
});

describe('a burst of 2,000 events with five SIGKILLs', () => {
  it('has every acknowledged event take effect exactly once, and answers each once (Slack) or within the documented window (WeCom)', async () => {
    slack = await slackDriver('http').start();
    wecom = await wecomDriver().start();
    const s = slack;
    const w = wecom;
    bot = await botFor({ env: { ...s.env, ...w.env }, connected: async () => undefined }, { deployment });
    const b = bot;
    s.target(`http://127.0.0.1:${b.port}`);
    w.target(`http://127.0.0.1:${b.port}`);
    await b.start();
    const fakeOf = (i: number) => (onSlack(i) ? s : w);
    const userOf = (i: number) => (onSlack(i) ? `U0${person(i).toUpperCase()}` : `wx_${person(i)}`);
    const count = async (sql: string) => Number(Object.values((await b.query(sql))[0] ?? {})[0] ?? 0);

    // Before the burst: ten notices from the boss to all fifty, whose cards the clicks will press.
    const mentions = Array.from({ length: PEOPLE }, (_, k) => `@${person(k + 1)}`).join(' ');
    for (let k = 1; k <= NOTICES; k++) expect((await s.sendText('U0BOSS', `通知 ${mentions} 安全检查第${k}次`)).acked).toBe(true);
    const t0 = Date.now();
    const phase = (what: string) => console.info(`crash burst +${((Date.now() - t0) / 1000).toFixed(1)} s: ${what}`);
    const cards = async () => (await count(`SELECT COUNT(*) AS n FROM outbox WHERE key LIKE 'notice:%' AND status = 'sent'`)) === NOTICES * PEOPLE;
    expect(await waitFor(cards, 120_000), b.stderr().slice(-2000)).toBe(true);
    phase('notice cards delivered');

    // The burst: per person 20 feedback messages, 10 new forms, 5 typed and 5 pressed 收到.
    const events: Event[] = [];
    for (let i = 1; i <= PEOPLE; i++) {
      for (let n = 0; n < 20; n++) events.push({ who: i, kind: 'feedback', n });
      for (let n = 0; n < 10; n++) events.push({ who: i, kind: 'form', n });
      for (let n = 1; n <= 5; n++) events.push({ who: i, kind: 'ack', n });
      for (let n = 6; n <= 10; n++) events.push({ who: i, kind: 'click', n });
    }
    // Interleaved (a deterministic shuffle), each person's events still in their own order.
    const queues = Array.from({ length: PEOPLE }, (_, k) => events.filter((e) => e.who === k + 1));
    const order: Event[] = [];
    for (let round = 0; order.length < events.length; round++) for (const q of queues) if (q[round]) order.push(q[round]!);
    expect(order).toHaveLength(2000);

    const deliver = (e: Event): Promise<Delivered> => {
      const f = fakeOf(e.who);
      const u = userOf(e.who);
      if (e.kind === 'feedback') return f.sendText(u, `反馈 建议 crash-${person(e.who)}-${e.n} 请改进`);
      if (e.kind === 'form') return f.sendText(u, `新建联络单 JSB 2026-12-30 要求协助 crash-${person(e.who)}-${e.n}`);
      if (e.kind === 'ack') return f.sendText(u, `收到 TZ${e.n}`);
      return f.click(u, `收到 TZ${e.n}`);
    };
    const failed: Array<{ e: Event; d?: Delivered }> = [];
    let acked = 0;
    const killEvery = Math.floor(order.length / (KILLS + 1));
    for (let start = 0; start < order.length; start += 16) {
      // 16 in flight at a time; a kill falls in the middle of a batch.
      const batch = order.slice(start, start + 16);
      const killNow = Math.floor((start + 16) / killEvery) > Math.floor(start / killEvery) && Math.floor((start + 16) / killEvery) <= KILLS;
      const sending = batch.map(async (e) => {
        const d = await deliver(e).catch(() => undefined);
        if (d?.acked) acked += 1;
        else failed.push({ e, ...(d ? { d } : {}) });
      });
      if (killNow) {
        await new Promise((r) => setTimeout(r, 5));
        await b.kill();
      }
      await Promise.all(sending);
      if (killNow) {
        phase(`killed at ${start + 16} of ${order.length}`);
        await b.start();
        // What the platforms got no 200 for, they deliver again.
        for (const f of failed.splice(0)) {
          const again = f.d ? await fakeOf(f.e.who).redeliver(f.d) : await deliver(f.e);
          if (again.acked) acked += 1;
          else throw new Error(`redelivery not acknowledged: ${JSON.stringify(f.e)}`);
        }
      }
    }
    for (const f of failed.splice(0)) expect((f.d ? await fakeOf(f.e.who).redeliver(f.d) : await deliver(f.e)).acked).toBe(true);

    phase('burst sent');
    // Everything acknowledged takes effect (the inbox is worked through after the last restart).
    const settled = async () =>
      b.staged() === 0 &&
      (await count(`SELECT COUNT(*) AS n FROM inbox WHERE status IN ('pending', 'working')`)) === 0 &&
      (await count(`SELECT COUNT(*) AS n FROM feedback_item WHERE description LIKE 'crash-%'`)) >= 1000;
    const where = async () =>
      `staged ${b.staged()}, inbox ${JSON.stringify(await b.query(`SELECT status, COUNT(*) AS n, MIN(available_at) AS next, MAX(attempts) AS attempts FROM inbox GROUP BY status`))}, ` +
      `feedback ${await count(`SELECT COUNT(*) AS n FROM feedback_item WHERE description LIKE 'crash-%'`)}\n${b.stderr().slice(-3000)}`;
    expect(await waitFor(settled, 180_000), await where()).toBe(true);
    phase('inbox worked through');
    expect(await count(`SELECT COUNT(*) AS n FROM inbox WHERE status = 'parked'`)).toBe(0);

    // Exactly once: every feedback item, every draft, every acknowledgement.
    const items = await b.query<{ description: string }>(`SELECT description FROM feedback_item WHERE description LIKE 'crash-%'`);
    expect(items).toHaveLength(1000);
    expect(new Set(items.map((r) => r.description)).size).toBe(1000);
    const forms = await b.query<{ subject: string }>(`SELECT subject FROM liaison_form WHERE subject LIKE 'crash-%'`);
    expect(forms).toHaveLength(500);
    expect(new Set(forms.map((r) => r.subject)).size).toBe(500);
    expect(await count(`SELECT COUNT(*) AS n FROM duty WHERE rule = 'superior_notice' AND status = 'done'`)).toBe(NOTICES * PEOPLE);
    const doneTwice = await b.query(`SELECT entity_id, COUNT(*) AS n FROM audit_log WHERE action = 'duty.done' GROUP BY entity_id HAVING COUNT(*) > 1`);
    expect(doneTwice).toEqual([]);
    expect(await count(`SELECT COUNT(*) AS n FROM audit_log WHERE action = 'duty.done'`)).toBe(NOTICES * PEOPLE);

    // Answers: all out; Slack's exactly once (by outbox key), WeCom's within the window (counted).
    const allSent = async () => (await count(`SELECT COUNT(*) AS n FROM outbox WHERE key LIKE 'reply:%' AND status <> 'sent'`)) === 0;
    const stuck = async () => JSON.stringify(await b.query(`SELECT status, substr(recipient, 1, 40) AS r, COUNT(*) AS n, MIN(attempts) AS a0, MAX(attempts) AS a1, MAX(last_error) AS err, MIN(next_attempt_at) AS next FROM outbox WHERE key LIKE 'reply:%' GROUP BY status, substr(recipient, 1, 40)`));
    expect(await waitFor(allSent, 120_000), await stuck()).toBe(true);
    phase('answers sent');
    const replyRows = await count(`SELECT COUNT(*) AS n FROM outbox WHERE key LIKE 'reply:%'`);
    expect(replyRows).toBe(2000 + NOTICES);
    const slackKeys = s.received().map((r) => r.key ?? '').filter((k) => k.startsWith('reply:'));
    expect(slackKeys.length).toBe(new Set(slackKeys).size);
    expect(new Set(slackKeys).size).toBe(1000 + NOTICES);
    const wecomReplies = w.received().filter((r) => /已登记信息反馈|已起草|已确认|收到/.test(r.text) && r.to.startsWith('wx_p'));
    const distinct = new Set(wecomReplies.map((r) => `${r.to}\u0001${r.text.replace(/"task_id":"[^"]*"/, '')}`));
    const repeated = wecomReplies.length - distinct.size;
    expect(repeated).toBeLessThanOrEqual(8 * KILLS);
    console.info(`crash burst: ${acked} deliveries acknowledged over ${KILLS} kills; WeCom answers repeated in the crash window: ${repeated}`);
  }, 600_000);
});

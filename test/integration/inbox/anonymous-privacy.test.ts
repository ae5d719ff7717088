/**
 * Issue 9 "Done when", privacy: an anonymous 举报 and the conversation that follows it (the owner
 * asks, the sender answers, the owner resolves, the sender confirms) leave no trace of the sender
 * — their person id, name, platform id, or DM channel — in any table, in the database and WAL
 * bytes, in any log line, in any dead-letter or other notice, or in any stored platform message
 * id. Two runs on each of Slack and WeCom, the real bot in a child process: one where the
 * platform's API fails every send until the rows go dead (their dead letters reaching the
 * admins), and one where every send succeeds. The sender does nothing but the anonymous
 * conversation, so any appearance of theirs in storage or logs is a leak.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { botFor, type BotUnderTest } from '../../conformance/bot.js';
import type { ConformanceDriver, FakePlatform } from '../../conformance/driver.js';
import { slackDriver } from '../../conformance/drivers/slack.js';
import { wecomDriver } from '../../conformance/drivers/wecom.js';
import { waitFor } from '../ops/child-process.js';

/** The sender, chosen so that none of their marks can occur by chance in ciphertext or ids. */
const SENDER = { id: 'anonsender', name: '匿名测试员', slack: 'U0ANONSENDER', wecom: 'wx_anonsender' };
const traces = [SENDER.id, SENDER.name, SENDER.slack, SENDER.wecom, `D${SENDER.slack}`];

function deployment(dir: string) {
  const org = [
    'company: 保密测试公司',
    'departments:',
    '  - { code: ZJB, name: 总经办, role: gm_office, leaders: [boss] }',
    '  - { code: RXB, name: 人力行政部, role: hr, parent: ZJB, leaders: [hrlead] }',
    '  - { code: SCB, name: 生产部, parent: ZJB, leaders: [lead] }',
    'people:',
    '  - { id: boss, name: 老板, department: ZJB, slack: U0BOSS, wecom: wx_boss }',
    '  - { id: hrlead, name: 人事部长, department: RXB, slack: U0HRLEAD, wecom: wx_hrlead }',
    '  - { id: lead, name: 部长, department: SCB, slack: U0LEAD, wecom: wx_lead }',
    `  - { id: ${SENDER.id}, name: ${SENDER.name}, department: SCB, slack: ${SENDER.slack}, wecom: ${SENDER.wecom} }`,
    'feedback_group: [hrlead]',
    '',
  ].join('\n');
  writeFileSync(join(dir, 'org.yaml'), org);
  writeFileSync(join(dir, 'policy.yaml'), 'working_time: always\ndelivery:\n  limits:\n    slack: { per_conversation: 1000/1s }\n    wecom: { per_conversation: 1000/1s }\n  retry: { first: 1s, max: 1s, attempts: 2 }\n');
  return { orgFile: join(dir, 'org.yaml'), policyFile: join(dir, 'policy.yaml') };
}

let fake: FakePlatform | undefined;
let bot: BotUnderTest | undefined;
afterEach(async () => {
  await bot?.close();
  await fake?.stop();
  bot = fake = undefined;
});

/** Every row of every table, as text. */
function tableText(dbFile: string): string {
  const db = new Database(dbFile, { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>;
    return JSON.stringify(tables.map(({ name }) => [name, db.prepare(`SELECT * FROM "${name}"`).all()]));
  } finally {
    db.close();
  }
}

/** The sender's marks found in `text` (none expected). */
const found = (text: string) => traces.filter((t) => text.includes(t));

const drivers: Array<[string, ConformanceDriver, 'slack' | 'wecom']> = [
  ['slack', slackDriver('http'), 'slack'],
  ['wecom', wecomDriver(), 'wecom'],
];

describe.each(drivers)('an anonymous 举报 on %s', (_name, driver, platform) => {
  it.each([['every send fails until the rows go dead', true], ['every send succeeds', false]])('leaves no trace of the sender when %s', async (_case, failing) => {
    fake = await driver.start();
    bot = await botFor(fake, { deployment });
    const b = bot;
    const f = fake;
    f.target(`http://127.0.0.1:${b.port}`);
    await b.start();
    const me = platform === 'slack' ? SENDER.slack : SENDER.wecom;
    const hr = platform === 'slack' ? 'U0HRLEAD' : 'wx_hrlead';
    const count = async (sql: string) => Number(Object.values((await b.query(sql))[0] ?? {})[0] ?? 0);
    const settle = () => waitFor(async () => b.staged() === 0 && (await count(`SELECT COUNT(*) AS n FROM inbox WHERE status IN ('pending', 'working')`)) === 0, 20_000);
    f.failSends(failing);

    expect((await f.sendText(me, '匿名反馈 举报 仓库有人私拿物料,每周三晚上')).acked).toBe(true);
    await settle();
    const [item] = await b.query<{ number: string }>(`SELECT number FROM feedback_item`);
    const fk = item!.number;
    for (const [who, text] of [
      [hr, `受理 ${fk} @hrlead`],
      [hr, `提问 ${fk} 请问大约几点?`],
      [me, `回复 ${fk} 晚上九点以后`],
      [hr, `解决 ${fk} 已调监控并约谈,问题已处理`],
      [me, `确认 ${fk} 5`],
    ] as const) {
      expect((await f.sendText(who, text)).acked).toBe(true);
      await settle();
    }
    expect(await count(`SELECT COUNT(*) AS n FROM feedback_item WHERE state = 'closed'`)).toBe(1);
    // Let the outbox finish: every row sent, or dead (with its dead letters) when sends fail.
    expect(await waitFor(async () => (await count(`SELECT COUNT(*) AS n FROM outbox WHERE status IN ('pending', 'sending')`)) === 0, 60_000)).toBe(true);
    if (failing) {
      expect(await count(`SELECT COUNT(*) AS n FROM outbox WHERE status = 'dead' AND recipient LIKE '%sealed%'`)).toBeGreaterThan(0);
      expect(await count(`SELECT COUNT(*) AS n FROM outbox WHERE key LIKE 'outbox-dead:%'`)).toBeGreaterThan(0);
      f.failSends(false);
    } else {
      // The sender did get the conversation: the confirmation, the question, the resolution.
      const mine = f.received().filter((r) => r.to === me).map((r) => r.text);
      expect(mine.join('\n')).toContain('请问大约几点');
      expect(mine.join('\n')).toContain('已调监控并约谈');
    }
    await b.stop();

    // Tables, the database file and its WAL, and the logs: no mark of the sender anywhere.
    const dbFile = join(b.dir, 'shoudao.db');
    expect(found(tableText(dbFile))).toEqual([]);
    for (const file of readdirSync(b.dir).filter((n) => n.startsWith('shoudao.db'))) {
      const bytes = readFileSync(join(b.dir, file));
      expect(found(bytes.toString('latin1')).concat(found(bytes.toString('utf8'))), file).toEqual([]);
    }
    expect(found(b.stderr())).toEqual([]);
    // Notices to others (dead letters to the admins, the owner's messages): nothing of the sender.
    const toOthers = f.received().filter((r) => r.to !== me).map((r) => r.text).join('\n');
    expect(found(toOthers)).toEqual([]);
  }, 180_000);
});

/**
 * Issue 4 "Done when": an anonymous 举报 — the owner asks, the sender answers — and the sender's
 * id and name appear nowhere but in the replies to the sender themself: not in what anybody else
 * receives, not in the database file (searched as bytes, WAL included), not in the logs (the
 * app's structured log and every SQL statement with its parameters), not in the monthly export.
 * Without SHOUDAO_SECRET anonymous intake refuses and stores nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConsoleSession } from '../../src/adapters/console/console-session.js';
import { buildDeps } from '../../src/app/build-deps.js';
import { exportFeedback } from '../../src/app/feedback/feedback-reports.js';
import { buildMonthlyAssessment } from '../../src/app/reports/build-monthly-assessment.js';
import { localInstant } from '../../src/domain/local-time.js';
import { VirtualClock } from '../../src/infra/clock.js';
import { createAesSealer } from '../../src/infra/crypto/aes-sealer.js';
import { openTypeormStore } from '../../src/infra/db/create-store.js';
import { createLogger } from '../../src/infra/log.js';
import { assessmentCsv } from '../../src/infra/report/assessment-csv.js';
import { conversation, createTestApp, demoOrg, policyWith, TZ, type TestApp } from '../helpers/app.js';
import { createSqliteFile } from '../helpers/databases.js';
import { dumpDatabase } from '../refusals/harness.js';
import { handleInbound } from '../../src/chat/router.js';
import { blocks, feedbackApp, fk, SECRET } from './helpers.js';

const SENDER = 'jiang';
const NAME = '蒋琳';

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
  vi.restoreAllMocks();
});

/** Every byte of the SQLite database: the file and its WAL and shared-memory files. */
function databaseBytes(path: string): Buffer {
  const dir = dirname(path);
  return Buffer.concat(readdirSync(dir).filter((f) => f.startsWith('shoudao.db')).map((f) => readFileSync(join(dir, f))));
}

describe('anonymous, two-way feedback', () => {
  it('relays a question and its answer without the sender appearing anywhere', async () => {
    const db = await createSqliteFile();
    const sql: string[] = [];
    // TypeORM's logger prints every statement and its parameters through console.log.
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void sql.push(args.map(String).join(' ')));
    const store = await openTypeormStore(db.url, { logging: true });
    cleanup.push(() => db.drop(), () => store.close());
    const clock = new VirtualClock(localInstant('2026-11-24 09:00', TZ));
    const sealer = createAesSealer(SECRET);
    const deps = { ...buildDeps(store, clock, demoOrg(), policyWith(), sealer), clock };
    const logLines: string[] = [];
    const log = createLogger({ level: 'trace', destination: new Writable({ write: (c: Buffer, _e, done) => (logLines.push(c.toString('utf8')), done()) }) });
    const out: string[] = [];
    const session = new ConsoleSession(deps, (l) => out.push(l), { error: (o, m) => log.error(o, m) });
    const say = async (...lines: string[]) => {
      for (const l of lines) await session.line(l);
    };
    const n = fk(1);

    await say(':as jiang', '匿名反馈 举报 财务部有人虚报差旅费,涉及多张发票\n部门: CWB');
    await say(':as liu', `受理 ${n}`, `提问 ${n} 请提供大致时间和金额`);
    await say(':as jiang', `回复 ${n} 十月份,约两万元`);
    await say(':as liu', `进展 ${n} 已调取十月报销单据核查`, `解决 ${n} 已核实并追回款项 改进: 差旅报销增加二级审核`);
    await say(':as jiang', `确认 ${n} 5 谢谢`, '我的反馈');
    await say(':as wang', `查看 ${n}`);
    await say(':advance 1d');

    const all = blocks(out.join('\n'));
    const toSender = all.filter((b) => b.startsWith(`>> to ${SENDER}\n`));
    const toOthers = all.filter((b) => !b.startsWith(`>> to ${SENDER}\n`));
    // The conversation happened: the question reached the sender, the answer the owner.
    expect(toSender[0]).toContain(`已匿名登记信息反馈 ${n}`);
    expect(all.find((b) => b.startsWith('>> to 匿名反馈人') && b.includes('刘敏 提问:请提供大致时间和金额'))).toBeDefined();
    expect(all.find((b) => b.startsWith('>> to liu') && b.includes('匿名反馈人 回复:十月份,约两万元'))).toBeDefined();
    expect(all.filter((b) => b.startsWith('>> to 匿名反馈人')).length).toBeGreaterThanOrEqual(4);
    expect(toSender.find((b) => b.includes('我的反馈'))).toContain(n);
    expect(toOthers.find((b) => b.startsWith('>> to wang'))).toContain('反馈人:匿名');
    for (const b of toOthers) {
      expect(b).not.toContain(SENDER);
      expect(b).not.toContain(NAME);
    }

    // Outbox rows to the sender are sealed; only the key opens them, to the console address.
    const rows = await store.transaction((tx) => tx.outbox.due(Number.MAX_SAFE_INTEGER, 1000));
    const sent = await store.dataSource.query<Array<{ recipient: string }>>("SELECT recipient FROM outbox WHERE recipient LIKE '%sealed%'");
    expect(sent.length).toBeGreaterThanOrEqual(4);
    for (const r of sent) {
      const to = JSON.parse(r.recipient) as { kind: string; sealed: string };
      expect(sealer.unseal(to.sealed)).toEqual({ platform: 'console', address: SENDER });
      expect(createAesSealer('another-secret-of-16+chars').unseal(to.sealed)).toBeUndefined();
    }
    expect(rows).toEqual([]);

    // The monthly exports: the feedback export and the monthly assessment's CSV.
    const exports = [
      (await exportFeedback(deps, { person: 'wang', platform: 'console' }, '2026-11')).csv,
      (await exportFeedback(deps, { person: 'liu', platform: 'console' }, '2026-11')).csv,
      assessmentCsv(await buildMonthlyAssessment(deps, '2026-11', clock.now()), deps.org, TZ),
    ];
    expect(exports[0]).toContain(`${n},举报,已关闭`);
    expect(exports[0]).toContain(',匿名,');

    // The database, as bytes (the text itself is there: the search sees the data).
    const bytes = databaseBytes(db.url.replace(/^sqlite:/, ''));
    expect(bytes.indexOf(Buffer.from('财务部有人虚报差旅费'))).toBeGreaterThanOrEqual(0);
    for (const needle of [SENDER, NAME]) {
      expect(bytes.indexOf(Buffer.from(needle, 'utf8')), `database contains ${needle}`).toBe(-1);
      for (const e of exports) expect(e).not.toContain(needle);
      expect(logLines.join('\n')).not.toContain(needle);
      expect(sql.join('\n')).not.toContain(needle);
    }
    expect(sql.length).toBeGreaterThan(50);
  });

  it('refuses anonymous intake without SHOUDAO_SECRET, storing nothing', async () => {
    const app: TestApp = await createTestApp('2026-11-24 09:00');
    cleanup.push(() => app.close());
    const c = conversation(app);
    await c.say(':as jiang');
    const before = dumpDatabase(app);
    for (const line of ['匿名反馈 举报 财务部有人虚报差旅费', '匿名反馈', '反馈 举报 财务部有人虚报差旅费\n匿名: 是']) {
      const reply = await c.say(line);
      expect(reply).toContain('匿名反馈暂不可用');
      expect(reply.match(/^>> /gm)).toHaveLength(1);
    }
    // The guided 反馈 does not even offer anonymity.
    const guided = await c.say('反馈');
    expect(guided).toContain('暂不能匿名反馈');
    await c.say('取消');
    expect(dumpDatabase(app)).toBe(before);
  });

  it('refuses anonymous intake outside a direct message', async () => {
    const app = await createTestApp('2026-11-24 09:00');
    app.sealer = createAesSealer(SECRET);
    cleanup.push(() => app.close());
    const c = conversation(app);
    await c.say(':as jiang', ':in CWB');
    const before = dumpDatabase(app);
    expect(await c.say('匿名反馈 投诉 食堂太挤')).toContain('请在与机器人的私聊中发送匿名反馈');
    expect(dumpDatabase(app)).toBe(before);
  });

  it('marks the replies to the anonymous sender confidential, so no adapter stores them by person', async () => {
    const app = await feedbackApp('2026-11-24 09:00');
    cleanup.push(() => app.close());
    const say = (sender: string, text: string) => handleInbound(app, { platform: 'console', sender, where: { kind: 'dm' }, text });
    expect((await say(SENDER, '匿名反馈 投诉 食堂太挤'))?.confidential).toBe(true);
    expect((await say('zheng', '反馈 投诉 食堂太挤,排队太久'))?.confidential).toBeUndefined();
    await say('yang', `受理 ${fk(1)} @huang`);
    expect((await say(SENDER, `回复 ${fk(1)} 午饭时间`))?.confidential).toBe(true);
    expect((await say(SENDER, '我的反馈'))?.confidential).toBe(true);
    expect((await say(SENDER, `查看 ${fk(1)}`))?.confidential).toBe(true);
    expect((await say('huang', `查看 ${fk(1)}`))?.confidential).toBeUndefined();
  });
});

/**
 * Issue 9 "Done when", replicas: two OS processes (the real `src/main.ts`, each a child process
 * with its own port, pool, inbox worker and dispatcher) share one PostgreSQL database and receive
 * the same WeCom callbacks — every delivery is retried to the OTHER replica, half of them at the
 * same moment as the first delivery (a race), half after it was answered.
 *
 * 1. Each event is processed once: 120 feedback messages from ten people give 120 feedback items
 *    and 120 inbox rows, and each sender gets one answer per message.
 * 2. 600 messages to one WeCom member, queued from both replicas (the member sends 600 lines,
 *    alternately to either replica; each answer is queued by whichever replica processed it),
 *    arrive at the fake in order and never faster than the member's limit, measured at the fake.
 *    The limit is the shared per-conversation bucket (rate_bucket table). WeCom's real limit is
 *    30 per minute; so that the test takes 20 s and not 20 min, this deployment sets it to 30 per
 *    second (`delivery.limits.wecom.per_conversation: 30/1s`) — the same bucket code with a shorter
 *    period. "Never faster" is checked as: no 31 answers within any 1,000 ms at the fake.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import { ENV, signedPost, textXml, wecomEnvVars } from '../../adapters/wecom/wecom-fixtures.js';
import { botFor, type BotUnderTest } from '../../conformance/bot.js';
import { writeConformanceDeployment } from '../../conformance/deployment.js';
import { startFakeWecom, type FakeWecom } from '../../fakes/fake-wecom.js';
import { createPgDatabase, describeIfPg, type TestDatabase } from '../../helpers/databases.js';
import { waitFor } from '../ops/child-process.js';

const LIMIT = 30;
const MEMBER = 'wx_qian';
const SENDERS = ['wx_zhao', 'wx_zhou', 'wx_wu', 'wx_qian', 'wx_liu', 'wx_yang', 'wx_huang', 'wx_zheng', 'wx_shi', 'wx_lin'];

function deployment(dir: string) {
  const files = writeConformanceDeployment(dir);
  writeFileSync(files.policyFile, `delivery:\n  limits:\n    wecom: { per_conversation: ${LIMIT}/1s, per_app: 100000/1s }\n  retry: { first: 1s, max: 2s, attempts: 8 }\n`);
  return files;
}

let nonce = 0;
/** One signed, encrypted callback to a replica, as WeCom posts it; true when answered 200. */
async function post(base: string, xml: string): Promise<boolean> {
  const { query, body } = signedPost(xml, { ts: String(Math.floor(Date.now() / 1000)), nonce: `r${++nonce}` });
  const res = await fetch(`${base}/wecom/callback?${query}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body });
  await res.text();
  return res.status === 200;
}

describeIfPg('two replicas (OS processes) on one PostgreSQL database', () => {
  let db: TestDatabase | undefined;
  let fake: FakeWecom | undefined;
  const bots: BotUnderTest[] = [];
  afterAll(async () => {
    for (const b of bots) await b.close();
    await fake?.close();
    await db?.drop();
  });

  it('processes each event once and keeps one member’s 600 answers in order and within the shared limit', async () => {
    db = await createPgDatabase();
    fake = await startFakeWecom({ corpId: ENV.corpId, secret: ENV.secret });
    const env = { ...wecomEnvVars(fake.url), DATABASE_URL: db.url };
    for (let i = 0; i < 2; i++) bots.push(await botFor({ env, connected: async () => undefined }, { deployment, env }));
    const [a, b] = bots as [BotUnderTest, BotUnderTest];
    await a.start(); // the first runs the migrations; the second finds them done
    await b.start();
    const bases = [`http://127.0.0.1:${a.port}`, `http://127.0.0.1:${b.port}`] as const;
    const count = async (sql: string) => Number(Object.values((await a.query(sql))[0] ?? {})[0] ?? 0);
    let msgId = 9_100_000;

    // 1. 120 feedback messages; each retried to the other replica, half of them racing the first delivery.
    for (let n = 0; n < 120; n++) {
      const xml = textXml(SENDERS[n % SENDERS.length]!, `反馈 建议 replica-${n} 食堂第${n}号窗口`, String(++msgId), { ts: String(Math.floor(Date.now() / 1000)) });
      const [first, other] = n % 2 ? [bases[0], bases[1]] : [bases[1], bases[0]];
      const answers = n % 4 < 2 ? await Promise.all([post(first, xml), post(other, xml)]) : [await post(first, xml), await post(other, xml)];
      expect(answers).toEqual([true, true]);
    }
    const settled = async () => (await count(`SELECT COUNT(*) FROM inbox WHERE status IN ('pending', 'working')`)) === 0;
    expect(await waitFor(settled, 60_000), a.stderr().slice(-2000) + b.stderr().slice(-2000)).toBe(true);
    const items = await a.query<{ description: string }>(`SELECT description FROM feedback_item WHERE description LIKE 'replica-%'`);
    expect(items).toHaveLength(120);
    expect(new Set(items.map((r) => r.description)).size).toBe(120);
    expect(await count(`SELECT COUNT(*) FROM inbox WHERE platform = 'wecom'`)).toBe(120);
    const answered = async () => fake!.sent.filter((s) => SENDERS.includes(String(s.body.touser)) && /已登记信息反馈/.test(JSON.stringify(s.body))).length >= 120;
    expect(await waitFor(answered, 60_000)).toBe(true);

    // 2. 600 lines from one member, alternately to either replica, each retried to the other.
    const before = fake.sent.length;
    const line = (k: number) => `序${String(k).padStart(4, '0')}`;
    for (let k = 1; k <= 600; k++) {
      const xml = textXml(MEMBER, line(k), String(++msgId), { ts: String(Math.floor(Date.now() / 1000)) });
      const [first, other] = k % 2 ? [bases[0], bases[1]] : [bases[1], bases[0]];
      expect(await post(first, xml)).toBe(true);
      expect(await post(other, xml)).toBe(true);
    }
    const mine = () => fake!.sent.slice(before).filter((s) => s.body.touser === MEMBER && /序\d{4}/.test(JSON.stringify(s.body)));
    // While they go out, note which instance holds the row in flight.
    const seen = new Set<string>();
    const sampled = async () => {
      for (const r of await a.query<{ owner: string }>(`SELECT owner FROM outbox WHERE status = 'sending' AND owner IS NOT NULL`)) seen.add(r.owner);
      return mine().length >= 600;
    };
    expect(await waitFor(sampled, 120_000), `${mine().length} of 600 arrived`).toBe(true);
    const got = mine();
    expect(got).toHaveLength(600);
    const order = got.map((s) => Number(/序(\d{4})/.exec(JSON.stringify(s.body))![1]));
    expect(order).toEqual(Array.from({ length: 600 }, (_, i) => i + 1));
    // Never faster than 30 per second at the fake: any 31 consecutive arrivals span at least 1 s.
    const at = got.map((s) => s.at);
    const tightest = Math.min(...at.slice(LIMIT).map((t, i) => t - at[i]!));
    expect(tightest).toBeGreaterThanOrEqual(1000);
    const seconds = (at[at.length - 1]! - at[0]!) / 1000;
    console.info(`replicas: 600 answers to one member over ${seconds.toFixed(1)} s (limit ${LIMIT}/s), tightest 31-window ${tightest} ms, in order`);
    // Which replica's dispatcher sends is not deterministic (usually both are seen; the sampling can
    // miss one), so it is reported, not asserted: the limit above holds whichever of them sent.
    console.info(`replicas: instances seen sending: ${seen.size}`);
    expect(seen.size).toBeGreaterThanOrEqual(1);
  }, 300_000);
});


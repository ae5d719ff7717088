/**
 * Inbound processing benchmark (issue 9), part of `npm run bench` (`BENCH_ONLY=processing` runs only
 * this). Two figures, on a SQLite file, through the real server mode (`serve()` with WeCom
 * configured against the fake qyapi in a worker thread), for the 200-person bench company
 * (bench-org.ts):
 *
 * 1. **Sustained processing.** `BENCH_PROC_N` (5,000) WeCom messages are committed to the inbox
 *    first — with the writer the receiver uses, so each row is sealed exactly as in production —
 *    then the bot is started on that database and works them off: decode, directory, router, the
 *    use case's state, duties, audit and outbox rows, the reply, all in the transaction that marks
 *    the row processed. The mix is a quarter feedback (`反馈 建议 <place><issue> <wish>`, a write
 *    with the similarity search over open items; repeats get linked as in real use), a quarter new forms (`新建联络单 …`, a draft), a quarter `我的待办` and a quarter
 *    `帮助`. Reported: events/s until the inbox is empty (goal ≥ 1,000/s), and until the last reply
 *    reached the fake (the dispatcher runs alongside, as in production).
 * 2. **Arrival-to-reply at a steady 100 events/s.** Then, for `BENCH_PROC_SECONDS` (20) s,
 *    callbacks are posted to `/wecom/callback` at 100 per second from the 200 people (each text an
 *    unknown command `序N`, which the bot answers by quoting it), and each reply's arrival at the
 *    fake is matched to its callback: p50, p99 and max of arrival − send.
 *
 * `BENCH_PROC_KIND=feedback|form|todo|help` fills the inbox with one kind only. Measured this way
 * (eleventh session, thread mode): feedback ~410 events/s, new forms ~1,860, 我的待办 ~2,100 (with
 * no forms to list), 帮助 ~4,800: the feedback intake — the similar-item search and the links of
 * its repeats — is most of the mix's cost.
 *
 * Not a test: it prints figures and exits non-zero only when something did not happen (an event
 * not processed, a reply missing), not when a goal is missed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { encrypt, getSignature } from '@wecom/crypto';
import { parseWecomXml } from '../../src/adapters/wecom/wire/xml.js';
import { loadConfig } from '../../src/config/load-config.js';
import { createInboxCrypto } from '../../src/infra/crypto/inbox-crypto.js';
import { openTypeormStore } from '../../src/infra/db/create-store.js';
import { SystemClock } from '../../src/infra/clock.js';
import { createInboxWriter } from '../../src/infra/inbox/inbox-writer.js';
import { createLogger } from '../../src/infra/log.js';
import { serve, type Served } from '../../src/server/serve.js';
import { benchWecomUser, writeBenchDeployment } from './bench-org.js';
import { startWorker } from './wecom-worker.js';

const int = (name: string, fallback: number) => Math.max(1, Math.floor(Number(process.env[name] ?? fallback)) || fallback);
const N = int('BENCH_PROC_N', 5000);
const SECONDS = int('BENCH_PROC_SECONDS', 20);
const RATE = 100;
const PEOPLE = 200;
const GOAL = 1000;
const SECRET = 'bench-secret-bench-secret-bench-secret';
const APP = { corpId: 'wx5823bf96d3bd56c7', agentId: 1000002, secret: 'bench-secret', token: 'QDG6eK', encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C' };
const cdata = (v: string) => `<![CDATA[${v}]]>`;
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;

function textXml(user: string, text: string, msgId: number): string {
  const ts = String(Math.floor(Date.now() / 1000));
  return `<xml><ToUserName>${cdata(APP.corpId)}</ToUserName><FromUserName>${cdata(user)}</FromUserName><CreateTime>${ts}</CreateTime><MsgType>${cdata('text')}</MsgType><Content>${cdata(text)}</Content><MsgId>${msgId}</MsgId><AgentID>${APP.agentId}</AgentID></xml>`;
}

// Feedback texts vary as real ones do (a company's items are mostly unrelated): place × issue × wish.
const PLACES = ['食堂', '一号车间', '二号车间', '仓库', '宿舍楼', '停车场', '办公楼三层', '焊接班组', '质检室', '门卫室', '浴室', '配电房', '喷涂线', '装配线', '会议室'];
const ISSUES = ['照明不足', '地面湿滑', '排班不合理', '设备异响', '通风太差', '饭菜偏咸', '网络经常断开', '标识不清', '噪音太大', '安全帽不够', '热水不稳定', '消防通道堵塞', '工具损坏', '打卡机故障'];
const WISHES = ['希望尽快处理', '建议增加巡检', '请安排维修', '希望调整时间', '建议更换供应商', '请领导关注'];

/** `BENCH_PROC_KIND=feedback|form|todo|help`: every event of that one kind instead of the mix (to see what each costs). */
const KINDS = ['feedback', 'form', 'todo', 'help'];
const ONLY_KIND = KINDS.indexOf(process.env['BENCH_PROC_KIND'] ?? '');

function mixText(i: number): string {
  switch (ONLY_KIND >= 0 ? ONLY_KIND : i % 4) {
    case 0: return `反馈 建议 ${PLACES[i % PLACES.length]}${ISSUES[Math.floor(i / 4) % ISSUES.length]} ${WISHES[Math.floor(i / 7) % WISHES.length]}`;
    case 1: return `新建联络单 RXB 2026-12-30 要求协助 压测联络单${i}`;
    case 2: return '我的待办';
    default: return '帮助';
  }
}

async function main(): Promise<void> {
  const only = process.env['BENCH_ONLY'];
  if (only && only !== 'processing') return;
  console.log('');
  console.log(`Inbound processing benchmark: ${fmt(N)} events prefilled, then ${SECONDS} s at ${RATE}/s; SQLite, ${PEOPLE} people; node ${process.version}, ${availableParallelism()} cores`);
  const tmp = await mkdtemp(join(tmpdir(), 'shoudao-bench-proc-'));
  const cwd = process.cwd();
  const fake = startWorker('fake', { corpId: APP.corpId, secret: APP.secret });
  let served: Served | undefined;
  const problems: string[] = [];
  try {
    const fakeUrl = (await fake.ready) as string;
    const files = writeBenchDeployment(tmp, PEOPLE);
    const url = `sqlite:${join(tmp, 'bench.db')}`;
    const config = loadConfig({
      cwd,
      env: {
        DATABASE_URL: url, ORG_FILE: files.orgFile, POLICY_FILE: files.policyFile, SHOUDAO_SECRET: SECRET,
        WECOM_CORP_ID: APP.corpId, WECOM_AGENT_ID: String(APP.agentId), WECOM_SECRET: APP.secret, WECOM_TOKEN: APP.token,
        WECOM_ENCODING_AES_KEY: APP.encodingAesKey, WECOM_API_BASE: fakeUrl,
      },
    });
    process.chdir(tmp); // the start-up tick's report files go to <tmp>/data/reports

    // A first start creates the schema and sends the start-up tick's reports; then it is stopped.
    served = await serve(config, { log: createLogger({ level: 'silent' }), port: 0 });
    const first = served;
    const outboxLeft = () => first.deps.store.transaction(async (tx) => (await tx.outbox.count('pending')) + (await tx.outbox.count('sending')));
    while ((await outboxLeft()) > 0) await sleep(50);
    await served.stop();
    served = undefined;

    // 1. Prefill: N messages committed to the inbox exactly as the WeCom receiver commits them.
    const store = await openTypeormStore(url);
    const writer = createInboxWriter({ store, crypto: createInboxCrypto(SECRET), clock: new SystemClock() });
    await Promise.all(Array.from({ length: N }, (_, i) => {
      const parsed = parseWecomXml(textXml(benchWecomUser((i % PEOPLE) + 1), mixText(i), 8_000_000 + i));
      if (!parsed.ok) throw new Error(`bench XML did not parse: ${parsed.reason}`);
      return writer.accept({ platform: 'wecom', dedupeKey: `msg:${8_000_000 + i}`, orderKey: parsed.msg.fromUserName.toLowerCase(), payload: parsed.msg });
    }));
    await writer.flushed();
    await store.close();
    const sentBefore = await fake.call<number>('count');

    const t0 = performance.now();
    served = await serve(config, { log: createLogger({ level: 'silent' }), port: 0 });
    const bot = served;
    await bot.idle();
    const drainedMs = performance.now() - t0;
    const left = () => bot.deps.store.transaction(async (tx) => (await tx.outbox.count('pending')) + (await tx.outbox.count('sending')));
    while ((await left()) > 0 && performance.now() - t0 < 300_000) await sleep(20);
    let replies = 0;
    for (let i = 0; i < 100 && (replies = (await fake.call<number>('count')) - sentBefore) < N; i++) await sleep(20);
    replies = (await fake.call<number>('count')) - sentBefore;
    const repliedMs = performance.now() - t0;
    if (replies < N) problems.push(`${replies} of ${N} replies reached the fake`);
    // The worker's own rate: from its first commit to its last (the start-up is not counted).
    const reader = await openTypeormStore(url);
    const [span] = await reader.dataSource.query<Array<{ first: number; last: number }>>('SELECT MIN(done_at) AS first, MAX(done_at) AS last FROM inbox');
    await reader.close();
    const workMs = Math.max(1, Number(span?.last) - Number(span?.first));
    const rate = ((N - 1) / workMs) * 1000;
    console.log(`| phase | events | time | events/s |`);
    console.log(`|---|---:|---:|---:|`);
    console.log(`| inbox worked off, first to last commit (state, duties, audit, outbox rows) | ${fmt(N)} | ${fmt(workMs)} ms | ${fmt(rate)} |`);
    console.log(`| … from the bot's start until the inbox was empty | ${fmt(N)} | ${fmt(drainedMs)} ms | ${fmt((N / drainedMs) * 1000)} |`);
    console.log(`| … until every message (replies, notices to HR) reached the fake qyapi | ${fmt(replies)} | ${fmt(repliedMs)} ms | ${fmt((replies / repliedMs) * 1000)} |`);
    console.log(`processing: ${fmt(rate)} events/s — ${rate >= GOAL ? 'meets' : 'MISSES'} the goal (≥ ${fmt(GOAL)}/s)`);

    // 2. Steady 100 events/s over HTTP; each reply matched to its callback.
    const base = `http://127.0.0.1:${bot.port}/wecom/callback`;
    const total = RATE * SECONDS;
    const sentAt = new Map<string, number>();
    const posts: Promise<void>[] = [];
    const start = performance.now();
    for (let k = 0; k < total; k++) {
      const due = start + (k * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      const tag = `序${k}`;
      const enc = encrypt(APP.encodingAesKey, textXml(benchWecomUser((k % PEOPLE) + 1), tag, 9_000_000 + k), APP.corpId);
      const ts = String(Math.floor(Date.now() / 1000));
      const nonce = randomBytes(5).toString('hex');
      const q = new URLSearchParams({ msg_signature: getSignature(APP.token, ts, nonce, enc), timestamp: ts, nonce });
      sentAt.set(tag, Date.now());
      posts.push(
        fetch(`${base}?${q.toString()}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: `<xml><ToUserName>${cdata(APP.corpId)}</ToUserName><Encrypt>${cdata(enc)}</Encrypt><AgentID>${cdata(String(APP.agentId))}</AgentID></xml>` })
          .then(async (r) => {
            await r.text();
            if (r.status !== 200) problems.push(`callback ${k} answered ${r.status}`);
          }),
      );
    }
    await Promise.all(posts);
    const sendSeconds = (performance.now() - start) / 1000;
    type Arrival = { at: number; to: string; text: string };
    let matched: number[] = [];
    for (let i = 0; i < 600; i++) {
      const arrivals = await fake.call<Arrival[]>('sent');
      matched = [];
      for (const a of arrivals) {
        const m = /看不懂「(序\d+)」/.exec(a.text);
        const t = m ? sentAt.get(m[1]!) : undefined;
        if (t !== undefined) matched.push(a.at - t);
      }
      if (matched.length >= total) break;
      await sleep(100);
    }
    if (matched.length < total) problems.push(`${matched.length} of ${total} steady-rate replies arrived`);
    matched.sort((a, b) => a - b);
    console.log('');
    console.log(`| steady load | sent | achieved rate | replies | p50 | p99 | max |`);
    console.log(`|---|---:|---:|---:|---:|---:|---:|`);
    console.log(`| ${RATE}/s for ${SECONDS} s to /wecom/callback | ${fmt(total)} | ${fmt(total / sendSeconds, 1)}/s | ${fmt(matched.length)} | ${fmt(pct(matched, 50))} ms | ${fmt(pct(matched, 99))} ms | ${fmt(matched.at(-1) ?? 0)} ms |`);
    console.log(`arrival-to-reply at ${RATE}/s: p50 ${fmt(pct(matched, 50))} ms, p99 ${fmt(pct(matched, 99))} ms (callback sent → reply accepted by the fake qyapi)`);
    if (problems.length) throw new Error(`the bench did not run as it should:\n  ${problems.slice(0, 10).join('\n  ')}`);
  } finally {
    await served?.stop().catch((err: unknown) => console.error(`stopping the bot: ${String(err)}`));
    await fake.stop();
    process.chdir(cwd);
    await rm(tmp, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack ?? err.message : err);
  process.exit(1);
});

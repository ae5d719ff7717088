/**
 * `npm run bench` (issue 14): a company-wide notice. The general manager sends 【通知】 to a whole
 * department tree of 2,000 people (ten departments of 200 under 总经办; half of them on Slack,
 * half on WeCom), through the real `sendNotice` use case on SQLite and PostgreSQL:
 *
 * 1. from the command to the committed transaction (2,000 duties, 2,000 messages, their audit
 *    rows) — median of 5 notices; the goal is under 1 s on SQLite;
 * 2. the real dispatcher (`runLoop`, real buckets with the platforms' limits) drains the last
 *    notice's 2,000 messages to in-process fake platforms — one message per conversation, so no
 *    conversation limit binds and the time is the dispatcher's own; figure: messages a second;
 * 3. meanwhile the 2,000 recipients acknowledge (收到 TZn, the real `acknowledge` use case),
 *    arriving at random over `BENCH_ACK_SECONDS` (default 20: three times the rate of "2,000 in
 *    a minute"), each fired when it arrives whatever the others are doing; figure: every one
 *    recorded (the duties are done), and the p50 / p99 of their latencies; the goal is p99 < 200 ms;
 * 4. the RSS of this process at the burst's peak (sampled every 20 ms).
 *
 * Environment: BENCH_DIALECTS=sqlite,postgres  BENCH_NOTICE_PEOPLE=2000  BENCH_ACK_SECONDS=20
 * BENCH_DEBUG=1 (one stderr line per dispatcher pass)
 */
import { performance } from 'node:perf_hooks';
import { acknowledge } from '../../src/app/acknowledge.js';
import { buildDeps } from '../../src/app/build-deps.js';
import { sendNotice } from '../../src/app/send-notice.js';
import { parseOrgYaml } from '../../src/config/org-file.js';
import { DEFAULT_POLICY } from '../../src/config/policy-file.js';
import type { Policy } from '../../src/domain/policy.js';
import type { Platform } from '../../src/domain/org.js';
import { openTypeormStore } from '../../src/infra/db/create-store.js';
import { createAddressResolver } from '../../src/infra/outbox/address-resolver.js';
import { createDispatcher, LOOK_AHEAD_MS } from '../../src/infra/outbox/dispatcher.js';
import { runLoop } from '../../src/infra/outbox/run-loop.js';
import { FakePlatform, LIMITS, PLATFORMS } from './fake-platforms.js';
import { median } from './measure.js';
import { forEachDialect } from './postgres-server.js';

type Dialect = 'sqlite' | 'postgres';
const list = (name: string, fallback: string) => (process.env[name] ?? fallback).split(',').map((s) => s.trim()).filter(Boolean);
const DIALECTS = list('BENCH_DIALECTS', 'sqlite,postgres') as Dialect[];
const PEOPLE = Number(process.env['BENCH_NOTICE_PEOPLE'] ?? 2000);
const ACK_SECONDS = Number(process.env['BENCH_ACK_SECONDS'] ?? 20);
const NOTICES = 5;
const DEPTS = 10;
const log = (line: string) => console.log(line);
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

/** 总经办 (the sender), and `DEPTS` departments under it sharing `PEOPLE` staff, each on one platform. */
function org() {
  const per = Math.ceil(PEOPLE / DEPTS);
  const depts = Array.from({ length: DEPTS }, (_, d) => `  - { code: D${String.fromCharCode(65 + d)}, name: 部门${d + 1}, parent: ZJB, leaders: [lead${d}] }`);
  const people = Array.from({ length: PEOPLE }, (_, i) => {
    const p = PLATFORMS[i % PLATFORMS.length]!;
    return `  - { id: s${i}, name: 员工${i}, department: D${String.fromCharCode(65 + Math.floor(i / per))}, ${p}: ${p === 'slack' ? 'U' : 'w'}S${i} }`;
  });
  const leads = Array.from({ length: DEPTS }, (_, d) => `  - { id: lead${d}, name: 部长${d}, department: D${String.fromCharCode(65 + d)}, slack: U0LEAD${d} }`);
  return parseOrgYaml(
    ['company: 压测公司', 'departments:', '  - { code: ZJB, name: 总经办, role: gm_office, leaders: [boss] }', '  - { code: RXB, name: 人力行政部, role: hr, parent: ZJB, leaders: [boss] }', ...depts,
      'people:', '  - { id: boss, name: 老板, department: ZJB, slack: U0BOSS }', ...leads, ...people, ''].join('\n'),
    'bench-notice-org.yaml',
  );
}

interface Figures { dialect: Dialect; commitMs: number[]; drainMs: number; perSecond: number; acked: number; done: number; p50: number; p99: number; rssPeak: number }

async function benchDialect(dialect: Dialect, url: string): Promise<Figures> {
  const store = await openTypeormStore(url);
  try {
    const o = org();
    const policy = structuredClone<Policy>(DEFAULT_POLICY);
    const clock = { now: () => Date.now() };
    const deps = buildDeps(store, clock, o, policy);
    const recipients = Array.from({ length: PEOPLE }, (_, i) => `s${i}`);
    const commitMs: number[] = [];
    let ref = '';
    for (let n = 0; n < NOTICES; n += 1) {
      const started = performance.now();
      const reply = await sendNotice(deps, 'boss', { kind: 'notice', recipients, text: `【通知】第 ${n + 1} 次全员安全生产会议,明天上午九点,请准时参加` });
      commitMs.push(performance.now() - started);
      if (reply.refused || !reply.about) throw new Error(`notice refused: ${reply.lines.join(' ')}`);
      ref = reply.about.ref;
      log(`[${dialect}] notice ${n + 1}/${NOTICES} (${ref}) to ${PEOPLE} people committed in ${commitMs[n]!.toFixed(0)} ms`);
    }
    // Only the last notice is delivered and acknowledged: the others' messages are marked sent.
    await store.dataSource.query(`UPDATE outbox SET status = 'sent' WHERE key NOT LIKE 'notice:${ref.slice(2)}:%'`);

    let rssPeak = process.memoryUsage().rss;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 20);
    const fakes = { slack: new FakePlatform('slack'), wecom: new FakePlatform('wecom') };
    const dispatcher = createDispatcher({
      store, clock, senders: fakes, limits: LIMITS, lookAheadMs: LOOK_AHEAD_MS,
      resolve: createAddressResolver({ org: o, platforms: [...PLATFORMS] as Platform[], formDepts: () => Promise.resolve(undefined) }),
    });
    const started = performance.now();
    const dbg = process.env['BENCH_DEBUG'] ? {
      dispatchOnce: async (n: number) => { const a = performance.now(); const r = await dispatcher.dispatchOnce(n); console.error(`pass at ${((a - started) / 1000).toFixed(2)} took ${(performance.now() - a).toFixed(0)}`, JSON.stringify(r)); return r; },
      nextWakeAt: async () => { const a = performance.now(); const w = await dispatcher.nextWakeAt(); console.error(`  wake in ${w === undefined ? "-" : (w - Date.now()).toFixed(0)} (asked in ${(performance.now() - a).toFixed(0)} ms)`); return w; },
    } : dispatcher;
    const loop = runLoop(dbg, clock, { idleMs: 1000 });
    // The acknowledgements arrive at random over ACK_SECONDS, each run as it arrives.
    const latencies: number[] = [];
    let acked = 0;
    const acks = recipients.map(async (person) => {
      await new Promise((r) => setTimeout(r, Math.random() * ACK_SECONDS * 1000));
      const t = performance.now();
      const reply = await acknowledge(deps, person, ref);
      latencies.push(performance.now() - t);
      if (!reply.refused && reply.outcome?.acknowledged?.includes(ref)) acked += 1;
    });
    let drainMs = NaN;
    const drained = (async () => {
      while (fakes.slack.sends.length + fakes.wecom.sends.length < PEOPLE) {
        await new Promise((r) => setTimeout(r, 10));
        if (process.env["BENCH_DEBUG"] && Math.random() < 0.1) console.error(fakes.slack.sends.length, fakes.wecom.sends.length, acked);
      }
      drainMs = performance.now() - started;
    })();
    await Promise.all([...acks, drained]);
    await loop.stop();
    clearInterval(sampler);
    const noticeId = Number(ref.slice(2));
    const done = Number((await store.dataSource.query<Array<{ n: number }>>(`SELECT COUNT(*) AS n FROM duty WHERE subject_kind = 'notice' AND subject_id = ${noticeId} AND status = 'done'`))[0]!.n);
    const sorted = [...latencies].sort((a, b) => a - b);
    const pct = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
    return { dialect, commitMs, drainMs, perSecond: PEOPLE / (drainMs / 1000), acked, done, p50: pct(0.5), p99: pct(0.99), rssPeak };
  } finally {
    await store.close();
  }
}

async function main(): Promise<void> {
  log(`notice benchmark: 【通知】 to ${PEOPLE} people in ${DEPTS} departments, ${NOTICES} times; then delivery and ${PEOPLE} acknowledgements over ${ACK_SECONDS} s`);
  const rows: Figures[] = [];
  await forEachDialect(DIALECTS, 'notice', log, async (dialect, url) => {
    rows.push(await benchDialect(dialect, url));
  });
  log('');
  log('| dialect | notice to committed (median of 5) | min-max | last message at the fakes | messages/s | acknowledgements recorded | ack p50 | ack p99 | RSS at the peak |');
  log('|---|--:|--:|--:|--:|--:|--:|--:|--:|');
  let failed = false;
  for (const r of rows) {
    const m = median(r.commitMs);
    if (r.acked !== PEOPLE || r.done !== PEOPLE) failed = true;
    log(`| ${r.dialect} | ${m.toFixed(0)} ms${r.dialect === 'sqlite' ? (m < 1000 ? ' (meets < 1 s)' : ' (MISSES < 1 s)') : ''} | ${Math.min(...r.commitMs).toFixed(0)}-${Math.max(...r.commitMs).toFixed(0)} ms | ${(r.drainMs / 1000).toFixed(2)} s | ${r.perSecond.toFixed(0)} | ${r.acked} of ${PEOPLE} (${r.done} duties done) | ${r.p50.toFixed(1)} ms | ${r.p99.toFixed(1)} ms ${r.p99 < 200 ? '(meets < 200)' : '(MISSES < 200)'} | ${mb(r.rssPeak)} |`);
  }
  if (failed) throw new Error('notice benchmark: not every acknowledgement was recorded');
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack ?? err.message : err);
  process.exit(1);
});

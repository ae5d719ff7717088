/**
 * `npm run bench` (issue 14): can the outbox dispatcher keep every platform at its rate limit?
 *
 * 10,000 messages are queued for each platform, 10 to each of 1,000 people (1,000 conversations
 * a platform), interleaved as a company-wide burst would be. The real dispatcher (`runLoop`, the
 * system clock, the real claims and the database rate buckets, on SQLite and on PostgreSQL)
 * drains them through each platform's documented limits:
 * - Slack: one message a second per conversation (`SLACK_LIMITS`), so 1,000 a second in all;
 * - WeCom: 30 a minute per member (`wecomLimits`), about 450 a second over 1,000 members; its
 *   app-wide daily quota is set large (a big account), else the run would take a day.
 * The platforms are in-process fakes (fake-platforms.ts): each send is recorded with its time, so
 * the bench checks that no conversation's k-th message came before k documented intervals after
 * its first (within 5 ms: clock rounding) — the limit is never exceeded —
 * every conversation's messages arrived in order, and each arrived once. (The real SDKs against
 * fake servers are the conformance suite's business; here the dispatcher is measured.)
 *
 * The figure: `efficiency` = the fastest the limits allow (9 intervals: 10 messages, the first
 * at once) / the time to the platform's last message. The goal is ≥ 0.9 on each platform.
 *
 * Environment: BENCH_DIALECTS=sqlite,postgres  BENCH_DISPATCH_PEOPLE=1000  BENCH_DISPATCH_EACH=10
 * BENCH_DISPATCH_BATCH (heads per pass; default the dispatcher's 200)  BENCH_LOOK_AHEAD_MS (default the
 * server's `LOOK_AHEAD_MS`)  BENCH_DEBUG=1 (one stderr line per pass; then per platform when the first
 * messages went out and how far each gap between two messages of a conversation was over the limit)
 * TEST_DATABASE_URL.
 */
import { performance } from 'node:perf_hooks';
import type { Clock } from '../../src/app/ports.js';
import { parseOrgYaml } from '../../src/config/org-file.js';
import type { OutgoingMessage } from '../../src/domain/message.js';
import type { Platform } from '../../src/domain/org.js';
import { openTypeormStore, type TypeormStore } from '../../src/infra/db/create-store.js';
import { createAddressResolver } from '../../src/infra/outbox/address-resolver.js';
import { createDispatcher, LOOK_AHEAD_MS, type OnClaimed } from '../../src/infra/outbox/dispatcher.js';
import { runLoop } from '../../src/infra/outbox/run-loop.js';
import { documentedGap, FakePlatform, LIMITS, PLATFORMS, type Chat } from './fake-platforms.js';
import { forEachDialect } from './postgres-server.js';

type Dialect = 'sqlite' | 'postgres';
const list = (name: string, fallback: string) => (process.env[name] ?? fallback).split(',').map((s) => s.trim()).filter(Boolean);
const DIALECTS = list('BENCH_DIALECTS', 'sqlite,postgres') as Dialect[];
const PEOPLE = Number(process.env['BENCH_DISPATCH_PEOPLE'] ?? 1000);
const EACH = Number(process.env['BENCH_DISPATCH_EACH'] ?? 10);
const GOAL = 0.9;
/** How early a message may arrive against the documented limit: one send path's jitter, not cumulative. */
const TOLERANCE_MS = 5;
const log = (line: string) => console.log(line);

/** An org of `PEOPLE` people on Slack and as many on WeCom, each on one platform only. */
function org() {
  const people = PLATFORMS.flatMap((p) =>
    Array.from({ length: PEOPLE }, (_, i) => `  - { id: ${p}${i}, name: 员工${p}${i}, department: SCB, ${p}: ${p === 'slack' ? 'U' : 'w'}${p.toUpperCase()}${i} }`),
  );
  return parseOrgYaml(
    [
      'company: 压测公司',
      'departments:',
      '  - { code: ZJB, name: 总经办, role: gm_office, leaders: [boss] }',
      '  - { code: RXB, name: 人力行政部, role: hr, parent: ZJB, leaders: [boss] }',
      '  - { code: SCB, name: 生产部, parent: ZJB, leaders: [boss] }',
      'people:',
      '  - { id: boss, name: 老板, department: ZJB, slack: U0BOSS }',
      ...people,
      '',
    ].join('\n'),
    'bench-org.yaml',
  );
}

interface PlatformFigures { platform: Chat; sent: number; seconds: number; ideal: number; efficiency: number; aheadMs: number; orderOk: boolean; once: boolean }

async function benchDialect(dialect: Dialect, url: string): Promise<{ figures: PlatformFigures[]; enqueueMs: number }> {
  const store: TypeormStore = await openTypeormStore(url);
  try {
    const o = org();
    // Interleaved: message m to everyone, then m + 1, as a burst of notices would queue them.
    const messages: OutgoingMessage[] = [];
    for (let m = 0; m < EACH; m += 1) {
      for (const p of PLATFORMS) for (let i = 0; i < PEOPLE; i += 1) messages.push({ key: `bench:${p}${i}:${m}`, to: { kind: 'person', person: `${p}${i}` }, view: { lines: [`第 ${m + 1} 条`] } });
    }
    const t0 = performance.now();
    await store.transaction((tx) => tx.outbox.enqueue(messages, Date.now()));
    const enqueueMs = performance.now() - t0;
    const fakes = { slack: new FakePlatform('slack'), wecom: new FakePlatform('wecom') };
    const clock: Clock = { now: () => Date.now() };
    const dispatcher = createDispatcher({
      store,
      clock,
      senders: fakes,
      resolve: createAddressResolver({ org: o, platforms: [...PLATFORMS] as Platform[], formDepts: () => Promise.resolve(undefined) }),
      limits: LIMITS,
      lookAheadMs: process.env['BENCH_LOOK_AHEAD_MS'] ? Number(process.env['BENCH_LOOK_AHEAD_MS']) : LOOK_AHEAD_MS,
      ...(process.env['BENCH_DISPATCH_BATCH'] ? { batchSize: Number(process.env['BENCH_DISPATCH_BATCH']) } : {}),
    });
    const started = performance.now();
    const dbg = process.env['BENCH_DEBUG'] ? {
      dispatchOnce: async (n: number, onClaimed?: OnClaimed) => { const a = performance.now(); const r = await dispatcher.dispatchOnce(n, onClaimed); console.error(`pass ${((a - started) / 1000).toFixed(3)} took ${(performance.now() - a).toFixed(0)} claimed ${r.claimed}`); return r; },
      nextWakeAt: async () => { const w = await dispatcher.nextWakeAt(); console.error(`  wake in ${w === undefined ? '-' : (w - Date.now()).toFixed(0)}`); return w; },
    } : dispatcher;
    const errors: string[] = [];
    const loop = runLoop(dbg, clock, { idleMs: 1000, log: { warn: () => undefined, error: (o) => errors.push(JSON.stringify(o)) } });
    const total = EACH * PEOPLE * PLATFORMS.length;
    while (fakes.slack.sends.length + fakes.wecom.sends.length < total) {
      await new Promise((r) => setTimeout(r, 50));
      // A pass that fails is retried by the loop; one that keeps failing is a broken benchmark.
      if (errors.length > 20) throw new Error(`dispatch passes keep failing: ${errors.slice(0, 3).join('; ')}`);
    }
    await loop.stop();
    const figures = PLATFORMS.map((p): PlatformFigures => {
      const sends = fakes[p].sends;
      const last = Math.max(...sends.map((s) => s.at));
      const seconds = (last - started) / 1000;
      const ideal = ((EACH - 1) * documentedGap(p)) / 1000;
      const byConv = new Map<string, Array<{ key: string; at: number }>>();
      for (const s of sends) byConv.set(s.to, [...(byConv.get(s.to) ?? []), s]);
      let aheadMs = -Infinity;
      let orderOk = true;
      for (const conv of byConv.values()) {
        conv.forEach((s, i) => {
          if (Number(s.key.split(':')[2]) !== i) orderOk = false;
          // The k-th message may not arrive before k documented intervals after the first.
          if (i > 0) aheadMs = Math.max(aheadMs, conv[0]!.at + i * documentedGap(p) - s.at);
        });
      }
      if (process.env['BENCH_DEBUG']) {
        const q = (xs: number[], f: number) => { const a = [...xs].sort((x, y) => x - y); return a[Math.min(a.length - 1, Math.floor(f * a.length))] ?? NaN; };
        const firsts = [...byConv.values()].map((c) => c[0]!.at - started);
        const gaps = [...byConv.values()].flatMap((c) => c.slice(1).map((s, i) => s.at - c[i]!.at - documentedGap(p)));
        console.error(`${p}: first send p50 ${q(firsts, 0.5).toFixed(0)} p100 ${q(firsts, 1).toFixed(0)} ms; gap over the limit p10 ${q(gaps, 0.1).toFixed(0)} p50 ${q(gaps, 0.5).toFixed(0)} p90 ${q(gaps, 0.9).toFixed(0)} p99 ${q(gaps, 0.99).toFixed(0)} ms`);
      }
      return { platform: p, sent: sends.length, seconds, ideal, efficiency: ideal / seconds, aheadMs, orderOk, once: new Set(sends.map((s) => s.key)).size === sends.length };
    });
    return { figures, enqueueMs };
  } finally {
    await store.close();
  }
}

async function main(): Promise<void> {
  log(`dispatcher benchmark: ${PEOPLE} conversations × ${EACH} messages on each of ${PLATFORMS.join(', ')}`);
  const rows: Array<PlatformFigures & { dialect: Dialect }> = [];
  let failed = false;
  await forEachDialect(DIALECTS, 'dispatch', log, async (dialect, url) => {
    const { figures, enqueueMs } = await benchDialect(dialect, url);
    log(`[${dialect}] enqueued ${fmt(EACH * PEOPLE * PLATFORMS.length)} messages in one transaction in ${enqueueMs.toFixed(0)} ms`);
    for (const f of figures) rows.push({ dialect, ...f });
  });
  log('');
  log('| dialect | platform | sent | fastest the limits allow | took | efficiency | most ahead of the limit | order | once |');
  log('|---|---|--:|--:|--:|--:|--:|---|---|');
  for (const r of rows) {
    const gapOk = r.aheadMs <= TOLERANCE_MS;
    if (!r.orderOk || !r.once || !gapOk || r.sent !== EACH * PEOPLE) failed = true;
    log(`| ${r.dialect} | ${r.platform} | ${fmt(r.sent)} | ${r.ideal.toFixed(1)} s | ${r.seconds.toFixed(1)} s | ${r.efficiency.toFixed(2)} ${r.efficiency >= GOAL ? '(meets ≥ 0.9)' : '(MISSES ≥ 0.9)'} | ${r.aheadMs.toFixed(0)} ms${gapOk ? '' : ' (ABOVE)'} | ${r.orderOk ? 'kept' : 'BROKEN'} | ${r.once ? 'yes' : 'NO'} |`);
  }
  if (failed) throw new Error('dispatcher benchmark: a platform got messages above its limit, out of order, twice, or not at all');
}

const fmt = (n: number) => n.toLocaleString('en-US');

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack ?? err.message : err);
  process.exit(1);
});

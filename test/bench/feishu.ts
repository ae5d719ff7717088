/**
 * Feishu long-connection benchmark (issue 10), part of `npm run bench` (`BENCH_ONLY=feishu` runs
 * only this): events acknowledged per second over the SDK's `WSClient`, by
 *   (a) a bare `WSClient` whose dispatcher only returns (the SDK acks at once), and
 *   (b) the bot — the real `serve()` on a SQLite file in `FEISHU_MODE=ws`, whose dispatcher opens
 *       the envelope, decodes, commits the event to the inbox (group commit) and only then acks,
 *       with the worker, the scheduler and the outbox dispatcher running (replies go to the fake),
 * side by side, with the same load generator and the same events (`帮助`, `我的待办`, `收到` from
 * the demo org's people, each its own event_id), pushed over the fake gateway with `concurrency`
 * in flight from a worker thread (feishu-worker.ts). Goal: the bot acks at least 70 % of the bare
 * client's rate. Runs in ABBA order after a warm-up; the goal is judged on the medians. After each
 * bot run the bench waits until every event is processed (a reply each at the fake) and reports
 * that rate too. Exits non-zero when a run did not do what it should (an event not acked or not
 * processed), not when the goal is missed.
 *
 * Environment (optional): BENCH_FEISHU_N=3000  BENCH_FEISHU_ROUNDS=4  BENCH_FEISHU_CONCURRENCY=32
 * BENCH_FEISHU_WARMUP=1000.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import * as lark from '@larksuiteoapi/node-sdk';
import { parse, stringify } from 'yaml';
import { loadConfig } from '../../src/config/load-config.js';
import { createLogger } from '../../src/infra/log.js';
import { serve, type Served } from '../../src/server/serve.js';
import { startFeishuWorker, type RunResult, type Which } from './feishu-worker.js';

const GOAL = 0.7;
const int = (name: string, fallback: number) => Math.max(1, Math.floor(Number(process.env[name] ?? fallback)) || fallback);
const N = int('BENCH_FEISHU_N', 3000);
const ROUNDS = int('BENCH_FEISHU_ROUNDS', 4);
const CONCURRENCY = int('BENCH_FEISHU_CONCURRENCY', 32);
const WARMUP = int('BENCH_FEISHU_WARMUP', 1000);
const APP = { appId: 'cli_0123456789abcdef', appSecret: 'bench-secret' };
const TEXTS = ['帮助', '我的待办', '收到'];

const root = (rel: string) => fileURLToPath(new URL(`../../${rel}`, import.meta.url));
const log = (line: string) => console.log(line);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
const median = (xs: number[]) => pct([...xs].sort((a, b) => a - b), 50);

async function main(): Promise<void> {
  const only = process.env['BENCH_ONLY'];
  if (only && only !== 'feishu') return;
  log('');
  log(`Feishu long-connection benchmark: ${fmt(N)} events per run, ${ROUNDS} runs each after a warm-up of ${fmt(WARMUP)}, ${CONCURRENCY} in flight, 127.0.0.1`);
  log(`node ${process.version}, ${availableParallelism()} cores; fake gateways and load generator in a worker thread`);
  const tmp = await mkdtemp(join(tmpdir(), 'shoudao-bench-feishu-'));
  const cwd = process.cwd();
  const worker = startFeishuWorker(APP);
  let served: Served | undefined;
  let bare: lark.WSClient | undefined;
  try {
    const urls = await worker.ready;
    // The demo org with a Feishu open id for everybody.
    const org = parse(readFileSync(root('data/org.example.yaml'), 'utf8')) as { people: Array<Record<string, string>> };
    for (const p of org.people) p['feishu'] = `ou_${p['id']}`;
    const users = org.people.map((p) => p['feishu']!);
    writeFileSync(join(tmp, 'org.yaml'), stringify(org));
    writeFileSync(join(tmp, 'policy.yaml'), 'delivery:\n  limits:\n    feishu: { per_conversation: 100000/1s, per_app: 100000/1s }\n');
    const config = loadConfig({
      cwd,
      env: {
        DATABASE_URL: `sqlite:${join(tmp, 'bench.db')}`,
        ORG_FILE: join(tmp, 'org.yaml'),
        POLICY_FILE: join(tmp, 'policy.yaml'),
        SHOUDAO_SECRET: 'bench-secret-bench-secret-bench-secret',
        FEISHU_APP_ID: APP.appId,
        FEISHU_APP_SECRET: APP.appSecret,
        FEISHU_API_BASE: urls.bot,
      },
    });
    process.chdir(tmp);
    served = await serve(config, { log: createLogger({ level: 'silent' }), port: 0 });
    const quiet = { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined, trace: () => undefined };
    bare = new lark.WSClient({ ...APP, domain: urls.bare, logger: quiet, loggerLevel: lark.LoggerLevel.error });
    await bare.start({ eventDispatcher: { invoke: async () => undefined } as unknown as lark.EventDispatcher });
    await worker.call({ cmd: 'connected', which: 'bare' });
    await worker.call({ cmd: 'connected', which: 'bot' });
    const bot = served;
    const outboxLeft = () => bot.deps.store.transaction(async (tx) => (await tx.outbox.count('pending')) + (await tx.outbox.count('sending')));
    while ((await outboxLeft()) > 0) await sleep(100);

    const results: Record<Which, { rates: number[]; events: number; latencies: number[]; processed: number; processMs: number }> = {
      bare: { rates: [], events: 0, latencies: [], processed: 0, processMs: 0 },
      bot: { rates: [], events: 0, latencies: [], processed: 0, processMs: 0 },
    };
    const problems: string[] = [];
    const run = async (which: Which, label: string, n: number, timed: boolean) => {
      await sleep(200);
      const before = await worker.call<number>({ cmd: 'count', which });
      const t0 = performance.now();
      const r = await worker.call<RunResult>({ cmd: 'run', which, n, concurrency: CONCURRENCY, users, texts: TEXTS });
      if (r.acked !== n) problems.push(`${which} ${label}: ${r.acked} of ${n} acked`);
      let processed = 0;
      let processMs = 0;
      if (which === 'bot') {
        await bot.idle();
        for (let i = 0; i < 1200 && (processed = (await worker.call<number>({ cmd: 'count', which })) - before) < n; i++) await sleep(50);
        processMs = performance.now() - t0;
        if (processed < n) problems.push(`bot ${label}: ${processed} of ${n} processed`);
      }
      const rate = (r.acked / r.elapsedMs) * 1000;
      const lat = [...r.latenciesMs].sort((a, b) => a - b);
      log(`[${which.padEnd(4)}] ${label}: ${fmt(r.acked)} acked in ${fmt(r.elapsedMs)} ms = ${fmt(rate)}/s, p99 ${pct(lat, 99).toFixed(1)} ms${which === 'bot' ? `; ${fmt(processed)} processed in ${fmt(processMs)} ms = ${fmt((processed / processMs) * 1000)}/s` : ''}`);
      if (!timed) return;
      const m = results[which];
      m.rates.push(rate);
      m.events += n;
      m.latencies.push(...r.latenciesMs);
      m.processed += processed;
      m.processMs += processMs;
    };
    await run('bare', 'warm-up', WARMUP, false);
    await run('bot', 'warm-up', WARMUP, false);
    for (let r = 1; r <= ROUNDS; r++) for (const w of r % 2 ? (['bare', 'bot'] as const) : (['bot', 'bare'] as const)) await run(w, `run ${r}/${ROUNDS}`, N, true);

    log('');
    log('| client | events | median acks/s | min-max acks/s | p50 ms | p99 ms | processed/s |');
    log('|---|---:|---:|---:|---:|---:|---:|');
    for (const w of ['bare', 'bot'] as const) {
      const m = results[w];
      const lat = m.latencies.sort((a, b) => a - b);
      log(`| ${w === 'bare' ? 'bare WSClient (ack only)' : 'bot (serve, FEISHU_MODE=ws)'} | ${fmt(m.events)} | ${fmt(median(m.rates))} | ${fmt(Math.min(...m.rates))}-${fmt(Math.max(...m.rates))} | ${pct(lat, 50).toFixed(1)} | ${pct(lat, 99).toFixed(1)} | ${w === 'bot' ? fmt((m.processed / m.processMs) * 1000) : '—'} |`);
    }
    const ratio = median(results.bot.rates) / median(results.bare.rates);
    log('');
    log(`feishu: bot / bare = ${fmt(median(results.bot.rates))} / ${fmt(median(results.bare.rates))} acks/s = ${(ratio * 100).toFixed(0)}% — ${ratio >= GOAL ? 'meets' : 'MISSES'} the goal (≥ ${GOAL * 100}%)`);
    if (problems.length) throw new Error(`the bench did not run as it should:\n  ${problems.join('\n  ')}`);
  } finally {
    bare?.close({ force: true });
    await served?.stop().catch((err: unknown) => console.error(`stopping the bot: ${String(err)}`));
    await worker.stop();
    process.chdir(cwd);
    await rm(tmp, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);

/**
 * WeCom callback benchmark (issues 6 and 9), part of `npm run bench` (`BENCH_ONLY=wecom` runs only
 * this): callbacks acknowledged per second by
 *   (a) the bot — the real `serve()` on a SQLite file, its `/wecom/callback`: check the signature
 *       and timestamp, decrypt, check the corp id, decode, seal the payload and COMMIT it to the
 *       inbox (group commit), then answer 200 — with the inbox worker, the scheduler and the outbox
 *       dispatcher running in the same process; and
 *   (b) a bare node:http server that only verifies the signature and decrypts with `@wecom/crypto`,
 * in one run, with the same load generator and the same payloads: valid encrypted text messages
 * (`帮助`, `我的待办`, `收到`) from the 200 people of the bench company (bench-org.ts), each with
 * its own MsgId. Goal (issue 9): the durable path acknowledges at least 70% of the bare rate.
 *
 * After each bot run the bench waits until every callback has been processed (inbox worked
 * through) and its reply reached the fake qyapi (outbox empty), and reports that as
 * "processing/s" (callbacks / time from the first request until the last reply), so the backlog is
 * never carried into the next run. The load generator (keep-alive node:http client, `concurrency`
 * requests in flight) and the fake qyapi run in worker threads (wecom-worker.ts); the server being
 * measured has the main thread's event loop to itself — shared, as in production, by its
 * receiver, inbox worker and dispatcher. Loopback only.
 *
 * Runs: a warm-up of each server, then `rounds` timed runs each, in ABBA order (bare, bot, bot,
 * bare, …) so background load falls on both alike, with a short pause before each. Reported per
 * server: the median rate of its runs (and the pooled rate: all callbacks / all time), and
 * p50/p99/max answer latency over all timed requests; the goal is judged on the ratio of the
 * medians, and the median of the per-round ratios is printed too. Exits non-zero when a run did
 * not do what it should (an answer other than 200, a callback not processed), not when the goal
 * is missed.
 *
 * Environment (optional): BENCH_WECOM_N=2000 (callbacks per run)  BENCH_WECOM_ROUNDS=4
 * BENCH_WECOM_CONCURRENCY=32  BENCH_WECOM_WARMUP=1000  BENCH_THREAD_CPU=1 (each run's CPU time per
 * thread of this process)  BENCH_KEEP=1 (keep the bench's directory and database for a look); `BENCH_ONLY=sweep|slack|wecom` (package.json) runs
 * one of the benches only.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { decrypt, encrypt, getSignature } from '@wecom/crypto';
import { loadConfig } from '../../src/config/load-config.js';
import { serve, type Served } from '../../src/server/serve.js';
import { createLogger } from '../../src/infra/log.js';
import { benchWecomUser, writeBenchDeployment } from './bench-org.js';
import { startWorker, type LoadResult, type LoadRun } from './wecom-worker.js';
import { threadCpu, threadCpuSince } from './thread-cpu.js';

const GOAL = 0.7;
const int = (name: string, fallback: number) => Math.max(1, Math.floor(Number(process.env[name] ?? fallback)) || fallback);
const N = int('BENCH_WECOM_N', 2000);
const ROUNDS = int('BENCH_WECOM_ROUNDS', 4);
const CONCURRENCY = int('BENCH_WECOM_CONCURRENCY', 32);
const WARMUP = int('BENCH_WECOM_WARMUP', 1000);
/** The whole bench gives up after this long (ms; BENCH_WECOM_TIME_LIMIT_S, default 700 s). */
const TIME_LIMIT_MS = int('BENCH_WECOM_TIME_LIMIT_S', 700) * 1000;

// The official test vector's app (protocols.md A.2), as the adapter tests use it.
const APP = { corpId: 'wx5823bf96d3bd56c7', agentId: 1000002, secret: 'bench-secret', token: 'QDG6eK', encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C' };
/** The bench company's people (bench-org.ts), and what they send. */
const PEOPLE = 200;
const USERS = Array.from({ length: PEOPLE }, (_, i) => benchWecomUser(i + 1));
const TEXTS = ['帮助', '我的待办', '收到'];
const PATH = '/wecom/callback';

const log = (line: string) => console.log(line);
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const cdata = (v: string) => `<![CDATA[${v}]]>`;

/** `n` valid callbacks, each with its own MsgId (`run` keeps them unique across runs). */
function payloads(run: number, n: number): LoadRun['payloads'] {
  const ts = String(Math.floor(Date.now() / 1000));
  return Array.from({ length: n }, (_, i) => {
    const user = USERS[i % USERS.length]!;
    const text = TEXTS[Math.floor(i / USERS.length) % TEXTS.length]!;
    const msgId = String(7_000_000_000_000 + run * 1_000_000 + i);
    const xml = `<xml><ToUserName>${cdata(APP.corpId)}</ToUserName><FromUserName>${cdata(user)}</FromUserName><CreateTime>${ts}</CreateTime><MsgType>${cdata('text')}</MsgType><Content>${cdata(text)}</Content><MsgId>${msgId}</MsgId><AgentID>${APP.agentId}</AgentID></xml>`;
    const enc = encrypt(APP.encodingAesKey, xml, APP.corpId);
    const nonce = randomBytes(5).toString('hex');
    const q = new URLSearchParams({ msg_signature: getSignature(APP.token, ts, nonce, enc), timestamp: ts, nonce });
    return { path: `${PATH}?${q.toString()}`, body: `<xml><ToUserName>${cdata(APP.corpId)}</ToUserName><Encrypt>${cdata(enc)}</Encrypt><AgentID>${cdata(String(APP.agentId))}</AgentID></xml>` };
  });
}

/** The bare server: signature check and decryption with @wecom/crypto, then 200 with an empty body. */
function bareServer(): Server {
  const answer = (res: import('node:http').ServerResponse, status: number) => {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': 0 });
    res.end();
  };
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= 1024 * 1024) chunks.push(c);
    });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (req.method !== 'POST' || url.pathname !== PATH || size > 1024 * 1024) return answer(res, 400);
      const body = Buffer.concat(chunks).toString('utf8');
      const start = body.indexOf('<Encrypt><![CDATA[');
      const end = body.indexOf(']]></Encrypt>', start);
      const q = url.searchParams;
      const [sig, ts, nonce] = [q.get('msg_signature'), q.get('timestamp'), q.get('nonce')];
      if (start < 0 || end < 0 || !sig || !ts || !nonce) return answer(res, 400);
      const enc = body.slice(start + '<Encrypt><![CDATA['.length, end);
      if (getSignature(APP.token, ts, nonce, enc) !== sig) return answer(res, 403);
      try {
        answer(res, decrypt(APP.encodingAesKey, enc).id === APP.corpId ? 200 : 403);
      } catch {
        answer(res, 400);
      }
    });
  });
}

interface Measured {
  rates: number[];
  callbacks: number;
  elapsedMs: number;
  latencies: number[];
  processed: number;
  processMs: number;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
const median = (xs: number[]) => pct([...xs].sort((a, b) => a - b), 50);

async function main(): Promise<void> {
  const only = process.env['BENCH_ONLY'];
  if (only && only !== 'wecom') return;
  const deadline = Date.now() + TIME_LIMIT_MS;
  log('');
  log(`WeCom callback benchmark: ${fmt(N)} callbacks per run, ${ROUNDS} runs per server after a warm-up of ${fmt(WARMUP)}, ${CONCURRENCY} in flight, 127.0.0.1`);
  log(`node ${process.version}, ${availableParallelism()} cores; load generator and fake qyapi in worker threads`);

  const tmp = await mkdtemp(join(tmpdir(), 'shoudao-bench-wecom-'));
  const cwd = process.cwd();
  const fake = startWorker('fake', { corpId: APP.corpId, secret: APP.secret });
  const load = startWorker('load');
  let served: Served | undefined;
  const bare = bareServer();
  try {
    const fakeUrl = (await fake.ready) as string;
    await load.ready;
    const files = writeBenchDeployment(tmp, PEOPLE);
    const config = loadConfig({
      cwd,
      env: {
        DATABASE_URL: `sqlite:${join(tmp, 'bench.db')}`,
        ORG_FILE: files.orgFile,
        POLICY_FILE: files.policyFile,
        SHOUDAO_SECRET: 'bench-secret-bench-secret-bench-secret',
        WECOM_CORP_ID: APP.corpId,
        WECOM_AGENT_ID: String(APP.agentId),
        WECOM_SECRET: APP.secret,
        WECOM_TOKEN: APP.token,
        WECOM_ENCODING_AES_KEY: APP.encodingAesKey,
        WECOM_API_BASE: fakeUrl,
      },
    });
    process.chdir(tmp); // the start-up tick's report files go to <tmp>/data/reports
    served = await serve(config, { log: createLogger({ level: 'silent' }), port: 0 });
    await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
    const origins = { bare: `http://127.0.0.1:${(bare.address() as AddressInfo).port}`, bot: `http://127.0.0.1:${served.port}` };
    const bot = served;

    // The start-up tick's messages (last month's reports) go out first, so they are not counted.
    const outboxLeft = () => bot.deps.store.transaction(async (tx) => (await tx.outbox.count('pending')) + (await tx.outbox.count('sending')));
    while ((await outboxLeft()) > 0 && Date.now() < deadline) await sleep(100);

    const results: Record<'bare' | 'bot', Measured> = {
      bare: { rates: [], callbacks: 0, elapsedMs: 0, latencies: [], processed: 0, processMs: 0 },
      bot: { rates: [], callbacks: 0, elapsedMs: 0, latencies: [], processed: 0, processMs: 0 },
    };
    const problems: string[] = [];

    const run = async (which: 'bare' | 'bot', runNo: number, n: number, timed: boolean) => {
      if (Date.now() > deadline) throw new Error(`time limit of ${TIME_LIMIT_MS / 1000} s reached`);
      const ps = payloads(runNo, n);
      await sleep(200);
      const sentBefore = await fake.call<number>('count');
      const t0 = performance.now();
      const cpu0 = threadCpu();
      const r = await load.call<LoadResult>({ origin: origins[which], payloads: ps, concurrency: CONCURRENCY });
      if (process.env['BENCH_THREAD_CPU']) log(`  [${which}] CPU ms by thread during the run: ${threadCpuSince(cpu0).map((t) => `${t.tid === process.pid ? 'main' : t.tid}(${t.comm}) ${t.ms}`).join(', ')}`);
      let processed = 0;
      let processMs = 0;
      let during = 0;
      let workedMs = 0;
      if (which === 'bot') {
        during = (await fake.call<number>('count')) - sentBefore;
        // Processed: the inbox worked through and every reply sent (the outbox empty), then counted at the fake.
        await bot.idle();
        workedMs = performance.now() - t0;
        while ((await outboxLeft()) > 0 && Date.now() < deadline) await sleep(20);
        for (let i = 0; i < 50 && (processed = (await fake.call<number>('count')) - sentBefore) < n; i++) await sleep(20);
        processMs = performance.now() - t0;
        if (processed !== n) problems.push(`${which} run ${runNo}: ${processed} of ${n} callbacks processed`);
      }
      const ok = r.statuses['200'] ?? 0;
      if (ok !== n) problems.push(`${which} run ${runNo}: answers ${JSON.stringify(r.statuses)}`);
      const rate = (n / r.elapsedMs) * 1000;
      const label = timed ? `run ${runNo}/${ROUNDS}` : 'warm-up';
      const lat = [...r.latenciesMs].sort((a, b) => a - b);
      log(
        `[${which.padEnd(4)}] ${label}: ${fmt(n)} answered in ${fmt(r.elapsedMs)} ms = ${fmt(rate)}/s, p99 ${pct(lat, 99).toFixed(1)} ms` +
          (which === 'bot' ? `; ${fmt(during)} replied during the run, ${fmt(processed)} processed in ${fmt(processMs)} ms = ${fmt((processed / processMs) * 1000)}/s (inbox worked through at ${fmt(workedMs)} ms = ${fmt((n / workedMs) * 1000)}/s)` : ''),
      );
      if (!timed) return;
      const m = results[which];
      m.rates.push(rate);
      m.callbacks += n;
      m.elapsedMs += r.elapsedMs;
      for (const x of r.latenciesMs) m.latencies.push(x);
      m.processed += processed;
      m.processMs += processMs;
    };

    await run('bare', 0, WARMUP, false);
    await run('bot', 0, WARMUP, false);
    for (let r = 1; r <= ROUNDS; r++) {
      for (const which of r % 2 ? (['bare', 'bot'] as const) : (['bot', 'bare'] as const)) await run(which, r, N, true);
    }

    log('');
    const head = ['server', 'callbacks', 'median rate/s', 'min-max rate/s', 'pooled rate/s', 'p50 ms', 'p99 ms', 'max ms', 'processed', 'processing/s'];
    const body = (['bare', 'bot'] as const).map((w) => {
      const m = results[w];
      const lat = m.latencies.sort((a, b) => a - b);
      return [
        w === 'bare' ? 'bare (verify + decrypt)' : 'bot (serve, /wecom/callback)',
        fmt(m.callbacks),
        fmt(median(m.rates)),
        `${fmt(Math.min(...m.rates))}-${fmt(Math.max(...m.rates))}`,
        fmt((m.callbacks / m.elapsedMs) * 1000),
        pct(lat, 50).toFixed(1),
        pct(lat, 99).toFixed(1),
        lat[lat.length - 1]!.toFixed(1),
        w === 'bot' ? `${fmt(m.processed)}/${fmt(m.callbacks)}` : '—',
        w === 'bot' ? fmt((m.processed / m.processMs) * 1000) : '—',
      ];
    });
    const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
    const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
    log(line(head));
    log(`|${widths.map((w, i) => (i === 0 ? `-${'-'.repeat(w)}-` : `-${'-'.repeat(w)}:`)).join('|')}|`);
    for (const b of body) log(line(b));
    log('');
    const ratio = median(results.bot.rates) / median(results.bare.rates);
    const pooled = (results.bot.callbacks / results.bot.elapsedMs) / (results.bare.callbacks / results.bare.elapsedMs);
    const paired = median(results.bot.rates.map((r, i) => r / results.bare.rates[i]!));
    log(
      `wecom: bot / bare = ${fmt(median(results.bot.rates))} / ${fmt(median(results.bare.rates))} = ${(ratio * 100).toFixed(0)}% — ${ratio >= GOAL ? 'meets' : 'MISSES'} the goal (≥ ${GOAL * 100}%); median of the per-round ratios ${(paired * 100).toFixed(0)}%, pooled ${(pooled * 100).toFixed(0)}%`,
    );
    log(`wecom: the bot processed ${fmt(results.bot.processed)} of ${fmt(results.bot.callbacks)} timed callbacks (a reply each at the fake qyapi), ${fmt((results.bot.processed / results.bot.processMs) * 1000)}/s from first request to last reply`);
    if (problems.length) throw new Error(`the bench did not run as it should:\n  ${problems.join('\n  ')}`);
  } finally {
    await served?.stop().catch((err: unknown) => console.error(`stopping the bot: ${String(err)}`));
    await new Promise<void>((resolve) => (bare.listening ? bare.close(() => resolve()) : resolve()));
    bare.closeAllConnections();
    await load.stop();
    await fake.stop();
    process.chdir(cwd);
    if (process.env['BENCH_KEEP']) log(`kept ${tmp}`);
    else await rm(tmp, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack ?? err.message : err);
  process.exit(1);
});

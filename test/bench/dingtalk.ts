/**
 * DingTalk inbound benchmark (issue 17), part of `npm run bench` (`BENCH_ONLY=dingtalk` runs only
 * this). Two comparisons, each side by side in one run, with the same load and payloads (robot
 * text messages `帮助` / `我的待办` / `收到` from five demo-org people, each with its own msgId):
 *
 * - Stream: frames acked per second by (a) the bot — the real `serve()` on a SQLite file in Stream
 *   mode, whose `dingtalk-stream` client acks a frame only after its inbox row has committed — and
 *   (b) a bare `DWClient` (the same SDK, the same gateway seam) that only acks. The fake gateway
 *   (dingtalk-gateway.ts) runs in a worker thread and keeps `concurrency` frames awaiting an ack.
 * - HTTP: callbacks answered per second by (a) the bot's `POST /dingtalk/callback` (sign check,
 *   JSON, decode, inbox commit, 200) and (b) a bare node:http server that only verifies `sign`;
 *   the load generator is the WeCom bench's keep-alive client in a worker thread.
 *
 * Goal: the bot reaches at least 0.7× the bare rate in each. Runs alternate bare/bot (ABBA) and
 * the median rates are compared; after each bot run the bench waits until the inbox is drained so
 * no backlog is carried over. Exits non-zero when a run did not do what it should (an answer other
 * than 200, a frame not acked), not when the goal is missed.
 * Environment: BENCH_DT_N=3000 (per run)  BENCH_DT_ROUNDS=4  BENCH_DT_CONCURRENCY=32.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { DWClient, TOPIC_ROBOT } from 'dingtalk-stream';
import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { verifyCallback } from '../../src/adapters/dingtalk/receiver.js';
import { loadConfig } from '../../src/config/load-config.js';
import { createLogger } from '../../src/infra/log.js';
import { serve, type Served } from '../../src/server/serve.js';
import { createDingtalkReceiver, dingtalkRoutes } from '../../src/adapters/dingtalk/receiver.js';
import { startStream } from '../../src/adapters/dingtalk/stream/connection.js';
import { SystemClock } from '../../src/infra/clock.js';
import { createInboxCrypto } from '../../src/infra/crypto/inbox-crypto.js';
import { createStore } from '../../src/infra/db/create-store.js';
import { createInboxWriter } from '../../src/infra/inbox/inbox-writer.js';
import { DT, dingSign, robotText } from '../adapters/dingtalk/dingtalk-fixtures.js';
import { startWorker, type LoadResult, type LoadRun } from './wecom-worker.js';

const GOAL = 0.7;
const int = (name: string, fallback: number) => Math.max(1, Math.floor(Number(process.env[name] ?? fallback)) || fallback);
const N = int('BENCH_DT_N', 3000);
const ROUNDS = int('BENCH_DT_ROUNDS', 4);
const CONCURRENCY = int('BENCH_DT_CONCURRENCY', 32);
const log = (l: string) => console.log(l);
const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const USERS = ['wang', 'chen', 'liu', 'zhao', 'zhou'].map((p) => `dt${p}0001`);

/** The bare Stream client: the SDK with the same gateway seam, acking every robot frame at once. */
class BareClient extends DWClient {
  constructor(private readonly base: string) {
    super({ clientId: DT.clientId, clientSecret: DT.clientSecret });
    (this.config as { autoReconnect: boolean }).autoReconnect = false;
    this.registerCallbackListener(TOPIC_ROBOT, (f) => this.socketCallBackResponse(f.headers.messageId, null));
  }
  override async getEndpoint(): Promise<this> {
    const res = await fetch(`${this.base}/v1.0/gateway/connections/open`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ clientId: DT.clientId, clientSecret: DT.clientSecret, ua: '', subscriptions: this.config.subscriptions }) });
    const b = (await res.json()) as { endpoint: string; ticket: string };
    (this as unknown as { dw_url: string }).dw_url = `${b.endpoint}?ticket=${b.ticket}`;
    return this;
  }
}

/** The bare HTTP server: verifies `sign` and `timestamp`, then 200. */
function bareHttp(): Server {
  return createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const ok = verifyCallback(String(req.headers['timestamp'] ?? ''), String(req.headers['sign'] ?? ''), DT.clientSecret, Date.now()) === 'ok';
      res.writeHead(ok ? 200 : 403, { 'content-type': 'application/json', 'content-length': 2 });
      res.end('{}');
    });
  });
}

function httpPayloads(run: number): LoadRun['payloads'] {
  const ts = String(Date.now());
  const sign = dingSign(ts);
  return Array.from({ length: N }, (_, i) => ({ path: '/dingtalk/callback', headers: { 'content-type': 'application/json', timestamp: ts, sign }, body: JSON.stringify(robotText(USERS[i % USERS.length]!, ['帮助', '我的待办', '收到'][i % 3]!, { msgId: `h${run}x${i}` })) }));
}

async function startBot(mode: 'stream' | 'http', fakeUrl: string, dir: string): Promise<Served> {
  const org = parse(readFileSync('data/org.example.yaml', 'utf8')) as { people: Array<Record<string, string>> };
  for (const p of org.people) p['dingtalk'] = `dt${p['id']}0001`;
  const orgFile = join(dir, `org-${mode}.yaml`);
  await writeFile(orgFile, stringify(org));
  const env = { DATABASE_URL: `sqlite:${join(dir, `${mode}.db`)}`, ORG_FILE: orgFile, SHOUDAO_SECRET: 'bench-secret-0123456789abcdef', DINGTALK_CLIENT_ID: DT.clientId, DINGTALK_CLIENT_SECRET: DT.clientSecret, DINGTALK_MODE: mode, DINGTALK_API_BASE: fakeUrl };
  return serve(loadConfig({ env, cwd: process.cwd() }), { log: createLogger({ level: 'silent' }), port: 0 });
}

async function drained(served: Served): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const c = await served.deps.store.transaction((tx) => tx.inbox.counts());
    if (c.pending + c.working === 0) return;
    await sleep(100);
  }
  throw new Error('the bot did not drain its inbox');
}

async function main(): Promise<void> {
  const only = process.env['BENCH_ONLY'];
  if (only && only !== 'dingtalk') return;
  log('');
  log(`DingTalk inbound benchmark: ${fmt(N)} events per run, ${ROUNDS} runs per side, ${CONCURRENCY} in flight, 127.0.0.1; node ${process.version}, ${availableParallelism()} cores`);
  const dir = await mkdtemp(join(tmpdir(), 'shoudao-bench-dt-'));
  const gw = startWorker('dingtalk');
  const load = startWorker('load');
  const fakeUrl = (await gw.ready) as string;
  await load.ready;
  let failed = false;
  try {
    const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
    // The receive path alone: the adapter's receiver and the real inbox writer (group commit on a
    // SQLite file), no worker processing on the same event loop.
    const receivePath = async (mode: string) => {
      const store = await createStore(`sqlite:${join(dir, `rp-${mode}.db`)}`);
      const writer = createInboxWriter({ store, crypto: createInboxCrypto('bench-secret-0123456789abcdef'), clock: new SystemClock() });
      return { store, receiver: createDingtalkReceiver({ appSecret: DT.clientSecret, inbox: writer, now: Date.now, log: quiet }) };
    };
    const settings = { clientId: DT.clientId, clientSecret: DT.clientSecret, robotCode: DT.robotCode, mode: 'stream' as const, apiBase: fakeUrl, oapiBase: fakeUrl };
    type Side = 'bare' | 'receive' | 'bot';
    const order = (i: number): Side[] => (i % 2 === 0 ? ['bare', 'receive', 'bot'] : ['bot', 'receive', 'bare']);
    const rates = (): Record<Side, number[]> => ({ bare: [], receive: [], bot: [] });

    // ── Stream ──
    const bot = await startBot('stream', fakeUrl, dir);
    const rpStream = await receivePath('stream');
    await sleep(500);
    let run = 0;
    const push = async () => gw.call<{ elapsedMs: number; acked: number }>({ push: { n: N, concurrency: CONCURRENCY, run: ++run } });
    const streamRates = rates();
    const streamRun = async (side: Side) => {
      let close = () => {};
      if (side === 'bare') {
        const c = new BareClient(fakeUrl);
        await c.connect();
        close = () => c.disconnect();
      } else if (side === 'receive') {
        const conn = await startStream({ settings, receiver: rpStream.receiver, log: quiet });
        close = () => conn.close();
      }
      await sleep(200);
      const r = await push();
      close();
      if (side === 'bot') await drained(bot);
      else await sleep(300);
      if (r.acked !== N) {
        failed = true;
        log(`  stream ${side}: only ${r.acked}/${N} acked`);
      }
      return (r.acked / r.elapsedMs) * 1000;
    };
    for (const side of order(0)) await streamRun(side); // warm-up
    for (let i = 0; i < ROUNDS; i++) for (const side of order(i)) streamRates[side].push(await streamRun(side));
    await bot.stop();
    await rpStream.store.close();

    // ── HTTP ──
    const httpBot = await startBot('http', fakeUrl, dir);
    const rpHttp = await receivePath('http');
    const [route] = dingtalkRoutes(rpHttp.receiver);
    const rpServer = createServer((req, res) => void route!.handler(req, res));
    const bare = bareHttp();
    for (const srv of [bare, rpServer]) await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const origin: Record<Side, string> = {
      bare: `http://127.0.0.1:${(bare.address() as AddressInfo).port}`,
      receive: `http://127.0.0.1:${(rpServer.address() as AddressInfo).port}`,
      bot: `http://127.0.0.1:${httpBot.port}`,
    };
    const httpRates = rates();
    const httpRun = async (side: Side) => {
      const r = await load.call<LoadResult>({ origin: origin[side], payloads: httpPayloads(++run), concurrency: CONCURRENCY } satisfies LoadRun);
      if ((r.statuses['200'] ?? 0) !== N) {
        failed = true;
        log(`  http ${side}: statuses ${JSON.stringify(r.statuses)}`);
      }
      if (side === 'bot') await drained(httpBot);
      return (N / r.elapsedMs) * 1000;
    };
    for (const side of order(0)) await httpRun(side);
    for (let i = 0; i < ROUNDS; i++) for (const side of order(i)) httpRates[side].push(await httpRun(side));
    await httpBot.stop();
    await rpHttp.store.close();
    bare.close();
    rpServer.close();

    const line = (name: string, unit: string, r: Record<Side, number[]>) => {
      const [b, rp, full] = [median(r.bare), median(r.receive), median(r.bot)];
      const verdict = (x: number) => `${(x / b).toFixed(2)}× ${x / b >= GOAL ? 'met' : 'MISSED'}`;
      return `  ${name.padEnd(7)} bare ${fmt(b).padStart(6)} ${unit} | receive path (verify, inbox commit, ack) ${fmt(rp).padStart(6)} = ${verdict(rp)} | whole bot (and processing) ${fmt(full).padStart(6)} = ${verdict(full)}`;
    };
    log(`  goal: ≥ ${GOAL}× the bare rate; medians of ${ROUNDS} runs each`);
    log(line('Stream', 'frames/s', streamRates));
    log(line('HTTP', 'callbacks/s', httpRates));
  } finally {
    await gw.call('close').catch(() => undefined);
    await gw.stop();
    await load.stop();
    await rm(dir, { recursive: true, force: true });
  }
  if (failed) process.exitCode = 1;
}

await main();

/**
 * The Feishu bench's worker thread (feishu.ts): two fake Feishu platforms (test/fakes/fake-feishu.ts,
 * OpenAPI and long-connection gateway) — one the bare SDK client connects to, one the bot — and
 * the load generator, which pushes `im.message.receive_v1` events over a gateway with
 * `concurrency` in flight and times each ack. Kept off the main thread, so the client being
 * measured has the main event loop to itself. Started like wecom-worker.ts (tsx registered in a
 * data: URL entry).
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { FakeFeishu } from '../fakes/fake-feishu.js';
import { messageEvent } from '../adapters/feishu/feishu-fixtures.js';

export type Which = 'bare' | 'bot';
export type WorkerCall = { cmd: 'run'; which: Which; n: number; concurrency: number; users: string[]; texts: string[] } | { cmd: 'count'; which: Which } | { cmd: 'connected'; which: Which };
export interface RunResult {
  elapsedMs: number;
  acked: number;
  failed: number;
  latenciesMs: number[];
}

export function startFeishuWorker(data: { appId: string; appSecret: string }) {
  const code = `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))}; register(); await import(${JSON.stringify(import.meta.url)});`;
  const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`), { workerData: data });
  const next = () => new Promise<unknown>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', (m: unknown) => {
      worker.off('error', reject);
      resolve(m);
    });
  });
  const ready = next() as Promise<Record<Which, string>>;
  return {
    ready,
    async call<T>(message: WorkerCall): Promise<T> {
      const answer = next();
      worker.postMessage(message);
      return (await answer) as T;
    },
    stop: () => worker.terminate(),
  };
}

async function run(fake: FakeFeishu, c: Extract<WorkerCall, { cmd: 'run' }>): Promise<RunResult> {
  const latencies: number[] = [];
  let acked = 0;
  let failed = 0;
  let next = 0;
  const t0 = performance.now();
  const lane = async () => {
    while (next < c.n) {
      const i = next++;
      const ev = messageEvent(c.users[i % c.users.length]!, c.texts[Math.floor(i / c.users.length) % c.texts.length]!);
      const t = performance.now();
      const a = await fake.push(ev, { timeoutMs: 30_000 }).catch(() => undefined);
      latencies.push(performance.now() - t);
      if (a?.code === 200) acked++;
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: c.concurrency }, lane));
  return { elapsedMs: performance.now() - t0, acked, failed, latenciesMs: latencies };
}

if (!isMainThread) {
  const { appId, appSecret } = workerData as { appId: string; appSecret: string };
  const fakes: Record<Which, FakeFeishu> = { bare: await new FakeFeishu({ appId, appSecret }).start(), bot: await new FakeFeishu({ appId, appSecret }).start() };
  parentPort!.on('message', (m: WorkerCall) => {
    const fake = fakes[m.which];
    const answer = m.cmd === 'run' ? run(fake, m) : m.cmd === 'count' ? Promise.resolve(fake.messages.length) : fake.connected.then(() => true);
    void answer.then((v) => parentPort!.postMessage(v));
  });
  parentPort!.postMessage({ bare: fakes.bare.url, bot: fakes.bot.url });
}

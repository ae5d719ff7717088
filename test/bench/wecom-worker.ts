/**
 * The worker threads of the WeCom bench (wecom.ts), so that neither the load nor WeCom's side
 * runs on the event loop being measured:
 * - `load`: a keep-alive HTTP client on 127.0.0.1 that POSTs the given callbacks with a fixed
 *   number in flight and answers each run with its elapsed time, every latency and the statuses;
 * - `fake`: the fake qyapi (test/fakes/fake-wecom.ts) that the bot sends its replies to; it
 *   answers `count` with the number of message/send calls it accepted.
 *
 * `startWorker(role)` starts one. Worker threads do not inherit tsx's loader in Node 20, so the
 * worker's entry is a small ES module (a data: URL) that registers tsx and then imports this file.
 */
import { Agent, request } from 'node:http';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

export type WorkerRole = 'load' | 'fake';

/** One run of the load worker: POST every payload to `origin` + its path, `concurrency` at a time. */
export interface LoadRun {
  origin: string;
  payloads: Array<{ path: string; body: string }>;
  concurrency: number;
}

/** What a run measured; `latenciesMs[i]` is payload i's time from sending to the end of its answer. */
export interface LoadResult {
  elapsedMs: number;
  latenciesMs: Float64Array;
  statuses: Record<string, number>;
}

/** Starts a worker; `call(message)` sends one request and resolves with its answer (one at a time). */
export function startWorker(role: WorkerRole, data: Record<string, unknown> = {}) {
  const code = `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))}; register(); await import(${JSON.stringify(import.meta.url)});`;
  const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`), { workerData: { role, ...data } });
  let failed: Error | undefined;
  worker.on('error', (err) => {
    failed = err;
  });
  const next = () =>
    new Promise<unknown>((resolve, reject) => {
      if (failed) return reject(failed);
      const onError = (err: Error) => reject(err);
      worker.once('error', onError);
      worker.once('message', (m: unknown) => {
        worker.off('error', onError);
        resolve(m);
      });
    });
  const ready = next();
  return {
    ready,
    async call<T>(message: unknown): Promise<T> {
      const answer = next();
      worker.postMessage(message);
      return (await answer) as T;
    },
    stop: () => worker.terminate(),
  };
}

async function runLoad(run: LoadRun): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: run.concurrency });
  const n = run.payloads.length;
  const latenciesMs = new Float64Array(n);
  const statuses: Record<string, number> = {};
  const one = (i: number) =>
    new Promise<void>((resolve) => {
      const p = run.payloads[i]!;
      const t0 = performance.now();
      const finish = (status: string) => {
        latenciesMs[i] = performance.now() - t0;
        statuses[status] = (statuses[status] ?? 0) + 1;
        resolve();
      };
      const req = request(`${run.origin}${p.path}`, { method: 'POST', agent, headers: { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(p.body) } }, (res) => {
        res.resume();
        res.on('end', () => finish(String(res.statusCode)));
        res.on('error', () => finish('error'));
      });
      req.on('error', () => finish('error'));
      req.end(p.body);
    });
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: run.concurrency }, async () => {
      while (next < n) await one(next++);
    }),
  );
  const elapsedMs = performance.now() - started;
  agent.destroy();
  return { elapsedMs, latenciesMs, statuses };
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  const { role, corpId, secret } = workerData as { role: WorkerRole; corpId?: string; secret?: string };
  if (role === 'load') {
    port.postMessage('ready');
    port.on('message', (run: LoadRun) => {
      void runLoad(run).then((r) => port.postMessage(r, [r.latenciesMs.buffer as ArrayBuffer]));
    });
  } else {
    const { startFakeWecom } = await import('../fakes/fake-wecom.js');
    const fake = await startFakeWecom({ corpId: corpId!, secret: secret! });
    port.postMessage(fake.url);
    port.on('message', (m: string) => {
      if (m === 'count') port.postMessage(fake.sent.length);
      // What arrived, when (processing.ts measures arrival-to-reply from it).
      else if (m === 'sent') port.postMessage(fake.sent.map((c) => ({ at: c.at, to: String(c.body.touser), text: JSON.stringify(c.body.text ?? c.body.template_card ?? c.body.markdown ?? '') })));
      else if (m === 'close') void fake.close().then(() => port.postMessage('closed'));
    });
  }
}

/**
 * Server mode with processing in its own thread (issue 9; the default on the system clock with a
 * SQLite file or PostgreSQL, see `ServeOptions.processing`). This thread — the receive thread —
 * keeps the HTTP server (`/healthz`, `/metrics`, the dashboard, the platform receivers, the
 * customer endpoint) and the platforms' connections, and does only what a platform waits for:
 * verify, decode, seal, commit to the inbox, acknowledge. The processing thread
 * (processing-thread.ts) does the rest on its own event loop and its own connection.
 *
 * The inbox commit: on SQLite a small thread of its own seals and hashes each group and commits it
 * into the inbox's staging file (its own write lock: no processing transaction stands in its way),
 * from which the processing thread moves it into `inbox` (src/infra/inbox/sqlite-commit-thread.ts,
 * inbox-staging.ts); on PostgreSQL this thread's own pool, straight into `inbox`. After each commit the
 * processing thread is woken by a message (and it polls every second as well). Nothing is
 * acknowledged before its commit; nothing acknowledged waits in memory.
 *
 * `/healthz` is truthful about the other thread: the scheduler is alive only while the thread
 * reports every second and its scheduler ticks. If the thread dies the check fails at once,
 * the receivers refuse (the platforms deliver again later, to this or another replica) and the
 * process stops and exits with code 70, for its supervisor to restart it (`onProcessingDeath:
 * 'stay'` keeps it up, for tests). Whatever it had claimed is taken over from the database.
 *
 * `stop()`: the org watch, the receivers (later requests are refused), the HTTP server, the inbox
 * writer's last group, the processing thread (its scheduler, inbox worker — the event in progress
 * finishes —, dispatcher, heartbeat, connection), then this thread's connection. Each step has
 * the deadline of `stopStepMs`; a processing thread that does not stop in time is terminated.
 */
import type { Worker } from 'node:worker_threads';
import { ConfigError } from '../config/config-error.js';
import type { LoadedConfig } from '../config/load-config.js';
import { SystemClock } from '../infra/clock.js';
import { createInboxCrypto } from '../infra/crypto/inbox-crypto.js';
import { createStore } from '../infra/db/create-store.js';
import { parseDatabaseUrl } from '../infra/db/database-url.js';
import type { HealthSources, PlatformState } from '../infra/http/health.js';
import { createMetrics } from '../infra/http/metrics.js';
import { createHttpServer } from '../infra/http/server.js';
import { createInboxWriter, dedupeHashOf } from '../infra/inbox/inbox-writer.js';
import type { InboxWorker } from '../infra/inbox/inbox-worker.js';
import { COMMIT_THREAD_MODULE, startSqliteCommitThread } from '../infra/inbox/sqlite-commit-thread.js';
import type { Scheduler } from '../infra/scheduler/scheduler.js';
import { startThread, siblingModule, threadModuleExists } from '../infra/thread.js';
import { PLATFORM_MODULES } from '../platforms.js';
import { dashboardConfig, mountDashboard } from '../web/mount.js';
import { customerFeedbackRoute, inboxOutcomes } from './customer-route.js';
import { startOrgReload } from './org-reload.js';
import { startPlatforms } from './platforms.js';
import type { FromProcessing, ProcessingThreadData, ToProcessing } from './processing-thread.js';
import { STATE_EVERY_MS } from './processing-thread.js';
import { reloadTriggers, serverDeps, stopStep, type Served, type ServeOptions } from './serve.js';

/** The processing thread's module. */
const PROCESSING_THREAD_MODULE = siblingModule(import.meta.url, 'processing-thread');

/**
 * Whether the threads' modules can be started here: a bundled build that has no separate entry
 * for them (bin/start.mjs must list `src/server/processing-thread.ts` and
 * `src/infra/inbox/sqlite-commit-thread.ts` beside the caller) runs inline instead.
 */
export function threadsAvailable(): boolean {
  return threadModuleExists(PROCESSING_THREAD_MODULE) && threadModuleExists(COMMIT_THREAD_MODULE);
}

/** The processing thread's young generation: V8's default on 64-bit (3 × 16 MB semi-spaces). */
const PROCESSING_YOUNG_GENERATION_MB = 48;

/** The processing thread is called dead after this long without a state report. */
const SILENT_MS = 10 * STATE_EVERY_MS;
/** Exit code of a process whose processing thread died (EX_SOFTWARE): its supervisor restarts it. */
export const PROCESSING_DIED_EXIT = 70;

export async function serveThreaded(config: LoadedConfig, opts: ServeOptions): Promise<Served> {
  const { log } = opts;
  const url = config.env.databaseUrl;
  const target = parseDatabaseUrl(url);
  if (target.dialect === 'sqlite' && target.path === ':memory:') throw new ConfigError('environment', [{ entry: 'DATABASE_URL', field: '', message: 'sqlite::memory: cannot be shared with the processing thread' }]);
  // The processing thread: started first, so its modules load meanwhile; it runs once told the port.
  const data: ProcessingThreadData = {
    role: 'shoudao-processing',
    config,
    logLevel: log.level,
    port: 0,
    inbox: {
      ...(opts.inbox?.leaseMs !== undefined ? { leaseMs: opts.inbox.leaseMs } : {}),
      ...(opts.inbox?.maxAttempts !== undefined ? { maxAttempts: opts.inbox.maxAttempts } : {}),
      ...(opts.inbox?.idleMs !== undefined ? { idleMs: opts.inbox.idleMs } : {}),
    },
    ...(opts.rateLimits === false ? { rateLimits: false as const } : {}),
    stopStepMs: opts.stopStepMs ?? 10_000,
  };
  // The processing thread keeps V8's default young generation (16 MB semi-spaces) whatever the
  // process's flags: `npm start` gives the receive thread 2 MB ones, which is most of the idle RSS
  // saved (issue 14), while processing allocates a lot per event and is measured by throughput.
  const started = startThread(PROCESSING_THREAD_MODULE, data, { youngGenerationMb: PROCESSING_YOUNG_GENERATION_MB });
  try {
    return await serveWith(started, config, opts);
  } catch (err) {
    await started.terminate();
    throw err;
  }
}

/** The receive thread's part, with the processing thread `started` (waiting for its port). */
async function serveWith(started: Worker, config: LoadedConfig, opts: ServeOptions): Promise<Served> {
  const { log } = opts;
  const url = config.env.databaseUrl;
  const target = parseDatabaseUrl(url);
  // This thread's connection migrates the schema first; the processing thread opens its own after.
  const store = await createStore(url);
  const clock = new SystemClock();
  const deps = serverDeps(config, store, clock);
  const metrics = createMetrics({ store, log });
  const health: HealthSources = { store };
  const http = createHttpServer({ health, metrics, log });
  mountDashboard(http, deps, deps.dashboard ?? dashboardConfig(config.env));
  const crypto = createInboxCrypto(config.env.secret ?? 'no-secret:customer-endpoint-closed');
  const commits = target.dialect === 'sqlite' ? startSqliteCommitThread(target.path, config.env.secret ?? 'no-secret:customer-endpoint-closed') : undefined;

  // The processing thread, once started: its state as last reported, and calls waiting for an answer.
  let thread: Worker | undefined;
  let dead = false;
  let lastReport = 0;
  let state: Extract<FromProcessing, { t: 'state' }> = { t: 'state', schedulerAlive: false, sends: {} };
  let calls = 0;
  const waiting = new Map<number, () => void>();
  const send = (m: ToProcessing) => {
    if (thread && !dead) thread.postMessage(m);
  };
  const call = (t: 'idle' | 'tickNow') =>
    new Promise<void>((resolve) => {
      if (!thread || dead) return resolve();
      const id = ++calls;
      waiting.set(id, resolve);
      send({ t, id });
    });
  const alive = () => !dead && thread !== undefined && Date.now() - lastReport < SILENT_MS;

  const writer = createInboxWriter({
    store,
    crypto,
    clock,
    onStored: () => send({ t: 'wake' }),
    ...(commits ? { commit: (entries) => commits.commit(entries) } : {}),
  });
  const wired = await startPlatforms({
    env: config.env.platforms,
    deps,
    inbox: writer,
    http,
    metrics,
    log,
    hideKey: (id) => crypto.hash(`bucket\u0001${id}`),
    dispatch: false,
    sendState: (p): PlatformState | undefined => state.sends[p],
  });
  const worker: InboxWorker = { wake: () => send({ t: 'wake' }), idle: () => call('idle'), stop: async () => undefined };
  http.addRoute('POST', '/feedback/customer', customerFeedbackRoute(writer, inboxOutcomes(store, (k) => dedupeHashOf(crypto, 'customer', k), () => worker.wake()), config.env.secret));
  health.platforms = () => Object.fromEntries(PLATFORM_MODULES.map((m) => [m.platform, wired.platformState(m.platform)]));
  const scheduler: Scheduler = {
    alive: () => alive() && state.schedulerAlive,
    get lastTick() {
      return state.lastTick;
    },
    tickNow: () => call('tickNow'),
    stop: async () => undefined,
  };
  health.scheduler = scheduler;

  const step = stopStep(log, opts.stopStepMs ?? 10_000);
  const closeSink = async () => commits?.close();
  // A fixed port: the processing thread starts first and the server listens once it is ready, so
  // anything that answers on the port is fully started (a SIGTERM then stops it gracefully). Port
  // 0 (any free port): listen first, the thread needs the port for its links.
  const wanted = opts.port ?? config.env.port;
  let port = wanted;
  const listen = async () => {
    try {
      port = await http.listen(wanted);
      if (!config.env.publicUrl) deps.dashboard.publicUrl = `http://localhost:${port}`;
    } catch (err) {
      await stop();
      throw err;
    }
  };

  // Reloads: SIGHUP and the watch here, the directory sync there; each side passes its own on.
  let fromThread = false;
  const orgReload = startOrgReload({
    path: config.orgPath,
    deps,
    log,
    ...reloadTriggers(opts),
    onSwap: () => {
      if (!fromThread) send({ t: 'org' });
    },
  });

  let stopping: Promise<void> | undefined;
  let threadStopped: Promise<void> = Promise.resolve();
  const stopThread = () => {
    if (!thread || dead) return threadStopped;
    send({ t: 'stop' });
    return threadStopped;
  };
  const stop = () => {
    stopping ??= (async () => {
      orgReload.stop();
      await step('platforms', () => wired.stop());
      await step('http', () => http.close());
      await step('inbox', () => writer.flushed().then(closeSink));
      await step('processing', stopThread);
      if (thread && !dead) await thread.terminate();
      await step('store', () => store.close());
      log.info('stopped');
    })();
    return stopping;
  };

  if (wanted === 0) await listen();
  else if (!config.env.publicUrl) deps.dashboard.publicUrl = `http://localhost:${wanted}`;
  started.postMessage({ port });
  thread = started;
  let ready: (err?: Error) => void = () => undefined;
  const readyNow = new Promise<void>((resolve, reject) => {
    ready = (err) => (err ? reject(err) : resolve());
  });
  let gone: () => void = () => undefined;
  threadStopped = new Promise<void>((resolve) => (gone = resolve));
  let failure: Error | undefined;
  started.on('message', (m: FromProcessing) => {
    switch (m.t) {
      case 'ready':
        lastReport = Date.now();
        ready();
        break;
      case 'state':
        state = m;
        lastReport = Date.now();
        break;
      case 'send':
        metrics.recordSend(m.platform, m.result);
        break;
      case 'sweep':
        metrics.sweepDone(m.seconds, m.result);
        break;
      case 'done':
        waiting.get(m.id)?.();
        waiting.delete(m.id);
        break;
      case 'org':
        fromThread = true;
        void orgReload.reload('processing thread').finally(() => (fromThread = false));
        break;
      case 'stopped':
        gone();
        break;
    }
  });
  started.on('error', (err) => {
    failure = err;
    log.error({ err: err.message }, 'processing thread failed');
  });
  started.on('exit', (code) => {
    dead = true;
    gone();
    for (const w of waiting.values()) w();
    waiting.clear();
    const error = failure ?? new Error(`processing thread exited with code ${code}`);
    ready(error);
    if (stopping) return;
    // Not asked to stop: this instance cannot process any more. Fail /healthz, refuse, and exit.
    log.error({ code, err: error.message }, 'processing thread died; stopping the server');
    if (opts.onProcessingDeath === 'stay') return;
    void stop().finally(() => process.exit(PROCESSING_DIED_EXIT));
  });
  try {
    await readyNow;
  } catch (err) {
    await stop();
    throw err;
  }
  if (wanted !== 0) await listen();

  return {
    deps,
    http,
    scheduler,
    metrics,
    platforms: {
      adapters: wired.adapters,
      dispatcher: { dispatchOnce: async () => send({ t: 'dispatch' }) },
      wake: () => send({ t: 'dispatch' }),
      platformState: wired.platformState,
      tick: async () => undefined,
      stop: () => wired.stop(),
    },
    orgReload,
    inbox: { worker, flushed: () => writer.flushed() },
    port,
    async idle() {
      await writer.flushed();
      await call('idle');
    },
    stop,
  };
}

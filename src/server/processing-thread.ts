/**
 * The processing thread of server mode (issue 9): the inbox worker, the outbox dispatcher, the
 * scheduler with its housekeeping, the heartbeat and the org reload's hand-over, on their own
 * event loop and their own database connection — so the receive thread (serve-threaded.ts) only
 * verifies, seals, commits to the inbox and acknowledges, and no processing or delivery
 * transaction ever stands between a platform's request and its 200.
 *
 * Everything here is what `serve()` runs inline, built by the same functions (serve.ts), with
 * three differences: the adapters are created for decoding, rendering and sending only (their
 * receivers and connections live in the receive thread); on SQLite the receive side commits into
 * the inbox's staging file and this thread moves each group into `inbox` before working it
 * (src/infra/inbox/inbox-staging.ts); and the connection begins its transactions IMMEDIATE (the
 * receive thread has a connection of its own to the same file).
 * Every guarantee is the database's, as before: an event's effects commit with its inbox row's
 * `done`, a killed process leaves leases that the next owner takes over, a sender's events run
 * in order across threads and replicas alike.
 *
 * The receive thread talks to it by messages (`ToProcessing`): a wake after each inbox commit
 * (it also polls, every second, as before), `idle`, `tickNow`, an org reload, `stop`. It answers
 * with `FromProcessing`: `ready`, a state report every second (`/healthz`: the scheduler, the
 * platforms' send states), metric samples, and `stopped`.
 */
import { isMainThread, parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { SweepResult } from '../app/sweep.js';
import type { AcceptResult, Inbox } from '../chat/adapter-contract.js';
import type { LoadedConfig } from '../config/load-config.js';
import { SystemClock } from '../infra/clock.js';
import { createInboxCrypto } from '../infra/crypto/inbox-crypto.js';
import { createStore } from '../infra/db/create-store.js';
import { parseDatabaseUrl } from '../infra/db/database-url.js';
import { startStagingMover } from '../infra/inbox/inbox-staging.js';
import type { PlatformState } from '../infra/http/health.js';
import { createLogger } from '../infra/log.js';
import { startHeartbeat } from './heartbeat.js';
import { createServerInbox } from './inbox.js';
import { startOrgReload } from './org-reload.js';
import { startPlatforms } from './platforms.js';
import { handOver, serverDeps, startServerScheduler, stopStep } from './serve.js';

/** What the thread is started with (structured-cloned). */
export interface ProcessingThreadData {
  role: 'shoudao-processing';
  config: LoadedConfig;
  logLevel: string;
  /** The HTTP port, for links when no public URL is configured (sent in the first message). */
  port: number;
  inbox: { leaseMs?: number; maxAttempts?: number; idleMs?: number };
  rateLimits?: false;
  stopStepMs: number;
}

/** Receive thread → processing thread. */
export type ToProcessing =
  | { t: 'wake' }
  | { t: 'dispatch' }
  | { t: 'org' }
  | { t: 'idle' | 'tickNow'; id: number }
  | { t: 'stop' };

/** Processing thread → receive thread. */
export type FromProcessing =
  | { t: 'ready'; instance: string }
  | { t: 'state'; schedulerAlive: boolean; lastTick?: number; sends: Record<string, PlatformState> }
  | { t: 'send'; platform: string; result: string }
  | { t: 'sweep'; seconds: number; result: SweepResult }
  | { t: 'done'; id: number }
  | { t: 'org' }
  | { t: 'stopped' };

/** How often the thread reports its state (the receive thread calls it dead after a few missed). */
export const STATE_EVERY_MS = 1_000;

/** The adapters here never receive: anything that tries to commit is refused (the platform retries). */
const noInbox: Inbox = {
  accept: (): Promise<AcceptResult> => Promise.reject(new Error('the processing thread does not receive')),
};

async function run(port: MessagePort, data: ProcessingThreadData): Promise<void> {
  const { config } = data;
  const post = (m: FromProcessing) => port.postMessage(m);
  const log = createLogger({ level: data.logLevel as 'info' });
  const store = await createStore(config.env.databaseUrl, { sqlite: { immediate: true } });
  const clock = new SystemClock();
  const deps = serverDeps(config, store, clock);
  if (!config.env.publicUrl) deps.dashboard.publicUrl = `http://localhost:${data.port}`;
  const heartbeat = await startHeartbeat(store, clock, log);
  const crypto = createInboxCrypto(config.env.secret ?? 'no-secret:customer-endpoint-closed');
  const sends: Record<string, PlatformState> = {};
  const observer = {
    recordSend: (platform: string, result: string) => post({ t: 'send', platform, result }),
    sweepDone: (seconds: number, result: SweepResult) => post({ t: 'sweep', seconds, result }),
  };
  const wired = await startPlatforms({
    env: config.env.platforms,
    deps,
    inbox: noInbox,
    http: { addRoute: () => undefined },
    metrics: observer,
    log,
    hideKey: (id) => crypto.hash(`bucket\u0001${id}`),
    instance: heartbeat.instance,
    receive: false,
    onSendState: (platform, state) => {
      sends[platform] = state;
    },
    ...(data.rateLimits === false ? { rateLimits: false as const } : {}),
  });
  const inbox = createServerInbox(deps, crypto, log, { ...data.inbox, instance: heartbeat.instance, urgentLane: true });
  const worker = inbox.start(wired.adapters, () => wired.wake());
  // SQLite: what the receive side staged is moved into the inbox here (inbox-staging.ts), then worked.
  const target = parseDatabaseUrl(config.env.databaseUrl);
  const mover = target.dialect === 'sqlite' ? startStagingMover({ dbPath: target.path, store, moved: () => worker.wake(), log }) : undefined;
  const wake = () => (mover ? mover.wake() : worker.wake());
  // Reloads come from the receive thread (SIGHUP, the file watch) or from the directory sync here;
  // the hand-over runs here only, and a reload started here is passed on.
  let fromPeer = false;
  const swap = handOver(deps, log, () => wired.wake());
  const orgReload = startOrgReload({
    path: config.orgPath,
    deps,
    log,
    onSwap: async (previous, next) => {
      await swap(previous, next);
      if (!fromPeer) post({ t: 'org' });
    },
  });
  const scheduler = startServerScheduler(config, deps, wired, orgReload, log, observer);
  const report = () => post({ t: 'state', schedulerAlive: scheduler.alive(), ...(scheduler.lastTick !== undefined ? { lastTick: scheduler.lastTick } : {}), sends: { ...sends } });
  const reporting = setInterval(report, STATE_EVERY_MS);
  report();

  const step = stopStep(log, data.stopStepMs);
  let stopping: Promise<void> | undefined;
  port.on('message', (m: ToProcessing) => {
    switch (m.t) {
      case 'wake':
        wake();
        break;
      case 'dispatch':
        wired.wake();
        break;
      case 'org':
        fromPeer = true;
        void orgReload.reload('receive thread').finally(() => (fromPeer = false));
        break;
      case 'idle':
        void (async () => {
          await mover?.drained();
          await worker.idle();
          post({ t: 'done', id: m.id });
        })();
        break;
      case 'tickNow':
        void scheduler.tickNow().then(() => post({ t: 'done', id: m.id }));
        break;
      case 'stop':
        stopping ??= (async () => {
          clearInterval(reporting);
          orgReload.stop();
          await step('scheduler', () => scheduler.stop());
          if (mover) await step('staging', () => mover.stop());
          await step('inbox', () => worker.stop());
          await step('platforms', () => wired.stop());
          await step('heartbeat', () => heartbeat.stop());
          await step('store', () => store.close());
          post({ t: 'stopped' });
          port.close();
        })();
        break;
    }
  });
  post({ t: 'ready', instance: heartbeat.instance });
}

if (!isMainThread && parentPort && (workerData as { role?: string } | undefined)?.role === 'shoudao-processing') {
  const port = parentPort;
  // Started early, so its modules load while the receive thread sets up; it runs once told the
  // port (the schema is migrated by then). A failure to start ends the thread with its error
  // (the receive thread reports it and stops).
  const start = await new Promise<{ port: number }>((resolve) => port.once('message', resolve));
  await run(port, { ...(workerData as ProcessingThreadData), port: start.port });
}

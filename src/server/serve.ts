/**
 * Server mode (`npm start` with a chat platform configured, or `SHOUDAO_SERVE=1`): the store, the
 * HTTP server on `PORT` (`/healthz`, `/metrics`, the platform receivers, `/feedback/customer`),
 * the durable inbox (its writer for the receivers, its worker for processing), the configured
 * platforms with the outbox dispatcher (platforms.ts), and the scheduler with its catch-up tick.
 *
 * `stop()` ends them in reverse: the scheduler, the receivers (later requests are refused, so the
 * platforms retry them), the HTTP server, the inbox worker (the event in progress finishes; a cut
 * one is processed again by whoever comes next), the dispatch loop, then the store. Every step has
 * a deadline (`stopStepMs`, default 10 s): a step that hangs — a platform that never answers, a
 * log that nobody reads — is logged and skipped, so a stop always ends.
 *
 * A chat platform needs `SHOUDAO_SECRET`: inbound payloads hold sender ids (and a sender may be
 * anonymous), so the inbox seals them with a key derived from it; without it server mode refuses
 * to start rather than store them in the clear (a `ConfigError`, exit 2).
 */
import { buildDeps } from '../app/build-deps.js';
import { handOverDirectoryChanges } from '../app/hand-over.js';
import type { AppDeps } from '../app/deps.js';
import type { Clock, Store } from '../app/ports.js';
import { ConfigError } from '../config/config-error.js';
import type { LoadedConfig } from '../config/load-config.js';
import type { Org } from '../domain/org.js';
import { SystemClock } from '../infra/clock.js';
import { sealerFor } from '../infra/crypto/aes-sealer.js';
import { createInboxCrypto } from '../infra/crypto/inbox-crypto.js';
import { createStore } from '../infra/db/create-store.js';
import { parseDatabaseUrl } from '../infra/db/database-url.js';
import { moveStaged } from '../infra/inbox/inbox-staging.js';
import type { HealthSources } from '../infra/http/health.js';
import { createMetrics, type Metrics } from '../infra/http/metrics.js';
import { createHttpServer, type HttpServer } from '../infra/http/server.js';
import { dedupeHashOf } from '../infra/inbox/inbox-writer.js';
import type { InboxWorker } from '../infra/inbox/inbox-worker.js';
import type { Log } from '../infra/log.js';
import { xlsxSpreadsheets } from '../infra/report/form-xlsx.js';
import { createReportFiles } from '../infra/report/report-files.js';
import { periodicJobs } from '../infra/scheduler/jobs.js';
import { startScheduler, type Scheduler } from '../infra/scheduler/scheduler.js';
import { PLATFORM_MODULES } from '../platforms.js';
import { customerFeedbackRoute, inboxOutcomes } from './customer-route.js';
import { startHeartbeat } from './heartbeat.js';
import { directorySyncJob } from './directory-sync-job.js';
import { startOrgReload, type OrgReloader, type OrgReloadOptions } from './org-reload.js';
import type { TickObserver } from '../infra/scheduler/tick.js';
import { createServerInbox, type InboxTuning } from './inbox.js';
import { startPlatforms, type WiredPlatforms } from './platforms.js';
import { dashboardConfig, mountDashboard } from '../web/mount.js';

/** What triggers an org reload in server mode, from the serve options (both processing modes). */
export function reloadTriggers(opts: ServeOptions): Pick<OrgReloadOptions, 'signal' | 'watch' | 'watchDebounceMs'> {
  return {
    signal: opts.orgReload?.signal ? 'SIGHUP' : false,
    watch: opts.orgReload?.watch ?? false,
    ...(opts.orgReload?.watchDebounceMs !== undefined ? { watchDebounceMs: opts.orgReload.watchDebounceMs } : {}),
  };
}

/** How long processed inbox rows keep their dedupe key: longer than any platform redelivers (Feishu: hours). */
export const INBOX_RETENTION_MS = 48 * 3_600_000;
/** Parked inbox rows are kept this long for an administrator to look at. */
export const PARKED_RETENTION_MS = 30 * 24 * 3_600_000;
/** An instance row not beating for this long is removed (src/server/heartbeat.ts; leases end long before). */
export const INSTANCE_RETENTION_MS = 24 * 3_600_000;

/** What server mode is built from, besides the loaded configuration. */
export interface ServeOptions {
  log: Log;
  /** Default: the system clock. */
  clock?: Clock;
  /** Overrides `PORT` (tests pass 0 for any free port). */
  port?: number;
  /** Inbox timings (tests). */
  inbox?: InboxTuning;
  /** The deadline of each step of `stop()` (default 10 s). */
  stopStepMs?: number;
  /** `false` turns the platforms' rate limits off (tests whose virtual clock stands still). */
  rateLimits?: false;
  /** Reload the org file on SIGHUP (`signal`) and on a change of the file (`watch`, ORG_WATCH=1); both off by default. */
  orgReload?: { signal?: boolean; watch?: boolean; watchDebounceMs?: number };
  /**
   * Where the inbox worker, the dispatcher and the scheduler run: `thread` — a worker thread with
   * its own database connection, the receivers alone on this event loop (serve-threaded.ts; the
   * default on the system clock with a SQLite file or PostgreSQL) — or `inline`, on this event
   * loop (the default with an injected clock; `SHOUDAO_PROCESSING_THREAD=0` too).
   */
  processing?: 'thread' | 'inline';
  /** Thread mode: what to do when the processing thread dies — `exit` the process (default) or `stay` (tests). */
  onProcessingDeath?: 'exit' | 'stay';
}

/** A running server-mode process. */
export interface Served {
  deps: AppDeps;
  http: HttpServer;
  scheduler: Scheduler;
  metrics: Metrics;
  platforms: WiredPlatforms;
  /** Reloads the org file into `deps.org` (src/server/org-reload.ts). */
  orgReload: OrgReloader;
  inbox: { worker: InboxWorker; flushed(): Promise<void> };
  port: number;
  /** Resolves once every event committed so far is processed and the outbox loop is woken (tests). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts server mode; see the module comment. */
export async function serve(config: LoadedConfig, opts: ServeOptions): Promise<Served> {
  const { log } = opts;
  const platformsConfigured = Object.keys(config.env.platforms).length > 0;
  const secret = config.env.secret;
  if (platformsConfigured && !secret) {
    throw new ConfigError('environment', [{
      entry: 'SHOUDAO_SECRET',
      field: '',
      message:
        '已配置聊天平台,但未设置 SHOUDAO_SECRET:收到的消息含发送人账号(可能是匿名反馈人),须以它派生的密钥加密保存。请设置至少 16 个字符的随机值(如 openssl rand -base64 32)— a chat platform is configured but SHOUDAO_SECRET is not: inbound messages hold sender ids (possibly anonymous senders) and are sealed with a key derived from it; set a random value of at least 16 characters',
    }]);
  }
  if (processingThreadWanted(config, opts)) {
    const threaded = await import('./serve-threaded.js');
    if (threaded.threadsAvailable()) return threaded.serveThreaded(config, opts);
    log.warn('processing thread modules not found beside this build; processing runs inline');
  }
  const store = await createStore(config.env.databaseUrl);
  // Events a thread-mode run acknowledged into the inbox's staging file go into the inbox first.
  const target = parseDatabaseUrl(config.env.databaseUrl);
  if (target.dialect === 'sqlite' && target.path !== ':memory:') await moveStaged(target.path, store);
  const clock = opts.clock ?? new SystemClock();
  const deps = serverDeps(config, store, clock);
  const metrics = createMetrics({ store, log });
  const heartbeat = await startHeartbeat(store, clock, log);
  const health: HealthSources = { store };
  const http = createHttpServer({ health, metrics, log });
  mountDashboard(http, deps, deps.dashboard); // 看板 at / (src/web)
  // Without a secret (server mode with no chat platform) the inbox still works for nothing: the
  // customer endpoint answers 503 then, and no platform can be configured (checked above).
  const crypto = createInboxCrypto(secret ?? 'no-secret:customer-endpoint-closed');
  const inbox = createServerInbox(deps, crypto, log, { ...opts.inbox, instance: heartbeat.instance });
  const wired = await startPlatforms({ env: config.env.platforms, deps, inbox: inbox.writer, http, metrics, log, hideKey: (id) => crypto.hash(`bucket\u0001${id}`), instance: heartbeat.instance, ...(opts.rateLimits === false ? { rateLimits: false as const } : {}) });
  const worker = inbox.start(wired.adapters, () => wired.wake());
  http.addRoute('POST', '/feedback/customer', customerFeedbackRoute(inbox.writer, inboxOutcomes(store, (k) => dedupeHashOf(crypto, 'customer', k), () => worker.wake()), secret));
  health.platforms = () => Object.fromEntries(PLATFORM_MODULES.map((m) => [m.platform, wired.platformState(m.platform)]));

  const step = stopStep(log, opts.stopStepMs ?? 10_000);

  let port: number;
  try {
    port = await http.listen(opts.port ?? config.env.port);
    if (!config.env.publicUrl) deps.dashboard.publicUrl = `http://localhost:${port}`;
  } catch (err) {
    await step('worker', () => worker.stop());
    await step('platforms', () => wired.stop());
    await step('heartbeat', () => heartbeat.stop());
    await step('store', () => store.close());
    throw err;
  }
  const orgReload = startOrgReload({
    path: config.orgPath,
    deps,
    log,
    ...reloadTriggers(opts),
    onSwap: handOver(deps, log, () => wired.wake()),
  });
  const running = startServerScheduler(config, deps, wired, orgReload, log, metrics);
  health.scheduler = running;
  let stopping: Promise<void> | undefined;
  return {
    deps,
    http,
    scheduler: running,
    metrics,
    platforms: wired,
    orgReload,
    inbox: { worker, flushed: () => inbox.writer.flushed() },
    port,
    async idle() {
      await inbox.writer.flushed();
      await worker.idle();
    },
    stop() {
      stopping ??= (async () => {
        orgReload.stop();
        await step('scheduler', () => running.stop());
        await step('platforms', () => wired.stop());
        await step('http', () => http.close());
        await step('inbox', () => inbox.writer.flushed().then(() => worker.stop()));
        await step('heartbeat', () => heartbeat.stop());
        await step('store', () => store.close());
        log.info('stopped');
      })();
      return stopping;
    },
  };
}

/**
 * Whether processing runs in its own thread (src/server/serve-threaded.ts): on the system clock
 * with a database another connection can open (a SQLite file or PostgreSQL), unless
 * `processing: 'inline'` or `SHOUDAO_PROCESSING_THREAD=0`. Tests on a virtual clock run inline:
 * a clock cannot cross threads.
 */
function processingThreadWanted(config: LoadedConfig, opts: ServeOptions): boolean {
  if (opts.processing === 'inline' || opts.clock !== undefined || opts.inbox?.retryDelayMs !== undefined) return false;
  if (opts.processing === 'thread') return true;
  if (process.env['SHOUDAO_PROCESSING_THREAD'] === '0') return false;
  return config.env.databaseUrl !== 'sqlite::memory:';
}

/** The app's dependencies in server mode, on `store`. */
export function serverDeps(config: LoadedConfig, store: Store, clock: Clock) {
  const deps = {
    ...buildDeps(store, clock, config.org, config.policy, sealerFor(config.env.secret)),
    // The monthly assessment's XLSX and CSV go to data/reports/ (relative to the working directory).
    // A getter: the files name people from the running directory, which SIGHUP may reload.
    reportFiles: createReportFiles({
      get org(): Org {
        return deps.org;
      },
      timezone: config.policy.timezone,
      // The built server (`npm start`) writes it in a thread that ends with it; under tsx (tests,
      // the console) inline, where a thread would start a TypeScript loader of its own.
      xlsxThread: import.meta.url.endsWith('.js'),
    }),
    dashboard: dashboardConfig(config.env),
    spreadsheets: xlsxSpreadsheets,
  };
  return deps;
}

/** Each step of a stop, with its deadline: a step that hangs or fails is logged and skipped. */
export function stopStep(log: Log, stopStepMs: number) {
  return async (name: string, work: () => Promise<unknown>): Promise<void> => {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), stopStepMs);
      timer.unref();
    });
    try {
      if ((await Promise.race([work().then(() => 'done' as const), deadline])) === 'late') log.warn({ step: name, ms: stopStepMs }, 'stop: step did not finish in time; going on');
    } catch (err) {
      log.warn({ step: name, err: err instanceof Error ? err.message : String(err) }, 'stop: step failed; going on');
    } finally {
      clearTimeout(timer);
    }
  };
}

/** After an org reload: people who left or moved hand their open duties and forms over (issue 12 §4). */
export function handOver(deps: AppDeps, log: Log, wake: () => void) {
  return async (previous: Org, next: Org): Promise<void> => {
    const done = await handOverDirectoryChanges(deps, previous, next);
    const moved = done.reduce((n, d) => n + d.moved, 0);
    if (done.length > 0) log.info({ handovers: done.length, moved }, 'org reload: open work handed over');
    if (moved > 0) wake();
  };
}

/** The scheduler with the periodic jobs, the directory sync and the housekeeping after each tick. */
export function startServerScheduler(config: LoadedConfig, deps: AppDeps, wired: WiredPlatforms, orgReload: OrgReloader, log: Log, observer: TickObserver): Scheduler {
  const { store } = deps;
  const maintenance = async (now: number) => {
    await store.transaction(async (tx) => {
      await tx.inbox.purge(now - INBOX_RETENTION_MS, now - PARKED_RETENTION_MS);
      await tx.rateBuckets.prune(now);
      // A killed instance's row stays for a day (its claims' leases end within minutes), then goes.
      await tx.instances.prune(INSTANCE_RETENTION_MS);
    });
    await wired.tick(now);
  };
  const syncJob = directorySyncJob(config, orgReload);
  return startScheduler({ deps, clock: deps.clock, jobs: [...periodicJobs(deps), ...(syncJob ? [syncJob] : [])], log, observer, maintenance, ...(wired.dispatcher ? { dispatcher: wired.dispatcher } : {}) });
}

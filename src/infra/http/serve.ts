/**
 * Server mode (`npm start` with a chat platform configured, or `SHOUDAO_SERVE=1`): the store, the
 * HTTP server on `PORT` (`/healthz`, `/metrics`, and the platform callbacks adapters mount), the
 * configured platforms with the outbox dispatcher (platforms.ts), and the scheduler with its
 * catch-up tick. No console. `stop()` ends them in reverse: the timers, the HTTP server (no new
 * callbacks), the platforms (the dispatch loop finishes its pass), then the store.
 */
import { buildDeps } from '../../app/build-deps.js';
import { createReportFiles } from '../report/report-files.js';
import type { AppDeps } from '../../app/deps.js';
import type { Clock } from '../../app/ports.js';
import type { LoadedConfig } from '../../config/load-config.js';
import { SystemClock } from '../clock.js';
import { sealerFor } from '../crypto/aes-sealer.js';
import { createStore } from '../db/create-store.js';
import type { Log } from '../log.js';
import { periodicJobs } from '../scheduler/jobs.js';
import { startScheduler, type Scheduler } from '../scheduler/scheduler.js';
import type { HealthSources } from './health.js';
import { createMetrics, type Metrics } from './metrics.js';
import { wirePlatforms, type WiredPlatforms } from './platforms.js';
import { createHttpServer, type HttpServer } from './server.js';

/** The platforms the contract knows, as `/healthz` lists them. */
const PLATFORMS = ['slack', 'wecom', 'dingtalk'] as const;

/** What server mode is built from, besides the loaded configuration. */
export interface ServeOptions {
  log: Log;
  /** Default: the system clock. */
  clock?: Clock;
  /** Overrides `PORT` (tests pass 0 for any free port). */
  port?: number;
}

/** A running server-mode process. */
export interface Served {
  deps: AppDeps;
  http: HttpServer;
  scheduler: Scheduler;
  metrics: Metrics;
  /** The chat platforms: health states, and `idle()` for inbound callbacks still being processed. */
  platforms: WiredPlatforms;
  port: number;
  stop(): Promise<void>;
}

/** Starts server mode; see the module comment. */
export async function serve(config: LoadedConfig, opts: ServeOptions): Promise<Served> {
  const { log } = opts;
  const store = await createStore(config.env.databaseUrl);
  const clock = opts.clock ?? new SystemClock();
  const deps = {
    ...buildDeps(store, clock, config.org, config.policy, sealerFor(config.env.secret)),
    // The monthly assessment's XLSX and CSV go to data/reports/ (relative to the working directory).
    reportFiles: createReportFiles({ org: config.org, timezone: config.policy.timezone }),
  };
  const metrics = createMetrics({ store, log });
  // The platforms mount their routes before the server listens; the scheduler (which needs their
  // dispatcher) starts once the port is ours, so a second copy that cannot bind does no work.
  const health: HealthSources = { store };
  const http = createHttpServer({ health, metrics, log });
  const wired = wirePlatforms({ env: config.env.platforms, deps, http, metrics, log });
  health.platforms = () => Object.fromEntries(PLATFORMS.map((p) => [p, wired.platformState(p)]));
  let port: number;
  try {
    port = await http.listen(opts.port ?? config.env.port);
  } catch (err) {
    await wired.stop();
    await store.close();
    throw err;
  }
  const running = startScheduler({ deps, clock, jobs: periodicJobs(deps), log, observer: metrics, ...(wired.dispatcher ? { dispatcher: wired.dispatcher } : {}) });
  health.scheduler = running;
  let stopping: Promise<void> | undefined;
  return {
    deps,
    http,
    scheduler: running,
    metrics,
    platforms: wired,
    port,
    stop() {
      stopping ??= (async () => {
        await running.stop();
        await http.close();
        await wired.stop();
        await store.close();
        log.info('stopped');
      })();
      return stopping;
    },
  };
}

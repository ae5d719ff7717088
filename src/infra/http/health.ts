/**
 * `GET /healthz`: is this instance able to do its work? It answers 200 when the database answers
 * a trivial query (within 3 s) and the scheduler is alive, else 503, with the details as JSON:
 *
 * ```json
 * { "status": "ok", "db": { "ok": true }, "scheduler": { "alive": true, "lastTick": "2026-…Z" },
 *   "platforms": { "slack": "up", "wecom": "disabled", "dingtalk": "disabled", "feishu": "disabled" } }
 * ```
 *
 * A platform that is `down` is reported but does not fail the check: restarting this process
 * does not bring Slack back, and the outbox keeps the messages until it is up again.
 */
import type { Store } from '../../app/ports.js';
import { errorFields } from '../log.js';

/** A chat platform's adapter as health sees it. */
export type PlatformState = 'up' | 'down' | 'disabled';

/** What `/healthz` looks at. */
export interface HealthSources {
  store: Store;
  scheduler?: { alive(): boolean; readonly lastTick: number | undefined };
  platforms?: () => Record<string, PlatformState>;
}

/** The `/healthz` body. */
export interface HealthReport {
  status: 'ok' | 'fail';
  db: { ok: boolean; error?: string };
  scheduler: { alive: boolean; lastTick: string | null };
  platforms: Record<string, PlatformState>;
}

const DB_TIMEOUT_MS = 3000;

/** Checks the database with a read of the job state, failing after 3 s. */
async function checkDb(store: Store): Promise<HealthReport['db']> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${DB_TIMEOUT_MS} ms`)), DB_TIMEOUT_MS);
  });
  try {
    await Promise.race([store.transaction((tx) => tx.jobs.lastPeriod('digest')), timeout]);
    return { ok: true };
  } catch (err) {
    return { ok: false, error: errorFields(err).error.slice(0, 200) };
  } finally {
    clearTimeout(timer);
  }
}

/** Builds the report; `status` is `ok` when the database and the scheduler are. */
export async function healthReport(src: HealthSources): Promise<HealthReport> {
  const db = await checkDb(src.store);
  const alive = src.scheduler ? src.scheduler.alive() : false;
  const lastTick = src.scheduler?.lastTick;
  return {
    status: db.ok && alive ? 'ok' : 'fail',
    db,
    scheduler: { alive, lastTick: lastTick === undefined ? null : new Date(lastTick).toISOString() },
    platforms: src.platforms?.() ?? {},
  };
}

/**
 * This process's heartbeat (`instance` table, src/app/ports.ts `InstanceRepo`): written at start
 * and every 2 s, deleted on a clean stop. When the process is killed the heartbeat stops, and
 * after `DEAD_AFTER_MS` (10 s) the other instances — or this one, restarted — take over its
 * claims in the inbox and the outbox at once instead of waiting for their leases (30 s, 2 min).
 */
import { randomBytes } from 'node:crypto';
import type { Clock, Store } from '../app/ports.js';
import type { Log } from '../infra/log.js';

export const HEARTBEAT_MS = 2_000;

/** A running heartbeat. */
export interface Heartbeat {
  readonly instance: string;
  stop(): Promise<void>;
}

/** Starts beating for a new instance id. */
export async function startHeartbeat(store: Store, clock: Clock, log: Pick<Log, 'warn'>): Promise<Heartbeat> {
  const instance = randomBytes(8).toString('hex');
  const beat = () => store.transaction((tx) => tx.instances.beat(instance));
  await beat();
  let beating: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    beating ??= beat()
      .catch((err: unknown) => log.warn({ err: err instanceof Error ? err.message : String(err) }, 'heartbeat failed'))
      .finally(() => (beating = undefined));
  }, HEARTBEAT_MS);
  timer.unref();
  return {
    instance,
    async stop() {
      clearInterval(timer);
      await beating;
      await store.transaction((tx) => tx.instances.remove(instance));
    },
  };
}

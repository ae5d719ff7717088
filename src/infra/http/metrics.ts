/**
 * Prometheus metrics (prom-client), on a registry of their own so that several instances in one
 * test process do not share counters:
 *
 * - `shoudao_outbox_depth{status}` gauge: outbox rows `pending` and `dead`, read from the store
 *   when scraped;
 * - `shoudao_sends_total{platform,result}` counter: each delivery attempt, counted by the
 *   dispatcher through `recordSend` (`result`: `sent`, `retry`, `dead`, …);
 * - `shoudao_sweep_duration_seconds` histogram and `shoudao_sweep_claimed_total` counter: each
 *   sweep's time and the due duty rows it claimed;
 * - Node's default process metrics.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Store } from '../../app/ports.js';
import type { SweepResult } from '../../app/sweep.js';
import { errorFields, type Log } from '../log.js';
import type { TickObserver } from '../scheduler/tick.js';

/** The metrics of one process; it observes the scheduler's ticks and the dispatcher's sends. */
export interface Metrics extends TickObserver {
  readonly registry: Registry;
  /** Counts one delivery attempt to `platform` with its `result`. */
  recordSend(platform: string, result: string): void;
  /** The exposition text for `GET /metrics`. */
  render(): Promise<{ contentType: string; body: string }>;
}

/** Creates the metrics; `store` feeds the outbox depth gauge at scrape time. */
export function createMetrics(opts: { store?: Store; log?: Log; defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (opts.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  const store = opts.store;
  new Gauge({
    name: 'shoudao_outbox_depth',
    help: 'Outbox rows by status (pending = waiting to be sent, dead = given up).',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      if (!store) return;
      try {
        const [pending, dead] = await store.transaction(async (tx) => [await tx.outbox.count('pending'), await tx.outbox.count('dead')]);
        this.set({ status: 'pending' }, pending);
        this.set({ status: 'dead' }, dead);
      } catch (err) {
        opts.log?.warn({ ...errorFields(err) }, 'outbox depth unavailable');
      }
    },
  });
  const sends = new Counter({
    name: 'shoudao_sends_total',
    help: 'Message delivery attempts by platform and result.',
    labelNames: ['platform', 'result'],
    registers: [registry],
  });
  const sweepDuration = new Histogram({
    name: 'shoudao_sweep_duration_seconds',
    help: 'Time one sweep took (claiming and running due duty steps).',
    buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  const claimed = new Counter({
    name: 'shoudao_sweep_claimed_total',
    help: 'Due duty rows claimed by sweeps.',
    registers: [registry],
  });
  return {
    registry,
    recordSend: (platform, result) => sends.inc({ platform, result }),
    sweepDone(seconds: number, result: SweepResult) {
      sweepDuration.observe(seconds);
      claimed.inc(result.claimed);
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}

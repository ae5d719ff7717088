/**
 * The chat platforms of server mode: for each platform whose variables are set, its sender (and,
 * where built, its inbound routes on the shared HTTP server), then one outbox dispatcher over all
 * of them with its dispatch loop. Every sender is wrapped to count sends in
 * `shoudao_sends_total{platform,result}` and to tell `/healthz` whether the platform answers:
 * `down` after a failure that was not the platform's own refusal or rate limit, `up` again after
 * the next success.
 */
import type { AppDeps } from '../../app/deps.js';
import type { PlatformsEnv } from '../../config/env.js';
import type { Platform } from '../../domain/org.js';
import { createWecomAdapter } from '../../adapters/wecom/wecom-adapter.js';
import { createSlackAdapter } from '../../adapters/slack/slack-adapter.js';
import { createAddressResolver, type AddressResolver } from '../outbox/address-resolver.js';
import { adminRecipients } from '../outbox/dead-letter.js';
import { createDispatcher } from '../outbox/dispatcher.js';
import { asSendError, type PlatformSender } from '../outbox/platform-sender.js';
import { runLoop } from '../outbox/run-loop.js';
import type { Log } from '../log.js';
import type { Dispatcher } from '../scheduler/tick.js';
import type { PlatformState } from './health.js';
import type { Metrics } from './metrics.js';
import type { HttpServer } from './server.js';

type ChatPlatform = Exclude<Platform, 'console'>;

/** What `wirePlatforms` started: the scheduler's view of the dispatcher, health states, and stop. */
export interface WiredPlatforms {
  /** Wakes the dispatch loop (which never overlaps itself); undefined when nothing can send. */
  dispatcher?: Dispatcher;
  platformState(platform: string): PlatformState;
  /** Resolves once every inbound callback accepted so far has been processed (tests, benches). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/** Options of `wirePlatforms`. */
export interface WirePlatformsOptions {
  env: PlatformsEnv;
  deps: AppDeps;
  http: HttpServer;
  metrics: Metrics;
  log: Log;
}

/** Wraps a sender to count its results and remember whether the platform is reachable. */
function instrument(sender: PlatformSender, metrics: Metrics, states: Map<string, PlatformState>): PlatformSender {
  const { platform } = sender;
  const wrapped: PlatformSender = {
    platform,
    async send(address, view, row) {
      try {
        const r = await sender.send(address, view, row);
        metrics.recordSend(platform, 'sent');
        states.set(platform, 'up');
        return r;
      } catch (err) {
        const e = asSendError(err);
        metrics.recordSend(platform, e.permanent ? 'rejected' : e.retryAfterMs !== undefined ? 'rate_limited' : 'failed');
        if (e.retryable && e.retryAfterMs === undefined) states.set(platform, 'down');
        throw err;
      }
    },
  };
  if (sender.wasDelivered) wrapped.wasDelivered = sender.wasDelivered.bind(sender);
  return wrapped;
}

/** Starts the configured platforms and the dispatcher; see the module comment. */
export function wirePlatforms(opts: WirePlatformsOptions): WiredPlatforms {
  const { env, deps, http, metrics, log } = opts;
  const states = new Map<string, PlatformState>();
  const senders: Partial<Record<ChatPlatform, PlatformSender>> = {};
  const stops: Array<() => Promise<void>> = [];
  const idles: Array<() => Promise<void>> = [];
  const idle = async () => {
    for (const wait of idles) await wait();
  };

  /** Set once the dispatch loop exists; inbound Slack work wakes it after committing. */
  let wakeDispatcher = (): void => undefined;
  let threads: ((base: AddressResolver) => AddressResolver) | undefined;
  if (env.slack) {
    // Bolt on POST /slack/events (signing secret) and/or Socket Mode (app token), issue 5.
    const slack = createSlackAdapter({ env: env.slack, deps, log, wake: () => wakeDispatcher() });
    for (const r of slack.routes) http.addRoute(r.method, r.path, r.handler);
    senders.slack = instrument(slack.sender, metrics, states);
    states.set('slack', 'up');
    threads = slack.withFormThreads;
    void slack.start().catch((err: unknown) => log.error({ platform: 'slack', err: String(err) }, 'slack: starting the receiver failed'));
    stops.push(() => slack.stop());
    idles.push(() => slack.idle());
  }
  if (env.wecom) {
    const wecom = createWecomAdapter({ env: env.wecom, deps, log });
    for (const r of wecom.routes) http.addRoute(r.method, r.path, r.handler);
    senders.wecom = instrument(wecom.sender, metrics, states);
    states.set('wecom', 'up');
    stops.push(() => wecom.callback.idle());
    idles.push(() => wecom.callback.idle());
  }
  if (env.dingtalk) {
    log.warn({ platform: 'dingtalk' }, 'DingTalk is configured but not built yet; its messages wait in the outbox');
    states.set('dingtalk', 'down');
  }

  const platformState = (p: string): PlatformState => states.get(p) ?? 'disabled';
  const platforms = Object.keys(senders) as ChatPlatform[];
  if (platforms.length === 0) return { platformState, idle, stop: async () => undefined };

  const base = createAddressResolver({
    org: deps.org,
    platforms,
    formDepts: async (formId) => {
      const form = await deps.store.transaction((tx) => tx.forms.byId(formId));
      return form ? { issuingDept: form.issuingDept } : undefined;
    },
    // Anonymous feedback senders (SPEC §2): only the sealer opens their address.
    ...(deps.sealer ? { unseal: (sealed: string) => deps.sealer!.unseal(sealed) } : {}),
  });
  // Slack form threads live in the receiving department's channel (src/adapters/slack/form-threads.ts).
  const resolve = threads ? threads(base) : base;
  const dispatcher = createDispatcher({
    store: deps.store,
    senders,
    resolve,
    clock: deps.clock,
    log,
    admins: adminRecipients(deps.org),
    onDead: (row) => {
      void resolve.resolve(row.to).then(
        (r) => metrics.recordSend(r.ok ? r.address.platform : 'none', 'dead'),
        () => metrics.recordSend('none', 'dead'),
      );
    },
  });
  const loop = runLoop(dispatcher, deps.clock, { log });
  wakeDispatcher = () => loop.wake();
  log.info({ platforms }, 'dispatcher started');
  return {
    dispatcher: {
      dispatchOnce: async () => {
        loop.wake();
      },
    },
    platformState,
    idle,
    async stop() {
      await loop.stop();
      for (const stop of stops) await stop();
    },
  };
}

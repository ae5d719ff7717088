/**
 * The chat platforms of server mode, from the one registry (src/platforms.ts): for each platform
 * whose variables are set, its adapter (routes on the shared HTTP server, its receiver committing
 * to the inbox), then one outbox dispatcher over all their senders, with their rate limits in
 * shared buckets. Every sender is wrapped to count sends in `shoudao_sends_total{platform,result}`
 * and to tell `/healthz` whether the platform answers: `down` after a failure that was not the
 * platform's own refusal or rate limit, `up` again after the next success — combined with the
 * adapter's own connection state (a dropped Socket Mode or Stream connection is `down`).
 */
import type { AppDeps } from '../app/deps.js';
import { settleUndeliveredNotices } from '../app/undelivered-notice.js';
import type { ChatPlatform, Inbox, PlatformAdapter } from '../chat/adapter-contract.js';
import { cleanView } from '../chat/input-hygiene.js';
import { bucketOf, type PlatformSender, type RateLimitSpec } from '../chat/sending.js';
import type { DeliveryPolicy } from '../domain/policy.js';
import type { PlatformsEnv } from '../config/env.js';
import type { Platform } from '../domain/org.js';
import type { PlatformState } from '../infra/http/health.js';
import type { Metrics } from '../infra/http/metrics.js';
import type { HttpServer } from '../infra/http/server.js';
import type { Log } from '../infra/log.js';
import { createAddressResolver, formDeptsFromStore, type AddressResolver } from '../infra/outbox/address-resolver.js';
import { adminRecipients } from '../infra/outbox/dead-letter.js';
import { createDispatcher, LOOK_AHEAD_MS } from '../infra/outbox/dispatcher.js';
import { asSendError } from '../infra/outbox/platform-sender.js';
import { platformRecords } from '../infra/outbox/platform-records-store.js';
import { runLoop, type RunLoop } from '../infra/outbox/run-loop.js';
import type { Dispatcher } from '../infra/scheduler/tick.js';
import { PLATFORM_MODULES } from '../platforms.js';

/** What `startPlatforms` started. */
export interface WiredPlatforms {
  adapters: Map<ChatPlatform, PlatformAdapter>;
  /** Wakes the dispatch loop (which never overlaps itself); undefined when nothing can send. */
  dispatcher?: Dispatcher;
  /** Wakes the dispatch loop now (after an inbound event's commit). */
  wake(): void;
  platformState: (platform: string) => PlatformState;
  /** Polling the adapters must do on every tick (read receipts). */
  tick(now: number): Promise<void>;
  stop(): Promise<void>;
}

/** What the platforms are built from. */
export interface StartPlatformsOptions {
  env: PlatformsEnv;
  deps: AppDeps;
  inbox: Inbox;
  /** Where the receivers mount their routes (not used with `receive: false`). */
  http: Pick<HttpServer, 'addRoute'>;
  metrics: Pick<Metrics, 'recordSend'>;
  log: Log;
  /** Turns a conversation id into a rate-bucket key (a keyed hash: the table names nobody). */
  hideKey: (id: string) => string;
  /** `false`: no rate limits (tests on a virtual clock that stands still). */
  rateLimits?: false;
  /** This process's instance id (heartbeat.ts), recorded on the dispatcher's claims. */
  instance?: string;
  /**
   * Which half runs here (both by default). The receive thread of server mode mounts the
   * receivers and starts their connections (`dispatch: false`, and the send states come from the
   * processing thread through `sendState`); the processing thread builds the adapters for decoding,
   * rendering and sending and the dispatcher, and starts no receiver (`receive: false`).
   */
  receive?: boolean;
  dispatch?: boolean;
  /** The platforms' send states kept elsewhere (the processing thread's), for `platformState`. */
  sendState?: (platform: string) => PlatformState | undefined;
  /** Told whenever a platform's send state changes (the processing thread reports it). */
  onSendState?: (platform: string, state: PlatformState) => void;
}

/** A platform's declared limits with the policy's overrides (`delivery.limits.<platform>`). */
export function withPolicy(spec: RateLimitSpec, override: DeliveryPolicy['limits'][string]): RateLimitSpec {
  if (!override) return spec;
  const out: RateLimitSpec = { ...spec };
  if (override.perConversation) {
    if (unbounded(override.perConversation)) delete out.perConversation;
    else out.perConversation = bucketOf(override.perConversation.count, override.perConversation.perMs);
  }
  if (override.perApp) out.perApp = unbounded(override.perApp) ? [] : [bucketOf(override.perApp.count, override.perApp.perMs)];
  return out;
}

/**
 * A policy rate of more than one message a millisecond sets no bucket at all. Buckets count whole
 * milliseconds, so such a rate would be kept as exactly one a millisecond, one token at a time —
 * one send a dispatch pass for a whole app — instead of the "far faster" it asks for; no chat
 * platform allows it, so it is only ever a test deployment's "do not limit".
 */
const unbounded = (r: { count: number; perMs: number }) => r.count > r.perMs;

/** Wraps a sender to count its results and remember whether the platform is reachable; texts leave cleaned. */
function instrument(sender: PlatformSender, metrics: Pick<Metrics, 'recordSend'>, states: Pick<Map<string, PlatformState>, 'set'>): PlatformSender {
  const { platform } = sender;
  const wrapped: PlatformSender = {
    platform,
    async send(address, view, row) {
      try {
        // The input rule once more on the way out (issue 15): no control or bidi override reaches a chat.
        const r = await sender.send(address, cleanView(view), row);
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

/** Creates and starts the configured platforms and the dispatcher; see the module comment. */
export async function startPlatforms(opts: StartPlatformsOptions): Promise<WiredPlatforms> {
  const { env, deps, http, metrics, log } = opts;
  const receive = opts.receive !== false;
  const sendStates = new Map<string, PlatformState>();
  const setState = {
    set(platform: string, state: PlatformState) {
      if (sendStates.get(platform) !== state) opts.onSendState?.(platform, state);
      sendStates.set(platform, state);
      return sendStates;
    },
  };
  const adapters = new Map<ChatPlatform, PlatformAdapter>();
  const records = platformRecords(deps);
  for (const module of PLATFORM_MODULES) {
    const settings = env[module.platform];
    if (settings === undefined) continue;
    try {
      const adapter = await module.create({
        settings,
        inbox: opts.inbox,
        org: () => deps.org,
        policy: deps.policy,
        now: () => deps.clock.now(),
        log: log.child({ platform: module.platform }),
        routes: { add: (method, path, handler) => (receive ? http.addRoute(method, path, handler) : undefined) },
        records,
      });
      adapters.set(module.platform, adapter);
      setState.set(module.platform, 'up');
    } catch (err) {
      log.error({ platform: module.platform, err: err instanceof Error ? err.message : String(err) }, 'platform could not be started; its messages wait in the outbox');
      setState.set(module.platform, 'down');
    }
  }
  const platformState = (p: string): PlatformState => {
    const adapter = adapters.get(p as ChatPlatform);
    if (adapter && adapter.health() !== 'up') return 'down';
    return opts.sendState?.(p) ?? sendStates.get(p) ?? 'disabled';
  };
  const tick = async (now: number) => {
    for (const a of adapters.values()) {
      await a.tick?.(now).catch((err: unknown) => log.warn({ platform: a.platform, err: err instanceof Error ? err.message : String(err) }, 'platform tick failed'));
    }
  };
  const stopAdapters = async () => {
    if (!receive) return; // nothing was started here
    for (const a of adapters.values()) await a.stop().catch((err: unknown) => log.warn({ platform: a.platform, err: String(err) }, 'stopping a platform failed'));
  };
  const startReceivers = async () => {
    if (!receive) return;
    for (const a of adapters.values()) {
      await a.start().catch((err: unknown) => log.error({ platform: a.platform, err: err instanceof Error ? err.message : String(err) }, 'platform: starting the receiver failed'));
    }
  };
  if (adapters.size === 0 || opts.dispatch === false) {
    await startReceivers();
    return { adapters, platformState, tick, wake: () => undefined, stop: stopAdapters };
  }

  const senders: Partial<Record<Platform, PlatformSender>> = {};
  const limits: Partial<Record<Platform, RateLimitSpec>> = {};
  let resolve: AddressResolver = createAddressResolver({
    org: () => deps.org,
    platforms: [...adapters.keys()],
    formDepts: formDeptsFromStore(deps.store),
    // Anonymous feedback senders (SPEC §2): only the sealer opens their address.
    ...(deps.sealer ? { unseal: (sealed: string) => deps.sealer!.unseal(sealed) } : {}),
  });
  for (const a of adapters.values()) {
    senders[a.platform] = instrument(a.sender, metrics, setState);
    if (opts.rateLimits !== false) limits[a.platform] = withPolicy(a.limits, deps.policy.delivery.limits[a.platform]);
    if (a.resolver) resolve = a.resolver(resolve);
  }
  const dispatcher = createDispatcher({
    store: deps.store,
    senders,
    resolve,
    limits,
    hideKey: opts.hideKey,
    ...(opts.instance ? { instance: opts.instance } : {}),
    maxAttempts: deps.policy.delivery.retry.maxAttempts,
    backoff: { baseMs: deps.policy.delivery.retry.baseMs, capMs: deps.policy.delivery.retry.capMs },
    clock: deps.clock,
    lookAheadMs: LOOK_AHEAD_MS,
    log,
    admins: () => adminRecipients(deps.org),
    undelivered: (tx, dead, now) => settleUndeliveredNotices(tx, deps, dead, now),
    onDead: (row) => {
      void resolve.resolve(row.to).then(
        (r) => metrics.recordSend(r.ok ? r.address.platform : 'none', 'dead'),
        () => metrics.recordSend('none', 'dead'),
      );
    },
  });
  const loop: RunLoop = runLoop(dispatcher, deps.clock, { log });
  await startReceivers();
  log.info({ platforms: [...adapters.keys()] }, 'dispatcher started');
  return {
    adapters,
    dispatcher: { dispatchOnce: async () => loop.wake() },
    wake: () => loop.wake(),
    platformState,
    tick,
    async stop() {
      await stopAdapters();
      await loop.stop();
    },
  };
}

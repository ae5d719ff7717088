/**
 * The DingTalk adapter assembled (src/chat/adapter-contract.ts): one API client (its token cache
 * shared by the sender and the read-receipt poll), the receiver in the configured mode — Stream
 * (`dingtalk-stream` over a WebSocket, with a watchdog: stream/connection.ts) or HTTP
 * (`POST /dingtalk/callback`, and card clicks at `POST /dingtalk/card`, whose public URL is
 * registered at start and retried on each tick until DingTalk takes it) — the pure decode, the outbox sender and its limits, and the
 * scheduler tick that polls read status of delivered notices (src/chat/read-receipts.ts). DingTalk
 * chats have no threads: replies are bound by the shared chat layer (number, last clicked card,
 * only pending item). Setup: bot-manifests/dingtalk.md.
 */
import type { AdapterDeps, PlatformAdapter, PlatformHealth } from '../../chat/adapter-contract.js';
import { personOn, platformIdOf } from '../../chat/directory.js';
import { pollReadWatches } from '../../chat/read-receipts.js';
import { createDingtalkApi } from './api.js';
import { decodeDingtalk } from './decode.js';
import type { DingtalkSettings } from './env.js';
import { createDingtalkReceiver, dingtalkRoutes } from './receiver.js';
import { createDingtalkSender, dingtalkLimits } from './sender.js';
import { startStream, type StreamConnection } from './stream/connection.js';

/** Options for tests: another fetch for the API client; the Stream watchdog's timings. */
export interface DingtalkAdapterExtras {
  fetch?: typeof fetch;
  silenceMs?: number;
}

export async function createDingtalkAdapter(deps: AdapterDeps<DingtalkSettings>, extras: DingtalkAdapterExtras = {}): Promise<PlatformAdapter> {
  const { settings, log } = deps;
  const api = createDingtalkApi({ clientId: settings.clientId, clientSecret: settings.clientSecret, robotCode: settings.robotCode, apiBase: settings.apiBase, now: Date.now, ...(extras.fetch ? { fetch: extras.fetch } : {}) });
  const callback = settings.cardCallback ?? { routeKey: 'shoudao', secret: settings.clientSecret };
  const receiver = createDingtalkReceiver({ appSecret: settings.clientSecret, cardSecret: callback.secret, inbox: deps.inbox, now: deps.now, log });
  // Card clicks: over the socket in Stream mode; in HTTP mode to POST /dingtalk/card, once its public URL is registered.
  const cards = settings.mode === 'stream' ? { callbackType: 'STREAM' as const } : callback.url ? { callbackType: 'HTTP' as const, routeKey: callback.routeKey } : undefined;
  let registered = settings.mode === 'stream' || !callback.url;
  async function register(): Promise<void> {
    if (registered || !callback.url) return;
    try {
      await api.registerCardCallback(callback.routeKey, callback.url, callback.secret);
      registered = true;
      log.info({ platform: 'dingtalk', routeKey: callback.routeKey }, 'dingtalk card callback registered');
    } catch (err) {
      log.error({ platform: 'dingtalk', err: err instanceof Error ? err.message : String(err), adminHint: 'Card.Instance.Write 权限 / permission needed for /v1.0/card/callbacks/register' }, 'dingtalk card callback not registered; trying again on the next tick');
    }
  }
  if (settings.mode === 'http') for (const r of dingtalkRoutes(receiver)) deps.routes.add(r.method, r.path, r.handler);
  const personOf = (staffId: string) => personOn(deps.org(), 'dingtalk', staffId);
  let stream: StreamConnection | undefined;
  let stopped = true;
  return {
    platform: 'dingtalk',
    capabilities: { threads: false, modals: false },
    decode: (payload, ctx) => decodeDingtalk(payload, ctx),
    sender: createDingtalkSender({
      api,
      records: deps.records,
      now: deps.now,
      log,
      personOf,
      staffIdOf: (person) => platformIdOf(deps.org(), person, 'dingtalk'),
      ...(settings.cardTemplateId ? { cardTemplateId: settings.cardTemplateId } : {}),
      ...(cards ? { cards } : {}),
    }),
    limits: dingtalkLimits(),
    async tick(now) {
      await register();
      await pollReadWatches({
        records: deps.records,
        platform: 'dingtalk',
        now,
        log,
        query: async (w) => {
          if (w.channel) return (await api.groupReaders(w.channel, w.handle)).map((user) => ({ user, readAt: now }));
          return (await api.readStatus(w.handle)).filter((r) => r.read).map((r) => ({ user: r.userId, readAt: r.readAt ?? now }));
        },
      });
    },
    async start() {
      stopped = false;
      await register();
      if (settings.mode === 'stream') stream = await startStream({ settings, receiver, log, ...(extras.silenceMs ? { silenceMs: extras.silenceMs } : {}) });
    },
    async stop() {
      stopped = true;
      receiver.close();
      stream?.close();
    },
    health(): PlatformHealth {
      if (stopped) return 'down';
      return stream ? stream.health() : 'up';
    },
  };
}

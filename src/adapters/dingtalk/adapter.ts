/**
 * The DingTalk adapter assembled (src/chat/adapter-contract.ts): one API client (its token cache
 * shared by the sender and the read-receipt poll), the receiver in the configured mode — Stream
 * (`dingtalk-stream` over a WebSocket, with a watchdog: stream/connection.ts) or HTTP
 * (`POST /dingtalk/callback`) — the pure decode, the outbox sender and its limits, and the
 * scheduler tick that polls read status of delivered notices (src/chat/read-receipts.ts). DingTalk
 * chats have no threads: replies are bound by the shared chat layer (number, last clicked card,
 * only pending item). Setup: bot-manifests/dingtalk.md.
 */
import type { AdapterDeps, PlatformAdapter, PlatformHealth } from '../../chat/adapter-contract.js';
import { personOn } from '../../chat/directory.js';
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
  const receiver = createDingtalkReceiver({ appSecret: settings.clientSecret, inbox: deps.inbox, now: deps.now, log });
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
      ...(settings.cardTemplateId ? { cardTemplateId: settings.cardTemplateId } : {}),
      cards: settings.mode === 'stream',
    }),
    limits: dingtalkLimits(),
    async tick(now) {
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

/**
 * The Feishu / Lark adapter assembled (src/chat/adapter-contract.ts, issue 10): one API client
 * (its tenant token shared by everything the sender does), the receiver — the SDK's long
 * connection (`FEISHU_MODE=ws`, the default) or `POST /feishu/events` (`http`) — the pure
 * decode, the sender with Feishu's rate limits, and the resolver wrapper that puts form threads in
 * the receiving department's chat. Feishu has real threads: a form is one, as on Slack.
 * Setup: bot-manifests/feishu.md.
 */
import type { AdapterDeps, PlatformAdapter, PlatformHealth } from '../../chat/adapter-contract.js';
import { withChannelThreads } from '../../chat/channel-threads.js';
import { personOn } from '../../chat/directory.js';
import { pollReadWatches } from '../../chat/read-receipts.js';
import { createFeishuApi } from './api.js';
import { decodeFeishu } from './decode.js';
import type { FeishuSettings } from './env.js';
import { createFeishuHttpReceiver, createFeishuWsReceiver, FEISHU_EVENTS_PATH, type FeishuWsReceiver } from './receiver.js';
import { createFeishuSender, FEISHU_LIMITS } from './sender.js';

/** Options for tests: another fetch for the API client. */
export interface FeishuAdapterExtras {
  fetch?: typeof fetch;
}

/** Builds the adapter; in `http` mode it mounts its route, in `ws` mode it connects on `start()`. */
export async function createFeishuAdapter(deps: AdapterDeps<FeishuSettings>, extras: FeishuAdapterExtras = {}): Promise<PlatformAdapter> {
  const { settings, log } = deps;
  const api = createFeishuApi({ appId: settings.appId, appSecret: settings.appSecret, apiBase: settings.apiBase, ...(extras.fetch ? { fetch: extras.fetch } : {}) });
  const intake = { settings, inbox: deps.inbox, now: deps.now, log, org: deps.org };
  const http = settings.mode === 'http' ? createFeishuHttpReceiver(intake) : undefined;
  if (http) deps.routes.add('POST', FEISHU_EVENTS_PATH, (req, res) => http.handle(req, res));
  const ws: FeishuWsReceiver | undefined = settings.mode === 'ws' ? await createFeishuWsReceiver(intake) : undefined;
  let stopped = false;
  return {
    platform: 'feishu',
    capabilities: { threads: true, modals: false },
    decode: decodeFeishu,
    sender: createFeishuSender({ api, records: deps.records, now: deps.now, log, personOf: (u) => personOn(deps.org(), 'feishu', u) }),
    limits: FEISHU_LIMITS,
    resolver: (base) => withChannelThreads(base, { platform: 'feishu', org: deps.org, records: deps.records, receivingDept: async (id) => (await deps.records.formDepts(id))?.receivingDept }),
    // Read receipts of notice messages (已读未回): the shared poll, asking read_users.
    async tick(now) {
      await pollReadWatches({ records: deps.records, platform: 'feishu', now, log, query: async (w) => (await api.readUsers(w.handle)).map((r) => ({ user: r.openId, readAt: r.readAt })) });
    },
    async start() {
      stopped = false;
      await ws?.start();
    },
    async stop() {
      stopped = true;
      http?.close();
      await ws?.stop();
    },
    health(): PlatformHealth {
      if (stopped) return 'down';
      return ws ? ws.health() : 'up';
    },
  };
}

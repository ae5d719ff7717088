/**
 * The WeCom adapter assembled (src/chat/adapter-contract.ts): one API client (its token cache
 * shared by everything the sender does), the callback routes on the shared HTTP server, the pure
 * decode, and the outbox sender with WeCom's rate limits. WeCom app messages have no threads and
 * no forms of their own: replies are bound to the card clicked last by the shared chat layer.
 * Setup: bot-manifests/wecom.md.
 */
import type { AdapterDeps, PlatformAdapter } from '../../chat/adapter-contract.js';
import { createWecomApi } from './api.js';
import { decodeWecom } from './decode.js';
import type { WecomSettings } from './env.js';
import { createWecomReceiver, wecomRoutes } from './receiver.js';
import { createWecomSender, wecomLimits } from './sender.js';

/** Options for tests: another fetch for the API client. */
export interface WecomAdapterExtras {
  fetch?: typeof fetch;
}

/** Builds the adapter and mounts its routes; it receives as soon as the server listens. */
export function createWecomAdapter(deps: AdapterDeps<WecomSettings>, extras: WecomAdapterExtras = {}): PlatformAdapter {
  const { settings, log } = deps;
  const api = createWecomApi({ corpId: settings.corpId, secret: settings.secret, agentId: settings.agentId, apiBase: settings.apiBase, now: Date.now, ...(extras.fetch ? { fetch: extras.fetch } : {}) });
  const receiver = createWecomReceiver({ settings, inbox: deps.inbox, now: deps.now, log });
  for (const r of wecomRoutes(receiver)) deps.routes.add(r.method, r.path, r.handler);
  let stopped = false;
  return {
    platform: 'wecom',
    capabilities: { threads: false, modals: false },
    decode: (payload) => decodeWecom(payload),
    sender: createWecomSender({ api, now: deps.now, log }),
    limits: wecomLimits(),
    async start() {
      stopped = false;
    },
    async stop() {
      stopped = true;
      receiver.close();
    },
    // The callback is passive: WeCom is "up" whenever we accept its requests.
    health: () => (stopped ? 'down' : 'up'),
  };
}

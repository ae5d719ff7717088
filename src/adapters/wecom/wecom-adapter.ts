/**
 * The WeCom adapter assembled for `main.ts`: one API client (token cache shared by the callback's
 * replies and the outbox sender), the callback with thread binding on the app's store, the
 * routes to mount, and the `PlatformSender` to register with the dispatcher.
 *
 * Wiring (main.ts, when `env.platforms.wecom` is set):
 *   const wecom = createWecomAdapter({ env: env.platforms.wecom, deps, log });
 *   for (const r of wecom.routes) server.addRoute(r.method, r.path, r.handler);
 *   senders.push(wecom.sender);            // the dispatcher's PlatformSender list/map
 *   on shutdown: await wecom.callback.idle();
 */
import { createHash } from 'node:crypto';
import type { AppDeps } from '../../app/deps.js';
import { handleInbound } from '../../chat/router.js';
import type { WecomEnv } from '../../config/env-platforms.js';
import type { PlatformSender } from '../../infra/outbox/platform-sender.js';
import { createWecomApi, type WecomApi } from './api-client.js';
import { createWecomCallback, type WecomCallback, type WecomLog } from './callback.js';
import { wecomRoutes, type WecomRoute } from './http.js';
import { createThreadBinding } from './thread-binding.js';
import { createWecomSender } from './wecom-sender.js';

/** Outbox keys are at most 255 characters; a long dedupe key is shortened to its hash. */
function outboxKey(key: string): string {
  return key.length <= 200 ? key : `wecom-reply:${createHash('sha1').update(key).digest('hex')}`;
}

export interface WecomAdapter {
  api: WecomApi;
  callback: WecomCallback;
  routes: WecomRoute[];
  sender: PlatformSender;
}

export interface WecomAdapterOptions {
  env: WecomEnv;
  deps: AppDeps;
  log?: WecomLog;
  /** Overrides for tests: fetch for the API client. */
  fetch?: typeof fetch;
}

export function createWecomAdapter(opts: WecomAdapterOptions): WecomAdapter {
  const { env, deps, log } = opts;
  const now = () => deps.clock.now();
  const api = createWecomApi({ corpId: env.corpId, secret: env.secret, agentId: env.agentId, apiBase: env.apiBase, now: Date.now, ...(opts.fetch ? { fetch: opts.fetch } : {}) });
  const binding = createThreadBinding({ store: deps.store, parse: { ackKeywords: deps.policy.ackKeywords, noticePrefixes: deps.policy.noticePrefixes } });
  const callback = createWecomCallback({
    env,
    org: deps.org,
    api,
    binding,
    now,
    ...(log ? { log } : {}),
    handle: (ev) => handleInbound(deps, ev, log),
    // A reply WeCom would not take now (rate limit, network) is retried by the outbox dispatcher.
    fallback: (person, reply, key) =>
      deps.store.transaction((tx) => tx.outbox.enqueue([{ key: outboxKey(key), to: { kind: 'person', person }, view: reply }], deps.clock.now())),
  });
  return { api, callback, routes: wecomRoutes(callback), sender: createWecomSender({ api, now, ...(log ? { log } : {}) }) };
}

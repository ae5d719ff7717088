/**
 * A small fetch client for the DingTalk OpenAPI calls Shoudao makes (protocols.md B.6,
 * protocols-dingtalk-more.md), on `DINGTALK_API_BASE` (default `https://api.dingtalk.com`) so a
 * proxy or a local fake can stand in. Every call carries `x-acs-dingtalk-access-token`.
 *
 * Access token: `POST /v1.0/oauth2/accessToken` `{appKey, appSecret}` → `{accessToken, expireIn}`,
 * cached until 5 minutes before it expires; concurrent callers share one request (single flight).
 * A call answered `InvalidAuthentication` (or HTTP 401) drops that token — only if it is still the
 * cached one, so many calls failing on the same stale token cause one refresh — and is retried
 * once. Every other failure is a `DingtalkApiError` (errors.ts); this client never retries
 * otherwise: the outbox dispatcher owns back-off.
 */
import { createTokenCache } from '../../chat/token-cache.js';
import { DingtalkApiError, isTokenError } from './errors.js';
import type { DingtalkMessage } from './render.js';
import { scalarText } from '../../domain/scalar-text.js';

export interface DingtalkApiOptions {
  clientId: string;
  clientSecret: string;
  robotCode: string;
  apiBase: string;
  fetch?: typeof fetch;
  now?: () => number;
  timeoutMs?: number;
}

/** The useful part of a send: the query key (read status, recall) and who was not reached. */
export interface SendAnswer {
  processQueryKey?: string;
  invalidStaffIds: string[];
  flowControlledStaffIds: string[];
}

/** A person's read of a 1:1 message. */
export interface ReadInfo {
  userId: string;
  read: boolean;
  readAt?: number;
}

export interface DingtalkApi {
  accessToken(): Promise<string>;
  /** 1:1 messages from the robot to at most 20 staff ids. */
  sendToUsers(userIds: string[], msg: DingtalkMessage): Promise<SendAnswer>;
  /** A message from the robot to a group (`openConversationId`). */
  sendToGroup(openConversationId: string, msg: DingtalkMessage): Promise<SendAnswer>;
  /** Who has read a 1:1 batch (by its processQueryKey). */
  readStatus(processQueryKey: string): Promise<ReadInfo[]>;
  /** Who has read a group message (readers only; all pages). */
  groupReaders(openConversationId: string, processQueryKey: string): Promise<string[]>;
  /** An in-app (1), SMS (2) or phone (3) DING. */
  ding(userIds: string[], content: string, remindType: 1 | 2 | 3): Promise<{ openDingId?: string; failed: string[] }>;
  /** Creates and delivers an interactive card (高级版) to a 1:1 chat or a group. */
  createAndDeliverCard(req: CardRequest): Promise<void>;
  /** Updates a card's public data by key. */
  updateCard(outTrackId: string, params: Record<string, string>): Promise<void>;
  /** Registers (overwriting) where HTTP card callbacks of `routeKey` go, signed with `secret`. */
  registerCardCallback(routeKey: string, url: string, secret: string): Promise<void>;
}

/** What `createAndDeliverCard` needs; `params` are the template's string variables. */
export interface CardRequest {
  templateId: string;
  outTrackId: string;
  params: Record<string, string>;
  callbackType: 'STREAM' | 'HTTP';
  /** HTTP callbacks: the registered route key (registerCardCallback). */
  callbackRouteKey?: string;
  to: { userId: string } | { openConversationId: string };
}

type Json = Record<string, unknown>;
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

export function createDingtalkApi(opts: DingtalkApiOptions): DingtalkApi {
  const doFetch = opts.fetch ?? fetch;
  const now = opts.now ?? Date.now;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const base = opts.apiBase.replace(/\/+$/, '');

  async function request(method: 'GET' | 'POST' | 'PUT', api: string, body: unknown, token?: string, query?: Record<string, string>): Promise<{ status: number; json: Json }> {
    const url = `${base}${api}${query ? `?${new URLSearchParams(query).toString()}` : ''}`;
    let res: Response;
    try {
      res = await doFetch(url, {
        method,
        headers: { 'content-type': 'application/json', accept: 'application/json', ...(token ? { 'x-acs-dingtalk-access-token': token } : {}) },
        body: body === undefined ? null : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw new DingtalkApiError(api, '', `request failed (${err instanceof Error ? err.name : 'error'})`, 'network');
    }
    const text = await res.text().catch(() => '');
    let json: Json = {};
    try {
      const v = text ? (JSON.parse(text) as unknown) : {};
      if (v && typeof v === 'object' && !Array.isArray(v)) json = v as Json;
    } catch {
      if (res.ok) throw new DingtalkApiError(api, '', 'answer is not JSON', 'bad_response', res.status);
    }
    return { status: res.status, json };
  }

  const codeOf = (j: Json): string => (typeof j.code === 'string' ? j.code : j.errcode !== undefined && Number(j.errcode) !== 0 ? scalarText(j.errcode) : '');

  // https://open.dingtalk.com/document/orgapp/obtain-the-access_token-of-an-internal-app
  async function fetchToken(): Promise<{ token: string; ttlMs: number }> {
    const api = '/v1.0/oauth2/accessToken';
    const { status, json } = await request('POST', api, { appKey: opts.clientId, appSecret: opts.clientSecret });
    if (status !== 200 || typeof json.accessToken !== 'string' || !json.accessToken) {
      throw new DingtalkApiError(api, codeOf(json) || (status === 200 ? '' : `HTTP${status}`), scalarText(json.message), status === 200 ? 'bad_response' : undefined, status);
    }
    return { token: json.accessToken, ttlMs: Math.max(60, Number(json.expireIn) || 7200) * 1000 };
  }

  const tokens = createTokenCache(fetchToken, now);
  const accessToken = () => tokens.get();

  async function call(method: 'GET' | 'POST' | 'PUT', api: string, body?: unknown, query?: Record<string, string>): Promise<Json> {
    for (let attempt = 0; ; attempt++) {
      const token = await accessToken();
      const { status, json } = await request(method, api, body, token, query);
      const code = codeOf(json);
      if (status === 200 && !code) return json;
      if (isTokenError(code, status) && attempt === 0) {
        tokens.invalidate(token);
        continue;
      }
      throw new DingtalkApiError(api, code, scalarText(json.message ?? json.errmsg, `HTTP ${status}`), undefined, status);
    }
  }

  const sendAnswer = (j: Json): SendAnswer => ({
    ...(typeof j.processQueryKey === 'string' ? { processQueryKey: j.processQueryKey } : {}),
    invalidStaffIds: strings(j.invalidStaffIdList),
    flowControlledStaffIds: strings(j.flowControlledStaffIdList),
  });

  return {
    accessToken,
    // https://open.dingtalk.com/document/orgapp/chatbots-send-one-on-one-chat-messages-in-batches
    async sendToUsers(userIds, msg) {
      return sendAnswer(await call('POST', '/v1.0/robot/oToMessages/batchSend', { robotCode: opts.robotCode, userIds, msgKey: msg.msgKey, msgParam: JSON.stringify(msg.msgParam) }));
    },
    // https://open.dingtalk.com/document/orgapp/the-robot-sends-a-group-message
    async sendToGroup(openConversationId, msg) {
      return sendAnswer(await call('POST', '/v1.0/robot/groupMessages/send', { robotCode: opts.robotCode, openConversationId, msgKey: msg.msgKey, msgParam: JSON.stringify(msg.msgParam) }));
    },
    // https://open.dingtalk.com/document/orgapp/chatbot-batch-query-the-read-status-of-one-on-one-chat-messages
    async readStatus(processQueryKey) {
      const j = await call('GET', '/v1.0/robot/oToMessages/readStatus', undefined, { robotCode: opts.robotCode, processQueryKey });
      const list = Array.isArray(j.messageReadInfoList) ? (j.messageReadInfoList as Json[]) : [];
      return list.flatMap((x) => {
        if (typeof x.userId !== 'string') return [];
        const info: ReadInfo = { userId: x.userId, read: x.readStatus === 'READ' };
        if (typeof x.readTimestamp === 'number') info.readAt = x.readTimestamp;
        return [info];
      });
    },
    // https://open.dingtalk.com/document/orgapp/chatbot-queries-the-read-status-of-a-message
    async groupReaders(openConversationId, processQueryKey) {
      const out: string[] = [];
      let nextToken = '';
      for (let page = 0; page < 50; page++) {
        const j = await call('POST', '/v1.0/robot/groupMessages/query', { robotCode: opts.robotCode, openConversationId, processQueryKey, maxResults: 200, nextToken });
        out.push(...strings(j.readUserIds));
        if (!j.hasMore || typeof j.nextToken !== 'string' || !j.nextToken) break;
        nextToken = j.nextToken;
      }
      return out;
    },
    // https://open.dingtalk.com/document/orgapp/robot-sends-nail-message
    async ding(userIds, content, remindType) {
      const j = await call('POST', '/v1.0/robot/ding/send', { robotCode: opts.robotCode, remindType, receiverUserIdList: userIds, content });
      const failedMap = j.failedList && typeof j.failedList === 'object' ? (j.failedList as Record<string, unknown>) : {};
      return { ...(typeof j.openDingId === 'string' ? { openDingId: j.openDingId } : {}), failed: Object.values(failedMap).flatMap(strings) };
    },
    // https://open.dingtalk.com/document/orgapp/create-and-deliver-cards
    async createAndDeliverCard(req) {
      const group = 'openConversationId' in req.to;
      const body: Json = {
        cardTemplateId: req.templateId,
        outTrackId: req.outTrackId,
        callbackType: req.callbackType,
        ...(req.callbackType === 'HTTP' && req.callbackRouteKey ? { callbackRouteKey: req.callbackRouteKey } : {}),
        cardData: { cardParamMap: req.params },
        userIdType: 1,
        openSpaceId: 'openConversationId' in req.to ? `dtv1.card//IM_GROUP.${req.to.openConversationId}` : `dtv1.card//IM_ROBOT.${req.to.userId}`,
        ...(group
          ? { imGroupOpenSpaceModel: { supportForward: true }, imGroupOpenDeliverModel: { robotCode: opts.robotCode } }
          : { imRobotOpenSpaceModel: { supportForward: true }, imRobotOpenDeliverModel: { spaceType: 'IM_ROBOT', robotCode: opts.robotCode } }),
      };
      const j = await call('POST', '/v1.0/card/instances/createAndDeliver', body);
      const results = ((j.result as Json | undefined)?.deliverResults as Json[] | undefined) ?? [];
      const failed = results.find((r) => r.success === false);
      if (failed) throw new DingtalkApiError('/v1.0/card/instances/createAndDeliver', 'deliver.failed', scalarText(failed.errorMsg));
    },
    // https://open.dingtalk.com/document/orgapp/interactive-card-update-interface
    async updateCard(outTrackId, params) {
      await call('PUT', '/v1.0/card/instances', { outTrackId, cardData: { cardParamMap: params }, cardUpdateOptions: { updateCardDataByKey: true }, userIdType: 1 });
    },
    // https://open.dingtalk.com/document/orgapp/register-card-callback-address — without
    // forceUpdate an existing mapping silently stays (protocols-dingtalk-more.md §3.2).
    async registerCardCallback(routeKey, url, secret) {
      await call('POST', '/v1.0/card/callbacks/register', { callbackRouteKey: routeKey, callbackUrl: url, apiSecret: secret, forceUpdate: true });
    },
  };
}

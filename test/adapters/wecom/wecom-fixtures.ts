/**
 * Shared fixtures for the WeCom adapter tests: the official crypto test vector (protocols.md A.2),
 * a test app configuration, and builders for signed GET/POST callbacks exactly as WeCom sends them
 * (A.9): `@wecom/crypto`'s `encrypt` and `getSignature`, the query URL-encoded once.
 */
import { encrypt, getSignature } from '@wecom/crypto';
import type { WecomSettings } from '../../../src/adapters/wecom/env.js';
import { encodeButtonKey } from '../../../src/adapters/wecom/wire/button-key.js';

export const VECTOR = {
  token: 'QDG6eK',
  encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  corpId: 'wx5823bf96d3bd56c7',
  timestamp: '1409659813',
  nonce: '1372623149',
  msgSignature: '477715d11cdb4164915debcba66cb864d751f3e6',
  encrypt:
    'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==',
  message:
    '<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>\n<FromUserName><![CDATA[mycreate]]></FromUserName>\n<CreateTime>1409659813</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[hello]]></Content>\n<MsgId>4561255354251345929</MsgId>\n<AgentID>218</AgentID>\n</xml>',
};

/** The app used by callback tests: the vector's token, key and corp id, agent 1000002. */
export const ENV: WecomSettings = {
  corpId: VECTOR.corpId,
  agentId: 1000002,
  secret: 'test-secret',
  token: VECTOR.token,
  encodingAesKey: VECTOR.encodingAesKey,
  apiBase: 'http://127.0.0.1:1',
};

/** The `WECOM_*` variables that configure a bot for `ENV`'s app against a fake qyapi at `apiBase`. */
export function wecomEnvVars(apiBase: string): Record<string, string> {
  return {
    WECOM_CORP_ID: ENV.corpId,
    WECOM_AGENT_ID: String(ENV.agentId),
    WECOM_SECRET: ENV.secret,
    WECOM_TOKEN: ENV.token,
    WECOM_ENCODING_AES_KEY: ENV.encodingAesKey,
    WECOM_API_BASE: apiBase,
  };
}

/** A fixed "now" (2026-11-24 09:00 Asia/Shanghai) and its timestamp in seconds. */
export const NOW_MS = Date.UTC(2026, 10, 24, 1, 0, 0);
export const NOW_TS = String(Math.floor(NOW_MS / 1000));

export const cdata = (v: string) => `<![CDATA[${v}]]>`;

/** Decrypted text-message XML. */
export function textXml(from: string, content: string, msgId: string, opts: { ts?: string; agentId?: number } = {}): string {
  return `<xml><ToUserName>${cdata(ENV.corpId)}</ToUserName><FromUserName>${cdata(from)}</FromUserName><CreateTime>${opts.ts ?? NOW_TS}</CreateTime><MsgType>${cdata('text')}</MsgType><Content>${cdata(content)}</Content><MsgId>${msgId}</MsgId><AgentID>${opts.agentId ?? ENV.agentId}</AgentID></xml>`;
}

/** Decrypted template_card_event XML (A.5.2) for a click on a button that sends `command`. */
export function clickXml(from: string, command: string, opts: { ts?: string; taskId?: string; responseCode?: string; key?: string } = {}): string {
  const key = opts.key ?? encodeButtonKey(command)!;
  return `<xml><ToUserName>${cdata(ENV.corpId)}</ToUserName><FromUserName>${cdata(from)}</FromUserName><CreateTime>${opts.ts ?? NOW_TS}</CreateTime><MsgType>${cdata('event')}</MsgType><Event>${cdata('template_card_event')}</Event><EventKey>${cdata(key)}</EventKey><TaskId>${cdata(opts.taskId ?? 'sd_task_1')}</TaskId><CardType>${cdata('button_interaction')}</CardType><ResponseCode>${cdata(opts.responseCode ?? 'rc-click-1')}</ResponseCode><AgentID>${ENV.agentId}</AgentID></xml>`;
}

/**
 * A submitted multiple_interaction card (protocols.md A.5.2): `selected` as [QuestionKey, OptionIds]
 * pairs, or `selectedXml` verbatim (malformed input).
 */
export function cardSubmitXml(from: string, opts: { ts?: string; taskId: string; responseCode?: string; key?: string; selected?: Array<[string, string[]]>; selectedXml?: string }): string {
  const items = opts.selectedXml ?? `<SelectedItems>${(opts.selected ?? []).map(([q, ids]) => `<SelectedItem><QuestionKey>${cdata(q)}</QuestionKey><OptionIds>${ids.map((id) => `<OptionId>${cdata(id)}</OptionId>`).join('')}</OptionIds></SelectedItem>`).join('')}</SelectedItems>`;
  return `<xml><ToUserName>${cdata(ENV.corpId)}</ToUserName><FromUserName>${cdata(from)}</FromUserName><CreateTime>${opts.ts ?? NOW_TS}</CreateTime><MsgType>${cdata('event')}</MsgType><Event>${cdata('template_card_event')}</Event><EventKey>${cdata(opts.key ?? 'sd_feedback_card')}</EventKey><TaskId>${cdata(opts.taskId)}</TaskId><CardType>${cdata('multiple_interaction')}</CardType><ResponseCode>${cdata(opts.responseCode ?? 'rc-submit-1')}</ResponseCode><AgentID>${ENV.agentId}</AgentID>${items}</xml>`;
}

/** The POST envelope around an `Encrypt` value. */
export function envelope(enc: string): string {
  return `<xml><ToUserName>${cdata(ENV.corpId)}</ToUserName><Encrypt>${cdata(enc)}</Encrypt><AgentID>${cdata(String(ENV.agentId))}</AgentID></xml>`;
}

/** A signed POST: query and body, as WeCom would send `plainXml` (encrypted for `corpId`). */
export function signedPost(plainXml: string, opts: { ts?: string; nonce?: string; corpId?: string; token?: string } = {}) {
  const ts = opts.ts ?? NOW_TS;
  const nonce = opts.nonce ?? 'n1';
  const enc = encrypt(ENV.encodingAesKey, plainXml, opts.corpId ?? ENV.corpId);
  const query = new URLSearchParams({ msg_signature: getSignature(opts.token ?? ENV.token, ts, nonce, enc), timestamp: ts, nonce });
  return { query, body: envelope(enc), enc };
}

/** A signed URL-verification GET for `echo`; `url` is the query string as it arrives (%2B, %3D). */
export function signedGet(echo: string, opts: { ts?: string; nonce?: string } = {}) {
  const ts = opts.ts ?? NOW_TS;
  const nonce = opts.nonce ?? 'n2';
  const echostr = encrypt(ENV.encodingAesKey, echo, ENV.corpId);
  const query = new URLSearchParams({ msg_signature: getSignature(ENV.token, ts, nonce, echostr), timestamp: ts, nonce, echostr });
  return { query, url: query.toString(), echostr };
}

/**
 * Decrypted WeCom callback XML → the chat layer's `InboundEvent` (protocols.md A.5). Pure: no
 * I/O, no clock. `parseWecomXml` turns text into the flat field record WeCom sends (or a reason
 * it is not one); `decodeWecomMessage` maps the sender through the org directory
 * (`platformIds.wecom`, compared case-insensitively because WeCom lowercases userids in some
 * answers) and turns a text message or a template-card click into an event.
 *
 * Parsing is deliberately strict and small: the XML must validate, may not declare a DOCTYPE or
 * entities, may nest at most a few levels, and every field we read must occur once as text.
 * Values stay strings (`MsgId` is a 64-bit integer that a JS number would round).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { InboundEvent } from '../../chat/inbound.js';
import type { Org, PersonId } from '../../domain/org.js';
import { decodeButtonKey, refInText } from './button-key.js';

/** The fields of a decrypted callback that Shoudao reads; every value as sent, a string. */
export interface WecomMessage {
  toUserName: string;
  fromUserName: string;
  createTime: string;
  msgType: string;
  agentId?: string;
  content?: string;
  msgId?: string;
  event?: string;
  eventKey?: string;
  taskId?: string;
  cardType?: string;
  responseCode?: string;
}

export type ParsedXml = { ok: true; msg: WecomMessage } | { ok: false; reason: string };

/** A click on one of our template cards, with what `update_template_card` needs afterwards. */
export interface CardClick {
  /** The clicker's WeCom userid, as sent. */
  user: string;
  taskId: string;
  /** Single-use credential for `update_template_card` (valid 24–72 h, sources differ). */
  responseCode?: string;
  /** The form/notice reference in the clicked button's command, if any. */
  ref?: string;
}

/** What one callback means for the bot. */
export type Decoded =
  | { kind: 'message'; user: string; event: InboundEvent }
  | { kind: 'click'; user: string; event: InboundEvent; click: CardClick }
  /** A WeCom member who is not in the org file: answer that they are not in the directory. */
  | { kind: 'stranger'; user: string }
  | { kind: 'ignore'; reason: string };

/** Longest text message we pass on (WeCom itself caps text at 2048 bytes). */
const MAX_CONTENT_CHARS = 4000;

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: 8,
});

const FIELDS: Array<[keyof WecomMessage, string]> = [
  ['toUserName', 'ToUserName'], ['fromUserName', 'FromUserName'], ['createTime', 'CreateTime'],
  ['msgType', 'MsgType'], ['agentId', 'AgentID'], ['content', 'Content'], ['msgId', 'MsgId'],
  ['event', 'Event'], ['eventKey', 'EventKey'], ['taskId', 'TaskId'], ['cardType', 'CardType'],
  ['responseCode', 'ResponseCode'],
];

const CDATA_OPEN = '<![CDATA[';

/** Whether char code `c` is XML white space (space, tab, CR, LF). */
const isSpace = (c: number) => c === 32 || c === 9 || c === 13 || c === 10;
/** `[A-Za-z_]`, and `[A-Za-z0-9_]` after the first character. */
const isNameStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isNameChar = (c: number) => isNameStart(c) || (c >= 48 && c <= 57);

/**
 * The shape every WeCom text message and card click has — `<xml>` holding only elements with one
 * text or CDATA value each — read in one pass, several times faster than validating and parsing
 * with fast-xml-parser. Anything else (a declaration, attributes, nesting, entities, comments,
 * mixed text and CDATA, a repeated element, nothing at all) returns undefined and takes the general
 * path, which gives the same result for every input this accepts (decode-fast.test.ts compares them).
 */
function flatFields(xml: string): Record<string, string> | undefined {
  const end = xml.length;
  let i = 0;
  while (i < end && isSpace(xml.charCodeAt(i))) i++;
  if (!xml.startsWith('<xml>', i)) return undefined;
  i += 5;
  const out: Record<string, string> = {};
  let count = 0;
  for (;;) {
    while (i < end && isSpace(xml.charCodeAt(i))) i++;
    if (xml.charCodeAt(i) !== 60) return undefined; // '<'
    if (xml.startsWith('</xml>', i)) {
      i += 6;
      while (i < end && isSpace(xml.charCodeAt(i))) i++;
      return i === end && count > 0 ? out : undefined;
    }
    const nameStart = i + 1;
    if (!isNameStart(xml.charCodeAt(nameStart))) return undefined;
    let j = nameStart + 1;
    while (j < end && isNameChar(xml.charCodeAt(j))) j++;
    if (xml.charCodeAt(j) !== 62) return undefined; // '>'
    const name = xml.slice(nameStart, j);
    i = j + 1;
    let value: string;
    if (xml.startsWith(CDATA_OPEN, i)) {
      const close = xml.indexOf(']]>', i + CDATA_OPEN.length);
      if (close < 0) return undefined;
      value = xml.slice(i + CDATA_OPEN.length, close);
      i = close + 3;
    } else {
      const lt = xml.indexOf('<', i);
      if (lt < 0) return undefined;
      const text = xml.slice(i, lt);
      if (text.includes('&') || text.includes('>')) return undefined; // entities; `]]>` outside CDATA
      value = text.trim();
      i = lt;
    }
    // `</name>`
    if (xml.charCodeAt(i) !== 60 || xml.charCodeAt(i + 1) !== 47 || !xml.startsWith(name, i + 2) || xml.charCodeAt(i + 2 + name.length) !== 62) return undefined;
    if (Object.hasOwn(out, name)) return undefined;
    i += name.length + 3;
    out[name] = value;
    count++;
  }
}

/** The general path: validate, then fast-xml-parser; the root's children, or why there are none. */
function parsedRoot(xml: string): { ok: true; root: Record<string, unknown> } | { ok: false; reason: string } {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) return { ok: false, reason: 'xml_doctype' };
  let root: unknown;
  try {
    if (XMLValidator.validate(xml) !== true) return { ok: false, reason: 'invalid_xml' };
    root = (parser.parse(xml) as Record<string, unknown>)['xml'];
  } catch {
    return { ok: false, reason: 'invalid_xml' };
  }
  if (!root || typeof root !== 'object' || Array.isArray(root)) return { ok: false, reason: 'no_xml_root' };
  return { ok: true, root: root as Record<string, unknown> };
}

/** Parses decrypted callback XML; never throws. `general` skips the one-pass reader (tests). */
export function parseWecomXml(xml: string, opts: { general?: boolean } = {}): ParsedXml {
  let node: Record<string, unknown> | undefined = opts.general ? undefined : flatFields(xml);
  if (!node) {
    const r = parsedRoot(xml);
    if (!r.ok) return r;
    node = r.root;
  }
  const msg: Partial<WecomMessage> = {};
  for (const [field, tag] of FIELDS) {
    const v = node[tag];
    if (v === undefined) continue;
    if (typeof v !== 'string') return { ok: false, reason: `bad_field:${tag}` };
    msg[field] = v;
  }
  const { toUserName, fromUserName, createTime, msgType } = msg;
  if (!toUserName || !fromUserName || !msgType || !createTime || !/^\d{1,12}$/.test(createTime)) {
    return { ok: false, reason: 'missing_fields' };
  }
  return { ok: true, msg: msg as WecomMessage };
}

/** Context for decoding: the directory, and the app's AgentId (other apps' callbacks are ignored). */
export interface DecodeContext {
  org: Org;
  agentId?: number;
}

const byWecomId = new WeakMap<Org, Map<string, PersonId>>();

/** The org person whose `platformIds.wecom` is `userid` (case-insensitive), if any. */
export function personForWecomUser(org: Org, userid: string): PersonId | undefined {
  let index = byWecomId.get(org);
  if (!index) {
    index = new Map();
    for (const p of org.people) {
      const w = p.platformIds.wecom;
      if (w) index.set(w.toLowerCase(), p.id);
    }
    byWecomId.set(org, index);
  }
  return index.get(userid.toLowerCase());
}

/** Maps a parsed callback to what the bot should do with it. */
export function decodeWecomMessage(msg: WecomMessage, ctx: DecodeContext): Decoded {
  if (ctx.agentId !== undefined && msg.agentId !== undefined && msg.agentId !== String(ctx.agentId)) {
    return { kind: 'ignore', reason: 'other_agent' };
  }
  const user = msg.fromUserName;
  let text: string;
  let click: CardClick | undefined;
  if (msg.msgType === 'text') {
    text = (msg.content ?? '').trim();
    if (!text) return { kind: 'ignore', reason: 'empty_text' };
    if (text.length > MAX_CONTENT_CHARS) return { kind: 'ignore', reason: 'text_too_long' };
  } else if (msg.msgType === 'event' && msg.event === 'template_card_event') {
    const command = msg.eventKey === undefined ? undefined : decodeButtonKey(msg.eventKey);
    if (!command || !msg.taskId) return { kind: 'ignore', reason: 'unknown_button_key' };
    text = command;
    click = { user, taskId: msg.taskId };
    if (msg.responseCode) click.responseCode = msg.responseCode;
    const ref = refInText(command);
    if (ref) click.ref = ref;
  } else {
    const what = msg.msgType === 'event' ? `event:${msg.event ?? '?'}` : `type:${msg.msgType}`;
    return { kind: 'ignore', reason: `unsupported_${what}`.slice(0, 80) };
  }
  const sender = personForWecomUser(ctx.org, user);
  if (!sender) return { kind: 'stranger', user };
  const event: InboundEvent = { platform: 'wecom', sender, where: { kind: 'dm' }, text };
  return click ? { kind: 'click', user, event, click } : { kind: 'message', user, event };
}

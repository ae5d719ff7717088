/**
 * Decrypted WeCom callback XML → the flat field record WeCom sends (protocols.md A.5), or the
 * reason it is not one. Pure: no I/O, no clock. The receiver reads the dedupe key from it and
 * stores it (sealed) in the inbox; decode.ts reads it back.
 *
 * Parsing is deliberately strict and small: the XML must validate, may not declare a DOCTYPE or
 * entities, may nest at most a few levels, and every field we read must occur once as text.
 * Values stay strings (`MsgId` is a 64-bit integer that a JS number would round).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

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
  /** A submitted `multiple_interaction` card's choices (`SelectedItems`), bounded (see `readSelectedItems`). */
  selectedItems?: SelectedItem[];
}

/** One answered question of a submitted card: its `QuestionKey` and the chosen `OptionId`s. */
export interface SelectedItem {
  questionKey: string;
  optionIds: string[];
}

/**
 * Bounds for `SelectedItems`: a card has at most 3 selects of at most 10 options (path/90236); our
 * keys and ids are short ASCII. Anything larger or of another shape is refused as a whole.
 */
export const SELECTED_LIMITS = { items: 3, options: 10, chars: 64 } as const;
const SELECTED_TOKEN = /^[A-Za-z0-9_-]{1,64}$/;

export type ParsedXml = { ok: true; msg: WecomMessage } | { ok: false; reason: string };

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

const FIELDS: Array<[Exclude<keyof WecomMessage, 'selectedItems'>, string]> = [
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
export function flatFields(xml: string): Record<string, string> | undefined {
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

/** A parsed element that may occur once or several times, as a list; undefined for any other shape. */
function listOf(v: unknown, max: number): unknown[] | undefined {
  const list = Array.isArray(v) ? v : [v];
  return list.length >= 1 && list.length <= max ? list : undefined;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * `<SelectedItems><SelectedItem><QuestionKey>k</QuestionKey><OptionIds><OptionId>o</OptionId>…`
 * (protocols.md A.5.2) → the items, or undefined when it is malformed: other children, a repeated
 * question, too many items or options, a key or id that is not a short `[A-Za-z0-9_-]` token.
 */
export function readSelectedItems(v: unknown): SelectedItem[] | undefined {
  if (!isPlainObject(v) || Object.keys(v).some((k) => k !== 'SelectedItem')) return undefined;
  const items = listOf(v['SelectedItem'], SELECTED_LIMITS.items);
  if (!items) return undefined;
  const out: SelectedItem[] = [];
  for (const item of items) {
    if (!isPlainObject(item) || Object.keys(item).some((k) => k !== 'QuestionKey' && k !== 'OptionIds')) return undefined;
    const key = item['QuestionKey'];
    const ids = item['OptionIds'];
    if (typeof key !== 'string' || !SELECTED_TOKEN.test(key) || out.some((o) => o.questionKey === key)) return undefined;
    if (!isPlainObject(ids) || Object.keys(ids).some((k) => k !== 'OptionId')) return undefined;
    const options = listOf(ids['OptionId'], SELECTED_LIMITS.options);
    if (!options || options.some((o) => typeof o !== 'string' || !SELECTED_TOKEN.test(o))) return undefined;
    out.push({ questionKey: key, optionIds: options as string[] });
  }
  return out;
}

/** Parses decrypted callback XML; never throws. `general` skips the one-pass reader (tests). */
export function parseWecomXml(xml: string, opts: { general?: boolean } = {}): ParsedXml {
  let node: Record<string, unknown> | undefined = opts.general ? undefined : flatFields(xml);
  // The one-pass reader keeps only flat text; `SelectedItems` nests, so it takes the general path.
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
  // An empty `<SelectedItems/>` (unconfirmed: whether WeCom sends one with a button card's click) is
  // as good as none; decode.ts still refuses an intake card's submit without choices.
  if (node['SelectedItems'] !== undefined && node['SelectedItems'] !== '') {
    const items = readSelectedItems(node['SelectedItems']);
    if (!items) return { ok: false, reason: 'bad_field:SelectedItems' };
    msg.selectedItems = items;
  }
  const { toUserName, fromUserName, createTime, msgType } = msg;
  if (!toUserName || !fromUserName || !msgType || !createTime || !/^\d{1,12}$/.test(createTime)) {
    return { ok: false, reason: 'missing_fields' };
  }
  return { ok: true, msg: msg as WecomMessage };
}


/**
 * The one input layer (issue 15): every text that enters — a platform event after its adapter's
 * decode (inbound-pipeline.ts), a console line, the customer endpoint's JSON body — is cleaned the
 * same way before anything parses, stores or echoes it:
 *
 *   1. lone UTF-16 surrogates become U+FFFD (PostgreSQL and UTF-8 cannot hold them);
 *   2. CR LF and lone CR become LF;
 *   3. ANSI escape sequences (`ESC [ … m` and the like) are removed whole;
 *   4. NUL and every other C0/C1 control character except LF and TAB are removed (BEL, ESC,
 *      DEL, U+0080–U+009F …), as are the bidi embedding/override/isolate characters
 *      U+202A–U+202E and U+2066–U+2069 (a "right-to-left override" can make `exe.txt` read as
 *      `txt.exe`). The marks U+200E/U+200F stay: they cannot reorder text around them;
 *   5. Unicode NFC normalisation (the same 字 typed two ways compares and searches equal).
 *
 * Removal, not refusal: a NUL that a client library slipped in is not the sender's intent, and
 * refusing it would make a retrying caller retry for ever (issue 15 rows 1, 2, 4).
 *
 * Then length limits, one per field (`LIMITS`), counted in code points after cleaning; a text over
 * its limit is refused with a sentence from src/texts/hygiene.ts, never cut silently.
 */
import { TH } from '../texts/hygiene.js';
import type { MessageView } from '../domain/message.js';
import type { PlatformInbound } from './adapter-contract.js';

/** The length limits, in characters (code points). */
export const LIMITS = {
  /** A whole chat message or console line (Slack's own message limit; WeCom's is smaller in bytes). */
  message: 4000,
  /** A form's 主题. */
  subject: 200,
  /** Any other field of a form (时间, 地点, 人员, 事项, 要求结果, 附件, 原因, 结果 …). */
  field: 2000,
} as const;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** ECMA-48 CSI (`ESC [ params intermediates final`) and two-character escapes (`ESC x`), and OSC strings. */
const ANSI = /\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)?|\u001B\[[0-?]*[ -/]*[@-~]?|\u009B[0-?]*[ -/]*[@-~]?|\u001B[@-Z\\-_]?/g;
/** C0 except TAB (U+0009) and LF (U+000A), DEL, C1, and the bidi embeddings, overrides and isolates. */
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/** The text cleaned by the rule above; idempotent. */
export function cleanText(text: string): string {
  return text
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(/\r\n?/g, '\n')
    .replace(ANSI, '')
    .replace(CONTROLS, '')
    .normalize('NFC'); // last: a removed control may have stood between a letter and its accent
}

/** Whether `text` is already clean (what every stored or shown text should be). */
export function isClean(text: string): boolean {
  return cleanText(text) === text;
}

/** Length in characters (code points), the unit of every limit. */
export const charLength = (text: string): number => {
  let n = 0;
  for (const _ of text) n++;
  return n;
};

/** Every string value of `fields`, cleaned. */
export function cleanFields<T extends Record<string, string>>(fields: T): T {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) out[k] = cleanText(v);
  return out as T;
}

/** Every string in a parsed JSON value (keys included), cleaned; other values as they are. */
export function cleanJson(value: unknown): unknown {
  if (typeof value === 'string') return cleanText(value);
  if (Array.isArray(value)) return value.map(cleanJson);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[cleanText(k)] = cleanJson(v);
    return out;
  }
  return value;
}

/** A chat message cleaned, or the refusal when it is over the message limit. */
export function admitMessage(text: string): { text: string } | { refusal: string } {
  const clean = cleanText(text);
  const n = charLength(clean);
  return n > LIMITS.message ? { refusal: TH.messageTooLong(n, LIMITS.message) } : { text: clean };
}

/** The refusal for the first field over its limit (`subject` has its own; `names` gives the field's Chinese name). */
export function fieldTooLong(fields: Record<string, string | undefined>, names: Record<string, string> = {}): string | undefined {
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    const max = k === 'subject' ? LIMITS.subject : LIMITS.field;
    const n = charLength(v);
    if (n > max) return TH.fieldTooLong(names[k] ?? k, n, max);
  }
  return undefined;
}

/**
 * Text made safe to show on a terminal (the console renderer): any control character left (text
 * stored before this layer existed) is shown as its Unicode "control picture" (␀ ␇ ␛ …) or as
 * `<U+202E>`, never sent raw. LF and TAB stay.
 */
export function visibleControls(text: string): string {
  return text.replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, (c) => String.fromCharCode(c === '\u007F' ? 0x2421 : 0x2400 + c.charCodeAt(0)))
    .replace(/[\u0080-\u009F\u202A-\u202E\u2066-\u2069]/g, (c) => `<U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`)
    .replace(LONE_SURROGATE, '\uFFFD');
}

/** A decoded platform event with its text, command and fields cleaned (the pipeline's first step). */
export function cleanInbound(d: PlatformInbound): PlatformInbound {
  switch (d.kind) {
    case 'message': {
      const text = cleanText(d.text);
      // Nothing left once cleaned (a lone NUL, an escape sequence): nothing was said.
      return text.trim() ? { ...d, text } : { kind: 'ignore', reason: 'empty text once cleaned' };
    }
    case 'click':
      return { ...d, command: cleanText(d.command) };
    case 'submission':
      return { ...d, command: cleanText(d.command), ...(d.fields ? { fields: cleanFields(d.fields) } : {}) };
    default:
      return d;
  }
}

/**
 * A message's texts with the input rule applied once more on the way out (every platform sender
 * passes through it, src/server/platforms.ts): text stored before this layer existed, or read from
 * a configuration file, reaches no chat with a control or bidi override in it.
 */
export function cleanView<V extends MessageView>(view: V): V {
  return {
    ...view,
    ...(view.title !== undefined ? { title: cleanText(view.title) } : {}),
    lines: view.lines.map(cleanText),
    ...(view.fields ? { fields: view.fields.map(([l, v]): [string, string] => [cleanText(l), cleanText(v)]) } : {}),
    ...(view.buttons ? { buttons: view.buttons.map((b) => ({ ...b, label: cleanText(b.label) })) } : {}),
  };
}

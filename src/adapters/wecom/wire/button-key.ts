/**
 * Template-card button keys and task ids. A button carries the chat command it stands for
 * (MessageView `Button.command`, e.g. `签收 SCB20261101`: the action and the number), so the key
 * is that command, and a click decodes back to exactly the text the person could have typed.
 *
 * Limits: the template_card doc (path/90236, 按钮交互型) allows keys of up to 1024 bytes; the
 * older task-card doc and several SDKs restrict keys and task ids to `[0-9A-Za-z_-@]`, at most 128
 * bytes. We keep to the stricter rule for both: the key is `c_` + base64url(UTF-8 command), which
 * uses only that alphabet; a command too long for 128 bytes gets no button (the caller lists it
 * as text instead).
 */
import { randomBytes } from 'node:crypto';

/** The stricter documented limit for keys and task ids, in bytes. */
export const MAX_KEY_BYTES = 128;
const PREFIX = 'c_';
const KEY_CHARS = /^[0-9A-Za-z_\-@]+$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The key for a button sending `command`, or undefined when it would exceed 128 bytes. */
export function encodeButtonKey(command: string): string | undefined {
  const key = PREFIX + Buffer.from(command, 'utf8').toString('base64url');
  return key.length <= MAX_KEY_BYTES ? key : undefined;
}

/**
 * The command a clicked key stands for, or undefined for any key we did not make: wrong prefix,
 * other characters, not valid UTF-8, control characters, or not canonical base64url.
 */
export function decodeButtonKey(key: string): string | undefined {
  if (!key.startsWith(PREFIX) || key.length > MAX_KEY_BYTES || !KEY_CHARS.test(key)) return undefined;
  const body = key.slice(PREFIX.length);
  if (!/^[A-Za-z0-9_-]+$/.test(body)) return undefined;
  const bytes = Buffer.from(body, 'base64url');
  if (bytes.toString('base64url') !== body) return undefined;
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return undefined;
  }
  if (!text.trim() || /[\u0000-\u0008\u000b-\u001f\u007f]/.test(text)) return undefined;
  return text;
}

/**
 * A task id unique per app (WeCom refuses a repeated one): `sd_<ref>_<time base36>_<random>`,
 * within `[0-9A-Za-z_-@]` and 128 bytes. `ref` (a form number, `#12` or `TZ12`) is kept for
 * reading logs only; `#` is not allowed, so it becomes `d`.
 */
export function newTaskId(ref: string | undefined, nowMs: number, random: () => string = () => randomBytes(6).toString('hex')): string {
  const safeRef = (ref ?? 'msg').replace(/^#/, 'd').replace(/[^0-9A-Za-z]/g, '').slice(0, 40) || 'msg';
  return `sd_${safeRef}_${nowMs.toString(36)}_${random()}`.slice(0, MAX_KEY_BYTES);
}

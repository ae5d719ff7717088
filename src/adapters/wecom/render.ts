/**
 * The neutral `MessageView` → a WeCom app-message body (message/send,
 * https://developer.work.weixin.qq.com/document/path/90236). Pure.
 *
 * - Asking the guided 反馈's first question (`input.kind === 'new_feedback'`): a `template_card` of
 *   type `multiple_interaction` with selects and a submit button (feedback-card.ts).
 * - With buttons: a `template_card` of type `button_interaction`. At most 6 buttons (doc limit);
 *   each key is the button's command (button-key.ts). Buttons beyond 6, or whose command is too
 *   long for a key, are listed as "回复「…」" lines instead, so nothing the view offers is lost.
 * - With a title or fields but no buttons: `markdown`.
 * - Otherwise: `text`.
 * Text and markdown content are cut at 2048 bytes (the doc's limit; WeCom would cut them itself,
 * possibly mid-character). Card fields follow the doc's suggested lengths.
 *
 * WeCom app messages have no threads, so a message about a form must carry its number: when
 * `formNumber` is given and the view does not mention it, the number is added (card: the title's
 * description; text: a `【编号】` prefix).
 */
import type { Button, MessageView } from '../../domain/message.js';
import { feedbackCard, type MultipleInteractionCard } from './feedback-card.js';
import { encodeButtonKey } from './wire/button-key.js';

/** A `button_interaction` template card, as message/send and update_template_card take it. */
export interface TemplateCard {
  card_type: 'button_interaction';
  main_title: { title?: string; desc?: string };
  sub_title_text?: string;
  horizontal_content_list?: Array<{ keyname: string; value: string }>;
  task_id: string;
  button_list: Array<{ text: string; style: number; key: string }>;
}

/** The message part of a message/send (or appchat/send) body; the caller adds recipients and agentid. */
export type WecomMessageBody =
  | { msgtype: 'text'; text: { content: string } }
  | { msgtype: 'markdown'; markdown: { content: string } }
  | { msgtype: 'template_card'; template_card: TemplateCard | MultipleInteractionCard }
  /** A file uploaded with `uploadFile` (导出's XLSX). */
  | { msgtype: 'file'; file: { media_id: string } };

export interface EncodeOptions {
  /** Task id for a card; must be unique per app (see `newTaskId`). */
  taskId: string;
  /** The form this message is about (a thread recipient), added when the view omits it. */
  formNumber?: string;
  /** No cards (app group chats: template_card there is unconfirmed, protocols.md A.7). */
  noCards?: boolean;
}

/** Doc limits and suggestions (path/90236). */
export const LIMITS = { contentBytes: 2048, buttons: 6, fields: 6, title: 36, desc: 30, subTitle: 300, keyname: 5, value: 26, buttonText: 10 } as const;

/** Cuts `s` to at most `max` UTF-8 bytes on a character boundary, marking the cut with `…`. */
export function truncateBytes(s: string, max: number): string {
  if (Buffer.byteLength(s, 'utf8') <= max) return s;
  let out = '';
  let bytes = 0;
  for (const ch of s) {
    const b = Buffer.byteLength(ch, 'utf8');
    if (bytes + b > max - 3) break;
    out += ch;
    bytes += b;
  }
  return `${out}…`;
}

/** Cuts `s` to at most `max` characters (code points), marking the cut with `…`. */
export function truncateChars(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}

function mentions(view: MessageView, number: string): boolean {
  const all = [view.title ?? '', ...view.lines, ...(view.fields ?? []).flat(), ...(view.buttons ?? []).map((b) => b.command)];
  return all.some((s) => s.includes(number));
}

/** Encodes a view; see the file comment for which message type is chosen. */
export function encodeView(view: MessageView, opts: EncodeOptions): WecomMessageBody {
  // The guided 反馈's first question: an intake card of selects (feedback-card.ts).
  if (view.input?.kind === 'new_feedback' && !opts.noCards) return { msgtype: 'template_card', template_card: feedbackCard(view, view.input, opts.taskId) };
  const tag = opts.formNumber && !mentions(view, opts.formNumber) ? opts.formNumber : undefined;
  const keyed: Array<Button & { key: string }> = [];
  const unkeyed: Button[] = [];
  const seen = new Set<string>();
  for (const b of view.buttons ?? []) {
    const key = encodeButtonKey(b.command);
    if (key && seen.has(key)) continue;
    if (key && !opts.noCards && keyed.length < LIMITS.buttons) {
      seen.add(key);
      keyed.push({ ...b, key });
    } else unkeyed.push(b);
  }
  const replyLines = unkeyed.map((b) => `回复「${b.command}」:${b.label}`);
  if (keyed.length) return card(view, keyed, replyLines, opts.taskId, tag);
  const withReplies: MessageView = { ...view, lines: [...view.lines, ...replyLines] };
  if (view.title || view.fields?.length) return { msgtype: 'markdown', markdown: { content: truncateBytes(markdown(withReplies, tag), LIMITS.contentBytes) } };
  return { msgtype: 'text', text: { content: truncateBytes(plain(withReplies, tag), LIMITS.contentBytes) } };
}

function plain(view: MessageView, tag?: string): string {
  const head = [tag ? `【${tag}】${view.title ?? ''}` : view.title].filter((s): s is string => Boolean(s));
  const fields = (view.fields ?? []).map(([k, v]) => `${k}:${v}`);
  return [...head, ...view.lines, ...fields].join('\n');
}

/** WeCom markdown is a small subset; we use bold, quotes and plain lines only. */
function markdown(view: MessageView, tag?: string): string {
  const title = [tag ? `【${tag}】` : '', view.title ?? ''].join('');
  const out: string[] = [];
  if (title) out.push(`**${title}**`);
  out.push(...view.lines);
  for (const [k, v] of view.fields ?? []) out.push(`> ${k}:<font color="comment">${v}</font>`);
  return out.join('\n');
}

function card(view: MessageView, buttons: Array<Button & { key: string }>, replyLines: string[], taskId: string, tag?: string): WecomMessageBody {
  const fields = view.fields ?? [];
  const shown = fields.slice(0, LIMITS.fields);
  const overflow = fields.slice(LIMITS.fields).map(([k, v]) => `${k}:${v}`);
  const [first, ...rest] = view.lines;
  const title = view.title ?? first ?? tag ?? '收到';
  const body = [...(view.title ? view.lines : rest), ...overflow, ...replyLines].join('\n');
  const c: TemplateCard = {
    card_type: 'button_interaction',
    main_title: { title: truncateChars(title, LIMITS.title) },
    task_id: taskId,
    button_list: buttons.map((b, i) => ({ text: truncateChars(b.label, LIMITS.buttonText), style: i === 0 ? 1 : 2, key: b.key })),
  };
  if (tag) c.main_title.desc = truncateChars(tag, LIMITS.desc);
  if (body) c.sub_title_text = truncateChars(body, LIMITS.subTitle);
  if (shown.length) {
    c.horizontal_content_list = shown.map(([k, v]) => ({ keyname: truncateChars(k, LIMITS.keyname), value: truncateChars(v || '—', LIMITS.value) }));
  }
  return { msgtype: 'template_card', template_card: c };
}

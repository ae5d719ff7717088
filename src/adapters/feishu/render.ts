/**
 * The neutral `MessageView` → a Feishu message body (im/v1/messages, protocols-feishu.md §5). Pure.
 *
 * - With a title, fields or buttons — notices, feedback, a form's card — an interactive card in
 *   JSON 2.0 (https://open.feishu.cn/document/feishu-cards/card-json-v2-structure): a header with
 *   the title, markdown for the lines and the fields, and callback buttons (no template needed).
 *   Every card is a shared card (`config.update_multi`), so it can be updated in place later
 *   (a form's root, a clicked card showing who did what). A button's callback value carries the
 *   command it stands for (`cmd`) and whether the card went to a direct chat (`dm`): a click does
 *   not say which kind of chat it came from.
 * - Otherwise: `text`.
 * Text people wrote is escaped so it cannot @-mention anyone (`<at …>`) or change the markup; a
 * mention the bot means is added as the platform's own tag. Cards are cut to stay under the
 * documented 30 KB (the lines are shortened first; fields and buttons are kept).
 */
import type { Button, MessageView } from '../../domain/message.js';
import type { FeishuContent } from './api.js';
import { feedbackFormElements } from './feedback-form-card.js';

/** A callback button's value: the command, and whether the card is in a direct chat. */
export interface ButtonValue {
  cmd: string;
  dm?: boolean;
}

export interface RenderOptions {
  /** Open id to @-mention (a thread message pushed to one person). */
  mention?: string;
  /** The message goes to a direct chat (recorded on the buttons). */
  dm?: boolean;
  /** Always a card (a form's thread root must be patchable). */
  card?: boolean;
  /** Shown as a note under the title when the view does not name it (messages outside the form's thread). */
  context?: string;
}

/** Documented limits: card ≤ 30 KB, text ≤ 150 KB; we keep a margin. */
export const LIMITS = { cardBytes: 28_000, textBytes: 140_000, commandChars: 500, buttons: 20 } as const;

/** Card markdown: our text as literal text (no tags, no emphasis, no links). */
export function escapeMarkdown(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/([*_~`[\]\\])/g, '\\$1');
}

/** Text messages: an `<at …>` someone wrote stays text. */
export function escapeText(s: string): string {
  return s.replace(/<(\/?at\b)/gi, '＜$1');
}

const cut = (s: string, max: number) => (Buffer.byteLength(s, 'utf8') <= max ? s : `${Buffer.from(s, 'utf8').subarray(0, max).toString('utf8').replace(/\uFFFD+$/, '')}…`);

function buttonElement(b: Button, i: number, dm: boolean | undefined): Record<string, unknown> {
  const value: ButtonValue = { cmd: b.command.slice(0, LIMITS.commandChars), ...(dm ? { dm: true } : {}) };
  return {
    tag: 'button',
    text: { tag: 'plain_text', content: b.label },
    type: i === 0 ? 'primary' : 'default',
    behaviors: [{ type: 'callback', value }],
  };
}

/** A JSON 2.0 card for `view` (see the module comment). */
export function cardOf(view: MessageView, opts: RenderOptions = {}, template = 'blue'): Record<string, unknown> {
  const elements: Array<Record<string, unknown>> = [];
  const mention = opts.mention ? `<at id=${opts.mention}></at> ` : '';
  const fields = (view.fields ?? []).map(([k, v]) => `**${escapeMarkdown(k)}**:${escapeMarkdown(v || '—')}`).join('\n');
  const fixed = JSON.stringify(fields).length + 600 * (view.buttons?.length ?? 0) + 800;
  const lines = cut(`${mention}${view.lines.map(escapeMarkdown).join('\n')}`, Math.max(1000, LIMITS.cardBytes - fixed));
  if (opts.context && !(view.title ?? '').includes(opts.context)) elements.push({ tag: 'markdown', content: `<font color='grey'>${escapeMarkdown(opts.context)}</font>` });
  if (lines.trim()) elements.push({ tag: 'markdown', content: lines });
  if (fields) elements.push({ tag: 'markdown', content: fields });
  for (const [i, b] of (view.buttons ?? []).slice(0, LIMITS.buttons).entries()) elements.push(buttonElement(b, i, opts.dm));
  // The guided 反馈's first question: the intake form too, to fill in at once (feedback-form-card.ts).
  if (view.input?.kind === 'new_feedback') elements.push(...feedbackFormElements(view.input, opts.dm));
  const card: Record<string, unknown> = { schema: '2.0', config: { update_multi: true }, body: { elements } };
  const title = view.title ?? (opts.context && !view.lines.length ? opts.context : undefined);
  if (title) card['header'] = { title: { tag: 'plain_text', content: title.slice(0, 200) }, template };
  return card;
}

/** Renders a view as a card or a text message (see the module comment). */
export function renderFeishu(view: MessageView, opts: RenderOptions = {}): FeishuContent {
  if (opts.card || view.title || view.fields?.length || view.buttons?.length) return { msgType: 'interactive', content: cardOf(view, opts) };
  const mention = opts.mention ? `<at user_id="${opts.mention}"></at> ` : '';
  const context = opts.context ? `【${opts.context}】` : '';
  return { msgType: 'text', content: { text: cut(`${mention}${context}${escapeText(view.lines.join('\n'))}`, LIMITS.textBytes) } };
}

/**
 * The card a clicked card becomes: who did what as its title (`赵强 已签收`), the answer's lines,
 * and no buttons (what they offered is done).
 */
export function clickedCard(clicked: string, answer: MessageView): Record<string, unknown> {
  return cardOf({ title: clicked, lines: answer.lines, ...(answer.fields ? { fields: answer.fields } : {}) }, {}, 'green');
}
